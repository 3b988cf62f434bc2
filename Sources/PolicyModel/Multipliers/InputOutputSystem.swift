// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// A multi-regional input-output system as multiplier analysis reads it: the domestic input
/// coefficients between province-sectors of one year, with output, final demand and the
/// satellite coefficients of that year. Rows and columns k = p * n + i (province p, sector i).
///
/// Money in 100 million yuan at 2022 prices; employment in 10 thousand persons. The system is
/// x = B x + y, so x = L y with L = (I - B)^-1 (Miller & Blair 2009, eq. 3.6 for the
/// interregional model). Foreign imports are not in B: they leak.
///
/// It comes either from the engine's parts (`init(economy:structure:...)`, the Isard model
/// with proportional sourcing, B[(s,i),(r,j)] = t_i[s,r] (1 - m[r,i]) A_r[i,j], docs/model.md)
/// or from a full multi-regional table (a data set imported from pymrio keeps one), in which
/// B = Z diag(x)^-1 holds any flow pattern.
public struct InputOutputSystem: Sendable {
    /// Province ids, in row-block order.
    public let provinces: [String]
    /// Sector ids, in row order within a block.
    public let sectors: [String]
    /// Domestic input coefficients B[k, l]: purchases from row k per unit of output of column l
    /// (yuan per yuan).
    public let coefficients: Matrix
    /// Output x by row (100 million yuan).
    public let output: [Double]
    /// Final demand met by each row's producers, y (domestic final demand of every province
    /// bought from the row, and exports; 100 million yuan). x = L y for the year's system.
    public let finalDemand: [Double]
    /// Value added per unit of output (yuan per yuan).
    public let valueAddedPerOutput: [Double]
    /// Compensation of employees per unit of output (yuan per yuan): the income that the Type II
    /// closure sends to households.
    public let compensationPerOutput: [Double]
    /// Employment per unit of output (10 thousand persons per 100 million yuan).
    public let employmentPerOutput: [Double]
    /// Household spending by province: entry [r][k] is the purchase from row k per yuan of
    /// province r's household consumption (rural and urban); the rest of the yuan is imported.
    public let householdPurchases: [[Double]]
    /// Household consumption by province (rural and urban households, imports included; 100
    /// million yuan) and compensation by province: their ratio is the default propensity.
    public let householdConsumption: [Double]
    public let compensation: [Double]
    /// What the system is, for messages and the printed summary ("china-2022, base year 2022,
    /// engine structure").
    public let description: String

    public var n: Int { sectors.count }
    public var provinceCount: Int { provinces.count }
    public var size: Int { sectors.count * provinces.count }

    /// A system from its parts; every vector has one entry per row, `householdPurchases` one
    /// vector per province. Throws `InputOutputSystemError` when the shapes disagree or a
    /// number is not finite.
    public init(provinces: [String], sectors: [String], coefficients: Matrix, output: [Double], finalDemand: [Double],
                valueAddedPerOutput: [Double], compensationPerOutput: [Double], employmentPerOutput: [Double],
                householdPurchases: [[Double]], householdConsumption: [Double], compensation: [Double],
                description: String) throws {
        let size = provinces.count * sectors.count
        guard size > 0 else { throw InputOutputSystemError(description, "has no province or no sector") }
        guard coefficients.rows == size, coefficients.columns == size else {
            throw InputOutputSystemError(description, "coefficients are \(coefficients.rows) x \(coefficients.columns); \(provinces.count) provinces x \(sectors.count) sectors need \(size) x \(size)")
        }
        for (name, v) in [("output", output), ("final demand", finalDemand), ("value added per output", valueAddedPerOutput),
                          ("compensation per output", compensationPerOutput), ("employment per output", employmentPerOutput)] {
            guard v.count == size else { throw InputOutputSystemError(description, "\(name) has \(v.count) values, not \(size)") }
            if let k = v.firstIndex(where: { !$0.isFinite }) {
                throw InputOutputSystemError(description, "\(name) of \(provinces[k / sectors.count]), \(sectors[k % sectors.count]) is not a finite number")
            }
        }
        guard householdPurchases.count == provinces.count, householdPurchases.allSatisfy({ $0.count == size }),
              householdConsumption.count == provinces.count, compensation.count == provinces.count else {
            throw InputOutputSystemError(description, "household spending needs one vector of \(size) values per province")
        }
        if let k = coefficients.firstNonFiniteIndex {
            throw InputOutputSystemError(description, "coefficient \(k / size + 1), \(k % size + 1) is not a finite number")
        }
        self.provinces = provinces
        self.sectors = sectors
        self.coefficients = coefficients
        self.output = output
        self.finalDemand = finalDemand
        self.valueAddedPerOutput = valueAddedPerOutput
        self.compensationPerOutput = compensationPerOutput
        self.employmentPerOutput = employmentPerOutput
        self.householdPurchases = householdPurchases
        self.householdConsumption = householdConsumption
        self.compensation = compensation
        self.description = description
    }

    /// Province and sector of row k, for labels.
    public func label(_ k: Int) -> (province: String, sector: String) { (provinces[k / n], sectors[k % n]) }
}

public struct InputOutputSystemError: Error, CustomStringConvertible {
    public let description: String
    init(_ system: String, _ message: String) { description = "the input-output system \(system) \(message)" }
}

