// SPDX-License-Identifier: GPL-3.0-or-later

/// Dot products for the engine's small dense loops (a province's n x n coefficients times its
/// outputs, a sector's provinces x provinces sourcing shares times purchases).
///
/// Four lanes of partial sums, added as (lane 0 + lane 1) + (lane 2 + lane 3) and then the
/// tail: a fixed order, so a result never depends on the machine or the thread, and four
/// independent chains instead of one, so the additions need not wait on each other (a plain
/// loop cannot be reordered by the compiler, because floating-point addition does not
/// associate).
public enum Dot {
    @inlinable
    public static func product(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var lanes = SIMD4<Double>()
        var j = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while j + 4 <= count {
            let va = ra.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            let vb = rb.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            lanes += va * vb
            j += 4
        }
        var sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
        while j < count {
            sum += a[j] * b[j]
            j += 1
        }
        return sum
    }

    /// The dot product of two equally long arrays.
    @inlinable
    public static func product(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "dot product of \(a.count) and \(b.count) values")
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                guard let x = pa.baseAddress, let y = pb.baseAddress else { return 0 }
                return product(x, y, count: a.count)
            }
        }
    }
}
