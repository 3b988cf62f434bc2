// SPDX-License-Identifier: GPL-3.0-or-later

/// Credit to manufacturing: the year's `lending` times `investment_uptake` is invested; the
/// budget pays `interest_subsidy` per yuan lent.
enum CreditSupport: Measure {
    static let kind = MeasureKind.creditSupport
    static let spec = MeasureSpec(kind: kind, task: "2 increase investment",
        summary: "Credit to manufacturing (industry-finance integration) with an interest subsidy.",
        changes: "adds lending x investment_uptake of fixed capital formation (split by `composition`) and of the investing sectors' capital",
        fiscalCost: "lending x interest_subsidy in the year the loans are made",
        sectorsMean: MeasureLibrary.investmentSectors,
        parameters: [
            MeasureLibrary.p("lending", .amount, required: true, "total new lending over the rule's years"),
            MeasureLibrary.p("investment_uptake", .share, 0.5, "fraction of the lending spent on fixed investment"),
            MeasureLibrary.p("interest_subsidy", .rate, 0.01, "budget cost per yuan lent", range: ParameterRange(0, 0.2)),
            MeasureLibrary.p("composition", .composition, "what the investment buys, " + MeasureLibrary.investingCompositionDefault),
            MeasureLibrary.equipmentShare,
        ] + MeasureLibrary.spending(additionality: 0.3, basis: "an assumption: most subsidised lending finances investment firms would have made; range 0.1 to 0.5"))

    static func apply(_ a: inout RuleApplication) throws {
        let lending = a.number("lending") * a.spendingShare, uptake = a.number("investment_uptake")
        try Investment.apply(&a, amount: lending * uptake, fiscalShare: uptake > 0 ? a.number("interest_subsidy") / uptake : 0)
    }
}
