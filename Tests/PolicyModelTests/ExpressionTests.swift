// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
@testable import PolicyModel

@Suite struct ExpressionTests {
    func eval(_ text: String, _ vars: [String: Double] = [:]) throws -> Double {
        try Expression.parse(text).evaluate { vars[$0] ?? .nan }
    }

    @Test func percentagesAreFractions() throws {
        #expect(try eval("output_growth < 3%", ["output_growth": 0.029]) == 1)
        #expect(try eval("output_growth < 3%", ["output_growth": 0.03]) == 0)
    }

    @Test func precedenceIsArithmeticThenComparisonThenNotAndOr() throws {
        // 2 + 3 * 4 = 14 > 13; not binds tighter than and, and tighter than or.
        #expect(try eval("2 + 3 * 4 > 13") == 1)
        #expect(try eval("year == 2023 or year == 2024 and gdp_growth > 1", ["year": 2023, "gdp_growth": 0]) == 1)
        #expect(try eval("not year == 2023 and year < 2030", ["year": 2024]) == 1)
        #expect(try eval("(1 - 2) * 3 == -3") == 1)
    }

    @Test func functions() throws {
        #expect(try eval("min(output_growth, 1%) == 1%", ["output_growth": 0.05]) == 1)
        #expect(try eval("max(1, 2, 3) == 3") == 1)
        #expect(try eval("abs(gdp_growth) > 0.02", ["gdp_growth": -0.03]) == 1)
    }

    @Test func errorsCarryTheColumn() {
        func offset(_ text: String) -> (String, Int)? {
            do { _ = try Expression.parse(text); return nil } catch { return (error.message, error.offset) }
        }
        let unknown = offset("output_grwth < 3%")
        #expect(unknown?.1 == 0 && unknown?.0.contains("did you mean 'output_growth'") == true)
        let missing = offset("output_growth < ")
        #expect(missing?.1 == 16 && missing?.0.contains("ends") == true)
        let equals = offset("year = 2023")
        #expect(equals?.1 == 5 && equals?.0.contains("use ==") == true)
        let chained = offset("1 < year < 3000")
        #expect(chained?.1 == 9 && chained?.0.contains("cannot be chained") == true)
        #expect(offset("output_growth + 1")?.0.contains("must compare") == true)
        #expect(offset("os.system(1)")?.0.contains("unexpected character '.'") == true)
        #expect(offset("(year > 1")?.0.contains("where ')' was expected") == true)
    }

    /// Inputs that used to overflow the stack (20,000 parentheses, 100,000 `not`, a 100,000-term
    /// chain) are refused with a located message instead.
    @Test func deepAndLongExpressionsAreRefusedWhereTheyGoTooFar() {
        func error(_ text: String) -> ExpressionError? {
            do { _ = try Expression.parse(text); return nil } catch { return error }
        }
        let parens = String(repeating: "(", count: 20_000) + "year > 1" + String(repeating: ")", count: 20_000)
        #expect(error(parens)?.message.contains("characters long") == true)
        let nested = String(repeating: "(", count: 50) + "year > 1" + String(repeating: ")", count: 50)
        let deep = error(nested)
        #expect(deep?.message.contains("nests more than 40 levels") == true && deep?.offset == 40)
        let nots = String(repeating: "not ", count: 100_000) + "year > 1"
        #expect(error(nots)?.message.contains("at most 2000 are allowed") == true || error(nots)?.message.contains("characters") == true)
        let notsShort = String(repeating: "not ", count: 45) + "year > 1"
        #expect(error(notsShort)?.message.contains("nests more than 40 levels") == true)
        let chain = "year" + String(repeating: " + 1", count: 300) + " > 0"
        #expect(error(chain)?.message.contains("at most 400 are allowed") == true)
        // Within the limits the same shapes parse and evaluate.
        let ok = String(repeating: "(", count: 30) + "year > 1" + String(repeating: ")", count: 30)
        #expect((try? eval(ok, ["year": 2]))  == 1)
        #expect((try? eval("year" + String(repeating: " + 1", count: 100) + " > 0", ["year": 0])) == 1)
    }

    /// A divisor that is always zero is refused where it is written; one that becomes zero is an
    /// error when evaluated, never an infinity that a comparison turns into true.
    @Test func divisionByZero() throws {
        do {
            _ = try Expression.parse("output_growth / 0 > 1")
            Issue.record("a literal zero divisor parsed")
        } catch {
            #expect(error.message.contains("division by zero") && error.offset == 14)
        }
        #expect(throws: ExpressionError.self) { try Expression.parse("gdp / (2 - 2) > 1") }
        let e = try Expression.parse("output_growth / (year - 2024) > 0")
        #expect(throws: ExpressionEvaluationError.self) { try e.evaluate { $0 == "year" ? 2024 : 0.1 } }
        #expect(try e.evaluate { $0 == "year" ? 2025 : 0.1 } == 1)
    }

    @Test func variablesUsedAreListedInOrder() throws {
        let e = try Expression.parse("output_growth < 3% and share_of_gdp > 1% or output_growth < 0")
        #expect(e.variablesUsed == ["output_growth", "share_of_gdp"])
    }
}

@Suite struct ScheduleTests {
    func rule(_ first: Int, _ last: Int, _ phase: [(year: Int, level: Double)]) -> Rule {
        Rule(id: "r", task: "t", description: "", measure: .investmentProgramme, areas: ["China"], perProvince: false,
             sectors: [], condition: nil, conditionText: "", firstYear: first, lastYear: last, phaseIn: phase,
             numbers: [:], composition: nil, component: nil, fromAreas: [], operation: nil, inputSectors: [], origin: "")
    }

    @Test func phaseInInterpolatesLinearlyAndIsFlatOutside() {
        let r = rule(2023, 2030, [(2023, 0.2), (2025, 1)])
        #expect(r.level(2022) == 0)
        #expect(abs(r.level(2023) - 0.2) < 1e-15)
        #expect(abs(r.level(2024) - 0.6) < 1e-15)
        #expect(r.level(2028) == 1)
        #expect(r.level(2031) == 0)
    }

    @Test func spendingSharesFollowLevelsAndSumToOne() {
        let r = rule(2023, 2025, [(2023, 0.5), (2025, 1)])
        // Levels 0.5, 0.75, 1: shares 0.5/2.25, 0.75/2.25, 1/2.25.
        #expect(abs(r.spendingShare(2024) - 0.75 / 2.25) < 1e-15)
        #expect(abs((2023...2025).reduce(0.0) { $0 + r.spendingShare($1) } - 1) < 1e-15)
        #expect(abs(rule(2023, 2025, []).spendingShare(2023) - 1.0 / 3) < 1e-15)
    }
}

/// The engine's condition values and the language's documented variables must stay in step:
/// every documented name reads its own field (distinct values 1...11 prove no two names share one).
@Suite struct ConditionValuesTests {
    @Test func everyDocumentedVariableReadsItsOwnField() {
        let v = ConditionValues(year: 1, output: 2, outputGrowth: 3, gdp: 4, gdpGrowth: 5, shareOfGDP: 6,
                                capacityUtilisation: 7, exports: 8, employment: 9, nationalOutputGrowth: 10,
                                nationalGDPGrowth: 11)
        let read = Expression.variables.map { v[$0.name] }
        #expect(read.allSatisfy { $0.isFinite })
        #expect(Set(read).count == Expression.variables.count)
        #expect(Expression.variables.count == 11)
        #expect(v["no_such_variable"].isNaN)
    }
}
