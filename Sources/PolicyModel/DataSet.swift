// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyNumerics

/// Columns of the national table and of the province x sector table. Money in 100 million yuan
/// at 2022 prices; employment in 10 thousand persons.
public enum FlowColumn: String, Sendable, CaseIterable {
    case output
    case intermediateInput = "intermediate_input"
    case valueAdded = "value_added"
    case compensation
    case netTaxes = "net_taxes"
    case depreciation
    case operatingSurplus = "operating_surplus"
    /// Use of the sector's product as an intermediate input, wherever produced (incl. imports).
    case intermediateUse = "intermediate_use"
    case ruralHouseholds = "rural_households"
    case urbanHouseholds = "urban_households"
    case government
    case fixedCapital = "fixed_capital"
    case inventories
    case exports
    case imports
    /// Sales of the province's product to other provinces (province table only).
    case interprovincialOutflow = "interprovincial_outflow"
    /// Purchases of the product from other provinces (province table only).
    case interprovincialInflow = "interprovincial_inflow"
    case employment
    /// Gross fixed capital formation made by the sector (the investor), whatever it buys.
    case investment
    case capitalStock = "capital_stock"

    /// Final-demand components, in file order.
    public static let finalDemand: [FlowColumn] = [.ruralHouseholds, .urbanHouseholds, .government, .fixedCapital, .inventories, .exports]
    /// Domestic final-demand components (all but exports).
    public static let domesticFinalDemand: [FlowColumn] = [.ruralHouseholds, .urbanHouseholds, .government, .fixedCapital, .inventories]
    /// Value-added components, which sum to value added.
    public static let valueAddedComponents: [FlowColumn] = [.compensation, .netTaxes, .depreciation, .operatingSurplus]
    /// The national table has no interprovincial trade.
    public static let national: [FlowColumn] = allCases.filter { $0 != .interprovincialOutflow && $0 != .interprovincialInflow }
    /// Columns that may be negative: inventory change, net taxes (subsidies), operating surplus.
    public static let mayBeNegative: Set<FlowColumn> = [.inventories, .netTaxes, .operatingSurplus]

    /// Columns that are not part of the input-output accounts (they need no balance).
    public static let satellite: Set<FlowColumn> = [.employment, .investment, .capitalStock]

    public var unit: String {
        self == .employment ? "10 thousand persons" : "100 million yuan (2022 prices)"
    }
}

/// One column-per-variable table of flows, indexed by row.
public struct FlowTable: Sendable, Equatable {
    public let rows: Int
    public private(set) var columns: [FlowColumn: [Double]]

    public init(rows: Int, columns: [FlowColumn]) {
        self.rows = rows
        self.columns = Dictionary(uniqueKeysWithValues: columns.map { ($0, [Double](repeating: 0, count: rows)) })
    }

    public subscript(column: FlowColumn) -> [Double] {
        get { columns[column] ?? [] }
        set {
            precondition(newValue.count == rows, "column \(column.rawValue) needs \(rows) values")
            columns[column] = newValue
        }
    }

    public subscript(column: FlowColumn, row: Int) -> Double {
        get { columns[column]![row] }
        set { columns[column]![row] = newValue }
    }

    public var columnList: [FlowColumn] { FlowColumn.allCases.filter { columns[$0] != nil } }
}

/// A provincial input-output data set for one base year: the economy the engine starts from.
///
/// The multi-regional system it implies: with A the national technical coefficients (total,
/// including imported inputs), m[r, i] the import share of product i's domestic use in province
/// r (the provincial table's imports / (intermediate use + domestic final demand)), and
/// t[s, r, i] the share of province r's domestic purchases of product i that province s
/// supplies (sourcing shares, summing to one over s),
///
///     x[s, i] = sum_r t[s, r, i] (1 - m[r, i]) (sum_j A[i, j] x[r, j] + f[r, i]) + e[s, i],
///
/// where f is domestic final demand and e exports. The base-year table satisfies it exactly.
public struct DataSet: Sendable {
    public var name: String
    public var title: String
    public var baseYear: Int
    public var sectors: [Sector]
    public var provinces: [Province]
    public var aggregates: [Aggregate]
    public var externals: [ExternalEconomy]
    /// National totals by sector (rows = sectors).
    public var national: FlowTable
    /// Technical coefficients A[i, j] = Z[i, j] / x[j], total (domestic + imported).
    public var coefficients: Matrix
    /// Province x sector flows; row = province index * sectors.count + sector index.
    public var provincial: FlowTable
    /// Sourcing shares per sector: `sourcing[i][s, r]`, origin s to destination r.
    public var sourcing: [Matrix]
    /// Nominal GDP history, province -> (year -> 100 million yuan, current prices).
    public var gdpHistory: [String: [Int: Double]]
    /// Build parameters (depreciation rate, capital growth, the sourcing rules' distance elasticity
    /// and own-province preference by sector group, typed-in national totals).
    public var parameters: [String: Double]
    public var provenance: [ProvenanceEntry]
    /// The national composition of final demand in two earlier tables, from which the baseline's
    /// sector trends come (`trends.csv`); nil when the sources hold no second table.
    public var demandTrends: DemandTrends?

