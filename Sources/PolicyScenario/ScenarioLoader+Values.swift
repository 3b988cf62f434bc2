// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics
import Yams

extension ScenarioLoader {
    /// A finite number, written in decimal as `0.05`, `5%` or `1e3`. Quoted or tagged text
    /// (`"5"`, `!!str 5`) is not a number, and neither are YAML's other spellings (`0x10`,
    /// `0o17`, `1_000`, `.inf`), which a reader of the file would not take for one.
    func number(_ at: Located, _ context: inout Context, _ what: String) -> Double? {
        guard case let .scalar(s) = at.node else {
            error(&context, at, "\(what) must be a number")
            return nil
        }
        let text = s.string.trimmingCharacters(in: .whitespaces)
        if taggedAsText(at, text) {
            error(&context, at, "\(what) must be a number, but '\(text)' is tagged as text (!!str); write the number alone")
            return nil
        }
        var value: Double?
        if s.style == .plain || s.style == .any {
            let body = text.hasSuffix("%") ? String(text.dropLast()) : text
            if ScenarioLoader.isDecimal(body), let v = Double(body) { value = text.hasSuffix("%") ? v / 100 : v }
        }
        if [".inf", "+.inf", "-.inf", ".nan", "inf", "-inf", "nan", "infinity", "-infinity"].contains(text.lowercased()) {
            error(&context, at, "\(what) must be a finite number, not \(text)")
            return nil
        }
        guard let v = value else {
            let quoted = s.style == .singleQuoted || s.style == .doubleQuoted
            error(&context, at, "\(what) must be a decimal number (like 0.05, 5% or 1e3), not \(quoted ? "the quoted text " : "")'\(text)'")
            return nil
        }
        guard v.isFinite else {
            error(&context, at, "\(what) must be a finite number, not \(text)")
            return nil
        }
        return v
    }

    /// Digits with an optional sign, decimal point and exponent: `-1.5e3`, `.5`, `5.`.
    static func isDecimal(_ text: String) -> Bool {
        var digits = 0
        var chars = Substring(text)
        if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
        var seenPoint = false
        while let c = chars.first, c.isASCII, c.isNumber || (c == "." && !seenPoint) {
            if c == "." { seenPoint = true } else { digits += 1 }
            chars = chars.dropFirst()
        }
        guard digits > 0 else { return false }
        if let e = chars.first, e == "e" || e == "E" {
            chars = chars.dropFirst()
            if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
            guard let first = chars.first, first.isASCII, first.isNumber else { return false }
            while let c = chars.first, c.isASCII, c.isNumber { chars = chars.dropFirst() }
        }
        return chars.isEmpty
    }

    /// A scalar that reads as a number but was tagged `!!str`: YAML resolves an untagged
    /// number to int or float, so a str tag on one is explicit.
    func taggedAsText(_ at: Located, _ text: String) -> Bool {
        guard at.node.tag.description == "tag:yaml.org,2002:str" else { return false }
        let body = text.hasSuffix("%") ? String(text.dropLast()) : text
        return ScenarioLoader.isDecimal(body) && !text.hasSuffix("%")
    }

    func integer(_ at: Located, _ context: inout Context, _ what: String) -> Int? {
        guard case let .scalar(s) = at.node, s.style == .plain || s.style == .any, !taggedAsText(at, s.string),
              let v = Int(s.string.trimmingCharacters(in: .whitespaces)) else {
            error(&context, at, "\(what) must be a whole number")
            return nil
        }
        return v
    }

    func text(_ at: Located, _ context: inout Context, _ what: String) -> String? {
        guard case let .scalar(s) = at.node else {
            error(&context, at, "\(what) must be text")
            return nil
        }
        return s.string
    }

    func bool(_ at: Located, _ context: inout Context, _ what: String) -> Bool? {
        guard let b = at.node.bool else {
            error(&context, at, "\(what) must be true or false")
            return nil
        }
        return b
    }

    /// Entries of a mapping with their keys' positions; checks keys against `allowed`.
    func mappingEntries(_ at: Located, _ context: inout Context, _ what: String, allowed: [String]?) -> [(key: String, keyAt: Located, value: Located)]? {
        guard case let .mapping(m) = at.node else {
            error(&context, at, "\(what) must be a mapping of key: value")
            return nil
        }
        var out: [(String, Located, Located)] = []
        for (k, v) in m {
            let keyAt = Located(node: k, file: at.file)
            guard let name = k.string else { error(&context, keyAt, "keys of \(what) must be words"); continue }
            if let allowed, !allowed.contains(name) {
                error(&context, keyAt, unknownKey(name, allowed: allowed))
                continue
            }
            out.append((name, keyAt, Located(node: v, file: at.file)))
        }
        return out
    }

