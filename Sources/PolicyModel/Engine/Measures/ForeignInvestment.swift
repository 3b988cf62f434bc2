// SPDX-License-Identifier: GPL-3.0-or-later

/// Support for foreign-invested projects: the year's `inflow` is invested; the budget pays
/// `service_cost` per yuan of it.
enum ForeignInvestment: Measure {
    static let kind = MeasureKind.foreignInvestment

    static func apply(_ a: inout RuleApplication) throws {
        try Investment.apply(&a, amount: a.number("inflow") * a.spendingShare, fiscalShare: a.number("service_cost"))
    }
}
