// SPDX-License-Identifier: GPL-3.0-or-later

/// A mainland province (or municipality, or autonomous region) of the input-output system.
public struct Province: Sendable, Equatable {
    /// English name as in the NBS sources ("Inner Mongolia"), used as the identifier.
    public var id: String
    public var nameZh: String
    /// NBS 2011 region: East, Central, West or Northeast.
    public var region: String
    public var capital: String
    /// Capital coordinates in decimal degrees, for gravity distances.
    public var latitude: Double
    public var longitude: Double
    /// NBS final-verified 2022 gross regional product, 100 million yuan, current (= 2022) prices.
    public var gdp: Double

    public init(id: String, nameZh: String, region: String, capital: String, latitude: Double, longitude: Double, gdp: Double) {
        self.id = id
        self.nameZh = nameZh
        self.region = region
        self.capital = capital
        self.latitude = latitude
        self.longitude = longitude
        self.gdp = gdp
    }
}

/// A weighted set of provinces: a region, a cluster or the nation.
///
/// Every aggregate value is the weighted sum of its members' values, so overlaps are exact:
/// Anhui is in Central and in the Yangtze River Delta; Guangdong is in the Greater Bay Area with
/// the weight of its nine Pearl River Delta cities.
public struct Aggregate: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case region, cluster, nation
    }

    public var id: String
    public var kind: Kind
    /// Province identifiers and weights in (0, 1].
    public var members: [Member]

    public struct Member: Sendable, Equatable {
        public var province: String
        public var weight: Double
        public init(province: String, weight: Double) {
            self.province = province
            self.weight = weight
        }
    }

    public init(id: String, kind: Kind, members: [Member]) {
        self.id = id
        self.kind = kind
        self.members = members
    }
}

/// An economy outside the mainland input-output system (Hong Kong, Macao), carried at GDP level.
public struct ExternalEconomy: Sendable, Equatable {
    public var id: String
    /// 2022 GDP in 100 million yuan.
    public var gdp: Double
    /// The cluster the economy belongs to ("Greater Bay Area").
    public var cluster: String
    public var source: String

    public init(id: String, gdp: Double, cluster: String, source: String) {
        self.id = id
        self.gdp = gdp
        self.cluster = cluster
        self.source = source
    }
}
