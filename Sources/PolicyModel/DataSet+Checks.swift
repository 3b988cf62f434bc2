// SPDX-License-Identifier: GPL-3.0-or-later

/// One problem with a data set, located by file, line and column where it has one.
public struct DataIssue: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": error: "
        if let column { s += "column '\(column)': " }
        return s + message
    }
}

/// File names of a data set folder.
public enum DataSetFile {
    public static let manifest = "manifest.json"
    public static let sectors = "sectors.csv"
    public static let provinces = "provinces.csv"
    public static let aggregates = "aggregates.csv"
    public static let externals = "external.csv"
    public static let national = "national.csv"
    public static let coefficients = "coefficients.csv"
    public static let provincial = "province_sector.csv"
    public static let sourcing = "sourcing.csv"
    public static let gdpHistory = "gdp_history.csv"
    public static let provenance = "provenance.csv"
    /// Optional: the composition of final demand in two earlier tables (`DemandTrends`).
    public static let trends = "trends.csv"
    public static let trendsColumns = ["component", "sector", "from_year", "to_year", "demand_from", "demand_to"]
}

extension DataSet {
    /// Relative tolerance of the accounting checks: a sum of n terms may differ from its target
    /// by this much times the sum of the terms' absolute values.
    public static let identityTolerance = 1e-9
    /// How far a province's value added may be from its NBS GDP (the provincial sum is 99.1 % of
    /// national GDP in 2022, so scaling to the national table moves every province by 0.9 %).
    public static let gdpTolerance = 0.01

