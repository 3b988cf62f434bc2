// SPDX-License-Identifier: GPL-3.0-or-later

/// A dense vector of doubles in contiguous storage.
public struct Vector: Sendable, Equatable, RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    public var elements: [Double]

    public init(_ elements: [Double]) { self.elements = elements }
    public init(arrayLiteral elements: Double...) { self.elements = elements }
    public init(repeating value: Double, count: Int) { elements = Array(repeating: value, count: count) }
    public static func zeros(_ count: Int) -> Vector { Vector(repeating: 0, count: count) }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { elements.count }
    @inlinable
    public subscript(i: Int) -> Double {
        get { elements[i] }
        set { elements[i] = newValue }
    }

    /// Sum of the elements (pairwise order as `reduce`, deterministic).
    @inlinable public var sum: Double { elements.reduce(0, +) }

    /// Sum of absolute values.
    public var norm1: Double { elements.reduce(0) { $0 + abs($1) } }

    /// Largest absolute value.
    @inlinable public var normInfinity: Double { elements.reduce(0) { Swift.max($0, abs($1)) } }

    /// Index of the first non-finite element, if any.
    public var firstNonFiniteIndex: Int? { elements.firstIndex { !$0.isFinite } }

    public static func + (a: Vector, b: Vector) -> Vector {
        precondition(a.count == b.count, "vector sizes \(a.count) and \(b.count) differ")
        return Vector(zip(a.elements, b.elements).map(+))
    }

    public static func - (a: Vector, b: Vector) -> Vector {
        precondition(a.count == b.count, "vector sizes \(a.count) and \(b.count) differ")
        return Vector(zip(a.elements, b.elements).map(-))
    }

    public static func * (s: Double, a: Vector) -> Vector { Vector(a.elements.map { s * $0 }) }

    /// Dot product.
    public func dot(_ other: Vector) -> Double {
        precondition(count == other.count, "vector sizes \(count) and \(other.count) differ")
        var s = 0.0
        for i in 0..<count { s += elements[i] * other.elements[i] }
        return s
    }
}
