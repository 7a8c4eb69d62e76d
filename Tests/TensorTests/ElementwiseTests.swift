import BilevelTestSupport
import Foundation
import Testing

@testable import Tensor

/// Accuracy and edge cases of the SIMD exp / log / sigmoid kernels against Float64 Foundation.
@Suite struct ElementwiseTests {
    /// The measured worst error of a kernel over a sample, in units in the last place of the
    /// correctly rounded Float32 result.
    struct ErrorReport: CustomStringConvertible {
        var maxULP = 0.0
        var worstInput: Float = 0

        mutating func record(input: Float, got: Float, reference: Double) {
            let rounded = Float(reference)
            // Only results that are normal floats are held to an ulp bound; subnormal results
            // have a fixed absolute resolution and are checked separately.
            guard rounded.isNormal else { return }
            let error = abs(Double(got) - reference) / Double(rounded.ulp)
            if !(error <= maxULP) {
                maxULP = error
                worstInput = input
            }
        }

        var description: String {
            String(
                format: "max error %.3f ulp at x = %a (%g)", maxULP, Double(worstInput),
                Double(worstInput))
        }
    }

    /// Runs the buffer kernel on all inputs at once and measures it against `reference`.
    static func measure(
        _ inputs: [Float], kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
        reference: (Double) -> Double
    ) -> ErrorReport {
        var outputs = [Float](repeating: .nan, count: inputs.count)
        inputs.withUnsafeBufferPointer { x in
            outputs.withUnsafeMutableBufferPointer { y in
                kernel(x.baseAddress!, y.baseAddress!, inputs.count)
            }
        }
        var report = ErrorReport()
        for (x, y) in zip(inputs, outputs) {
            report.record(input: x, got: y, reference: reference(Double(x)))
        }
        return report
    }

    /// 10⁶ inputs: uniform over an interval, plus random bit patterns of every magnitude in it
    /// (so tiny |x| near 0 and values near the ends are covered too).
    static func sample(_ range: ClosedRange<Float>, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        var inputs = random.floats(count: 500_000, in: range)
        while inputs.count < 1_000_000 {
            let x = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
            if range.contains(x) { inputs.append(x) }
        }
        return inputs
    }

    // Tolerances: 2 ulp is the design target (SLEEF's expf_u10 is a 1-ulp method; sigmoid adds
    // the roundings of 1 + e, of its quotient and of 1 − f). An ad-hoc exhaustive scan of every
    // Float32 input with a normal result measured: NativeCPU exp 0.988, log 0.827, sigmoid 1.480
    // ulp; portable build exp 0.951, log 0.829, sigmoid 1.967 ulp. These samples print theirs.

    @Test func expIsWithinTwoULPWhereTheResultIsNormal() {
        // e^x is a normal float for x in [ln(2⁻¹²⁶), ln(Float.max)] ≈ [−87.336, 88.722].
        let report = Self.measure(
            Self.sample(-87.33...88.72, seed: 1),
            kernel: { Elementwise.exp($0, into: $1, count: $2) },
            reference: Foundation.exp)
        print("Elementwise.exp vs Foundation.exp (Float64), 10⁶ inputs: \(report)")
        #expect(report.maxULP <= 2, "\(report)")
    }

    @Test func logIsWithinTwoULPOverAllPositiveFloats() {
        // All positive finite floats, subnormal inputs included (their logs are normal).
        var random = SeededRandom(seed: 2)
        var inputs = (0..<700_000).map { _ in
            Float(bitPattern: UInt32(truncatingIfNeeded: random.next()) % 0x7F80_0000)
        }
        // And the neighbourhood of 1, where ln x → 0 and cancellation would show.
        inputs += random.floats(count: 300_000, in: 0.5...2)
        let report = Self.measure(
            inputs, kernel: { Elementwise.log($0, into: $1, count: $2) }, reference: Foundation.log)
        print("Elementwise.log vs Foundation.log (Float64), 10⁶ inputs: \(report)")
        #expect(report.maxULP <= 2, "\(report)")
    }

    @Test func sigmoidIsWithinTwoULPWhereTheResultIsNormal() {
        // σ(x) is normal for x ≥ ≈ −87.33; above ≈ 17 it rounds to 1.
        let report = Self.measure(
            Self.sample(-87.3...40, seed: 3),
            kernel: { Elementwise.sigmoid($0, into: $1, count: $2) },
            reference: { 1 / (1 + Foundation.exp(-$0)) })
        print("Elementwise.sigmoid vs 1/(1+exp(-x)) in Float64, 10⁶ inputs: \(report)")
        #expect(report.maxULP <= 2, "\(report)")
    }

    @Test func subnormalResultsAreWithinOneSubnormalStep() {
        // Below e^x ≈ 2⁻¹²⁶ the result has absolute resolution 2⁻¹⁴⁹; one step allows for the
        // rounding of the (≤ 1 ulp) polynomial result to that grid.
        var random = SeededRandom(seed: 4)
        for x in random.floats(count: 10_000, in: -104...(-87.34)) {
            let step = Double(Float.leastNonzeroMagnitude)
            #expect(abs(Double(Elementwise.exp(x)) - Foundation.exp(Double(x))) <= step, "x = \(x)")
            let sigma = 1 / (1 + Foundation.exp(-Double(x)))
            #expect(abs(Double(Elementwise.sigmoid(x)) - sigma) <= step, "x = \(x)")
        }
    }

