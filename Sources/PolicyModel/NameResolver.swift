// SPDX-License-Identifier: GPL-3.0-or-later

/// A resolved name, or the message that explains why it is not one.
public enum Resolution<T> {
    case success(T)
    case failure(String)

    public var value: T? {
        if case let .success(v) = self { return v }
        return nil
    }

    public var message: String? {
        if case let .failure(m) = self { return m }
        return nil
    }
}

/// The one resolver of area and sector names: scenario files, `explain` and `plot` use it, and
/// `policysim list` prints what it accepts.
///
/// A name may be an id (`Guangdong`, `Yangtze River Delta`, `household_appliances`), an English
/// name in any case and with spaces, hyphens or underscores alike (`inner mongolia`,
/// `Household appliances`), a Chinese name (`广东省` and `广东`, `长三角`) or a common alias
/// (`Xizang`, `YRD`, `cars`). Ids come first, then the data set's own names, then the aliases
/// below; an alias is used only when the area or sector it maps to is in the data set. A name
/// that could mean two things is refused with both named. Unknown names get the nearest names
/// as suggestions. Whatever is written, results and files use the canonical id.
public struct NameResolver: Sendable {
    public struct AreaEntry: Sendable, Equatable {
        public var id: String
        /// province, region, cluster, nation or external.
        public var kind: String
        public var nameZh: String
        /// Other accepted names (Chinese short forms, abbreviations, spellings), as written.
        public var aliases: [String]
        /// Members with their weights (aggregates only).
        public var members: [Aggregate.Member]
        /// External economies that follow the area (a cluster's Hong Kong and Macao).
        public var externals: [String]
    }

    public struct SectorEntry: Sendable, Equatable {
        public var id: String
        public var name: String
        public var nameZh: String
        public var group: String
        public var isKeyIndustry: Bool
        public var aliases: [String]
    }

    /// A name for several sectors at once (scenario files only): key_industries, industry, services, all.
    public struct GroupEntry: Sendable, Equatable {
        public var name: String
        public var nameZh: String
        public var members: [String]
        public var aliases: [String]
    }

    public private(set) var areaEntries: [AreaEntry] = []
    public private(set) var sectorEntries: [SectorEntry] = []
    public private(set) var groupEntries: [GroupEntry] = []
    /// Appended to the `policysim list areas` / `list sectors` hint of a failure, so that it
    /// names the scenario or result folder whose data set holds the names (empty: the default).
    public var listArgument: String = ""

    enum Target: Equatable {
        case one(String)
        case many([String])
        case ambiguous([String])
    }

    /// Normalised key -> (target, priority, the name as written).
    private var areaKeys: [String: (target: Target, priority: Int, written: String)] = [:]
    private var sectorKeys: [String: (target: Target, priority: Int, written: String)] = [:]
    /// Externals refused as areas in scenario files (they are outside the input-output system).
    private var externalKeys: [String: String] = [:]
    private let externalsAreAreas: Bool

