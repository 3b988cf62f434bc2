// SPDX-License-Identifier: GPL-3.0-or-later

/// A model sector: one or more of the 153 products of the NBS 2020 input-output table.
public struct Sector: Sendable, Equatable, Hashable {
    /// Which block of provincial value added a sector's provincial split is fitted within.
    public enum Group: String, Sendable, CaseIterable {
        case agriculture, industry, construction, services
    }

    /// The evidence that distributes a sector's national value added over provinces, within
    /// the province's value added of the sector's group.
    public enum ProvinceKey: String, Sendable, CaseIterable {
        /// The provincial structure of the structure year (Chen et al. 2023, 2017 gross output
        /// by 42 sectors), fitted to the base year.
        case group
        /// As `group`, with the typed-in base-year crude steel levels held (shares of national
        /// tonnes; the top-seven total's remainder split by capacity).
        case crudeSteel = "crude_steel"
        /// As `group`, with the typed-in base-year vehicle output held (shares of national vehicles).
        case vehicles
    }

    /// Short identifier used in files and rules (`steel`, `automobiles`).
    public var id: String
    public var name: String
    public var group: Group
    /// One of the five key industries of the 2023 statement.
    public var isKeyIndustry: Bool
    public var provinceKey: ProvinceKey
    /// NBS product codes ("061") aggregated into this sector.
    public var products: [String]

    public init(id: String, name: String, group: Group, isKeyIndustry: Bool, provinceKey: ProvinceKey, products: [String]) {
        self.id = id
        self.name = name
        self.group = group
        self.isKeyIndustry = isKeyIndustry
        self.provinceKey = provinceKey
        self.products = products
    }
}
