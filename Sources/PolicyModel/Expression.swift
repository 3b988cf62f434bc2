// SPDX-License-Identifier: GPL-3.0-or-later

/// A condition or formula of the rule language: numbers (`3`, `0.5`, `3%` = 0.03), named state
/// variables, `+ - * /`, comparisons `< <= > >= == !=`, `and`, `or`, `not`, parentheses and the
/// functions `min`, `max`, `abs`. It is parsed once into a tree and evaluated per area, sector
/// and year; it calls no code and has no side effects.
public indirect enum Expression: Sendable, Equatable {
    case number(Double)
    case variable(String)
    case negate(Expression)
    case binary(BinaryOperator, Expression, Expression)
    case compare(Comparison, Expression, Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case not(Expression)
    case call(Function, [Expression])

    public enum BinaryOperator: String, Sendable { case add = "+", subtract = "-", multiply = "*", divide = "/" }
    public enum Comparison: String, Sendable { case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!=" }
    public enum Function: String, Sendable, CaseIterable { case min, max, abs }

    /// The variables a condition may name, with what they mean (shown by `policysim rules`).
    public static let variables: [(name: String, meaning: String)] = [
        ("year", "the simulated year"),
        ("output", "gross output of the area and sector this year before conditional measures, 100 million yuan (2022 prices)"),
        ("output_growth", "real growth of that output over last year's final output (fraction: 0.03 is 3 %)"),
        ("gdp", "GDP (value added, all sectors) of the area this year before conditional measures, 100 million yuan"),
        ("gdp_growth", "real growth of the area's GDP over last year's final GDP (fraction)"),
        ("share_of_gdp", "the sector's value added over the area's GDP (fraction)"),
        ("capacity_utilisation", "output over productive capacity (fraction; industry sectors, 0 elsewhere)"),
        ("exports", "exports of the area and sector, 100 million yuan"),
        ("employment", "employment of the area and sector, 10 thousand persons"),
        ("national_output_growth", "real growth of the sector's national output (fraction)"),
        ("national_gdp_growth", "real growth of national GDP (fraction)"),
    ]
    public static let variableNames: Set<String> = Set(variables.map(\.name))

    /// True if the expression yields true/false rather than a number.
    public var isBoolean: Bool {
        switch self {
        case .compare, .and, .or, .not: return true
        default: return false
        }
    }

    /// Every variable named in the expression, in order of appearance.
    public var variablesUsed: [String] {
        var out: [String] = []
        func walk(_ e: Expression) {
            switch e {
            case .number: break
            case let .variable(v): if !out.contains(v) { out.append(v) }
            case let .negate(a), let .not(a): walk(a)
            case let .binary(_, a, b), let .compare(_, a, b), let .and(a, b), let .or(a, b): walk(a); walk(b)
            case let .call(_, args): args.forEach(walk)
            }
        }
        walk(self)
        return out
    }

    /// Evaluates to a number (true = 1, false = 0). Unknown variables are NaN, which makes every
    /// comparison false; validation refuses unknown names before a run, so this never happens.
    /// A division by zero is an error, never an infinity or NaN that a comparison would quietly
    /// turn into true or false.
    public func evaluate(_ lookup: (String) -> Double) throws(ExpressionEvaluationError) -> Double {
        switch self {
        case let .number(v): return v
        case let .variable(name): return lookup(name)
        case let .negate(a): return -(try a.evaluate(lookup))
        case let .binary(op, a, b):
            let x = try a.evaluate(lookup), y = try b.evaluate(lookup)
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide:
                guard y != 0 else { throw ExpressionEvaluationError(message: "division by zero in '\(b)'") }
                return x / y
            }
        case let .compare(op, a, b):
            let x = try a.evaluate(lookup), y = try b.evaluate(lookup)
            let result: Bool
            switch op {
            case .less: result = x < y
            case .lessOrEqual: result = x <= y
            case .greater: result = x > y
            case .greaterOrEqual: result = x >= y
            case .equal: result = x == y
            case .notEqual: result = x != y
            }
            return result ? 1 : 0
        case let .and(a, b):
            guard try a.evaluate(lookup) != 0 else { return 0 }
            return try b.evaluate(lookup) != 0 ? 1 : 0
        case let .or(a, b):
            if try a.evaluate(lookup) != 0 { return 1 }
            return try b.evaluate(lookup) != 0 ? 1 : 0
        case let .not(a): return try a.evaluate(lookup) != 0 ? 0 : 1
        case let .call(f, args):
            var values: [Double] = []
            for a in args { values.append(try a.evaluate(lookup)) }
            switch f {
            // The parser refuses calls without arguments.
            case .min: return values.min() ?? .nan
            case .max: return values.max() ?? .nan
            case .abs: return Swift.abs(values[0])
            }
        }
    }

    /// The value when the expression names no variable (a constant part of a condition).
    var constantValue: Double? {
        guard variablesUsed.isEmpty else { return nil }
        return try? evaluate { _ in .nan }
    }
}

extension Expression: CustomStringConvertible {
    /// The expression written back in the rule language, fully parenthesised.
    public var description: String {
        switch self {
        case let .number(v): return v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        case let .variable(name): return name
        case let .negate(a): return "-\(a.wrapped)"
        case let .binary(op, a, b): return "\(a.wrapped) \(op.rawValue) \(b.wrapped)"
        case let .compare(op, a, b): return "\(a.wrapped) \(op.rawValue) \(b.wrapped)"
        case let .and(a, b): return "\(a.wrapped) and \(b.wrapped)"
        case let .or(a, b): return "\(a.wrapped) or \(b.wrapped)"
        case let .not(a): return "not \(a.wrapped)"
        case let .call(f, args): return "\(f.rawValue)(\(args.map(\.description).joined(separator: ", ")))"
        }
    }

    private var wrapped: String {
        switch self {
        case .number, .variable, .call: return description
        default: return "(\(description))"
        }
    }
}

/// An expression that cannot be evaluated on the values it was given (a division by zero).
public struct ExpressionEvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A syntax or type error in an expression, at a character offset (0-based) of its text.
public struct ExpressionError: Error, Equatable, Sendable {
    public var message: String
    public var offset: Int
}

extension Expression {
    /// Parses `text`. `condition` requires a true/false result (for `when:`).
    /// Limits that keep parsing and evaluation far from the stack's end: a condition is a line
    /// of an analyst's file, not a program.
    public static let maximumLength = 2_000
    public static let maximumTokens = 400
    public static let maximumDepth = 40

    /// `names`, when given, are the only variables allowed (a formula of parameters names its
    /// scenario's parameters, not the state variables of conditions).
    public static func parse(_ text: String, condition: Bool = true, names: [String]? = nil) throws(ExpressionError) -> Expression {
        guard text.count <= maximumLength else {
            throw ExpressionError(message: "the expression is \(text.count) characters long; at most \(maximumLength) are allowed (split it into several rules)", offset: maximumLength)
        }
        var parser = ExpressionParser(text)
        if let names { parser.names = names }
        if parser.tokens.count > maximumTokens {
            throw ExpressionError(message: "the expression has \(parser.tokens.count) terms and symbols; at most \(maximumTokens) are allowed (split it into several rules)", offset: parser.tokens[maximumTokens].offset)
        }
        let e = try parser.parseExpression()
        if let extra = parser.peek() {
            throw ExpressionError(message: "unexpected '\(extra.text)' after a complete expression", offset: extra.offset)
        }
        if condition && !e.isBoolean {
            throw ExpressionError(message: "a condition must compare something, e.g. 'output_growth < 3%'", offset: 0)
        }
        if !condition && e.isBoolean {
            throw ExpressionError(message: "a formula must be a number, not a comparison", offset: 0)
        }
        return e
    }
}

struct ExpressionParser {
    struct Token {
        enum Kind { case number, identifier, symbol }
        var kind: Kind
        var text: String
        var value: Double
        var offset: Int
    }

    var tokens: [Token] = []
    var position = 0
    /// Nesting of parentheses, `not` and unary minus at the current position.
    var depth = 0
    var tokenizeError: ExpressionError?
    let length: Int
    /// The variables allowed: the state variables of conditions unless a formula says otherwise.
    var names: [String] = Expression.variables.map(\.name)

    init(_ text: String) {
        let chars = Array(text)
        length = chars.count
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" { i += 1; continue }
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                let start = i
                while i < chars.count && (chars[i].isNumber || chars[i] == ".") { i += 1 }
                if i < chars.count && (chars[i] == "e" || chars[i] == "E") {
                    var j = i + 1
                    if j < chars.count && (chars[j] == "+" || chars[j] == "-") { j += 1 }
                    if j < chars.count && chars[j].isNumber {
                        i = j
                        while i < chars.count && chars[i].isNumber { i += 1 }
                    }
                }
                let text = String(chars[start..<i])
                guard var value = Double(text) else {
                    tokenizeError = ExpressionError(message: "'\(text)' is not a number", offset: start)
                    return
                }
                if i < chars.count && chars[i] == "%" {
                    value /= 100
                    i += 1
                }
                tokens.append(Token(kind: .number, text: String(chars[start..<i]), value: value, offset: start))
                continue
            }
            if c.isLetter || c == "_" {
                let start = i
                while i < chars.count && (chars[i].isLetter || chars[i].isNumber || chars[i] == "_") { i += 1 }
                tokens.append(Token(kind: .identifier, text: String(chars[start..<i]), value: 0, offset: start))
                continue
            }
            let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
            if ["<=", ">=", "==", "!="].contains(two) {
                tokens.append(Token(kind: .symbol, text: two, value: 0, offset: i))
                i += 2
                continue
            }
            if "<>+-*/(),".contains(c) {
                tokens.append(Token(kind: .symbol, text: String(c), value: 0, offset: i))
                i += 1
                continue
            }
            let hint = c == "=" ? "; use == to compare" : (c == "&" || c == "|" ? "; use and / or" : "")
            tokenizeError = ExpressionError(message: "unexpected character '\(c)'\(hint)", offset: i)
            return
        }
    }

    func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

    mutating func next() -> Token? {
        defer { position += 1 }
        return peek()
    }

    func atEnd(_ what: String) -> ExpressionError {
        ExpressionError(message: "the expression ends where \(what) was expected", offset: length)
    }

    mutating func expect(_ symbol: String) throws(ExpressionError) {
        guard let t = next() else { throw atEnd("'\(symbol)'") }
        guard t.kind == .symbol && t.text == symbol else {
            throw ExpressionError(message: "expected '\(symbol)' but found '\(t.text)'", offset: t.offset)
        }
    }

    mutating func parseExpression() throws(ExpressionError) -> Expression {
        if let e = tokenizeError { throw e }
        if tokens.isEmpty { throw ExpressionError(message: "the expression is empty", offset: 0) }
        return try parseOr()
    }

    mutating func parseOr() throws(ExpressionError) -> Expression {
        var left = try parseAnd()
        while let t = peek(), t.kind == .identifier, t.text == "or" {
            position += 1
            let right = try parseAnd()
            try requireBoolean(left, t, "or")
            try requireBoolean(right, t, "or")
            left = .or(left, right)
        }
        return left
    }

    mutating func parseAnd() throws(ExpressionError) -> Expression {
        var left = try parseNot()
        while let t = peek(), t.kind == .identifier, t.text == "and" {
            position += 1
            let right = try parseNot()
            try requireBoolean(left, t, "and")
            try requireBoolean(right, t, "and")
            left = .and(left, right)
        }
        return left
    }

    /// Enters one level of nesting; refuses nesting deeper than `Expression.maximumDepth`.
    mutating func nest(_ t: Token) throws(ExpressionError) {
        depth += 1
        if depth > Expression.maximumDepth {
            throw ExpressionError(message: "the expression nests more than \(Expression.maximumDepth) levels deep (parentheses, not, minus); write it flatter", offset: t.offset)
        }
    }

    mutating func parseNot() throws(ExpressionError) -> Expression {
        if let t = peek(), t.kind == .identifier, t.text == "not" {
            position += 1
            try nest(t)
            defer { depth -= 1 }
            let e = try parseNot()
            try requireBoolean(e, t, "not")
            return .not(e)
        }
        return try parseComparison()
    }

    func requireBoolean(_ e: Expression, _ t: Token, _ op: String) throws(ExpressionError) {
        guard e.isBoolean else {
            throw ExpressionError(message: "'\(op)' joins comparisons; a number stands beside it", offset: t.offset)
        }
    }

    mutating func parseComparison() throws(ExpressionError) -> Expression {
        let left = try parseSum()
        guard let t = peek(), t.kind == .symbol, let op = Expression.Comparison(rawValue: t.text) else { return left }
        position += 1
        let right = try parseSum()
        if let u = peek(), u.kind == .symbol, Expression.Comparison(rawValue: u.text) != nil {
            throw ExpressionError(message: "comparisons cannot be chained; join them with 'and'", offset: u.offset)
        }
        return .compare(op, left, right)
    }

    mutating func parseSum() throws(ExpressionError) -> Expression {
        var left = try parseProduct()
        while let t = peek(), t.kind == .symbol, t.text == "+" || t.text == "-" {
            position += 1
            let right = try parseProduct()
            left = .binary(t.text == "+" ? .add : .subtract, left, right)
        }
        return left
    }

    mutating func parseProduct() throws(ExpressionError) -> Expression {
        var left = try parseUnary()
        while let t = peek(), t.kind == .symbol, t.text == "*" || t.text == "/" {
            position += 1
            let right = try parseUnary()
            if t.text == "/", right.constantValue == 0 {
                throw ExpressionError(message: "division by zero: '\(right)' is always 0", offset: t.offset)
            }
            left = .binary(t.text == "*" ? .multiply : .divide, left, right)
        }
        return left
    }

    mutating func parseUnary() throws(ExpressionError) -> Expression {
        if let t = peek(), t.kind == .symbol, t.text == "-" {
            position += 1
            try nest(t)
            defer { depth -= 1 }
            return .negate(try parseUnary())
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(ExpressionError) -> Expression {
        guard let t = next() else { throw atEnd("a number, a variable or '('") }
        switch t.kind {
        case .number:
            return .number(t.value)
        case .identifier:
            if ["and", "or", "not"].contains(t.text) {
                throw ExpressionError(message: "'\(t.text)' needs a comparison before it", offset: t.offset)
            }
            if let f = Expression.Function(rawValue: t.text) {
                try nest(t)
                defer { depth -= 1 }
                try expect("(")
                var args: [Expression] = []
                if let c = peek(), c.kind == .symbol, c.text == ")" {
                    throw ExpressionError(message: "\(f.rawValue)() needs at least one argument", offset: c.offset)
                }
                while true {
                    let arg = try parseSum()
                    args.append(arg)
                    guard let c = next() else { throw atEnd("',' or ')'") }
                    if c.kind == .symbol && c.text == ")" { break }
                    guard c.kind == .symbol && c.text == "," else {
                        throw ExpressionError(message: "expected ',' or ')' but found '\(c.text)'", offset: c.offset)
                    }
                }
                if f == .abs && args.count != 1 { throw ExpressionError(message: "abs() takes one argument", offset: t.offset) }
                return .call(f, args)
            }
            guard names.contains(t.text) else {
                let suggestion = nearestName(t.text, names).map { "; did you mean '\($0)'?" }
                    ?? (names.isEmpty ? "; declare it under `parameters:`" : "; known names are \(names.joined(separator: ", "))")
                throw ExpressionError(message: "unknown \(names == Expression.variables.map(\.name) ? "variable" : "parameter") '\(t.text)'\(suggestion)", offset: t.offset)
            }
            return .variable(t.text)
        case .symbol:
            if t.text == "(" {
                try nest(t)
                defer { depth -= 1 }
                let e = try parseOr()
                try expect(")")
                return e
            }
            throw ExpressionError(message: "unexpected '\(t.text)'", offset: t.offset)
        }
    }
}

/// The Levenshtein distance between two words (insertions, deletions and substitutions).
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// The closest name by edit distance, if close enough to be a likely typo.
public func nearestName(_ word: String, _ candidates: [String]) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(w, Array(c.lowercased()))
        if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let (name, d) = best, d <= Swift.max(2, word.count * 2 / 5) else { return nil }
    return name
}