    /// Every accounting, sign and share check; empty when the data set is consistent.
    ///
    /// `line(table, row)` gives the line in the table's file of a data row (default: row + 2,
    /// after the header, which is how `DataSetWriter` writes them).
    public func check(line: (String, Int) -> Int? = { _, row in row + 2 }) -> [DataIssue] {
        var issues: [DataIssue] = []
        let n = sectors.count, np = provinces.count
        func close(_ a: Double, _ b: Double, scale: Double) -> Bool {
            abs(a - b) <= DataSet.identityTolerance * max(scale, abs(a), abs(b), 1e-12)
        }
        func fmt(_ x: Double) -> String { String(format6(x)) }

        // National table: row balance and column balance.
        for i in 0..<n {
            let l = line(DataSetFile.national, i)
            let use = national[.intermediateUse, i] + FlowColumn.finalDemand.reduce(0) { $0 + national[$1, i] } - national[.imports, i]
            let scale = abs(national[.intermediateUse, i]) + FlowColumn.finalDemand.reduce(0) { $0 + abs(national[$1, i]) } + abs(national[.imports, i])
            if !close(national[.output, i], use, scale: scale) {
                issues.append(DataIssue(file: DataSetFile.national, line: l, column: "output",
                    message: "sector \(sectors[i].id): output \(fmt(national[.output, i])) differs from intermediate use + final demand - imports = \(fmt(use))"))
            }
            let input = national[.intermediateInput, i] + national[.valueAdded, i]
            if !close(national[.output, i], input, scale: abs(national[.intermediateInput, i]) + abs(national[.valueAdded, i])) {
                issues.append(DataIssue(file: DataSetFile.national, line: l, column: "output",
                    message: "sector \(sectors[i].id): output \(fmt(national[.output, i])) differs from intermediate input + value added = \(fmt(input))"))
            }
            let components = FlowColumn.valueAddedComponents.reduce(0) { $0 + national[$1, i] }
            if !close(national[.valueAdded, i], components, scale: FlowColumn.valueAddedComponents.reduce(0) { $0 + abs(national[$1, i]) }) {
                issues.append(DataIssue(file: DataSetFile.national, line: l, column: "value_added",
                    message: "sector \(sectors[i].id): value added \(fmt(national[.valueAdded, i])) differs from the sum of its components \(fmt(components))"))
            }
            let m = importShare(i)
            if !(m >= 0 && m <= 1) {
                issues.append(DataIssue(file: DataSetFile.national, line: l, column: "imports",
                    message: "sector \(sectors[i].id): imports are \(fmt(m * 100)) % of domestic use; the import share must lie in [0, 1]"))
            }
        }

        // Coefficients: non-negative, consistent with the national table, productive.
        if coefficients.rows != n || coefficients.columns != n {
            issues.append(DataIssue(file: DataSetFile.coefficients, message: "is \(coefficients.rows) x \(coefficients.columns); it must be \(n) x \(n), one row and column per sector"))
        } else {
            let sums = coefficients.columnSums()
            for j in 0..<n {
                if !(sums[j] < 1) {
                    issues.append(DataIssue(file: DataSetFile.coefficients, line: nil, column: sectors[j].id,
                        message: "column sums to \(fmt(sums[j])); intermediate inputs per unit of output must be below 1"))
                }
                let implied = sums[j] * national[.output, j]
                if !close(implied, national[.intermediateInput, j], scale: abs(national[.intermediateInput, j])) {
                    issues.append(DataIssue(file: DataSetFile.coefficients, column: sectors[j].id,
                        message: "column implies intermediate input \(fmt(implied)), the national table says \(fmt(national[.intermediateInput, j]))"))
                }
                for i in 0..<n where !(coefficients[i, j] >= 0) {
                    issues.append(DataIssue(file: DataSetFile.coefficients, line: line(DataSetFile.coefficients, i), column: sectors[j].id,
                        message: "coefficient \(fmt(coefficients[i, j])) must be a finite number >= 0"))
                }
            }
        }

        // Coefficients against the national rows: sum_j A[i, j] x_j is the intermediate use of
        // product i. A row of coefficients.csv under another sector's label (two rows
        // swapped) keeps every column sum and breaks this.
        if coefficients.rows == n && coefficients.columns == n {
            for i in 0..<n {
                var use = 0.0, scale = 0.0
                for j in 0..<n {
                    let z = coefficients[i, j] * national[.output, j]
                    use += z
                    scale += abs(z)
                }
                if !close(use, national[.intermediateUse, i], scale: scale) {
                    issues.append(DataIssue(file: DataSetFile.coefficients, line: line(DataSetFile.coefficients, i), column: "sector",
                        message: "row \(sectors[i].id) implies intermediate use \(fmt(use)) (A times national output), the national table says \(fmt(national[.intermediateUse, i])); is the row under the right sector label?"))
                }
            }
        }

        // Provinces sum to the nation, column by column.
        for column in FlowColumn.national where provincial.columns[column] != nil && national.columns[column] != nil {
            for i in 0..<n {
                var sum = 0.0, scale = 0.0
                for p in 0..<np {
                    let v = provincial[column, row(p, i)]
                    sum += v
                    scale += abs(v)
                }
                if !close(sum, national[column, i], scale: scale) {
                    issues.append(DataIssue(file: DataSetFile.provincial, column: column.rawValue,
                        message: "sector \(sectors[i].id): provinces sum to \(fmt(sum)), the national table says \(fmt(national[column, i]))"))
                }
            }
        }

        // Per province and sector: signs and the accounting identity.
        for p in 0..<np {
            for i in 0..<n {
                let r = row(p, i)
                let l = line(DataSetFile.provincial, r)
                for column in provincial.columnList where !FlowColumn.mayBeNegative.contains(column) {
                    let v = provincial[column, r]
                    if !(v >= 0) {
                        issues.append(DataIssue(file: DataSetFile.provincial, line: l, column: column.rawValue,
                            message: "\(provinces[p].id), \(sectors[i].id): \(fmt(v)) must be a finite number >= 0"))
                    }
                }
                var rhs = provincial[.intermediateUse, r] - provincial[.imports, r]
                    + provincial[.interprovincialOutflow, r] - provincial[.interprovincialInflow, r]
                var scale = abs(provincial[.intermediateUse, r]) + abs(provincial[.imports, r])
                    + abs(provincial[.interprovincialOutflow, r]) + abs(provincial[.interprovincialInflow, r])
                for c in FlowColumn.finalDemand {
                    rhs += provincial[c, r]
                    scale += abs(provincial[c, r])
                }
                // The engine's import share of the row, imports / domestic use, must lie in [0, 1].
                let use = provincial[.intermediateUse, r] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + provincial[$1, r] }
                if provincial[.imports, r] > use + DataSet.identityTolerance * max(abs(use), 1e-12) {
                    issues.append(DataIssue(file: DataSetFile.provincial, line: l, column: "imports",
                        message: "\(provinces[p].id), \(sectors[i].id): imports \(fmt(provincial[.imports, r])) exceed domestic use (intermediate use + domestic final demand) \(fmt(use)); the import share must lie in [0, 1]"))
                }
                if !close(provincial[.output, r], rhs, scale: scale) {
                    issues.append(DataIssue(file: DataSetFile.provincial, line: l, column: "output",
                        message: "\(provinces[p].id), \(sectors[i].id): output \(fmt(provincial[.output, r])) differs from intermediate use + final demand - imports + outflow - inflow = \(fmt(rhs))"))
                }
            }
            let va = provinceTotal(.valueAdded, p)
            let gdp = provinces[p].gdp
            if !(abs(va - gdp) <= DataSet.gdpTolerance * gdp) {
                issues.append(DataIssue(file: DataSetFile.provincial, column: "value_added",
                    message: "\(provinces[p].id): value added \(fmt(va)) is \(fmt((va / gdp - 1) * 100)) % from its 2022 GDP \(fmt(gdp)) (provinces.csv); at most 1 % is allowed"))
            }
        }

