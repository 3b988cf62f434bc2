// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// The 42 sectors of the NBS input-output tables and the products of the build's table in each
/// (`Scenarios/data/build/concordance-42.csv`, editable).
struct Concordance42 {
    var codes: [String]
    var names: [String]
    /// Index of the 42-sector of every product of the table, in product order.
    var sectorOfProduct: [Int]
    /// Whether the customs table covers the sector's products (goods), so that its provincial
    /// exports follow customs rather than output.
    var customs: [Bool]
    var count: Int { codes.count }
}

/// A province's level of a keyed sector that the structure fit must keep: its share of the
/// national total of the key (crude steel tonnes, vehicles).
struct HeldLevel {
    var province: Int
    var key: Sector.ProvinceKey
    /// Fraction of the national level.
    var share: Double
    /// measured for a typed-in level, estimated for one derived from a typed-in total.
    var status: ProvenanceEntry.Status
    var note: String
}

extension DataSetBuilder {
    /// concordance-42.csv: sector_42, name, first_product, last_product, customs (yes/no). Every
    /// product of the table in exactly one sector; sectors numbered 01, 02, ... in file order, as
    /// the database's sector_index counts them.
    static func readConcordance42(_ t: CSVTable, products: [String]) throws -> Concordance42 {
        let c = try t.require(["sector_42", "name", "first_product", "last_product", "customs"])
        var out = Concordance42(codes: [], names: [], sectorOfProduct: [Int](repeating: -1, count: products.count), customs: [])
        var issues: [DataIssue] = []
        for r in t.rows.indices {
            let row = t.rows[r], line = t.lines[r]
            let k = out.codes.count
            if Int(row[c[0]]) != k + 1 {
                issues.append(DataIssue(file: t.file, line: line, column: "sector_42",
                    message: "'\(row[c[0]])' out of order: sectors are numbered 01, 02, ... as in the NBS 42-sector tables; expected \(String(format: "%02d", k + 1))"))
            }
            guard row[c[4]] == "yes" || row[c[4]] == "no" else {
                issues.append(DataIssue(file: t.file, line: line, column: "customs", message: "'\(row[c[4]])' must be yes or no"))
                continue
            }
            let members = products.indices.filter { products[$0] >= row[c[2]] && products[$0] <= row[c[3]] }
            if members.isEmpty {
                issues.append(DataIssue(file: t.file, line: line, message: "the range \(row[c[2]]) to \(row[c[3]]) holds no product of the table"))
            }
            for p in members {
                if out.sectorOfProduct[p] >= 0 {
                    issues.append(DataIssue(file: t.file, line: line, column: "first_product",
                        message: "product \(products[p]) is already in sector \(out.codes[out.sectorOfProduct[p]])"))
                }
                out.sectorOfProduct[p] = k
            }
            out.codes.append(row[c[0]])
            out.names.append(row[c[1]])
            out.customs.append(row[c[4]] == "yes")
        }
        if let p = out.sectorOfProduct.firstIndex(of: -1), issues.isEmpty {
            issues.append(DataIssue(file: t.file, column: "first_product", message: "product \(products[p]) is in no sector; extend a range to cover it"))
        }
        if !issues.isEmpty { throw DataError(issues) }
        return out
    }

    /// B[k, i]: the share of 42-sector k's national value `weights` (per product) that falls in
    /// model sector i. Rows sum to one (a sector of zero value goes to its first product's sector).
    static func bridge(_ c: Concordance42, weights: [Double], sectorOf: [Int], sectors: Int) -> Matrix {
        var b = Matrix(rows: c.count, columns: sectors)
        var total = [Double](repeating: 0, count: c.count)
        for p in weights.indices {
            b[c.sectorOfProduct[p], sectorOf[p]] += weights[p]
            total[c.sectorOfProduct[p]] += weights[p]
        }
        for k in 0..<c.count {
            if total[k] > 0 {
                for i in 0..<sectors { b[k, i] /= total[k] }
            } else if let p = c.sectorOfProduct.firstIndex(of: k) {
                b[k, sectorOf[p]] = 1
            }
        }
        return b
    }

