// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// `policysim data import-pymrio`: a policysim data set from a pymrio system.
///
/// Mapped (see `PymrioMapping` for the labels):
/// - regions become provinces (the multi-regional system) or external economies; a province's
///   deliveries to an external region (Z and Y) are its exports, an external region's
///   deliveries to a province its imports (by product), an external region's own flows drop;
/// - every domestic flow is kept exactly in the data set's full table (`mrio_intermediate.csv`,
///   `mrio_final.csv`), which `policysim multipliers` analyses;
/// - the province table holds the system's accounts: output, intermediate inputs (domestic and
///   imported), value added = output - intermediate inputs (pymrio's own value-added rows are
///   not used: nothing guarantees they close the columns), compensation and employment from the
///   mapped extension rows (operating surplus is value added - compensation), final demand by
///   component, exports, imports, interprovincial outflow and inflow;
/// - an extension named `imports` whose rows are sector labels gives imports by product into
///   each column (F) and final-demand column (F_Y), as `data export-pymrio` writes it.
///
/// The engine's structure cannot hold a general multi-regional table: it is estimated from it,
/// and `policysim run` uses that estimate (docs/multipliers.md): national coefficients
/// A = all intermediate flows of a product into a sector over the sector's national output,
/// national import shares, and sourcing shares t_i[s, r] fitted biproportionally (RAS) from the
/// table's deliveries of i from s to r to every province's supply (output - exports) and the
/// engine's domestic purchases (1 - m_i)(A x + f)_r, so the engine's base year reproduces output
/// exactly.
///
/// Lost: final-demand categories beyond the five domestic components and exports (merged as
/// mapped), extensions other than compensation, employment and imports (emissions, land,
/// water...), population, the external regions' own economies, and capital (investment and
/// capital stock are 0, so no capacity limit binds in a run). No GDP history: scenarios on an
/// imported data set need `differentials: none`.
public enum PymrioImport {
    public struct Options: Sendable {
        public var name: String
        public var baseYear: Int
        /// 100 million yuan per unit of the pymrio system's money (1: taken as they are).
        public var moneyScale: Double
        /// The id of the aggregate of all provinces (kind nation).
        public var nation: String
        /// Aggregates (regions, clusters) over the new provinces, `aggregates.csv` rows.
        public var aggregates: [Aggregate]
        /// The region of provinces that `aggregates` puts in no region (a data set has every
        /// province in one region).
        public var region: String
        /// The cluster of external economies whose mapping names none; it holds every province.
        public var cluster: String

        public init(name: String, baseYear: Int = 2022, moneyScale: Double = 1, nation: String = "All provinces", aggregates: [Aggregate] = [],
                    region: String = "Imported", cluster: String = "Imported cluster") {
            self.name = name
            self.baseYear = baseYear
            self.moneyScale = moneyScale
            self.nation = nation
            self.aggregates = aggregates
            self.region = region
            self.cluster = cluster
        }

        /// Parameters the engine needs that a pymrio system does not hold: the depreciation
        /// rate, at the engine's default of 9.6 % a year (Zhang, Wu & Zhang 2004).
        public static let parameters = ["depreciation_rate": 0.096]
    }

    public struct Result: Sendable {
        public var data: DataSet
        public var table: MultiRegionalTable
        /// What was mapped, recognised, taken as it is, or dropped: one line each.
        public var notes: [String]
    }

