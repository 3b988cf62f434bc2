// SPDX-License-Identifier: GPL-3.0-or-later

/// The tables `policysim multipliers` writes, as rows: multipliers and linkages by area and
/// sector, and the spillover matrix S[area, demand area] by demand sector.
///
/// Every value is per unit of an area's final demand: for a sector j, the area's final demand
/// for j (members weighted by w_p y_{p,j}); for `all`, a yuan of the area's final demand in its
/// own mix (w_p y_{p,j} / sum w y). See `MultiplierAnalysis.demandWeights`.
///
/// Multiplier names (column `multiplier`):
/// - `output`, `value_added`, `income`, `employment` (Type I and II): the effect anywhere in the
///   system; for output, Type I, the column sums of L (Miller & Blair 2009, eq. 6.8).
/// - `value_added_ratio`, `income_ratio`, `employment_ratio` (I and II): that effect over the
///   direct coefficient, M&B's Type I and Type II multipliers of eq. 6.14-6.17.
/// - `<measure>_intra_regional` (I): the effect inside the area, fio's intra-regional multiplier
///   (M&B's intraregional effect plus the interregional feedback); `<measure>_spillover`: the
///   effect outside it (total - intra-regional); `<measure>_isolated`: the effect inside the
///   area by its own block (I - B_AA)^-1, M&B's intraregional effect; `<measure>_feedback`:
///   intra-regional - isolated, M&B's interregional feedback (section 3.4).
/// - `backward_linkage` (column sums of L) and `forward_linkage` (row sums of the Ghosh inverse
///   G = diag(x)^-1 L diag(x), as pymrio's G), each also `_normalised` by its mean over all
///   province-sectors with output (Rasmussen's power and sensitivity of dispersion). Areas
///   weight backward linkages like the multipliers and forward linkages by primary inputs
///   (value added and imports, x (1 - sum_k B[k, l])).
public struct MultiplierReport: Sendable {
    /// One multiplier: indexes into `areas`, `sectorNames` (the last is `all`) and `names`.
    public struct Row: Sendable, Equatable {
        public var area: Int
        public var sector: Int
        public var multiplier: Int
        public var type: MultiplierType
        public var value: Double
    }

    /// One cell of S: the effect in `areas[area]` per unit of `areas[demandArea]`'s final demand
    /// for `sectorNames[sector]` (the last: all sectors in its mix).
    public struct SpilloverRow: Sendable, Equatable {
        public var area: Int
        public var demandArea: Int
        public var sector: Int
        public var measure: MultiplierMeasure
        public var type: MultiplierType
        public var value: Double
    }

    public let areas: [AnalysisArea]
    /// The system's sectors, then `all`.
    public let sectorNames: [String]
    /// Multiplier names in the order of their codes.
    public let names: [String]
    public let rows: [Row]
    public let spillovers: [SpilloverRow]
    private let rowIndex: [Int: Int]
    private let spilloverIndex: [Int: Int]

    /// Measures with a split into intra-regional, spillover, isolated and feedback effects.
    public static let splitMeasures: [MultiplierMeasure] = MultiplierMeasure.allCases

    /// Every multiplier name, in code order.
    public static let multiplierNames: [String] = MultiplierMeasure.allCases.map(\.rawValue)
        + MultiplierMeasure.allCases.filter { $0 != .output }.map { $0.rawValue + "_ratio" }
        + splitMeasures.flatMap { m in ["_intra_regional", "_spillover", "_isolated", "_feedback"].map { m.rawValue + $0 } }
        + ["backward_linkage", "backward_linkage_normalised", "forward_linkage", "forward_linkage_normalised"]

    private static func code(_ name: String) -> Int { multiplierNames.firstIndex(of: name)! }