    /// From a data set. `externalsAreAreas`: result folders hold Hong Kong's and Macao's GDP, so
    /// their names resolve there; in scenario files they are refused with the reason.
    public init(data: DataSet, externalsAreAreas: Bool = false) {
        self.externalsAreAreas = externalsAreAreas
        var areas: [AreaEntry] = []
        for p in data.provinces {
            let short = NameResolver.shortChineseName(p.nameZh)
            var aliases = short != p.nameZh && !short.isEmpty ? [short] : []
            aliases += NameResolver.areaAliases[p.id]?.aliases ?? []
            areas.append(AreaEntry(id: p.id, kind: "province", nameZh: p.nameZh, aliases: aliases, members: [], externals: []))
        }
        let kindOrder: [Aggregate.Kind] = [.region, .cluster, .nation]
        for kind in kindOrder {
            for a in data.aggregates where a.kind == kind {
                let known = NameResolver.areaAliases[a.id]
                areas.append(AreaEntry(id: a.id, kind: a.kind.rawValue, nameZh: known?.zh ?? "", aliases: known?.aliases ?? [],
                                       members: a.members, externals: data.externals.filter { $0.cluster == a.id }.map(\.id)))
            }
        }
        for e in data.externals {
            let known = NameResolver.areaAliases[e.id]
            areas.append(AreaEntry(id: e.id, kind: "external", nameZh: known?.zh ?? "", aliases: known?.aliases ?? [], members: [], externals: []))
        }
        var sectors: [SectorEntry] = []
        for s in data.sectors {
            let known = NameResolver.sectorAliases[s.id]
            sectors.append(SectorEntry(id: s.id, name: s.name, nameZh: known?.zh ?? "", group: s.group.rawValue,
                                       isKeyIndustry: s.isKeyIndustry, aliases: known?.aliases ?? []))
        }
        var groups = [GroupEntry(name: "key_industries", nameZh: "重点产业", members: data.sectors.filter(\.isKeyIndustry).map(\.id),
                                 aliases: ["重点行业", "key industries"])]
        let groupZh: [Sector.Group: (String, [String])] = [.agriculture: ("农业", []), .industry: ("工业", []),
                                                          .construction: ("建筑业", []), .services: ("服务业", ["第三产业"])]
        for g in Sector.Group.allCases where !data.sectors.contains(where: { $0.id == g.rawValue }) {
            groups.append(GroupEntry(name: g.rawValue, nameZh: groupZh[g]?.0 ?? "", members: data.sectors.filter { $0.group == g }.map(\.id),
                                     aliases: groupZh[g]?.1 ?? []))
        }
        groups.append(GroupEntry(name: "all", nameZh: "全部", members: data.sectors.map(\.id), aliases: ["全部行业"]))
        build(areas: areas, sectors: sectors, groups: groups)
    }

    /// From bare ids (a result folder whose data set cannot be read): the ids and the built-in
    /// aliases of the areas and sectors there; Chinese province names need the data set.
    public init(areas: [(id: String, kind: String)], sectors: [String]) {
        externalsAreAreas = true
        let entries = areas.map { a in
            AreaEntry(id: a.id, kind: a.kind, nameZh: NameResolver.areaAliases[a.id]?.zh ?? "",
                      aliases: NameResolver.areaAliases[a.id]?.aliases ?? [], members: [], externals: [])
        }
        let sectorList = sectors.map { s in
            SectorEntry(id: s, name: s, nameZh: NameResolver.sectorAliases[s]?.zh ?? "", group: "", isKeyIndustry: false,
                        aliases: NameResolver.sectorAliases[s]?.aliases ?? [])
        }
        build(areas: entries, sectors: sectorList, groups: [])
    }