    /// For every model sector, the fraction of its structure prior (summed over provinces) that
    /// comes from 42-sectors lying wholly inside it, whose provincial pattern is therefore measured
    /// rather than split by the national product mix.
    static func wholeSectorShares(_ c: Concordance42, grossOutput: Matrix, prior: Matrix, sectorOf: [Int]) -> [Double] {
        let n = prior.columns
        // The model sector a 42-sector lies in, if it lies in one.
        var inside = [Int?](repeating: nil, count: c.count)
        var split = [Bool](repeating: false, count: c.count)
        for (p, k) in c.sectorOfProduct.enumerated() {
            if let i = inside[k], i != sectorOf[p] { split[k] = true }
            inside[k] = inside[k] ?? sectorOf[p]
        }
        let totals = grossOutput.columnSums(), priorTotals = prior.columnSums()
        var whole = [Double](repeating: 0, count: n)
        for k in 0..<c.count where !split[k] { whole[inside[k]!] += totals[k] }
        return (0..<n).map { priorTotals[$0] > 0 ? whole[$0] / priorTotals[$0] : 0 }
    }

    /// Crude steel and vehicle levels the structure must keep, as shares of the national total.
    /// Steel: the typed-in provinces (measured); the rest of the stated top-seven total over the
    /// top-seven provinces without a level, by steelmaking capacity (estimated). Vehicles: the
    /// typed-in provinces (measured; Guangdong's is a preliminary lower bound).
    static func typedInLevels(provinces: [Province], top7: CSVTable, capacity: CSVTable, top7Total: Double, nationalSteel: Double,
                              vehicles: CSVTable, nationalVehicles: Double) throws -> [HeldLevel] {
        func province(_ t: CSVTable, _ r: Int, _ column: Int) throws -> Int {
            guard let p = provinces.firstIndex(where: { $0.id == t.rows[r][column] }) else {
                throw DataError(file: t.file, line: t.lines[r], column: t.header[column], "unknown province '\(t.rows[r][column])'")
            }
            return p
        }
        var out: [HeldLevel] = []
        let t = try top7.require(["province_en", "crude_steel_2022_mt_rounded"])
        let k = try capacity.require(["province_en", "total_capacity_kt_per_yr"])
        var cap = [Double](repeating: 0, count: provinces.count)
        for r in capacity.rows.indices { cap[try province(capacity, r, k[0])] = try capacity.number(r, k[1]) }
        var known = 0.0
        var unknown: [Int] = []
        for r in top7.rows.indices {
            let p = try province(top7, r, t[0])
            if out.contains(where: { $0.province == p }) || unknown.contains(p) {
                throw DataError(file: top7.file, line: top7.lines[r], column: "province_en", "\(provinces[p].id) is listed twice")
            }
            if CSV.trimmed(top7.rows[r][t[1]]).isEmpty {
                unknown.append(p)
            } else {
                let v = try top7.number(r, t[1])
                known += v
                out.append(HeldLevel(province: p, key: .crudeSteel, share: v / nationalSteel, status: .measured,
                                     note: "\(CSV.number(v)) Mt of \(CSV.number(nationalSteel)) (typed-in, rounded to 1 Mt)"))
            }
        }
        let unknownCapacity = unknown.reduce(0) { $0 + cap[$1] }
        guard top7Total >= known, nationalSteel >= top7Total, unknown.isEmpty || unknownCapacity > 0 else {
            throw DataError(file: top7.file, "crude steel figures are inconsistent: top-seven total \(top7Total), listed levels \(known), national \(nationalSteel)")
        }
        for p in unknown {
            let v = (top7Total - known) * cap[p] / unknownCapacity
            out.append(HeldLevel(province: p, key: .crudeSteel, share: v / nationalSteel, status: .estimated,
                                 note: String(format: "%.1f Mt: the top-seven total %@ Mt less the listed levels, split by steelmaking capacity", v, CSV.number(top7Total))))
        }
        let c = try vehicles.require(["province_en", "value"])
        var vehicleTotal = 0.0
        for r in vehicles.rows.indices {
            let p = try province(vehicles, r, c[0])
            if out.contains(where: { $0.province == p && $0.key == .vehicles }) {
                throw DataError(file: vehicles.file, line: vehicles.lines[r], column: "province_en", "\(provinces[p].id) is listed twice")
            }
            let v = try vehicles.number(r, c[1])
            vehicleTotal += v
            out.append(HeldLevel(province: p, key: .vehicles, share: v / nationalVehicles, status: .measured,
                                 note: "\(CSV.number(v)) of \(CSV.number(nationalVehicles)) 10 thousand vehicles (typed-in)"))
        }
        guard vehicleTotal < nationalVehicles else {
            throw DataError(file: vehicles.file, "typed-in provincial vehicle output \(vehicleTotal) is not below the national total \(nationalVehicles)")
        }
        return out
    }

