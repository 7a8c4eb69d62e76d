import BilevelTestSupport
import Testing

@testable import Tensor

/// axpy / scal / dot / gemv on every compiled backend against Float64 references.
@Suite struct BLAS1Tests {
    /// u, the unit roundoff of Float32 (half an ulp of 1).
    static let unitRoundoff = Double(Float.ulpOfOne) / 2
    static let lengths = [0, 1, 15, 16, 17, 1001]

    struct Case: CustomTestStringConvertible, Sendable {
        let backend: Backend
        let count: Int
        var testDescription: String { "\(backend) n=\(count)" }
    }

    static let cases = Backend.available.flatMap { b in lengths.map { Case(backend: b, count: $0) }
    }

    @Test(arguments: cases)
    func axpyMatchesFloat64Reference(_ c: Case) {
        var random = SeededRandom(seed: UInt64(c.count) &+ 11)
        // One element past `count` in each buffer: never read as data, and y's must survive.
        let x = random.floats(count: c.count + 1)
        let y0 = random.floats(count: c.count + 1)
        let alpha: Float = -1.75
        var y = y0
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                axpy(
                    count: c.count, alpha: alpha, x: px.baseAddress!, y: py.baseAddress!,
                    backend: c.backend)
            }
        }
        #expect(y[c.count] == y0[c.count])
        for i in 0..<c.count {
            let product = Double(alpha) * Double(x[i])
            let exact = product + Double(y0[i])
            // At most two roundings (product, sum; one when fused), each ≤ u of its magnitude.
            let bound = 2 * Self.unitRoundoff * (abs(product) + abs(Double(y0[i])))
            #expect(abs(Double(y[i]) - exact) <= bound, "i=\(i)")
        }
    }

    @Test(arguments: Backend.available)
    func axpyWithZeroAlphaDoesNotReadX(_ backend: Backend) {
        let x: [Float] = [.nan, .infinity, 1]
        var y: [Float] = [1, 2, 3]
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                axpy(count: 3, alpha: 0, x: px.baseAddress!, y: py.baseAddress!, backend: backend)
            }
        }
        #expect(y == [1, 2, 3])
    }

    @Test(arguments: cases)
    func scalMatchesFloat64Reference(_ c: Case) {
        var random = SeededRandom(seed: UInt64(c.count) &+ 12)
        let x0 = random.floats(count: c.count + 1, in: -1e3...1e3)  // + 1: must stay untouched
        for alpha: Float in [0.3, -7, 1] {
            var x = x0
            x.withUnsafeMutableBufferPointer { p in
                scal(count: c.count, alpha: alpha, x: p.baseAddress!, backend: c.backend)
            }
            #expect(x[c.count] == x0[c.count])
            for i in 0..<c.count {
                let exact = Double(alpha) * Double(x0[i])
                // One rounding of the product.
                #expect(abs(Double(x[i]) - exact) <= Self.unitRoundoff * abs(exact), "i=\(i)")
            }
        }
    }

    @Test(arguments: Backend.available)
    func scalByZeroClearsNonFiniteValues(_ backend: Backend) {
        var x: [Float] = [.nan, -.infinity, 5, 0]
        x.withUnsafeMutableBufferPointer { p in
            scal(count: 4, alpha: 0, x: p.baseAddress!, backend: backend)
        }
        #expect(x == [0, 0, 0, 0])
    }

    @Test(arguments: cases)
    func dotMatchesFloat64Reference(_ c: Case) {
        var random = SeededRandom(seed: UInt64(c.count) &+ 13)
        let x = random.floats(count: c.count)
        let y = random.floats(count: c.count)
        let exact = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let magnitude = zip(x, y).reduce(0.0) { $0 + abs(Double($1.0) * Double($1.1)) }
        func dotOf(_ backend: Backend) -> Float {
            (x + [0]).withUnsafeBufferPointer { px in  // + [0]: a valid pointer when count = 0
                (y + [0]).withUnsafeBufferPointer { py in
                    dot(count: c.count, x: px.baseAddress!, y: py.baseAddress!, backend: backend)
                }
            }
        }
        let got = dotOf(c.backend)
        // Float64 accumulation leaves only the final rounding to Float32 (u·|x·y|) plus the
        // Float64 summation error (≤ n·2⁻⁵³·Σ|xᵢyᵢ|, negligible).
        let bound = Self.unitRoundoff * abs(exact) + Double(c.count) * 0x1p-53 * magnitude
        #expect(abs(Double(got) - exact) <= bound)
        // Both backends accumulate in Float64 (cblas_dsdot and SIMD8<Double>), so they differ
        // at most when the Float64 sums straddle a Float32 rounding boundary: one ulp.
        let swift = dotOf(.swift)
        #expect(abs(got - swift) <= swift.ulp)
    }

    struct GemvCase: CustomTestStringConvertible, Sendable {
        let backend: Backend
        let trans: Transpose
        let m: Int
        let n: Int
        let alpha: Float
        let beta: Float
        var testDescription: String {
            "\(backend) \(trans.letter) \(m)x\(n) alpha=\(alpha) beta=\(beta)"
        }
    }

    static let gemvCases: [GemvCase] = Backend.available.flatMap { backend in
        Transpose.allCases.flatMap { trans in
            [
                (0, 5), (5, 0), (1, 1), (15, 17), (16, 16), (17, 15), (37, 1001), (1001, 37),
                (4, 300),
            ]
            .flatMap { m, n in
                [(Float(1), Float(0)), (-0.5, 2), (2, 1)].map { alpha, beta in
                    GemvCase(backend: backend, trans: trans, m: m, n: n, alpha: alpha, beta: beta)
                }
            }
        }
    }

    @Test(arguments: gemvCases)
    func gemvMatchesFloat64Reference(_ c: GemvCase) {
        var random = SeededRandom(seed: UInt64(c.m * 7919 + c.n))
        let lda = c.n + 3  // a padded row stride, to catch lda/n confusion
        let a = random.floats(count: max(c.m * lda, 1))
        let (outputs, inner) = c.trans == .none ? (c.m, c.n) : (c.n, c.m)
        let x = random.floats(count: max(inner, 1))
        // β = 0 must ignore the prior y entirely, NaN included.
        let y0 =
            c.beta == 0 ? [Float](repeating: .nan, count: outputs) : random.floats(count: outputs)
        var y = y0 + [Float(-99)]  // a sentinel after the end
        a.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    gemv(
                        c.trans, m: c.m, n: c.n, alpha: c.alpha, a: pa.baseAddress!, lda: lda,
                        x: px.baseAddress!, beta: c.beta, y: py.baseAddress!, backend: c.backend)
                }
            }
        }
        #expect(y[outputs] == -99)
        for i in 0..<outputs {
            var sum = 0.0
            var magnitude = 0.0
            for k in 0..<inner {
                let element = c.trans == .none ? a[i * lda + k] : a[k * lda + i]
                sum += Double(element) * Double(x[k])
                magnitude += abs(Double(element) * Double(x[k]))
            }
            let prior = c.beta == 0 ? 0 : Double(c.beta) * Double(y0[i])
            let exact = Double(c.alpha) * sum + prior
            // Higham's bound for a Float32 inner product of length k, γₖ·Σ|aᵢxᵢ| with
            // γₖ ≈ k·u, plus the roundings of the α and β terms (3u of their magnitudes).
            let bound =
                Double(inner + 3) * Self.unitRoundoff
                * (abs(Double(c.alpha)) * magnitude + abs(prior))
            #expect(abs(Double(y[i]) - exact) <= bound, "i=\(i) got \(y[i]) want \(exact)")
        }
    }

    @Test(arguments: Backend.available, Transpose.allCases)
    func gemvWithZeroAlphaOnlyScalesY(_ backend: Backend, _ trans: Transpose) {
        let a = [Float](repeating: .nan, count: 6)  // 2×3, never read
        let x = [Float](repeating: .nan, count: 3)
        var y: [Float] = [1, -2, 4]
        a.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    gemv(
                        trans, m: trans == .none ? 3 : 2, n: trans == .none ? 2 : 3, alpha: 0,
                        a: pa.baseAddress!, lda: 3, x: px.baseAddress!, beta: 0.5,
                        y: py.baseAddress!, backend: backend)
                }
            }
        }
        #expect(y == [0.5, -1, 2])  // halving is exact
    }

    @Test(arguments: Backend.available)
    func tensorConveniences(_ backend: Backend) {
        var random = SeededRandom(seed: 14)
        let x = Tensor(shape: [3, 17], scalars: random.floats(count: 51))
        let y0 = Tensor(shape: [3, 17], scalars: random.floats(count: 51))

        var y = y0
        y.axpy(alpha: 2, x, backend: backend)
        for i in 0..<51 {
            // Two roundings at most, as in axpyMatchesFloat64Reference.
            let exact = 2 * Double(x.scalars[i]) + Double(y0.scalars[i])
            let bound =
                2 * Self.unitRoundoff * (2 * abs(Double(x.scalars[i])) + abs(Double(y0.scalars[i])))
            #expect(abs(Double(y.scalars[i]) - exact) <= bound)
        }

        // x aliasing self: value semantics make `z.axpy(alpha:, z)` read the old z, so z ← 3z.
        var z = x
        z.axpy(alpha: 2, z, backend: backend)
        // 3z is 2z + z with one rounding: exact-ish; allow 1 ulp.
        #expect(zip(z.scalars, x.scalars).allSatisfy { abs($0 - 3 * $1) <= (3 * $1).ulp })

        var s = x
        s.scale(by: -0.5, backend: backend)  // halving is exact in binary floating point
        #expect(s.scalars == x.scalars.map { -0.5 * $0 })

        let exactDot = zip(x.scalars, y0.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        // Float64 accumulation: one final rounding.
        #expect(
            abs(Double(x.dot(y0, backend: backend)) - exactDot) <= Self.unitRoundoff * abs(exactDot)
                + 1e-12)

        var empty = Tensor(shape: [0])
        empty.axpy(alpha: 1, empty, backend: backend)
        empty.scale(by: 2, backend: backend)
        #expect(empty.dot(empty, backend: backend) == 0)
    }
}