    private mutating func build(areas: [AreaEntry], sectors: [SectorEntry], groups: [GroupEntry]) {
        areaEntries = areas
        sectorEntries = sectors
        groupEntries = groups
        func add(_ table: inout [String: (target: Target, priority: Int, written: String)], _ written: String, _ target: Target, _ priority: Int) {
            let key = NameResolver.key(written)
            guard !key.isEmpty else { return }
            if let old = table[key] {
                if old.priority < priority || old.target == target { return }
                if old.priority == priority {
                    // Two different things of the same standing under one name: refuse it.
                    var ids: [String] = []
                    for t in [old.target, target] {
                        switch t {
                        case let .one(id): ids.append(id)
                        case let .many(list), let .ambiguous(list): ids += list
                        }
                    }
                    table[key] = (.ambiguous(ids.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }), priority, old.written)
                    return
                }
            }
            table[key] = (target, priority, written)
        }
        for a in areas where a.kind != "external" || externalsAreAreas {
            add(&areaKeys, a.id, .one(a.id), 0)
            if !a.nameZh.isEmpty { add(&areaKeys, a.nameZh, .one(a.id), 1) }
            for alias in a.aliases { add(&areaKeys, alias, .one(a.id), 2) }
        }
        if !externalsAreAreas {
            for a in areas where a.kind == "external" {
                for n in [a.id, a.nameZh] + a.aliases where !n.isEmpty { externalKeys[NameResolver.key(n)] = a.id }
            }
        }
        let sectorIds = Set(sectors.map(\.id))
        for s in sectors {
            add(&sectorKeys, s.id, .one(s.id), 0)
            add(&sectorKeys, s.name, .one(s.id), 1)
            // "Steel (ferrous metals smelting and rolling)" is also "Steel".
            if let open = s.name.range(of: " (") { add(&sectorKeys, String(s.name[..<open.lowerBound]), .one(s.id), 1) }
            if !s.nameZh.isEmpty { add(&sectorKeys, s.nameZh, .one(s.id), 1) }
            for alias in s.aliases { add(&sectorKeys, alias, .one(s.id), 2) }
        }
        for g in groups {
            add(&sectorKeys, g.name, .many(g.members), 0)
            if !g.nameZh.isEmpty { add(&sectorKeys, g.nameZh, .many(g.members), 1) }
            for alias in g.aliases { add(&sectorKeys, alias, .many(g.members), 2) }
        }
        for (alias, ids) in NameResolver.ambiguousSectorAliases {
            let here = ids.filter(sectorIds.contains)
            if here.count >= 2 { add(&sectorKeys, alias, .ambiguous(here), 2) }
        }
    }

    // MARK: Resolving

    /// One area id.
    public func area(_ name: String) -> Resolution<String> {
        let key = NameResolver.key(name)
        switch areaKeys[key]?.target {
        case let .one(id): return .success(id)
        case let .ambiguous(ids):
            return .failure(hinted("area '\(name)' is ambiguous: it could be \(NameResolver.either(ids)); write the id", "areas"))
        case .many, nil: break
        }
        if let external = externalKeys[key] {
            return .failure("'\(external)' is an external economy outside the input-output system; it follows a cluster through cluster_synergy's external_elasticity")
        }
        return .failure(hinted("unknown area '\(name)'" + (suggestion(name, areaKeys) ?? "; areas are provinces, the regions, the clusters and China"), "areas"))
    }

    /// Sector ids: one sector, or a group (key_industries, industry, services, all).
    public func sectors(_ name: String) -> Resolution<[String]> {
        switch sectorKeys[NameResolver.key(name)]?.target {
        case let .one(id): return .success([id])
        case let .many(ids): return .success(ids)
        case let .ambiguous(ids):
            return .failure(hinted("sector '\(name)' is ambiguous: it could be \(NameResolver.either(ids)); write the id, or a list of several", "sectors"))
        case nil:
            return .failure(hinted("unknown sector '\(name)'" + (suggestion(name, sectorKeys) ?? ""), "sectors"))
        }
    }

    /// One sector id, or `all` (a result folder's sector total): what `explain` and `plot` take.
    public func sector(_ name: String) -> Resolution<String> {
        if NameResolver.key(name) == "all" { return .success("all") }
        switch sectors(name) {
        case let .success(ids) where ids.count == 1 && sectorEntries.contains(where: { $0.id == ids[0] }): return .success(ids[0])
        case .success:
            return .failure(hinted("'\(name)' names several sectors; results hold single sectors and all", "sectors"))
        case let .failure(m): return .failure(m)
        }
    }

    /// The message with where to look: `policysim list areas` or `list sectors`.
    func hinted(_ message: String, _ what: String) -> String {
        let command = "`policysim list \(what)\(listArgument.isEmpty ? "" : " " + shellWord(listArgument))`"
        return message + (message.hasSuffix("?") ? " Run " : "; run ") + command + " for the \(what) and the names each accepts"
    }

    /// "; did you mean 'X'?" with the nearest accepted names (those at the least edit distance,
    /// at most three things), or nil when none is close.
    func suggestion(_ name: String, _ table: [String: (target: Target, priority: Int, written: String)]) -> String? {
        let word = Array(NameResolver.key(name))
        guard !word.isEmpty else { return nil }
        var best = Int.max
        var found: [(written: String, id: String, priority: Int)] = []
        for (key, entry) in table {
            let d = editDistance(word, Array(key))
            guard d <= max(2, word.count * 2 / 5), d < word.count else { continue }
            let id: String
            switch entry.target {
            case let .one(x): id = x
            case .many: id = entry.written
            case .ambiguous: continue
            }
            if d < best { best = d; found = [] }
            if d == best { found.append((entry.written, id, entry.priority)) }
        }
        guard !found.isEmpty else { return nil }
        // One suggestion per id, the id itself before its other names.
        var shown: [String] = [], ids: [String] = []
        for f in found.sorted(by: { ($0.id, $0.priority, $0.written) < ($1.id, $1.priority, $1.written) }) where !ids.contains(f.id) {
            ids.append(f.id)
            shown.append(f.written == f.id ? "'\(f.id)'" : "'\(f.written)' (\(f.id))")
        }
        let list = shown.prefix(3)
        return "; did you mean " + (list.count == 1 ? list[0] : list.dropLast().joined(separator: ", ") + " or " + list.last!) + "?"
    }

    // MARK: Helpers

    /// Lower case, with spaces, hyphens and underscores alike: `Inner-Mongolia` = `inner mongolia`.
    public static func key(_ name: String) -> String {
        var out = "", space = false
        for c in name.lowercased() {
            if c == " " || c == "-" || c == "_" || c == "\u{2013}" || c == "\u{3000}" || c.isWhitespace {
                space = !out.isEmpty
            } else {
                if space { out.append(" ") }
                space = false
                out.append(c)
            }
        }
        return out
    }

    /// 广东省 -> 广东, 内蒙古自治区 -> 内蒙古, 广西壮族自治区 -> 广西, 北京市 -> 北京.
    public static func shortChineseName(_ name: String) -> String {
        for suffix in ["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"] where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    static func either(_ ids: [String]) -> String {
        ids.count <= 1 ? ids.joined() : ids.dropLast().joined(separator: ", ") + " or " + ids.last!
    }

    // MARK: Names the data set does not carry

    /// Chinese names and aliases of the areas, by id. The data set has `name_zh` for provinces
    /// only; the short Chinese form of a province (广东 for 广东省) is derived from it.
    static let areaAliases: [String: (zh: String, aliases: [String])] = [
        // Provinces: romanisations other than the NBS English id.
        "Tibet": ("", ["Xizang", "Xizang Autonomous Region"]),
        "Inner Mongolia": ("", ["Nei Mongol", "Nei Menggu", "Neimenggu", "Inner Mongolia Autonomous Region"]),
        "Guangxi": ("", ["Guangxi Zhuang Autonomous Region"]),
        "Ningxia": ("", ["Ningxia Hui Autonomous Region"]),
        "Xinjiang": ("", ["Xinjiang Uygur Autonomous Region", "Xinjiang Uyghur Autonomous Region"]),
        // NBS regions (东部、中部、西部、东北地区, NBS 2011) and Central-West (中西部).
        "East": ("东部地区", ["东部", "eastern region", "eastern"]),
        "Central": ("中部地区", ["中部", "central region"]),
        "West": ("西部地区", ["西部", "western region", "western"]),
        "Northeast": ("东北地区", ["东北", "northeastern region", "north east", "northeast china"]),
        "Central-West": ("中西部地区", ["中西部", "central and west", "central and western", "central and western regions"]),
        // The three city clusters.
        "Beijing-Tianjin-Hebei": ("京津冀", ["京津冀地区", "JJJ", "BTH", "Jing-Jin-Ji", "Jingjinji"]),
        "Yangtze River Delta": ("长江三角洲", ["长三角", "长三角地区", "长江三角洲地区", "YRD", "Yangtze Delta"]),
        "Greater Bay Area": ("粤港澳大湾区", ["大湾区", "GBA", "Guangdong-Hong Kong-Macao Greater Bay Area", "Bay Area"]),
        "China": ("中国", ["全国", "nation", "national", "mainland China"]),
        // External economies (refused in scenario files, held in result folders).
        "Hong Kong": ("香港", ["香港特别行政区", "Hong Kong SAR", "HK"]),
        "Macao": ("澳门", ["澳门特别行政区", "Macau", "Macao SAR"]),
    ]

    /// Chinese names and aliases of the china-2022 sectors (and china-2017's, the same ids), by
    /// id; each alias maps only to the sector named beside it. Data sets with other sector ids
    /// (the 153-product one) get none of these.
    static let sectorAliases: [String: (zh: String, aliases: [String])] = [
        "agriculture": ("农林牧渔业", ["农业", "farming", "primary industry", "第一产业"]),
        "mining": ("采矿业", ["采掘业", "quarrying"]),
        // NBS products 013-040: food, textiles, wood, paper, pharmaceuticals, rubber, plastics.
        "light_industry": ("轻工业", ["轻工", "light manufacturing", "food", "食品", "textiles", "纺织", "pharmaceuticals", "医药"]),
        // Refining, coking, chemicals, chemical fibres.
        "petrochemicals": ("石油化工", ["石化", "化工", "chemicals", "chemical industry", "petrochemical", "refining"]),
        // Non-metallic mineral products: cement, glass, ceramics.
        "building_materials": ("建材", ["建筑材料", "非金属矿物制品业", "cement", "水泥", "glass"]),
        "steel": ("钢铁", ["黑色金属冶炼和压延加工业", "iron and steel", "ferrous metals"]),
        "nonferrous_metals": ("有色金属", ["有色金属冶炼和压延加工业", "non-ferrous metals", "nonferrous", "non-ferrous", "aluminium", "aluminum", "copper"]),
        // Metal products, general and special machinery, instruments, repair.
        "machinery": ("机械", ["机械工业", "通用设备", "专用设备", "metal products", "instruments"]),
        // Motor vehicles and parts (NBS 079-080), NEVs included.
        "automobiles": ("汽车", ["汽车制造业", "汽车工业", "新能源汽车", "cars", "car", "autos", "auto", "automotive", "motor vehicles", "NEV", "NEVs", "new energy vehicles"]),
        // Railway, ships, aircraft and spacecraft.
        "other_transport_equipment": ("其他交通运输设备", ["铁路、船舶、航空航天和其他运输设备", "船舶", "航空航天", "ships", "shipbuilding", "aircraft", "aerospace", "railway equipment"]),
        // Electrical machinery except household appliances: motors, grid equipment, cables, batteries.
        "electrical_equipment": ("电气机械", ["电气机械和器材", "电气设备", "电池", "锂电池", "electrical machinery", "batteries", "grid equipment"]),
        "household_appliances": ("家用电器", ["家电", "appliances", "home appliances", "household appliance", "white goods"]),
        // Computers, communication and other electronic equipment, chips included.
        "electronics": ("电子信息", ["计算机、通信和其他电子设备", "电子", "芯片", "半导体", "集成电路", "chips", "chip", "semiconductors", "semiconductor", "integrated circuits", "computers", "electronic equipment"]),
        "utilities": ("电力热力燃气及水", ["电力、热力、燃气及水生产和供应业", "电力", "electricity", "power", "power generation"]),
        "construction": ("建筑业", ["建筑"]),
        "trade_transport": ("批发零售和交通运输", ["批发零售", "交通运输", "物流", "wholesale", "retail", "logistics", "trade"]),
        "finance_real_estate": ("金融和房地产", ["金融", "房地产", "finance", "banking", "real estate", "property"]),
        // Hospitality, information, business, research, public services.
        "other_services": ("其他服务业", ["软件", "software", "hospitality", "business services", "public services"]),
    ]

    /// Names that fit more than one sector: refused with the sectors named.
    public static let ambiguousSectorAliases: [(String, [String])] = [
        ("equipment", ["machinery", "electrical_equipment", "other_transport_equipment"]),
        ("transport", ["trade_transport", "other_transport_equipment"]),
        ("vehicles", ["automobiles", "other_transport_equipment"]),
        ("building", ["construction", "building_materials"]),
        ("metals", ["steel", "nonferrous_metals"]),
        ("electrical", ["electrical_equipment", "household_appliances"]),
    ]
}
