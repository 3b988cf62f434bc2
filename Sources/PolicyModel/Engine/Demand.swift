// SPDX-License-Identifier: GPL-3.0-or-later

/// The five domestic final-demand components of the engine (exports are kept apart: they are
/// not bought through provincial sourcing).
public enum DemandComponent: Int, CaseIterable, Sendable {
    case ruralHouseholds, urbanHouseholds, government, fixedCapital, inventories

    /// The data set column that holds the component.
    public var column: FlowColumn {
        switch self {
        case .ruralHouseholds: return .ruralHouseholds
        case .urbanHouseholds: return .urbanHouseholds
        case .government: return .government
        case .fixedCapital: return .fixedCapital
        case .inventories: return .inventories
        }
    }

    /// The component a data set column names; nil for exports and non-demand columns.
    public init?(_ column: FlowColumn) {
        guard let c = DemandComponent.allCases.first(where: { $0.column == column }) else { return nil }
        self = c
    }
}

/// Where a measure's final demand goes: a domestic component or exports.
enum DemandTarget: Equatable {
    case domestic(DemandComponent)
    case exports

    /// `column` as a demand target; nil for a column that is not final demand.
    init?(_ column: FlowColumn) {
        if column == .exports {
            self = .exports
        } else if let c = DemandComponent(column) {
            self = .domestic(c)
        } else {
            return nil
        }
    }

    var flow: Flow {
        switch self {
        case let .domestic(c): return .demand(c)
        case .exports: return .exports
        }
    }
}

/// Domestic final demand by component, each a vector over rows k = province * sectors + sector,
/// 100 million yuan at 2022 prices.
public struct DemandByComponent: Sendable {
    private var vectors: [[Double]]

    /// Zero demand over `size` rows.
    public init(size: Int) {
        vectors = Array(repeating: [Double](repeating: 0, count: size), count: DemandComponent.allCases.count)
    }

    /// Demand from one vector per component.
    public init(_ vector: (DemandComponent) -> [Double]) {
        vectors = DemandComponent.allCases.map(vector)
    }

    public subscript(c: DemandComponent) -> [Double] {
        get { vectors[c.rawValue] }
        set { vectors[c.rawValue] = newValue }
    }

    public subscript(c: DemandComponent, k: Int) -> Double {
        get { vectors[c.rawValue][k] }
        set { vectors[c.rawValue][k] = newValue }
    }

    /// The sum over components, row by row (components added in their order).
    public var total: [Double] {
        var out = [Double](repeating: 0, count: vectors[0].count)
        for v in vectors { for k in out.indices { out[k] += v[k] } }
        return out
    }

    /// Every component mapped row by row.
    public func map(_ transform: (DemandComponent, [Double]) -> [Double]) -> DemandByComponent {
        DemandByComponent { transform($0, self[$0]) }
    }

    /// Component by component, row by row: self + other.
    public static func + (a: DemandByComponent, b: DemandByComponent) -> DemandByComponent {
        DemandByComponent { c in
            let x = a[c], y = b[c]
            return (0..<x.count).map { x[$0] + y[$0] }
        }
    }

    /// True when every entry is zero.
    var isZero: Bool { vectors.allSatisfy { $0.allSatisfy { $0 == 0 } } }
}

/// A flow a measure adds to: domestic demand of a component, exports, or the investment made by
/// an investing sector (which adds to its capital, not to demand).
enum Flow: Equatable {
    case demand(DemandComponent)
    case exports
    case investment
}
