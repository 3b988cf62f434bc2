// SPDX-License-Identifier: GPL-3.0-or-later

/// A dense matrix of doubles, row-major, in one contiguous array: element (i, j) is
/// `storage[i * columns + j]`.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var storage: [Double]

    /// A `rows` x `columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from row-major storage.
    public init(rows: Int, columns: Int, storage: [Double]) throws {
        guard rows >= 0, columns >= 0, storage.count == rows * columns else {
            throw NumericsError.dimensionMismatch("\(storage.count) values cannot fill a \(rows) x \(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from nested rows, which must all have the same length.
    public init(_ nested: [[Double]]) throws {
        let r = nested.count
        let c = nested.first?.count ?? 0
        for (i, row) in nested.enumerated() where row.count != c {
            throw NumericsError.dimensionMismatch("row \(i + 1) has \(row.count) values, row 1 has \(c)")
        }
        try self.init(rows: r, columns: c, storage: nested.flatMap { $0 })
    }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i * n + i] = 1 }
        return m
    }

    /// A diagonal matrix with `d` on its diagonal.
    public static func diagonal(_ d: Vector) -> Matrix {
        var m = Matrix(rows: d.count, columns: d.count)
        for i in 0..<d.count { m.storage[i * d.count + i] = d[i] }
        return m
    }

    public var isSquare: Bool { rows == columns }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i * columns + j] }
        set { storage[i * columns + j] = newValue }
    }

    public func row(_ i: Int) -> Vector {
        Vector(Array(storage[(i * columns)..<((i + 1) * columns)]))
    }

    public func column(_ j: Int) -> Vector {
        Vector((0..<rows).map { storage[$0 * columns + j] })
    }

    public func transposed() -> Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { t.storage[j * rows + i] = storage[i * columns + j] }
        }
        return t
    }

    /// The product with a vector in a fixed order (`Dot.product` per row), not by the BLAS: the
    /// same bits whichever BLAS the program links, for results that are committed (the data
    /// build). Use `*` where speed matters.
    public func timesInFixedOrder(_ x: Vector) -> Vector {
        precondition(columns == x.count, "a \(rows) x \(columns) matrix times \(x.count) values")
        return storage.withUnsafeBufferPointer { a in
            x.elements.withUnsafeBufferPointer { v in
                Vector((0..<rows).map { i in columns == 0 ? 0 : Dot.product(a.baseAddress! + i * columns, v.baseAddress!, count: columns) })
            }
        }
    }

    /// Column sums (for a Leontief inverse, the output multipliers).
    public func columnSums() -> Vector {
        var s = Vector.zeros(columns)
        for i in 0..<rows {
            for j in 0..<columns { s[j] += storage[i * columns + j] }
        }
        return s
    }

    public func rowSums() -> Vector {
        Vector((0..<rows).map { i in storage[(i * columns)..<((i + 1) * columns)].reduce(0, +) })
    }

    /// Largest absolute column sum, the matrix 1-norm.
    public var norm1: Double {
        var s = [Double](repeating: 0, count: columns)
        for i in 0..<rows {
            for j in 0..<columns { s[j] += abs(storage[i * columns + j]) }
        }
        return s.max() ?? 0
    }

    /// Index (row-major) of the first non-finite element, if any.
    public var firstNonFiniteIndex: Int? { storage.firstIndex { !$0.isFinite } }

    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "matrix shapes differ")
        var c = a
        for k in 0..<c.storage.count { c.storage[k] += b.storage[k] }
        return c
    }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "matrix shapes differ")
        var c = a
        for k in 0..<c.storage.count { c.storage[k] -= b.storage[k] }
        return c
    }

    public static func * (s: Double, a: Matrix) -> Matrix {
        var c = a
        for k in 0..<c.storage.count { c.storage[k] *= s }
        return c
    }
}
