// SPDX-License-Identifier: GPL-3.0-or-later

/// Government industrial investment funds: the year's `fund` money times `leverage` is invested;
/// the budget pays the fund's own money, 1 / leverage of the investment.
enum InvestmentFund: Measure {
    static let kind = MeasureKind.investmentFund

    static func apply(_ a: inout RuleApplication) throws {
        let fund = a.number("fund") * a.spendingShare, leverage = a.number("leverage")
        try Investment.apply(&a, amount: fund * leverage, fiscalShare: leverage > 0 ? 1 / leverage : 0)
    }
}