    public init(name: String, title: String, baseYear: Int, sectors: [Sector], provinces: [Province],
                aggregates: [Aggregate], externals: [ExternalEconomy], national: FlowTable, coefficients: Matrix,
                provincial: FlowTable, sourcing: [Matrix], gdpHistory: [String: [Int: Double]],
                parameters: [String: Double], provenance: [ProvenanceEntry], demandTrends: DemandTrends? = nil) {
        self.demandTrends = demandTrends
        self.name = name
        self.title = title
        self.baseYear = baseYear
        self.sectors = sectors
        self.provinces = provinces
        self.aggregates = aggregates
        self.externals = externals
        self.national = national
        self.coefficients = coefficients
        self.provincial = provincial
        self.sourcing = sourcing
        self.gdpHistory = gdpHistory
        self.parameters = parameters
        self.provenance = provenance
    }

    public var sectorCount: Int { sectors.count }
    public var provinceCount: Int { provinces.count }

    /// Row of (province p, sector i) in `provincial`.
    @inline(__always)
    public func row(_ p: Int, _ i: Int) -> Int { p * sectors.count + i }

    public func sectorIndex(_ id: String) -> Int? { sectors.firstIndex { $0.id == id } }
    public func provinceIndex(_ id: String) -> Int? { provinces.firstIndex { $0.id == id } }

    /// National import share m_i: imports over domestic use (intermediate use + domestic final
    /// demand) of the national table. The engine uses each province's own share (`Economy`).
    public func importShare(_ i: Int) -> Double {
        let use = national[.intermediateUse, i] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + national[$1, i] }
        return use == 0 ? 0 : national[.imports, i] / use
    }

    /// Sum of a provincial column over a province's sectors.
    public func provinceTotal(_ column: FlowColumn, _ p: Int) -> Double {
        (0..<sectors.count).reduce(0) { $0 + provincial[column, row(p, $1)] }
    }
}

/// The national final demand of each component by sector in two NBS tables (current prices of
/// each year, 100 million yuan): how the composition of demand moved.
///
/// The baseline's trend of component c and sector i is the average annual change of the log
/// share, tau_c = ln(S_c(to) / S_c(from)) / (to - from) for the component's share of all final
/// demand and tau_ci = ln(s_ci(to) / s_ci(from)) / (to - from) for the sector's share of the
/// component (0 where either share is 0).
public struct DemandTrends: Sendable, Equatable {
    public static let components: [FlowColumn] = [.ruralHouseholds, .urbanHouseholds, .government, .fixedCapital, .exports]
    public var from: Int
    public var to: Int
    /// Component -> final demand by sector in `from` and in `to`.
    public var demandFrom: [FlowColumn: [Double]]
    public var demandTo: [FlowColumn: [Double]]

    public init(from: Int, to: Int, demandFrom: [FlowColumn: [Double]], demandTo: [FlowColumn: [Double]]) {
        self.from = from
        self.to = to
        self.demandFrom = demandFrom
        self.demandTo = demandTo
    }

    static func logChange(_ a: Double, _ b: Double, _ years: Int) -> Double {
        a > 0 && b > 0 && years > 0 ? log(b / a) / Double(years) : 0
    }

    /// tau_c: the annual log change of the component's share of all final demand in `components`.
    public func componentChange(_ c: FlowColumn) -> Double {
        let totalFrom = Self.components.reduce(0.0) { $0 + (demandFrom[$1] ?? []).reduce(0, +) }
        let totalTo = Self.components.reduce(0.0) { $0 + (demandTo[$1] ?? []).reduce(0, +) }
        guard let f = demandFrom[c], let t = demandTo[c], totalFrom > 0, totalTo > 0 else { return 0 }
        return Self.logChange(f.reduce(0, +) / totalFrom, t.reduce(0, +) / totalTo, to - from)
    }

    /// tau_ci: the annual log change of sector i's share of the component.
    public func sectorChange(_ c: FlowColumn, _ i: Int) -> Double {
        guard let f = demandFrom[c], let t = demandTo[c], i < f.count, i < t.count else { return 0 }
        let sf = f.reduce(0, +), st = t.reduce(0, +)
        guard sf > 0, st > 0 else { return 0 }
        return Self.logChange(f[i] / sf, t[i] / st, to - from)
    }
}

/// Where a table column comes from: measured (copied from a source for the base year),
/// scaled (measured for another year and carried to the base year by a stated update),
/// estimated (computed from sources by a stated method) or assumed (a parameter with no
/// direct source).
public struct ProvenanceEntry: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case measured, scaled, estimated, assumed
    }

    public var table: String
    public var column: String
    public var status: Status
    public var source: String
    public var method: String

    public init(table: String, column: String, status: Status, source: String, method: String) {
        self.table = table
        self.column = column
        self.status = status
        self.source = source
        self.method = method
    }
}