        // Sourcing shares: in [0, 1], summing to one over origins for every destination.
        if sourcing.count != n {
            issues.append(DataIssue(file: DataSetFile.sourcing, message: "has shares for \(sourcing.count) sectors; the data set has \(n)"))
        } else {
            for i in 0..<n {
                let t = sourcing[i]
                guard t.rows == np, t.columns == np else {
                    issues.append(DataIssue(file: DataSetFile.sourcing, message: "sector \(sectors[i].id): needs a share for every origin and destination province"))
                    continue
                }
                for r in 0..<np {
                    var sum = 0.0
                    for s in 0..<np {
                        let v = t[s, r]
                        if !(v >= 0 && v <= 1) {
                            issues.append(DataIssue(file: DataSetFile.sourcing, column: "share",
                                message: "sector \(sectors[i].id), \(provinces[s].id) -> \(provinces[r].id): share \(fmt(v)) must lie in [0, 1]"))
                        }
                        sum += v
                    }
                    if abs(sum - 1) > 1e-12 * Double(np) {
                        issues.append(DataIssue(file: DataSetFile.sourcing, column: "share",
                            message: "sector \(sectors[i].id), destination \(provinces[r].id): shares over origins sum to \(sum), not 1"))
                    }
                }
            }
        }

        issues += membershipIssues(line: line)
        issues += externalIssues(line: line)
        issues += historyIssues()