    /// All tables for `areas`; `sectorSpillovers` adds S by demand sector to the aggregate S.
    public init(_ a: MultiplierAnalysis, areas: [AnalysisArea], sectorSpillovers: Bool = true) throws {
        self.areas = areas
        let s = a.system, n = s.n, size = s.size
        sectorNames = s.sectors + ["all"]
        names = Self.multiplierNames
        let sectorIndexes: [Int?] = Array(0..<n).map { Optional($0) } + [nil]
        var rows: [Row] = []
        var spillovers: [SpilloverRow] = []
        // Weights of every (area, sector) once.
        let weights: [[[(column: Int, weight: Double)]]] = areas.map { area in sectorIndexes.map { a.demandWeights(area, sector: $0) } }
        func apply(_ w: [(column: Int, weight: Double)], _ v: [Double]) -> Double {
            v.withUnsafeBufferPointer { p in w.reduce(0) { $0 + $1.weight * p[$1.column] } }
        }
        let measureCode = Dictionary(uniqueKeysWithValues: MultiplierMeasure.allCases.map { ($0, Self.code($0.rawValue)) })
        let ratioCode = Dictionary(uniqueKeysWithValues: MultiplierMeasure.allCases.filter { $0 != .output }.map { ($0, Self.code($0.rawValue + "_ratio")) })
        let splitCode = Dictionary(uniqueKeysWithValues: Self.splitMeasures.map { ($0, Self.code($0.rawValue + "_intra_regional")) })
        let linkageCode = Self.code("backward_linkage")

        let withOutput = (0..<size).filter { s.output[$0] > 0 }
        let meanBackward = withOutput.isEmpty ? 1 : withOutput.reduce(0) { $0 + a.backwardLinkage[$1] } / Double(withOutput.count)
        let meanForward = withOutput.isEmpty ? 1 : withOutput.reduce(0) { $0 + a.forwardLinkage[$1] } / Double(withOutput.count)
        var inputs = [Double](repeating: 0, count: size)
        s.coefficients.storage.withUnsafeBufferPointer { b in
            for k in 0..<size { for l in 0..<size { inputs[l] += b[k * size + l] } }
        }
        let primary = (0..<size).map { s.output[$0] * (1 - inputs[$0]) }
        let totals = Dictionary(uniqueKeysWithValues: a.types.map { t in (t, Dictionary(uniqueKeysWithValues: MultiplierMeasure.allCases.map { ($0, a.totals($0, t)) })) })
        let direct = Dictionary(uniqueKeysWithValues: MultiplierMeasure.allCases.map { m in (m, (0..<size).map { m.coefficient(s, $0) }) })

        for (r, area) in areas.enumerated() {
            let isolated = try a.isolatedEffects(in: area)
            var inside: [MultiplierMeasure: [Double]] = [:]
            for m in Self.splitMeasures { inside[m] = a.effects(m, .typeI, in: area) }
            let members = Dictionary(uniqueKeysWithValues: area.members.map { ($0.province, $0.weight) })
            for (c, j) in sectorIndexes.enumerated() {
                let w = weights[r][c]
                func add(_ code: Int, _ type: MultiplierType, _ value: Double) {
                    rows.append(Row(area: r, sector: c, multiplier: code, type: type, value: value))
                }
                for type in a.types {
                    for m in MultiplierMeasure.allCases {
                        let total = apply(w, totals[type]![m]!)
                        add(measureCode[m]!, type, total)
                        if m != .output {
                            let d = apply(w, direct[m]!)
                            if d != 0 { add(ratioCode[m]!, type, total / d) }
                        }
                    }
                }
                for m in Self.splitMeasures {
                    let total = apply(w, totals[.typeI]![m]!), intra = apply(w, inside[m]!), own = apply(w, isolated[m]!)
                    let first = splitCode[m]!
                    add(first, .typeI, intra)
                    add(first + 1, .typeI, total - intra)
                    add(first + 2, .typeI, own)
                    add(first + 3, .typeI, intra - own)
                }
                let backward = apply(w, a.backwardLinkage)
                add(linkageCode, .typeI, backward)
                add(linkageCode + 1, .typeI, backward / meanBackward)
                let cells = area.members.flatMap { m in (j.map { [$0] } ?? Array(0..<n)).map { m.province * n + $0 } }
                let pi = cells.map { members[$0 / n]! * max(primary[$0], 0) }
                let piTotal = pi.reduce(0, +)
                let forward = piTotal > 0 ? zip(cells, pi).reduce(0.0) { $0 + $1.1 * a.forwardLinkage[$1.0] } / piTotal : 0
                add(linkageCode + 2, .typeI, forward)
                add(linkageCode + 3, .typeI, forward / meanForward)
            }
        }

        for type in a.types {
            for m in MultiplierMeasure.allCases {
                for (t, target) in areas.enumerated() {
                    let e = a.effects(m, type, in: target)
                    for r in areas.indices {
                        for c in sectorIndexes.indices where sectorSpillovers || c == n {
                            spillovers.append(SpilloverRow(area: t, demandArea: r, sector: c, measure: m, type: type, value: apply(weights[r][c], e)))
                        }
                    }
                }
            }
        }
        self.rows = rows
        self.spillovers = spillovers
        var index: [Int: Int] = [:]
        index.reserveCapacity(rows.count)
        for (k, row) in rows.enumerated() { index[Self.key(row.area, row.sector, row.multiplier, row.type)] = k }
        rowIndex = index
        var sIndex: [Int: Int] = [:]
        for (k, row) in spillovers.enumerated() where row.sector == n {
            sIndex[Self.key(row.area, row.demandArea, MultiplierMeasure.allCases.firstIndex(of: row.measure)!, row.type)] = k
        }
        spilloverIndex = sIndex
    }

    private static func key(_ a: Int, _ b: Int, _ c: Int, _ t: MultiplierType) -> Int {
        ((a << 20 | b) << 8 | c) << 1 | (t == .typeI ? 0 : 1)
    }

    public func areaIndex(_ id: String) -> Int? { areas.firstIndex { $0.id == id } }

    /// The value of one row, if the report has it.
    public func value(area: String, sector: String = "all", _ multiplier: String, _ type: MultiplierType = .typeI) -> Double? {
        guard let a = areaIndex(area), let s = sectorNames.lastIndex(of: sector), let m = names.firstIndex(of: multiplier) else { return nil }
        return rowIndex[Self.key(a, s, m, type)].map { rows[$0].value }
    }

    /// S[area, demandArea] for all sectors of the demand area, if the report has it.
    public func spillover(_ measure: MultiplierMeasure, _ type: MultiplierType, in area: String, of demandArea: String) -> Double? {
        guard let a = areaIndex(area), let d = areaIndex(demandArea) else { return nil }
        return spilloverIndex[Self.key(a, d, MultiplierMeasure.allCases.firstIndex(of: measure)!, type)].map { spillovers[$0].value }
    }
}
