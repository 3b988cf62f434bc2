// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// What a multiplier counts per unit of final demand: output (yuan per yuan), value added and
/// compensation of employees ("income"; yuan per yuan), employment (10 thousand persons per
/// 100 million yuan).
public enum MultiplierMeasure: String, Sendable, CaseIterable {
    case output
    case valueAdded = "value_added"
    case income
    case employment

    public var unit: String {
        self == .employment ? "10 thousand persons per 100 million yuan of final demand" : "yuan per yuan of final demand"
    }

    func coefficient(_ s: InputOutputSystem, _ k: Int) -> Double {
        switch self {
        case .output: return 1
        case .valueAdded: return s.valueAddedPerOutput[k]
        case .income: return s.compensationPerOutput[k]
        case .employment: return s.employmentPerOutput[k]
        }
    }
}

/// Type I: households outside the system (the open model, L = (I - B)^-1). Type II: households
/// closed in, their income (compensation) spent on the products of the economy (Miller & Blair
/// 2009, section 2.5 and 6.2.2).
public enum MultiplierType: String, Sendable, CaseIterable, Comparable {
    case typeI = "I"
    case typeII = "II"

    public static func < (a: MultiplierType, b: MultiplierType) -> Bool { a.rawValue < b.rawValue }
}

/// How the demand side of a spillover sums a demand area's sectors.
public enum SpilloverWeighting: Sendable {
    /// A yuan of the area's final demand in its own mix: weights w_p y_{p,j} / sum w y.
    case finalDemand
    /// One unit of final demand for every sector of every member (weights w_p): the block sums
    /// of the Leontief inverse that R's fio reports (`get_spillover_matrix`).
    case unitPerSector
}

public enum MultiplierError: Error, CustomStringConvertible {
    case closureNotProductive(propensity: Double)
    case unknownArea(String)
    /// (I - B) cannot be factored: the underlying error names the matrix.
    case singular(NumericsError)

    public var description: String {
        switch self {
        case let .closureNotProductive(a):
            return "the household closure with propensity \(a) is not productive (households would spend more than the income their spending generates); use a smaller --propensity"
        case let .unknownArea(id):
            return "'\(id)' is not an area of this multiplier analysis"
        case let .singular(error):
            return "\(error); the system has no Leontief inverse: some province-sectors use as much of the system's output as they make (check value added and imports of the data set's columns, or the structural measures of the scenario)"
        }
    }
}

/// Multipliers, linkages and spillovers of one input-output system.
///
/// Everything is read from rows of the Leontief inverse: for a coefficient vector c (1 for
/// output, value added, compensation or employment per output) masked to province p, row p of
/// E_c = C L holds the effect in p of one unit of final demand for every column k (Miller &
/// Blair 2009, eq. 6.8-6.17 for the multipliers, section 3.4 for the interregional effects).
/// They come from one LU factorisation of (I - B)^T and one multi-column solve.
///
/// **Type II** closes the model with one household sector per province: household income is
/// compensation, W[r, (r, j)] = w_{r,j}, spent as H[(s, i), r] = a * purchases_r[(s, i)], the
/// province's household consumption pattern scaled by the propensity a (default: the system's
/// household consumption over its compensation). With S = I - W L H (provinces x provinces),
/// the producing block of the closed inverse is L + L H S^-1 W L (the partitioned inverse,
/// Miller & Blair 2009, section 2.5.3), so E'_c = E_c + (E_c H) S^-1 (W L): no second
/// factorisation. Type II output counts producing sectors only, not the household row.
public final class MultiplierAnalysis: @unchecked Sendable {
    public let system: InputOutputSystem
    /// Household consumption per yuan of compensation in the Type II closure.
    public let propensity: Double
    public let types: [MultiplierType]
    /// LU of (I - B)^T.
    let lu: LUFactorization
    /// effects[type][measure]: provinces x size; [p, k] is the effect in province p of one
    /// unit of final demand for row k's product.
    let effects: [MultiplierType: [MultiplierMeasure: Matrix]]
    /// Row sums of the Ghosh inverse G = diag(x)^-1 L diag(x) (0 where x is 0).
    public let forwardLinkage: [Double]
    /// Column sums of L.
    public let backwardLinkage: [Double]
    /// Effects anywhere in the system, by type and measure (see `totals`).
    private let columnTotals: [MultiplierType: [MultiplierMeasure: [Double]]]

    /// The default propensity: household consumption over compensation, both summed over
    /// provinces (China 2022: 0.710).
    public static func defaultPropensity(_ s: InputOutputSystem) -> Double {
        let w = s.compensation.reduce(0, +)
        return w > 0 ? s.householdConsumption.reduce(0, +) / w : 0
    }