        // Aggregates: known members, weights in (0, 1].
        for a in aggregates {
            if a.members.isEmpty {
                issues.append(DataIssue(file: DataSetFile.aggregates, message: "aggregate \(a.id) has no members"))
            }
            for m in a.members {
                if provinceIndex(m.province) == nil {
                    issues.append(DataIssue(file: DataSetFile.aggregates, column: "member", message: "aggregate \(a.id): unknown province '\(m.province)'"))
                }
                if !(m.weight > 0 && m.weight <= 1) {
                    issues.append(DataIssue(file: DataSetFile.aggregates, column: "weight", message: "aggregate \(a.id), \(m.province): weight \(m.weight) must lie in (0, 1]"))
                }
            }
        }
        return issues
    }

    /// Regions and the nation: every province is in the region provinces.csv names for it, at
    /// weight 1, and in no other of the regions that provinces.csv names; the nation holds
    /// every province at weight 1. (Central-West, a region that is no province's own, is a
    /// group of regions and may overlap them.)
    func membershipIssues(line: (String, Int) -> Int?) -> [DataIssue] {
        var issues: [DataIssue] = []
        let homes = Set(provinces.map(\.region))
        for (p, province) in provinces.enumerated() {
            guard let a = aggregates.first(where: { $0.id == province.region }), a.kind == .region else {
                let regions = aggregates.filter { $0.kind == .region }.map(\.id)
                issues.append(DataIssue(file: DataSetFile.provinces, line: line(DataSetFile.provinces, p), column: "region",
                    message: "\(province.id): region '\(province.region)' is not a region of aggregates.csv" + (nearestName(province.region, regions).map { "; did you mean '\($0)'?" } ?? "")))
                continue
            }
            if let m = a.members.first(where: { $0.province == province.id }) {
                if m.weight != 1 {
                    issues.append(DataIssue(file: DataSetFile.aggregates, column: "weight", message: "region \(a.id): \(province.id) has weight \(m.weight); a province counts whole in its own region (weight 1)"))
                }
            } else {
                issues.append(DataIssue(file: DataSetFile.aggregates, column: "member", message: "region \(a.id) lacks \(province.id), whose region it is in provinces.csv"))
            }
            for other in aggregates where other.kind == .region && other.id != a.id && homes.contains(other.id)
                && other.members.contains(where: { $0.province == province.id }) {
                issues.append(DataIssue(file: DataSetFile.aggregates, column: "member", message: "\(province.id) is in region \(other.id) and in its own region \(a.id) (provinces.csv); a province is in one region"))
            }
        }
        for a in aggregates where a.kind == .nation {
            for province in provinces where !a.members.contains(where: { $0.province == province.id && $0.weight == 1 }) {
                issues.append(DataIssue(file: DataSetFile.aggregates, column: "member", message: "the nation \(a.id) must hold \(province.id) at weight 1"))
            }
        }
        return issues
    }

    /// External economies: a unique id, a GDP above 0, a cluster of the data set.
    func externalIssues(line: (String, Int) -> Int?) -> [DataIssue] {
        var issues: [DataIssue] = []
        var seen = Set<String>()
        let clusters = aggregates.filter { $0.kind == .cluster }.map(\.id)
        for (k, e) in externals.enumerated() {
            let l = line(DataSetFile.externals, k)
            if !seen.insert(e.id).inserted {
                issues.append(DataIssue(file: DataSetFile.externals, line: l, column: "id", message: "economy '\(e.id)' is listed twice"))
            }
            if !(e.gdp > 0 && e.gdp.isFinite) {
                issues.append(DataIssue(file: DataSetFile.externals, line: l, column: "gdp", message: "\(e.id): GDP \(format6(e.gdp)) must be a finite number above 0 (100 million yuan)"))
            }
            if !clusters.contains(e.cluster) {
                issues.append(DataIssue(file: DataSetFile.externals, line: l, column: "cluster", message: "\(e.id): '\(e.cluster)' is not a cluster of aggregates.csv" + (nearestName(e.cluster, clusters).map { "; did you mean '\($0)'?" } ?? "; the clusters are \(clusters.joined(separator: ", "))")))
            }
        }
        return issues
    }

    /// GDP history: every province has a positive GDP in every year of one span that ends in
    /// the base year (the baseline's growth differentials are measured on it).
    func historyIssues() -> [DataIssue] {
        var issues: [DataIssue] = []
        let years = Set(gdpHistory.values.flatMap(\.keys))
        guard let first = years.min(), let last = years.max() else {
            return [DataIssue(file: DataSetFile.gdpHistory, message: "holds no rows; every province needs its GDP for the years up to the base year \(baseYear)")]
        }
        if last != baseYear {
            issues.append(DataIssue(file: DataSetFile.gdpHistory, column: "year", message: "ends in \(last), but the base year (manifest.json base_year) is \(baseYear); the history must end in the base year"))
        }
        for province in provinces {
            let h = gdpHistory[province.id] ?? [:]
            let missing = (first...last).filter { h[$0] == nil }
            if !missing.isEmpty {
                let shown = missing.prefix(5).map(String.init).joined(separator: ", ") + (missing.count > 5 ? ", ..." : "")
                issues.append(DataIssue(file: DataSetFile.gdpHistory, column: "year", message: "\(province.id) has no GDP for \(shown) (the history runs \(first)-\(last))"))
            }
            for (year, v) in h.sorted(by: { $0.key < $1.key }) where !(v > 0 && v.isFinite) {
                issues.append(DataIssue(file: DataSetFile.gdpHistory, column: "gdp", message: "\(province.id), \(year): GDP \(format6(v)) must be a finite number above 0"))
            }
        }
        return issues
    }

    /// A weighted sum over an aggregate's members of a per-province quantity.
    public func aggregate(_ a: Aggregate, _ value: (Int) -> Double) -> Double {
        a.members.reduce(0) { acc, m in
            guard let p = provinceIndex(m.province) else { return acc }
            return acc + m.weight * value(p)
        }
    }
}

/// Six significant digits, without Foundation.
func format6(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    if x == 0 { return "0" }
    let magnitude = abs(x)
    if magnitude >= 1e-3 && magnitude < 1e9 {
        let rounded = (x * 1000).rounded() / 1000
        return "\(rounded)"
    }
    return "\(x)"
}
