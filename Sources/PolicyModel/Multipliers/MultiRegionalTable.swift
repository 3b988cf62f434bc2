// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// A full multi-regional table among a data set's provinces: every domestic flow by origin
/// province-sector and destination (an industry, or a final-demand component of a province),
/// as a surveyed table or pymrio's Z and Y hold them. Money in the data set's unit (100 million
/// yuan at 2022 prices for policysim's own data).
///
/// The engine's structure (national technology, one sourcing share per product and destination)
/// cannot hold such a table exactly; a data set imported from pymrio keeps it beside the
/// engine's tables (`mrio_intermediate.csv`, `mrio_final.csv`) so that its multipliers are the
/// table's own.
public struct MultiRegionalTable: Sendable {
    /// Z[k, l]: domestic intermediate flow from row k to column l, rows k = p * n + i.
    public var intermediate: Matrix
    /// Domestic final-demand flows by component: [c][k, r] from row k to province r's demand.
    public var finalDemand: [DemandComponent: Matrix]

    public init(intermediate: Matrix, finalDemand: [DemandComponent: Matrix]) {
        self.intermediate = intermediate
        self.finalDemand = finalDemand
    }

    /// Row k's deliveries: sum_l Z[k, l] + sum_{c, r} Y_c[k, r] (exports excluded).
    public func domesticDeliveries(_ k: Int) -> Double {
        var s = 0.0
        for l in 0..<intermediate.columns { s += intermediate[k, l] }
        for c in DemandComponent.allCases {
            guard let y = finalDemand[c] else { continue }
            for r in 0..<y.columns { s += y[k, r] }
        }
        return s
    }
}

extension InputOutputSystem {
    /// The system of a data set's full table: B = Z diag(x)^-1 (0 for a column without output),
    /// y = the table's domestic final demand by row plus exports, and value added, compensation
    /// and employment per output from the data set's province table. Household purchases of
    /// province r from row k per yuan of its household consumption: (Y_rural + Y_urban)[k, r]
    /// over r's household consumption (imports included).
    public init(data: DataSet, table: MultiRegionalTable, description: String) throws {
        let n = data.sectorCount, np = data.provinceCount, size = n * np
        guard table.intermediate.rows == size, table.intermediate.columns == size,
              table.finalDemand.values.allSatisfy({ $0.rows == size && $0.columns == np }) else {
            throw InputOutputSystemError(description, "has a table that is not \(size) x \(size) with final demand \(size) x \(np)")
        }
        let x = data.provincial[.output]
        var b = table.intermediate
        for k in 0..<size {
            for l in 0..<size { b[k, l] = x[l] > 0 ? table.intermediate[k, l] / x[l] : 0 }
        }
        var y = data.provincial[.exports]
        for c in DemandComponent.allCases {
            guard let f = table.finalDemand[c] else { continue }
            for k in 0..<size { for r in 0..<np { y[k] += f[k, r] } }
        }
        func perOutput(_ column: FlowColumn) -> [Double] {
            (0..<size).map { x[$0] > 0 ? data.provincial[column, $0] / x[$0] : 0 }
        }
        var purchases = [[Double]](repeating: [Double](repeating: 0, count: size), count: np)
        var consumption = [Double](repeating: 0, count: np), compensation = consumption
        let rural = table.finalDemand[.ruralHouseholds], urban = table.finalDemand[.urbanHouseholds]
        for r in 0..<np {
            for i in 0..<n {
                consumption[r] += data.provincial[.ruralHouseholds, r * n + i] + data.provincial[.urbanHouseholds, r * n + i]
                compensation[r] += data.provincial[.compensation, r * n + i]
            }
            guard consumption[r] > 0 else { continue }
            for k in 0..<size { purchases[r][k] = ((rural?[k, r] ?? 0) + (urban?[k, r] ?? 0)) / consumption[r] }
        }
        try self.init(provinces: data.provinces.map(\.id), sectors: data.sectors.map(\.id), coefficients: b, output: x, finalDemand: y,
                      valueAddedPerOutput: perOutput(.valueAdded), compensationPerOutput: perOutput(.compensation),
                      employmentPerOutput: perOutput(.employment), householdPurchases: purchases, householdConsumption: consumption,
                      compensation: compensation, description: description)
    }
}
