// SPDX-License-Identifier: GPL-3.0-or-later

/// An area of a multiplier table: a province, or a weighted set of provinces (a region, a
/// cluster, the nation), exactly as the data set's `aggregates.csv` defines it.
///
/// A weighted area counts w_p of member p, on both sides of a multiplier:
/// - its final demand for sector j is y_{A,j} = sum_p w_p y_{p,j} (the Greater Bay Area's is
///   0.8107 of Guangdong's, in Guangdong's sector and sourcing mix);
/// - its result (output, value added, income, employment) is sum_p w_p result_p.
/// Overlaps are therefore exact: Anhui counts fully in Central and in the Yangtze River Delta.
public struct AnalysisArea: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case province, region, cluster, nation
    }

    public struct Member: Sendable, Equatable {
        public var province: Int
        public var weight: Double
        public init(province: Int, weight: Double) {
            self.province = province
            self.weight = weight
        }
    }

    public var id: String
    public var kind: Kind
    /// Members by province index (increasing), with weights in (0, 1].
    public var members: [Member]

    public init(id: String, kind: Kind, members: [Member]) {
        self.id = id
        self.kind = kind
        self.members = members.sorted { $0.province < $1.province }
    }

    /// Every province of `data` as an area of its own.
    public static func provinces(_ data: DataSet) -> [AnalysisArea] {
        data.provinces.indices.map { AnalysisArea(id: data.provinces[$0].id, kind: .province, members: [Member(province: $0, weight: 1)]) }
    }

    /// The data set's aggregates of one kind, members resolved to province indexes.
    public static func aggregates(_ data: DataSet, kind: Aggregate.Kind) -> [AnalysisArea] {
        data.aggregates.filter { $0.kind == kind }.map { a in
            AnalysisArea(id: a.id, kind: Kind(rawValue: a.kind.rawValue)!,
                         members: a.members.compactMap { m in data.provinceIndex(m.province).map { Member(province: $0, weight: m.weight) } })
        }
    }

    /// The nation: the data set's aggregate of kind nation, or every province at weight 1 when
    /// the data set has none (an imported table, say).
    public static func nation(_ data: DataSet) -> AnalysisArea {
        aggregates(data, kind: .nation).first
            ?? AnalysisArea(id: "all provinces", kind: .nation, members: data.provinces.indices.map { Member(province: $0, weight: 1) })
    }
}
