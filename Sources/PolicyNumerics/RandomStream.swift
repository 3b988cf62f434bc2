// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL

/// A Mersenne Twister (GSL's `gsl_rng_mt19937`) stream of uniform random numbers.
///
/// Monte Carlo draw i of a run seeded s gets its own stream, `RandomStream(run: s, draw: i)`,
/// so a draw's numbers do not depend on which thread runs it or in what order: results are
/// bit-identical for any number of threads. Not thread-safe: one stream per draw.
public final class RandomStream {
    private let rng: UnsafeMutablePointer<gsl_rng>
    /// The 32-bit seed the generator was set with.
    public let generatorSeed: UInt32

    /// A stream seeded directly (mt19937 uses 32 bits of seed; GSL maps 0 to 4357).
    public init(seed: UInt32) {
        _ = NumericsRuntime.ready
        rng = gsl_rng_alloc(cgsl_rng_mt19937())
        gsl_rng_set(rng, UInt(seed))
        generatorSeed = seed
    }

    /// The stream of draw `draw` in a run seeded `run`.
    ///
    /// The generator seed is `1 + (h(run) + draw) mod (2^32 - 1)`, where h is the SplitMix64
    /// finaliser (Steele, Lea & Flood 2014) truncated to 32 bits. Seeds of the draws of one run
    /// are therefore distinct for up to 2^32 - 1 draws (no two draws share a stream) and never 0,
    /// which GSL would alias to 4357. mt19937's initialisation spreads neighbouring seeds through
    /// its multiplier 1812433253, as in the reference implementation.
    public convenience init(run: UInt64, draw: Int) {
        precondition(draw >= 0, "draw index must not be negative")
        self.init(seed: RandomStream.seed(run: run, draw: draw))
    }

    /// The generator seed of draw `draw` in a run seeded `run` (see `init(run:draw:)`).
    public static func seed(run: UInt64, draw: Int) -> UInt32 {
        let base = UInt64(UInt32(truncatingIfNeeded: splitMix64(run)))
        let modulus: UInt64 = 0xFFFF_FFFF
        return UInt32(1 + (base + UInt64(draw) % modulus) % modulus)
    }

    deinit { gsl_rng_free(rng) }

    /// Uniform on [0, 1).
    public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// Uniform on (0, 1).
    public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// Raw 32-bit output of the generator.
    public func next() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }

    func withRNG<R>(_ body: (UnsafeMutablePointer<gsl_rng>) -> R) -> R { body(rng) }
}

/// SplitMix64's output function: a bijective 64-bit mixer.
func splitMix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