    struct SpecialCase: CustomTestStringConvertible, Sendable {
        let x: Float
        let exp: Float
        let log: Float
        let sigmoid: Float
        var testDescription: String { "x = \(x)" }
    }

    static let specialCases: [SpecialCase] = [
        .init(x: 0, exp: 1, log: -.infinity, sigmoid: 0.5),
        .init(x: -0.0, exp: 1, log: -.infinity, sigmoid: 0.5),
        .init(x: 1, exp: Float(M_E), log: 0, sigmoid: 0.731_058_6),
        .init(x: 100, exp: .infinity, log: 4.605_170_2, sigmoid: 1),
        .init(x: 88.73, exp: .infinity, log: 4.485_598, sigmoid: 1),
        // e^−100 ≈ 26.55 steps of 2⁻¹⁴⁹: correctly rounded to 27 subnormal steps.
        .init(
            x: -100, exp: 27 * .leastNonzeroMagnitude, log: .nan,
            sigmoid: 27 * .leastNonzeroMagnitude),
        .init(x: -104, exp: 0, log: .nan, sigmoid: 0),
        .init(x: -1e30, exp: 0, log: .nan, sigmoid: 0),
        .init(x: .infinity, exp: .infinity, log: .infinity, sigmoid: 1),
        .init(x: -.infinity, exp: 0, log: .nan, sigmoid: 0),
        .init(x: .nan, exp: .nan, log: .nan, sigmoid: .nan),
        .init(x: .leastNonzeroMagnitude, exp: 1, log: -103.278_93, sigmoid: 0.5),
        .init(x: .greatestFiniteMagnitude, exp: .infinity, log: 88.722_84, sigmoid: 1),
    ]

    @Test(arguments: specialCases)
    func specialInputs(_ c: SpecialCase) {
        // The expected values are the correctly rounded results; 1 ulp covers the polynomial
        // (−100 → a subnormal: one subnormal step, the same absolute size).
        func matches(_ got: Float, _ expected: Float) -> Bool {
            if expected.isNaN { return got.isNaN }
            if expected.isInfinite || expected == 0 { return got == expected }
            return abs(got - expected) <= expected.ulp
        }
        #expect(matches(Elementwise.exp(c.x), c.exp), "exp(\(c.x)) = \(Elementwise.exp(c.x))")
        #expect(matches(Elementwise.log(c.x), c.log), "log(\(c.x)) = \(Elementwise.log(c.x))")
        #expect(
            matches(Elementwise.sigmoid(c.x), c.sigmoid),
            "sigmoid(\(c.x)) = \(Elementwise.sigmoid(c.x))")
    }

    static let lengths = [0, 1, 15, 16, 17, 1001]

    @Test(arguments: lengths)
    func bufferKernelsMatchScalarHelpersAndStayInBounds(count: Int) {
        var random = SeededRandom(seed: UInt64(100 + count))
        let inputs = random.floats(count: count, in: -20...20).map { abs($0) }  // log needs x ≥ 0
        let signed = random.floats(count: count, in: -20...20)
        let sentinel: Float = 12345
        typealias Kernel = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
        let kernels: [(Kernel, (Float) -> Float, [Float])] = [
            ({ Elementwise.exp($0, into: $1, count: $2) }, Elementwise.exp, signed),
            ({ Elementwise.log($0, into: $1, count: $2) }, Elementwise.log, inputs),
            ({ Elementwise.sigmoid($0, into: $1, count: $2) }, Elementwise.sigmoid, signed),
        ]
        for (kernel, scalar, x) in kernels {
            // One extra slot after the end must keep its sentinel.
            var y = [Float](repeating: sentinel, count: count + 1)
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    kernel(px.baseAddress ?? UnsafePointer(py.baseAddress!), py.baseAddress!, count)
                }
            }
            // The tail runs the same vector code as the main loop, so results are bit-identical.
            #expect(y.prefix(count).elementsEqual(x.map(scalar)))
            #expect(y[count] == sentinel)
        }
    }

    @Test(arguments: lengths)
    func inPlaceMatchesOutOfPlace(count: Int) {
        var random = SeededRandom(seed: UInt64(200 + count))
        let x = random.floats(count: count, in: -30...30)
        var outOfPlace = [Float](repeating: 0, count: count)
        var inPlace = x
        x.withUnsafeBufferPointer { px in
            outOfPlace.withUnsafeMutableBufferPointer { py in
                guard let source = px.baseAddress, let target = py.baseAddress else { return }
                Elementwise.sigmoid(source, into: target, count: count)
            }
        }
        inPlace.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            Elementwise.sigmoid(base, into: base, count: count)
            Elementwise.exp(base, into: base, count: count)  // exp ∘ σ, also in place
        }
        #expect(inPlace == outOfPlace.map(Elementwise.exp))
    }

    @Test func sigmoidSaturatesWithoutNaN() {
        let x: [Float] = [-.infinity, -1e30, -200, -89, 89, 200, 1e30, .infinity]
        var y = x
        y.withUnsafeMutableBufferPointer { p in
            Elementwise.sigmoid(p.baseAddress!, into: p.baseAddress!, count: p.count)
        }
        #expect(y.allSatisfy { !$0.isNaN && $0 >= 0 && $0 <= 1 })
        #expect(y == [0, 0, 0, y[3], 1, 1, 1, 1])
        #expect(y[3] > 0 && y[3] < Float.leastNormalMagnitude)  // σ(−89) ≈ 2.2e−39, subnormal
    }
}