    /// A year range written `2023-2025`, `[2023, 2025]` or `2023`.
    func yearRange(_ at: Located, _ context: inout Context, _ what: String) -> (Int, Int)? {
        switch at.node {
        case let .scalar(s):
            let t = s.string.trimmingCharacters(in: .whitespaces)
            if let y = Int(t) { return (y, y) }
            let parts = t.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) {
                if a > b { error(&context, at, "\(what): \(a) is after \(b)"); return nil }
                return (a, b)
            }
        case let .sequence(seq) where seq.count == 2:
            if let a = seq[0].int, let b = seq[1].int {
                if a > b { error(&context, at, "\(what): \(a) is after \(b)"); return nil }
                return (a, b)
            }
        default: break
        }
        error(&context, at, "\(what) must be a year or a range such as 2023-2025 or [2023, 2025]")
        return nil
    }

    /// A named parameter: a number, or a mapping with `distribution` and its parameters.
    func distribution(_ at: Located, _ context: inout Context, _ name: String) -> Distribution? {
        if case .scalar = at.node {
            return number(at, &context, "parameter '\(name)'").map { .fixed($0) }
        }
        let kinds: [String: [String]] = [
            "normal": ["mean", "sd"], "lognormal": ["mu", "sigma"], "uniform": ["lower", "upper"],
            "triangular": ["lower", "mode", "upper"], "beta": ["alpha", "beta", "lower", "upper"],
            "truncated_normal": ["mean", "sd", "lower", "upper"],
        ]
        guard case let .mapping(m) = at.node else {
            error(&context, at, "parameter '\(name)' must be a number or {distribution: ..., ...}")
            return nil
        }
        guard let kindNode = m["distribution"], let kind = kindNode.string else {
            error(&context, at, "parameter '\(name)' needs `distribution:` (one of \(kinds.keys.sorted().joined(separator: ", ")))")
            return nil
        }
        guard let required = kinds[kind] else {
            error(&context, Located(node: kindNode, file: at.file), "unknown distribution '\(kind)'" + (nearestName(kind, Array(kinds.keys)).map { "; did you mean '\($0)'?" } ?? "") + "; use one of \(kinds.keys.sorted().joined(separator: ", "))")
            return nil
        }
        guard let entries = mappingEntries(at, &context, "parameter '\(name)'", allowed: ["distribution"] + required) else { return nil }
        var values: [String: Double] = [:]
        var ok = true
        for e in entries where e.key != "distribution" {
            if let v = number(e.value, &context, "\(name).\(e.key)") { values[e.key] = v } else { ok = false }
        }
        let optional: Set<String> = kind == "beta" ? ["lower", "upper"] : []
        for r in required where values[r] == nil && !optional.contains(r) {
            error(&context, at, "parameter '\(name)': the \(kind) distribution needs `\(r)`")
            ok = false
        }
        guard ok else { return nil }
        let d: Distribution
        switch kind {
        case "normal": d = .normal(mean: values["mean"]!, sd: values["sd"]!)
        case "lognormal": d = .lognormal(mu: values["mu"]!, sigma: values["sigma"]!)
        case "uniform": d = .uniform(lower: values["lower"]!, upper: values["upper"]!)
        case "triangular": d = .triangular(lower: values["lower"]!, mode: values["mode"]!, upper: values["upper"]!)
        case "beta": d = .beta(alpha: values["alpha"]!, beta: values["beta"]!, lower: values["lower"] ?? 0, upper: values["upper"] ?? 1)
        default: d = .truncatedNormal(mean: values["mean"]!, sd: values["sd"]!, lower: values["lower"]!, upper: values["upper"]!)
        }
        do {
            try d.validate()
        } catch {
            self.error(&context, at, "parameter '\(name)': \(error)")
            return nil
        }
        return d
    }

    /// The interval a distribution's draws can fall in.
    static func support(_ d: Distribution) -> (Double, Double) {
        switch d {
        case let .fixed(v): return (v, v)
        case .normal: return (-.infinity, .infinity)
        case .lognormal: return (0, .infinity)
        case let .uniform(a, b), let .triangular(a, _, b), let .beta(_, _, a, b), let .truncatedNormal(_, _, a, b): return (a, b)
        }
    }

    /// "between 0 and 1", or for fractions "between -0.3 and 0.3 (-30% and 30%)".
    func rangeText(_ r: ClosedRange<Double>, fraction: Bool) -> String {
        let text = "between \(numberText(r.lowerBound)) and \(numberText(r.upperBound))"
        return fraction ? text + " (\(numberText(r.lowerBound * 100))% and \(numberText(r.upperBound * 100))%)" : text
    }

    /// Why `v` is refused, and for a fraction written as a whole number of percent, the fix:
    /// "floor must lie between -0.3 and 0.3 (-30% and 30%), not 3: 3 means 300 %; write 3% if
    /// you meant three percent". `unit`, when given, follows the range in parentheses.
    /// `at`: where the number is written; a number written with `%` gets no percent hint.
    func outOfRange(_ what: String, _ v: Double, _ r: ClosedRange<Double>, unit: String?, fraction: Bool, at: Located) -> String {
        var message = "\(what) must lie \(rangeText(r, fraction: fraction))\(unit.map { " (\($0))" } ?? ""), not \(numberText(v))"
        let percentWritten = at.node.string?.trimmingCharacters(in: .whitespaces).hasSuffix("%") ?? false
        if percentWritten {
            message += " (\(at.node.string ?? ""))"
        } else if fraction && abs(v) >= 1 && r.contains(v / 100) {
            message += ": \(numberText(v)) means \(numberText(v * 100)) %; write \(numberText(v))% if you meant \(ScenarioLoader.spelled(v)) percent"
        } else if unit?.hasPrefix("100 million yuan") == true && v > r.upperBound {
            message += ": amounts are in 100 million yuan (yi yuan), so 570 billion yuan is written 5700, and \(numberText(r.upperBound)) is already \(numberText(r.upperBound / 1e4)) trillion yuan, about China's GDP"
        }
        return message
    }

    func numberText(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// "three" for 3, "2.5" for 2.5: how the percent hint says a number.
    static func spelled(_ v: Double) -> String {
        let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
        if v == v.rounded(), v >= 0, v < Double(words.count) { return words[Int(v)] }
        if v == v.rounded(), v < 0, -v < Double(words.count) { return "minus " + words[Int(-v)] }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}