/// The parts of the engine's structure in force in one year: domestic shares 1 - m by row, and
/// the provinces' coefficient matrices and sectors' sourcing matrices that differ from the base
/// (as `SystemRecorder` records them).
public struct StructureComponents: Sendable {
    public var domesticShares: [Double]
    /// Province -> its n x n technical coefficients A_p (row-major), where they are not the base's.
    public var coefficients: [Int: [Double]]
    /// Sector -> its provinces x provinces sourcing shares t_i[origin, destination] (row-major),
    /// where they are not the base's.
    public var sourcing: [Int: [Double]]

    /// The base structure: national technology, the provinces' import shares, the data set's sourcing.
    public init(base economy: Economy) {
        domesticShares = (0..<economy.size).map { 1 - economy.importShare[$0] }
        coefficients = [:]
        sourcing = [:]
    }

    /// A structure a projection recorded.
    public init(_ record: SystemRecorder.StructureRecord) {
        domesticShares = record.domesticShares
        coefficients = Dictionary(uniqueKeysWithValues: record.coefficients.map { ($0.province, $0.matrix) })
        sourcing = Dictionary(uniqueKeysWithValues: record.sourcing.map { ($0.sector, $0.matrix) })
    }
}

extension InputOutputSystem {
    /// The engine's system for one year: B[(s,i),(r,j)] = t_i[s,r] (1 - m[r,i]) A_r[i,j] from
    /// `structure`, with the year's output x, final demand y (capacity leak removed, as the
    /// engine solved it), domestic final demand f by component (for the household pattern) and
    /// employment per output (the base coefficients over (1 + labour productivity growth)^years).
    ///
    /// Value added per output is 1 - sum_i A_r[i, j], the engine's definition; compensation per
    /// output keeps the base year's share of compensation in value added, province by province
    /// and sector by sector. Household purchases of province r from row (s, i) per yuan of its
    /// household consumption: t_i[s,r] (1 - m[r,i]) h[r,i] / sum_i h[r,i], h = rural + urban.
    public init(economy e: Economy, structure: StructureComponents, output x: [Double], finalDemand y: [Double],
                demand: DemandByComponent, employmentPerOutput: [Double], description: String) throws {
        let n = e.n, np = e.provinces, size = e.size
        let keep = structure.domesticShares
        guard keep.count == size, x.count == size, y.count == size, employmentPerOutput.count == n else {
            throw InputOutputSystemError(description, "structure, output and final demand need \(size) values per row")
        }
        let aOf: [[Double]] = (0..<np).map { structure.coefficients[$0] ?? e.coefficients.storage }
        let tOf: [[Double]] = (0..<n).map { structure.sourcing[$0] ?? e.sourcing[$0].storage }
        var b = Matrix(rows: size, columns: size)
        b.storage.withUnsafeMutableBufferPointer { out in
            for s in 0..<np {
                for i in 0..<n {
                    let row = (s * n + i) * size
                    for r in 0..<np {
                        let c = tOf[i][s * np + r] * keep[r * n + i]
                        if c == 0 { continue }
                        aOf[r].withUnsafeBufferPointer { a in
                            let base = row + r * n
                            for j in 0..<n { out[base + j] = c * a[i * n + j] }
                        }
                    }
                }
            }
        }
        let data = e.data
        var va = [Double](repeating: 0, count: size), comp = va, emp = va
        for p in 0..<np {
            let a = aOf[p]
            for j in 0..<n {
                var inputs = 0.0
                for i in 0..<n { inputs += a[i * n + j] }
                let k = p * n + j
                va[k] = 1 - inputs
                let baseVA = data.provincial[.valueAdded, k]
                comp[k] = baseVA > 0 ? va[k] * data.provincial[.compensation, k] / baseVA : 0
                emp[k] = employmentPerOutput[j]
            }
        }
        var purchases = [[Double]](repeating: [Double](repeating: 0, count: size), count: np)
        var consumption = [Double](repeating: 0, count: np), compensation = consumption
        let rural = demand[.ruralHouseholds], urban = demand[.urbanHouseholds]
        for r in 0..<np {
            for i in 0..<n { consumption[r] += rural[r * n + i] + urban[r * n + i] }
            for j in 0..<n { compensation[r] += comp[r * n + j] * x[r * n + j] }
            guard consumption[r] > 0 else { continue }
            for i in 0..<n {
                let h = (rural[r * n + i] + urban[r * n + i]) * keep[r * n + i] / consumption[r]
                for s in 0..<np { purchases[r][s * n + i] = tOf[i][s * np + r] * h }
            }
        }
        try self.init(provinces: data.provinces.map(\.id), sectors: data.sectors.map(\.id), coefficients: b, output: x,
                      finalDemand: y, valueAddedPerOutput: va, compensationPerOutput: comp, employmentPerOutput: emp,
                      householdPurchases: purchases, householdConsumption: consumption, compensation: compensation,
                      description: description)
    }

    /// The base year's system of a data set: the base structure, the data set's output,
    /// y = sum_r t (1 - m) f + e from its final demand, and the national employment per output.
    public init(base e: Economy) throws {
        let structure = StructureComponents(base: e)
        let n = e.n, np = e.provinces
        let f = e.demand.total
        var y = e.exports
        for i in 0..<n {
            let t = e.sourcing[i]
            for s in 0..<np {
                var acc = 0.0
                for r in 0..<np { acc += t[s, r] * structure.domesticShares[r * n + i] * f[r * n + i] }
                y[s * n + i] += acc
            }
        }
        try self.init(economy: e, structure: structure, output: e.output, finalDemand: y, demand: e.demand,
                      employmentPerOutput: e.employmentPerOutput,
                      description: "\(e.data.name), base year \(e.data.baseYear) (the engine's structure)")
    }
}
