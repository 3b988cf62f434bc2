// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics
import Yams

extension ScenarioLoader {
    /// A finite number, written as `0.05`, `5%` or `1e3`. Quoted text is not a number.
    func number(_ at: Located, _ context: inout Context, _ what: String) -> Double? {
        guard case let .scalar(s) = at.node else {
            error(&context, at, "\(what) must be a number")
            return nil
        }
        let text = s.string.trimmingCharacters(in: .whitespaces)
        var value: Double?
        if s.style == .plain || s.style == .any {
            if text.hasSuffix("%"), let v = Double(text.dropLast()) { value = v / 100 } else if let v = Double(text) { value = v } else if let v = at.node.float { value = v }
        }
        guard let v = value else {
            error(&context, at, "\(what) must be a number (like 0.05 or 5%), not '\(text)'")
            return nil
        }
        guard v.isFinite else {
            error(&context, at, "\(what) must be a finite number, not \(text)")
            return nil
        }
        return v
    }

    func integer(_ at: Located, _ context: inout Context, _ what: String) -> Int? {
        guard case let .scalar(s) = at.node, s.style == .plain || s.style == .any, let v = Int(s.string.trimmingCharacters(in: .whitespaces)) else {
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
}
