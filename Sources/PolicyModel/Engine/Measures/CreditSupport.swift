// SPDX-License-Identifier: GPL-3.0-or-later

/// Credit to manufacturing: the year's `lending` times `investment_uptake` is invested; the
/// budget pays `interest_subsidy` per yuan lent.
enum CreditSupport: Measure {
    static let kind = MeasureKind.creditSupport

    static func apply(_ a: inout RuleApplication) throws {
        let lending = a.number("lending") * a.spendingShare, uptake = a.number("investment_uptake")
        try Investment.apply(&a, amount: lending * uptake, fiscalShare: uptake > 0 ? a.number("interest_subsidy") / uptake : 0)
    }
}