    public init(_ system: InputOutputSystem, types: [MultiplierType] = MultiplierType.allCases, propensity: Double? = nil) throws {
        self.system = system
        self.types = types.sorted()
        let size = system.size, np = system.provinceCount, n = system.n
        let lease = Self.lease(system)
        defer { lease.end() }
        let a = propensity ?? Self.defaultPropensity(system)
        guard a >= 0, a.isFinite else { throw MultiplierError.closureNotProductive(propensity: a) }
        self.propensity = a

        var m = Matrix(rows: size, columns: size)
        system.coefficients.storage.withUnsafeBufferPointer { b in
            m.storage.withUnsafeMutableBufferPointer { t in
                for k in 0..<size {
                    for l in 0..<size { t[l * size + k] = -b[k * size + l] }
                    t[k * size + k] += 1
                }
            }
        }
        do {
            lu = try LUFactorization(m, label: "(I - B) of \(system.description)")
        } catch let error as NumericsError {
            throw MultiplierError.singular(error)
        }
        m = Matrix(rows: 0, columns: 0)

        let measures = MultiplierMeasure.allCases
        var rhs = Matrix(rows: size, columns: measures.count * np)
        for (c, measure) in measures.enumerated() {
            for k in 0..<size { rhs[k, c * np + k / n] = measure.coefficient(system, k) }
        }
        let z = try lu.solve(rhs)
        var typeI: [MultiplierMeasure: Matrix] = [:]
        for (c, measure) in measures.enumerated() {
            var e = Matrix(rows: np, columns: size)
            for p in 0..<np {
                for k in 0..<size { e[p, k] = z[k, c * np + p] }
            }
            typeI[measure] = e
        }
        var all: [MultiplierType: [MultiplierMeasure: Matrix]] = [.typeI: typeI]
        if types.contains(.typeII) {
            all[.typeII] = try Self.closed(typeI, system, propensity: a)
        }
        effects = all
        let sums = all.mapValues { byMeasure in
            byMeasure.mapValues { e in (0..<size).map { k in (0..<np).reduce(0.0) { $0 + e[$1, k] } } }
        }
        columnTotals = sums

        let lx = try lu.solveTransposed(Vector(system.output))
        forwardLinkage = (0..<size).map { system.output[$0] > 0 ? lx[$0] / system.output[$0] : 0 }
        backwardLinkage = sums[.typeI]![.output]!
    }

    /// Type II effects from Type I's by the partitioned inverse (see the type's comment).
    static func closed(_ open: [MultiplierMeasure: Matrix], _ s: InputOutputSystem, propensity a: Double) throws -> [MultiplierMeasure: Matrix] {
        let np = s.provinceCount, size = s.size
        var h = Matrix(rows: size, columns: np)
        for r in 0..<np {
            for k in 0..<size { h[k, r] = a * s.householdPurchases[r][k] }
        }
        let wl = open[.income]!
        let closure = Matrix.identity(np) - wl * h
        let t: Matrix, inverse: Matrix
        do {
            let factors = try LUFactorization(closure, label: "the household closure (I - W L H)")
            t = try factors.solve(wl)
            inverse = try factors.inverse()
        } catch is NumericsError {
            throw MultiplierError.closureNotProductive(propensity: a)
        }
        // The closed system is productive when the powers of W L H (non-negative) sum to a
        // non-negative inverse.
        guard inverse.storage.allSatisfy({ $0.isFinite && $0 >= -1e-12 }) else { throw MultiplierError.closureNotProductive(propensity: a) }
        var out: [MultiplierMeasure: Matrix] = [:]
        for (measure, e) in open { out[measure] = e + (e * h) * t }
        return out
    }

    /// One BLAS thread throughout. On this project's shared two-core machine, under load,
    /// two BLIS threads spin against each other: `multipliers` on china-2022 took 16-20 s with
    /// two threads against 0.1 s with one, and on the 153-product set 3.3-79 s against 4.1-6.0 s
    /// (release build, `/usr/bin/time`; docs/multipliers.md). No thread count changes a result.
    static func lease(_ s: InputOutputSystem) -> BLASThreadLease {
        NumericsRuntime.singleThreadedBLAS()
    }

    /// The full Leontief inverse L = (I - B)^-1 (size x size; for small systems and exports).
    public func leontief() throws -> Matrix {
        let lease = Self.lease(system)
        defer { lease.end() }
        return try lu.solve(Matrix.identity(system.size)).transposed()
    }

    /// L y: the output the system's final demand requires (equal to x for a consistent year).
    public func solvedOutput() throws -> [Double] {
        let lease = Self.lease(system)
        defer { lease.end() }
        return try lu.solveTransposed(Vector(system.finalDemand)).elements
    }

    /// Effect of one unit of final demand for row k's product on province p.
    public func effect(_ measure: MultiplierMeasure, _ type: MultiplierType, province p: Int, column k: Int) -> Double {
        effects[type]![measure]![p, k]
    }

    /// Effects in `area` (members weighted) of one unit of final demand for each row's product.
    public func effects(_ measure: MultiplierMeasure, _ type: MultiplierType, in area: AnalysisArea) -> [Double] {
        let e = effects[type]![measure]!
        var out = [Double](repeating: 0, count: system.size)
        for m in area.members {
            for k in 0..<system.size { out[k] += m.weight * e[m.province, k] }
        }
        return out
    }