    /// Builds the data set and its full table; throws `DataError` naming the file, line and fix.
    public static func build(_ sys: PymrioSystem, mapping: PymrioMapping, options: Options) throws -> Result {
        var notes: [String] = []
        let mapFile = mapping.file ?? "the mapping file"
        let R = sys.regions.count, S = sys.sectors.count, N = R * S
        // Regions.
        for (label, entry) in mapping.regions where !sys.regions.contains(label) {
            throw DataError(file: mapFile, line: entry.line, column: "source",
                            "unknown region '\(label)'" + (nearestName(label, sys.regions).map { "; did you mean '\($0)'?" } ?? "; the system's regions are \(sys.regions.joined(separator: ", "))"))
        }
        if !mapping.regions.isEmpty, let missing = sys.regions.first(where: { mapping.regions[$0] == nil }) {
            throw DataError(file: mapFile, "maps some regions but not '\(missing)'; list every region (as province or external)")
        }
        var provinces: [String] = [], externals: [String] = [], externalCluster: [String?] = []
        var regionProvince = [Int?](repeating: nil, count: R), regionExternal = [Int?](repeating: nil, count: R)
        for (a, label) in sys.regions.enumerated() {
            let (id, kind, cluster) = mapping.regions[label]?.value ?? (label, .province, nil)
            switch kind {
            case .province:
                if externals.contains(id) { throw DataError(file: mapFile, line: mapping.regions[label]?.line, "'\(id)' is both a province and an external economy") }
                if !provinces.contains(id) { provinces.append(id) }
                regionProvince[a] = provinces.firstIndex(of: id)
            case .external:
                if provinces.contains(id) { throw DataError(file: mapFile, line: mapping.regions[label]?.line, "'\(id)' is both a province and an external economy") }
                if !externals.contains(id) {
                    externals.append(id)
                    externalCluster.append(cluster)
                }
                regionExternal[a] = externals.firstIndex(of: id)
            }
        }
        guard !provinces.isEmpty else { throw DataError(file: mapFile, "maps every region to an external economy; at least one must be a province") }
        notes.append(mapping.regions.isEmpty ? "regions: all \(R) taken as they are, as provinces (\(provinces.joined(separator: ", ")))"
                     : "regions: \(provinces.count) provinces (\(provinces.joined(separator: ", ")))" + (externals.isEmpty ? "" : ", \(externals.count) external (\(externals.joined(separator: ", ")))"))
        // Sectors.
        for (label, entry) in mapping.sectors where !sys.sectors.contains(label) {
            throw DataError(file: mapFile, line: entry.line, column: "source",
                            "unknown sector '\(label)'" + (nearestName(label, sys.sectors).map { "; did you mean '\($0)'?" } ?? ""))
        }
        if !mapping.sectors.isEmpty, let missing = sys.sectors.first(where: { mapping.sectors[$0] == nil }) {
            throw DataError(file: mapFile, "maps some sectors but not '\(missing)'; list every sector")
        }
        var sectorIds: [String] = [], groups: [Sector.Group] = []
        var sectorOf = [Int](repeating: 0, count: S)
        for (b, label) in sys.sectors.enumerated() {
            let (id, group) = mapping.sectors[label]?.value ?? (label, .industry)
            if let j = sectorIds.firstIndex(of: id) {
                if groups[j] != group { throw DataError(file: mapFile, line: mapping.sectors[label]?.line, "sector '\(id)' gets two groups, \(groups[j].rawValue) and \(group.rawValue)") }
                sectorOf[b] = j
            } else {
                sectorIds.append(id)
                groups.append(group)
                sectorOf[b] = sectorIds.count - 1
            }
        }
        notes.append(mapping.sectors.isEmpty ? "sectors: all \(S) taken as they are, group industry (set groups with a mapping file)"
                     : "sectors: \(S) mapped to \(sectorIds.count)")
        // Final-demand categories.
        var categoryTarget: [FlowColumn] = []
        for label in sys.categories {
            if let m = mapping.categories[label] {
                categoryTarget.append(m.value)
            } else if let c = PymrioMapping.recognise(label) {
                categoryTarget.append(c)
            } else {
                throw DataError(file: sys.yFile, line: sys.yCategoryLine, column: label,
                                "final-demand category '\(label)' is not recognised; map it in a mapping file: category,\(label),<one of \(PymrioMapping.targets.map(\.rawValue).joined(separator: ", "))>,")
            }
        }
        for (label, c) in zip(sys.categories, categoryTarget) { notes.append("category '\(label)' -> \(c.rawValue)") }
        for (label, entry) in mapping.categories where !sys.categories.contains(label) {
            throw DataError(file: mapFile, line: entry.line, column: "source", "unknown final-demand category '\(label)'; the system's are \(sys.categories.joined(separator: ", "))")
        }

        let n = sectorIds.count, np = provinces.count, size = n * np, scale = options.moneyScale
        func row(_ k: Int) -> Int? { regionProvince[k / S].map { $0 * n + sectorOf[k % S] } }
        let rows = (0..<N).map(row)
        var z = Matrix(rows: size, columns: size)
        var importsIntermediate = Matrix(rows: n, columns: size)
        var finalFlows: [DemandComponent: Matrix] = [:]
        var importsFinal: [DemandComponent: Matrix] = [:]
        for c in DemandComponent.allCases {
            finalFlows[c] = Matrix(rows: size, columns: np)
            importsFinal[c] = Matrix(rows: n, columns: np)
        }
        var exports = [Double](repeating: 0, count: size), output = exports
        var dropped = 0.0
        for k in 0..<N {
            if let rk = rows[k] { output[rk] += scale * sys.x[k] }
            for l in 0..<N {
                let v = sys.z[k, l] * scale
                if v == 0 { continue }
                switch (rows[k], rows[l]) {
                case let (rk?, cl?): z[rk, cl] += v
                case let (rk?, nil): exports[rk] += v
                case let (nil, cl?): importsIntermediate[sectorOf[k % S], cl] += v
                case (nil, nil): dropped += v
                }
            }
            for c in 0..<sys.y.columns {
                let v = sys.y[k, c] * scale
                if v == 0 { continue }
                let target = categoryTarget[sys.yCategory[c]]
                let destination = regionProvince[sys.yRegion[c]]
                switch (rows[k], destination, DemandComponent(target)) {
                case let (rk?, r?, comp?): finalFlows[comp]![rk, r] += v
                case let (nil, r?, comp?): importsFinal[comp]![sectorOf[k % S], r] += v
                case let (rk?, _, _): exports[rk] += v
                default: dropped += v
                }
            }
        }
        if dropped != 0 { notes.append("dropped: flows within and between external regions, and their exports (\(CSV.number(dropped)) in total)") }
        // Extensions: imports by product, compensation, employment.
        var compensation = [Double](repeating: 0, count: size), employment = compensation
        var carried: Set<String> = []
        func columns(_ f: Matrix, _ r: Int, times factor: Double, into v: inout [Double]) {
            for l in 0..<N { if let cl = rows[l] { v[cl] += factor * f[r, l] } }
        }
        func locate(_ spec: String, line: Int) throws -> (PymrioSystem.Extension, Int) {
            let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, let ext = sys.extensions.first(where: { $0.folder == parts[0] || $0.name == parts[0] }) else {
                throw DataError(file: mapFile, line: line, column: "source",
                                "'\(spec)' must be extension/row; the system's extensions are \(sys.extensions.map(\.folder).joined(separator: ", "))")
            }
            guard let r = ext.rows.firstIndex(of: parts[1]) else {
                throw DataError(file: mapFile, line: line, column: "source",
                                "extension \(ext.folder) has no row '\(parts[1])'" + (nearestName(parts[1], ext.rows).map { "; did you mean '\($0)'?" } ?? ""))
            }
            return (ext, r)
        }
        var compensationRows: [(PymrioSystem.Extension, Int)] = []
        if mapping.compensation.isEmpty {
            for ext in sys.extensions { for (r, label) in ext.rows.enumerated() where label.lowercased().hasPrefix("compensation") { compensationRows.append((ext, r)) } }
        } else {
            compensationRows = try mapping.compensation.map { try locate($0.value, line: $0.line) }
        }
        for (ext, r) in compensationRows {
            columns(ext.f, r, times: scale, into: &compensation)
            carried.insert(ext.folder + "/" + ext.rows[r])
        }
        notes.append(compensationRows.isEmpty ? "compensation: not in the system, so income multipliers are 0 and Type II equals Type I (map a row: compensation,extension/row,,)"
                     : "compensation: " + compensationRows.map { "\($0.0.folder)/\($0.0.rows[$0.1])" }.joined(separator: " + "))
        var employmentRows: [(PymrioSystem.Extension, Int, Double)] = []
        if mapping.employment.isEmpty {
            for ext in sys.extensions {
                for (r, label) in ext.rows.enumerated() where label.lowercased().hasPrefix("employment") {
                    if let s = PymrioMapping.employmentScale(ext.units[r]) { employmentRows.append((ext, r, s)) }
                }
            }
        } else {
            employmentRows = try mapping.employment.map { let (e, r) = try locate($0.value.row, line: $0.line); return (e, r, $0.value.scale) }
        }
        for (ext, r, s) in employmentRows {
            columns(ext.f, r, times: s, into: &employment)
            carried.insert(ext.folder + "/" + ext.rows[r])
        }
        notes.append(employmentRows.isEmpty ? "employment: not in the system, so employment multipliers are 0 (map a row: employment,extension/row,,<10 thousand persons per unit>)"
                     : "employment: " + employmentRows.map { "\($0.0.folder)/\($0.0.rows[$0.1]) x \(CSV.number($0.2))" }.joined(separator: " + ") + " (10 thousand persons)")
        if let ext = sys.extensions.first(where: { $0.folder.lowercased() == "imports" || $0.name.lowercased() == "imports" }) {
            for (r, label) in ext.rows.enumerated() {
                guard let b = sys.sectors.firstIndex(of: label) else {
                    throw DataError(file: ext.file, line: r + 4, "row '\(label)' of the imports extension is not a sector of the system; its rows must be the imported products")
                }
                let i = sectorOf[b]
                var into = [Double](repeating: 0, count: size)
                columns(ext.f, r, times: scale, into: &into)
                for l in 0..<size { importsIntermediate[i, l] += into[l] }
                if let fy = ext.fY {
                    for c in 0..<sys.y.columns {
                        guard let r2 = regionProvince[sys.yRegion[c]], let comp = DemandComponent(categoryTarget[sys.yCategory[c]]) else { continue }
                        importsFinal[comp]![i, r2] += scale * fy[r, c]
                    }
                }
                carried.insert(ext.folder + "/" + label)
            }
            notes.append("imports by product: extension \(ext.folder)")
        }
        let recomputed = sys.extensions.flatMap { e in e.rows.filter { $0.lowercased().hasPrefix("value added") }.map { e.folder + "/" + $0 } }
        if !recomputed.isEmpty { notes.append("value added: output - intermediate inputs; not read from " + recomputed.joined(separator: ", ")) }
        let lost = sys.extensions.flatMap { e in
            e.rows.filter { !carried.contains(e.folder + "/" + $0) && !$0.lowercased().hasPrefix("value added") }.map { e.folder + "/" + $0 }
        }
        if !lost.isEmpty { notes.append("not carried: " + lost.prefix(12).joined(separator: ", ") + (lost.count > 12 ? " and \(lost.count - 12) more extension rows" : "")) }
        if !sys.ignored.isEmpty { notes.append("not read: " + sys.ignored.joined(separator: ", ") + " (recomputed from Z, Y and x, or not used)") }
        if scale == 1 && sys.unit.lowercased().hasPrefix("100 million yuan") {
            notes.append("money: \(sys.unit), policysim's unit")
        } else if scale == 1 {
            notes.append("money: taken as it is (\(sys.unit.isEmpty ? "unit not stated" : sys.unit)); policysim's tables say 100 million yuan, so pass --money-scale for other units")
        } else {
            notes.append("money: \(sys.unit.isEmpty ? "the system's unit" : sys.unit) x \(CSV.number(scale)) = 100 million yuan")
        }

        // The province table.
        var p = FlowTable(rows: size, columns: FlowColumn.allCases)
        p[.output] = output
        p[.exports] = exports
        p[.employment] = employment
        var use = [Double](repeating: 0, count: size), imports = use, inputs = use, outflow = use, inflow = use
        for l in 0..<size {
            var s = 0.0
            for k in 0..<size { s += z[k, l] }
            for i in 0..<n { s += importsIntermediate[i, l] }
            inputs[l] = s
        }
        for k in 0..<size {
            let (sp, i) = (k / n, k % n)
            for l in 0..<size {
                let v = z[k, l]
                if v == 0 { continue }
                use[(l / n) * n + i] += v
                if l / n != sp { outflow[k] += v; inflow[(l / n) * n + i] += v }
            }
            for comp in DemandComponent.allCases {
                for r in 0..<np {
                    let v = finalFlows[comp]![k, r]
                    if v == 0 { continue }
                    p[comp.column, r * n + i] += v
                    if r != sp { outflow[k] += v; inflow[r * n + i] += v }
                }
            }
        }
        for r in 0..<np {
            for i in 0..<n {
                let k = r * n + i
                for j in 0..<n { let v = importsIntermediate[i, r * n + j]; use[k] += v; imports[k] += v }
                for comp in DemandComponent.allCases {
                    let v = importsFinal[comp]![i, r]
                    p[comp.column, k] += v
                    imports[k] += v
                }
            }
        }
        var valueAdded = [Double](repeating: 0, count: size)
        for l in 0..<size {
            var v = output[l] - inputs[l]
            if v < 0 {
                guard v >= -1e-9 * max(output[l], 1e-300) else {
                    let (region, sector) = (provinces[l / n], sectorIds[l % n])
                    throw DataError(file: sys.zFile, column: "\(region)/\(sector)",
                                    "intermediate inputs (\(inputs[l])) exceed output (\(output[l])) of \(region), \(sector): value added would be negative; check Z and x")
                }
                v = 0
            }
            valueAdded[l] = v
        }
        p[.intermediateUse] = use
        p[.imports] = imports
        p[.intermediateInput] = inputs
        p[.valueAdded] = valueAdded
        p[.compensation] = compensation
        p[.operatingSurplus] = (0..<size).map { valueAdded[$0] - compensation[$0] }
        p[.interprovincialOutflow] = outflow
        p[.interprovincialInflow] = inflow

        // National table and coefficients.
        var national = FlowTable(rows: n, columns: FlowColumn.national)
        for column in FlowColumn.national {
            var v = [Double](repeating: 0, count: n)
            for k in 0..<size { v[k % n] += p[column, k] }
            national[column] = v
        }
        var a = Matrix(rows: n, columns: n)
        for k in 0..<size { for l in 0..<size where z[k, l] != 0 { a[k % n, l % n] += z[k, l] } }
        for i in 0..<n { for l in 0..<size { a[i, l % n] += importsIntermediate[i, l] } }
        for j in 0..<n {
            let xj = national[.output, j]
            for i in 0..<n { a[i, j] = xj > 0 ? a[i, j] / xj : 0 }
        }
        let sectors = (0..<n).map { Sector(id: sectorIds[$0], name: sectorIds[$0], group: groups[$0], isKeyIndustry: false, provinceKey: .group, products: []) }

        // Sourcing: RAS of the table's deliveries to the engine's purchases.
        var sourcing: [Matrix] = []
        var filled = 0
        for i in 0..<n {
            let use = national[.intermediateUse, i] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + national[$1, i] }
            let m = use > 0 ? national[.imports, i] / use : 0
            var prior = Matrix(rows: np, columns: np)
            for s in 0..<np {
                let k = s * n + i
                for l in 0..<size where z[k, l] != 0 { prior[s, l / n] += z[k, l] }
                for comp in DemandComponent.allCases { for r in 0..<np { prior[s, r] += finalFlows[comp]![k, r] } }
            }
            let supply = (0..<np).map { max(output[$0 * n + i] - exports[$0 * n + i], 0) }
            // Each province's own import share, as the engine's (imports / domestic use of the
            // provincial table); the national share where the province uses none of the product.
            var purchases = (0..<np).map { r -> Double in
                var u = FlowColumn.domesticFinalDemand.reduce(0.0) { $0 + p[$1, r * n + i] }
                for j in 0..<n { u += a[i, j] * output[r * n + j] }
                let local = p[.intermediateUse, r * n + i] + FlowColumn.domesticFinalDemand.reduce(0.0) { $0 + p[$1, r * n + i] }
                let share = local > 0 ? p[.imports, r * n + i] / local : m
                return (1 - share) * u
            }
            if let r = purchases.firstIndex(where: { $0 < -1e-9 * max(supply.reduce(0, +), 1) }) {
                throw DataError(file: sys.yFile, column: "\(provinces[r])/\(sectorIds[i])",
                                "domestic purchases of \(sectorIds[i]) in \(provinces[r]) would be negative (\(purchases[r])): inventory draw-downs exceed use; the engine's sourcing cannot be fitted")
            }
            purchases = purchases.map { max($0, 0) }
            let supplyTotal = supply.reduce(0, +), purchaseTotal = purchases.reduce(0, +)
            if purchaseTotal > 0 { purchases = purchases.map { $0 * supplyTotal / purchaseTotal } }
            let priorColumns = prior.columnSums()
            for r in 0..<np where purchases[r] > 0 && priorColumns[r] == 0 {
                filled += 1
                for s in 0..<np { prior[s, r] = supply[s] }
            }
            var t = Matrix(rows: np, columns: np)
            if supplyTotal > 0 {
                let flows = try Biproportional.fit(prior: prior, rowTargets: supply, columnTargets: purchases, label: "sourcing of \(sectorIds[i]) from \(sys.zFile)")
                for r in 0..<np {
                    if purchases[r] > 0 {
                        // Rounding can leave a share a few ulps above 1.
                        for s in 0..<np { t[s, r] = min(max(flows[s, r] / purchases[r], 0), 1) }
                    } else {
                        t[r, r] = 1
                    }
                }
            } else {
                for r in 0..<np { t[r, r] = 1 }
            }
            sourcing.append(t)
        }
        if filled > 0 { notes.append("engine sourcing: \(filled) product-destination pairs with no domestic purchases in the table but some by national technology are sourced in proportion to supply") }

        // Aggregates: the nation, the given ones, a home region for provinces without one, a
        // cluster for external economies without one.
        var aggregates = [Aggregate(id: options.nation, kind: .nation, members: provinces.map { .init(province: $0, weight: 1) })] + options.aggregates
        let regionOf: [String: String] = Dictionary(options.aggregates.filter { $0.kind == .region }.flatMap { a in a.members.map { ($0.province, a.id) } },
                                                    uniquingKeysWith: { a, _ in a })
        let homeless = provinces.filter { regionOf[$0] == nil }
        if !homeless.isEmpty {
            guard !aggregates.contains(where: { $0.id == options.region }) else {
                throw DataError(file: mapFile, "\(homeless.count) provinces are in no region of the aggregates, and the region for them, '\(options.region)', is already an aggregate; put them in a region or choose another --region")
            }
            aggregates.append(Aggregate(id: options.region, kind: .region, members: homeless.map { .init(province: $0, weight: 1) }))
            notes.append("region '\(options.region)': \(homeless.count == provinces.count ? "every province" : homeless.joined(separator: ", ")) (every province needs one region; --aggregates gives others)")
        }
        var externalEconomies: [ExternalEconomy] = []
        for (x, id) in externals.enumerated() {
            var va = 0.0
            for l in 0..<N where regionExternal[l / S] == x {
                va += sys.x[l]
                for k in 0..<N { va -= sys.z[k, l] }
            }
            guard va * scale > 0 else {
                throw DataError(file: sys.zFile, "the external region '\(id)' has value added \(va * scale) (output - inputs); an external economy needs a GDP above 0, so map its regions as provinces")
            }
            let cluster = externalCluster[x] ?? options.cluster
            if !aggregates.contains(where: { $0.id == cluster && $0.kind == .cluster }) {
                guard externalCluster[x] == nil else {
                    throw DataError(file: mapFile, line: mapping.regions.values.first { $0.value.id == id }?.line, column: "detail",
                                    "'\(cluster)' is not a cluster of --aggregates; name one of \(aggregates.filter { $0.kind == .cluster }.map(\.id).joined(separator: ", ")), or write external alone")
                }
                aggregates.append(Aggregate(id: cluster, kind: .cluster, members: provinces.map { .init(province: $0, weight: 1) }))
                notes.append("cluster '\(cluster)': every province, the cluster of the external economies")
            }
            externalEconomies.append(ExternalEconomy(id: id, gdp: va * scale, cluster: cluster, source: "pymrio \(sys.name): output - intermediate inputs"))
        }
        let gdp = (0..<np).map { r in (0..<n).reduce(0.0) { $0 + valueAdded[r * n + $1] } }
        if let r = gdp.firstIndex(where: { !($0 > 0) }) {
            throw DataError(file: sys.zFile, "province '\(provinces[r])' has no value added (\(gdp[r])); a data set needs every province's GDP above 0, so map it as external or merge it with another")
        }
        let provinceList = provinces.enumerated().map {
            Province(id: $0.element, nameZh: "", region: regionOf[$0.element] ?? options.region, capital: "", latitude: 0, longitude: 0, gdp: gdp[$0.offset])
        }
        let history = Dictionary(uniqueKeysWithValues: provinces.enumerated().map { ($0.element, [options.baseYear: gdp[$0.offset]]) })
        let source = "pymrio system '\(sys.name)' in \(sys.folder)"
        let provenance = [
            ProvenanceEntry(table: DataSetFile.provincial, column: "all", status: .measured, source: source,
                            method: "accounts of the table: value added = output - intermediate inputs; operating surplus = value added - compensation"),
            ProvenanceEntry(table: MultiRegionalTableFiles.intermediate, column: "value", status: .measured, source: source, method: "Z among the regions mapped to provinces"),
            ProvenanceEntry(table: MultiRegionalTableFiles.final, column: "value", status: .measured, source: source, method: "Y among the regions mapped to provinces, categories merged into components"),
            ProvenanceEntry(table: DataSetFile.coefficients, column: "all", status: .estimated, source: source,
                            method: "national technology for the engine: all intermediate flows of a product into a sector over the sector's national output"),
            ProvenanceEntry(table: DataSetFile.sourcing, column: "share", status: .estimated, source: source,
                            method: "RAS of the table's deliveries by origin and destination to supply (output - exports) and the engine's domestic purchases"),
            ProvenanceEntry(table: DataSetFile.sectors, column: "group", status: .assumed, source: mapping.file ?? "none", method: "from the mapping file, else industry"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "investment, capital_stock", status: .assumed, source: "none", method: "not in a pymrio system: 0, so no capacity limit binds"),
            ProvenanceEntry(table: DataSetFile.gdpHistory, column: "gdp", status: .estimated, source: source,
                            method: "the base year only (value added of the table): scenarios need differentials: none"),
            ProvenanceEntry(table: DataSetFile.manifest, column: "parameters.depreciation_rate", status: .assumed, source: "Zhang, Wu & Zhang (2004)", method: "the engine's default, 9.6 % a year"),
        ]
        let data = DataSet(name: options.name, title: "\(sys.name), imported from pymrio", baseYear: options.baseYear, sectors: sectors,
                           provinces: provinceList, aggregates: aggregates, externals: externalEconomies,
                           national: national, coefficients: a, provincial: p, sourcing: sourcing, gdpHistory: history,
                           parameters: Options.parameters, provenance: provenance)
        let issues = data.check()
        if !issues.isEmpty {
            throw DataError(issues.map { var i = $0; i.message = "(imported from \(sys.folder)) " + i.message; return i })
        }
        return Result(data: data, table: MultiRegionalTable(intermediate: z, finalDemand: finalFlows), notes: notes)
    }

