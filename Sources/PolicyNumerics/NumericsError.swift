// SPDX-License-Identifier: GPL-3.0-or-later

/// Every failure of a numerical routine, with what failed in words.
///
/// GSL's own error handler is switched off (see `NumericsRuntime`); each GSL status code is
/// turned into one of these cases together with the caller's `label` ("(I - A) for 2025", say),
/// so the user learns which matrix or which year went wrong.
public enum NumericsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A pivot of the LU factorisation is exactly zero: the system has no unique solution.
    case singular(label: String, pivot: Int)
    /// The estimated 1-norm condition number exceeds the limit: results would lose too many digits.
    case nearlySingular(label: String, conditionNumber: Double, limit: Double)
    /// Shapes that do not fit together.
    case dimensionMismatch(String)
    /// An argument outside the routine's domain (a negative standard deviation, an unsorted grid, ...).
    case invalidArgument(String)
    /// A NaN or infinity where only finite numbers make sense.
    case nonFinite(label: String, index: Int)
    /// An interpolation asked for a point outside the range of its data.
    case outOfRange(label: String, value: Double, lower: Double, upper: Double)
    /// A root finder was given an interval whose end points have the same sign.
    case noBracket(lower: Double, upper: Double, fLower: Double, fUpper: Double)
    /// An iterative routine stopped without meeting its tolerance.
    case notConverged(label: String, iterations: Int)
    /// Any other GSL status code, with GSL's own text for it.
    case gsl(status: Int32, message: String, label: String)

    public var description: String {
        switch self {
        case let .singular(label, pivot):
            return "\(label) is singular: pivot \(pivot + 1) of its LU factorisation is zero, so the system has no unique solution"
        case let .nearlySingular(label, condition, limit):
            let lost = Int((log10Safe(condition)).rounded(.down))
            return "\(label) is nearly singular: its condition number is about \(formatScientific(condition)) "
                + "(limit \(formatScientific(limit))), so a solution would lose about \(lost) of its 16 significant digits"
        case let .dimensionMismatch(text):
            return "dimension mismatch: \(text)"
        case let .invalidArgument(text):
            return "invalid argument: \(text)"
        case let .nonFinite(label, index):
            return "\(label) holds a non-finite number (NaN or infinity) at position \(index + 1)"
        case let .outOfRange(label, value, lower, upper):
            return "\(label): \(formatPlain(value)) is outside the range of the data, \(formatPlain(lower)) to \(formatPlain(upper)); extrapolation is not done"
        case let .noBracket(lower, upper, fLower, fUpper):
            return "no root is bracketed in [\(formatPlain(lower)), \(formatPlain(upper))]: the function is \(formatScientific(fLower)) and \(formatScientific(fUpper)) at the ends, which have the same sign"
        case let .notConverged(label, iterations):
            return "\(label) did not converge in \(iterations) iterations"
        case let .gsl(status, message, label):
            return "\(label): GSL error \(status) (\(message))"
        }
    }
}

private func log10Safe(_ x: Double) -> Double {
    guard x.isFinite, x > 0 else { return 16 }
    var e = 0.0
    var v = x
    while v >= 10 { v /= 10; e += 1 }
    return e
}

/// `1.2e+14` style, without Foundation.
func formatScientific(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "infinity" : "-infinity") }
    if x == 0 { return "0" }
    var m = abs(x)
    var e = 0
    while m >= 10 { m /= 10; e += 1 }
    while m < 1 { m *= 10; e -= 1 }
    let rounded = (m * 10).rounded() / 10
    let sign = x < 0 ? "-" : ""
    return "\(sign)\(rounded)e\(e >= 0 ? "+" : "")\(e)"
}

func formatPlain(_ x: Double) -> String {
    if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
}