    /// Effects anywhere in the system of one unit of final demand for each row's product: the
    /// column multipliers (for output, Type I, the column sums of L).
    public func totals(_ measure: MultiplierMeasure, _ type: MultiplierType) -> [Double] {
        columnTotals[type]![measure]!
    }

    /// Weights over the columns of L that make one unit of `area`'s final demand for `sector`
    /// (nil: for all sectors in the area's mix): w_p max(y, 0) normalised to sum 1; when the
    /// area has no such final demand, w_p alone.
    public func demandWeights(_ area: AnalysisArea, sector: Int?) -> [(column: Int, weight: Double)] {
        let n = system.n
        let sectors = sector.map { [$0] } ?? Array(0..<n)
        var cells: [(column: Int, member: Double, demand: Double)] = []
        for m in area.members {
            for j in sectors {
                let k = m.province * n + j
                cells.append((k, m.weight, m.weight * max(system.finalDemand[k], 0)))
            }
        }
        let demand = cells.reduce(0) { $0 + $1.demand }
        if demand > 0 { return cells.map { ($0.column, $0.demand / demand) } }
        let members = cells.reduce(0) { $0 + $1.member }
        return cells.map { ($0.column, $0.member / members) }
    }

    /// The multiplier of `area`'s final demand for `sector` (nil: all sectors in its mix):
    /// sum over the weighted columns of the effects anywhere in the system.
    public func multiplier(_ measure: MultiplierMeasure, _ type: MultiplierType, area: AnalysisArea, sector: Int?) -> Double {
        let t = totals(measure, type)
        return demandWeights(area, sector: sector).reduce(0) { $0 + $1.weight * t[$1.column] }
    }

    /// S[in, of]: the effect in area `in` per unit of area `of`'s final demand (for one sector of
    /// `of`, or all in its mix), with `of`'s sectors weighted by `weighting`.
    public func spillover(_ measure: MultiplierMeasure, _ type: MultiplierType, in target: AnalysisArea, of source: AnalysisArea,
                          sector: Int? = nil, weighting: SpilloverWeighting = .finalDemand) -> Double {
        spillover(effects(measure, type, in: target), of: source, sector: sector, weighting: weighting)
    }

    func spillover(_ effectsInTarget: [Double], of source: AnalysisArea, sector: Int?, weighting: SpilloverWeighting) -> Double {
        switch weighting {
        case .finalDemand:
            return demandWeights(source, sector: sector).reduce(0) { $0 + $1.weight * effectsInTarget[$1.column] }
        case .unitPerSector:
            let n = system.n, sectors = sector.map { [$0] } ?? Array(0..<n)
            return source.members.reduce(0.0) { acc, m in acc + m.weight * sectors.reduce(0.0) { $0 + effectsInTarget[m.province * n + $1] } }
        }
    }

    /// Net spillover N[a, b] = S[a, b] - S[b, a]: positive when a gains more from b's final
    /// demand than b from a's (fio's `get_net_spillover_matrix` with `.unitPerSector`).
    public func netSpillover(_ measure: MultiplierMeasure, _ type: MultiplierType, _ a: AnalysisArea, _ b: AnalysisArea,
                             weighting: SpilloverWeighting = .finalDemand) -> Double {
        spillover(measure, type, in: a, of: b, weighting: weighting) - spillover(measure, type, in: b, of: a, weighting: weighting)
    }

    /// Per unit of `area`'s final demand for each of its members' rows, the effect inside the
    /// area when it trades with no one else: c_A' (I - B_AA)^-1 over the block of B among the
    /// area's members (members' results weighted as everywhere). Indexed by global row; rows of
    /// non-members are 0. For a province it is Miller & Blair's intraregional effect.
    public func isolatedEffects(in area: AnalysisArea) throws -> [MultiplierMeasure: [Double]] {
        let lease = Self.lease(system)
        defer { lease.end() }
        let n = system.n, size = system.size
        let rows = area.members.flatMap { m in (0..<n).map { m.province * n + $0 } }
        let weight = Dictionary(uniqueKeysWithValues: area.members.map { ($0.province, $0.weight) })
        let local = rows.count
        if local == size {
            return Dictionary(uniqueKeysWithValues: MultiplierMeasure.allCases.map { ($0, effects($0, .typeI, in: area)) })
        }
        var m = Matrix(rows: local, columns: local)
        for (a, k) in rows.enumerated() {
            for (b, l) in rows.enumerated() { m[b, a] = (a == b ? 1 : 0) - system.coefficients[k, l] }
        }
        let measures = MultiplierMeasure.allCases
        var rhs = Matrix(rows: local, columns: measures.count)
        for (c, measure) in measures.enumerated() {
            for (a, k) in rows.enumerated() { rhs[a, c] = weight[k / n]! * measure.coefficient(system, k) }
        }
        let z = try LUFactorization(m, label: "(I - B) within \(area.id) of \(system.description)").solve(rhs)
        var out: [MultiplierMeasure: [Double]] = [:]
        for (c, measure) in measures.enumerated() {
            var v = [Double](repeating: 0, count: size)
            for (a, k) in rows.enumerated() { v[k] = z[a, c] }
            out[measure] = v
        }
        return out
    }
}