    /// Reads `aggregates.csv`-style rows (aggregate,kind,member,weight) for the new provinces.
    public static func readAggregates(_ url: URL, provinces: Set<String>) throws -> [Aggregate] {
        let t = try CSV.read(url, display: displayPath(url))
        let c = try t.require(["aggregate", "kind", "member", "weight"])
        var out: [Aggregate] = [], issues: [DataIssue] = []
        for r in t.rows.indices {
            let row = t.rows[r]
            guard let kind = Aggregate.Kind(rawValue: row[c[1]]), kind != .nation else {
                issues.append(DataIssue(file: t.file, line: t.lines[r], column: "kind", message: "'\(row[c[1]])' must be region or cluster (the nation is made from every province)"))
                continue
            }
            guard provinces.contains(row[c[2]]) else {
                issues.append(DataIssue(file: t.file, line: t.lines[r], column: "member",
                                        message: "'\(row[c[2]])' is not a province of the import" + (nearestName(row[c[2]], Array(provinces)).map { "; did you mean '\($0)'?" } ?? "")))
                continue
            }
            guard let w = Double(row[c[3]]), w > 0, w <= 1 else {
                issues.append(DataIssue(file: t.file, line: t.lines[r], column: "weight", message: "'\(row[c[3]])' must be a number in (0, 1]"))
                continue
            }
            if let k = out.firstIndex(where: { $0.id == row[c[0]] }) {
                out[k].members.append(.init(province: row[c[2]], weight: w))
            } else {
                out.append(Aggregate(id: row[c[0]], kind: kind, members: [.init(province: row[c[2]], weight: w)]))
            }
        }
        if !issues.isEmpty { throw DataError(issues) }
        return out
    }

    /// Writes the data set and its full table into `staging` and publishes it (see
    /// `DataSetWriter.staging`: only a data set folder is ever replaced, and only with force).
    public static func write(_ result: Result, into staging: StagingFolder) throws {
        for (name, text) in DataSetWriter.files(result.data) + MultiRegionalTableFiles.files(result.table, result.data) {
            try staging.write(name, Data(text.utf8))
        }
        try staging.publish()
    }

    /// Writes the data set and its full table at `folder`, replacing a data set folder there
    /// only when `force`.
    public static func write(_ result: Result, to folder: URL, force: Bool = false) throws {
        try write(result, into: StagingFolder(folder.path, kind: DataSetWriter.folderKind, force: force))
    }
}
