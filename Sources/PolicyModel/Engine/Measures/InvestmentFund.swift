// SPDX-License-Identifier: GPL-3.0-or-later

/// Government industrial investment funds: the year's `fund` money times `leverage` is invested;
/// the budget pays the fund's own money, 1 / leverage of the investment.
enum InvestmentFund: Measure {
    static let kind = MeasureKind.investmentFund
    static let spec = MeasureSpec(kind: kind, task: "2 increase investment",
        summary: "Government industrial investment funds that draw in social capital.",
        changes: "adds fund x leverage of fixed capital formation (split by `composition`, over the areas' provinces by GDP) and the same amount to the investing sectors' capital",
        fiscalCost: "the fund's own money in the year (fund x level / sum of levels)",
        sectorsMean: MeasureLibrary.investmentSectors,
        parameters: [
            MeasureLibrary.p("fund", .amount, required: true, "total government money put into funds over the rule's years"),
            MeasureLibrary.p("leverage", .ratio, 4, "total investment per yuan of government money (fund plus the social capital it draws)", range: .multiplier),
            MeasureLibrary.p("composition", .composition, "what the investment buys, " + MeasureLibrary.investingCompositionDefault),
            MeasureLibrary.equipmentShare,
        ] + MeasureLibrary.spending(additionality: 0.5, basis: "an assumption: guidance funds partly finance projects that would have found capital anyway; range 0.25 to 0.75"))

    static func apply(_ a: inout RuleApplication) throws {
        let fund = a.number("fund") * a.spendingShare, leverage = a.number("leverage")
        try Investment.apply(&a, amount: fund * leverage, fiscalShare: leverage > 0 ? 1 / leverage : 0)
    }
}
