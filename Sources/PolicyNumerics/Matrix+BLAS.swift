// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL

extension Matrix {
    /// Calls `body` with a read-only GSL view of this matrix (no copy).
    func withGSLMatrix<R>(_ body: (UnsafePointer<gsl_matrix>) throws -> R) rethrows -> R {
        precondition(rows > 0 && columns > 0, "GSL views need a non-empty matrix")
        return try storage.withUnsafeBufferPointer { buffer in
            var view = gsl_matrix_const_view_array(buffer.baseAddress, rows, columns)
            return try withUnsafePointer(to: &view.matrix) { try body($0) }
        }
    }

    /// Calls `body` with a writable GSL view of this matrix (no copy).
    mutating func withMutableGSLMatrix<R>(_ body: (UnsafeMutablePointer<gsl_matrix>) throws -> R) rethrows -> R {
        precondition(rows > 0 && columns > 0, "GSL views need a non-empty matrix")
        let (r, c) = (rows, columns)
        return try storage.withUnsafeMutableBufferPointer { buffer in
            var view = gsl_matrix_view_array(buffer.baseAddress, r, c)
            return try withUnsafeMutablePointer(to: &view.matrix) { try body($0) }
        }
    }

    /// Matrix product by CBLAS `dgemm`.
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "cannot multiply \(a.rows) x \(a.columns) by \(b.rows) x \(b.columns)")
        _ = NumericsRuntime.ready
        var c = Matrix(rows: a.rows, columns: b.columns)
        guard a.rows > 0, b.columns > 0, a.columns > 0 else { return c }
        a.withGSLMatrix { pa in
            b.withGSLMatrix { pb in
                c.withMutableGSLMatrix { pc in
                    _ = gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, pa, pb, 0.0, pc)
                }
            }
        }
        return c
    }

    /// Matrix-vector product by CBLAS `dgemv`.
    public static func * (a: Matrix, x: Vector) -> Vector {
        precondition(a.columns == x.count, "cannot multiply \(a.rows) x \(a.columns) by a vector of \(x.count)")
        _ = NumericsRuntime.ready
        var y = Vector.zeros(a.rows)
        guard a.rows > 0, a.columns > 0 else { return y }
        a.withGSLMatrix { pa in
            x.withGSLVector { px in
                y.withMutableGSLVector { py in
                    _ = gsl_blas_dgemv(CblasNoTrans, 1.0, pa, px, 0.0, py)
                }
            }
        }
        return y
    }
}

extension Vector {
    func withGSLVector<R>(_ body: (UnsafePointer<gsl_vector>) throws -> R) rethrows -> R {
        precondition(!elements.isEmpty, "GSL views need a non-empty vector")
        return try elements.withUnsafeBufferPointer { buffer in
            var view = gsl_vector_const_view_array(buffer.baseAddress, buffer.count)
            return try withUnsafePointer(to: &view.vector) { try body($0) }
        }
    }

    mutating func withMutableGSLVector<R>(_ body: (UnsafeMutablePointer<gsl_vector>) throws -> R) rethrows -> R {
        precondition(!elements.isEmpty, "GSL views need a non-empty vector")
        return try elements.withUnsafeMutableBufferPointer { buffer in
            var view = gsl_vector_view_array(buffer.baseAddress, buffer.count)
            return try withUnsafeMutablePointer(to: &view.vector) { try body($0) }
        }
    }
}
