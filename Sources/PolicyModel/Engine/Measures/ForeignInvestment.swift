// SPDX-License-Identifier: GPL-3.0-or-later

/// Support for foreign-invested projects: the year's `inflow` is invested; the budget pays
/// `service_cost` per yuan of it.
enum ForeignInvestment: Measure {
    static let kind = MeasureKind.foreignInvestment
    static let spec = MeasureSpec(kind: kind, task: "2 increase investment",
        summary: "Support for foreign-invested projects.",
        changes: "adds the inflow to fixed capital formation (split by `composition`) and to the investing sectors' capital",
        fiscalCost: "inflow x service_cost",
        sectorsMean: MeasureLibrary.investmentSectors,
        parameters: [
            MeasureLibrary.p("inflow", .amount, required: true, "total additional foreign direct investment over the rule's years"),
            MeasureLibrary.p("service_cost", .rate, 0, "budget cost per yuan of inflow (service guarantees, incentives)", range: .costPerYuan),
            MeasureLibrary.p("composition", .composition, "what the investment buys, " + MeasureLibrary.investingCompositionDefault),
            MeasureLibrary.equipmentShare,
        ] + MeasureLibrary.spending(additionality: 0.5, basis: "an assumption: part of the supported inflow would have come anyway; range 0.25 to 1"))

    static func apply(_ a: inout RuleApplication) throws {
        try Investment.apply(&a, amount: a.number("inflow") * a.spendingShare, fiscalShare: a.number("service_cost"))
    }
}