    /// Provincial value added by sector: within each group, the provinces x member sectors matrix
    /// fitted biproportionally to the provinces' group value added (`level1`, base-year
    /// measurements) and the sectors' national value added, from the prior `prior` (the
    /// structure year's provincial gross output carried to model sectors), with the `held`
    /// levels kept exactly: a keyed cell is national value added x the province's share of the
    /// key. RAS is invariant to scaling the prior's columns, so the prior's units and the
    /// sectors' value-added ratios do not matter; only its provincial pattern does.
    ///
    /// Returns value added (provinces x sectors) and the status of every cell: held cells take
    /// the level's status; cells of a group with one sector are the base-year measurement
    /// (measured); cells of a sector made of whole 42-sectors are the structure year scaled to the
    /// base year (`wholeStatus`: scaled, or measured when the structure year is the base year); cells of a sector that shares a 42-sector with another are split by the
    /// national product mix (estimated).
    static func fitStructure(level1: Matrix, sectors: [Sector], nationalVA: [Double], prior: Matrix, whole: [Bool],
                             wholeStatus: ProvenanceEntry.Status = .scaled, held: [HeldLevel],
                             provinces: [Province]) throws -> (va: Matrix, status: [ProvenanceEntry.Status]) {
        let np = provinces.count, n = sectors.count
        var va = Matrix(rows: np, columns: n)
        var status = [ProvenanceEntry.Status](repeating: .estimated, count: np * n)
        for (gi, g) in Sector.Group.allCases.enumerated() {
            for p in 0..<np {
                let levels = held.filter { $0.province == p }
                let keyed = (0..<n).filter { i in sectors[i].group == g && levels.contains { $0.key == sectors[i].provinceKey } }
                let total = keyed.reduce(0.0) { sum, i in sum + nationalVA[i] * levels.first { $0.key == sectors[i].provinceKey }!.share }
                guard total <= level1[p, gi] else {
                    throw DataError(file: "typed-in levels", "\(provinces[p].id): the typed-in levels (\(levels.map(\.note).joined(separator: "; "))) need \(String(format: "%.0f", total)) of value added, more than the province's \(g.rawValue) value added \(String(format: "%.0f", level1[p, gi])); check the levels or the national totals in parameters.csv")
                }
            }
        }
        for (gi, g) in Sector.Group.allCases.enumerated() {
            let members = (0..<n).filter { sectors[$0].group == g }
            guard !members.isEmpty else { continue }
            var p0 = Matrix(rows: np, columns: members.count)
            var fixed: [Int: Double] = [:]
            for (k, i) in members.enumerated() {
                for p in 0..<np { p0[p, k] = prior[p, i] }
                for h in held where h.key == sectors[i].provinceKey {
                    fixed[h.province * members.count + k] = nationalVA[i] * h.share
                    status[h.province * n + i] = h.status
                }
            }
            let fitted = try Biproportional.fit(prior: p0, rowTargets: (0..<np).map { level1[$0, gi] },
                                                columnTargets: members.map { nationalVA[$0] }, held: fixed,
                                                label: "provinces x \(g.rawValue) sectors value added")
            for (k, i) in members.enumerated() {
                for p in 0..<np {
                    va[p, i] = fitted[p, k]
                    guard fixed[p * members.count + k] == nil else { continue }
                    status[p * n + i] = members.count == 1 ? .measured : whole[i] ? wholeStatus : .estimated
                }
            }
        }
        return (va, status)
    }
}
