import Testing

@testable import Bilevel

/// The toy problem's oracles (PBGD.md §1.1–1.2).
@Suite struct ToyTests {
    /// Points inside C = [0, 3] on both sides of x = 0.5 (where 2 - 4x changes sign) and with
    /// u = x + y away from and near 0.
    static let points: [(x: Double, y: Double)] = [
        (0.3, -1.2), (0.5, 0.7), (1.1, -1.05), (1.7, 2.3), (2.4, -4.1), (2.9, 6.2), (0.05, 8.0),
    ]

    /// Central difference of `function` along x (or y), step `h`.
    private func centralDifference(
        _ function: (Double, Double) -> Double, x: Double, y: Double, alongX: Bool, h: Double = 1e-6
    ) -> Double {
        alongX
            ? (function(x + h, y) - function(x - h, y)) / (2 * h)
            : (function(x, y + h) - function(x, y - h)) / (2 * h)
    }

    /// |a - b| <= tolerance * max(1, |b|).
    private func isClose(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    // A central difference with h = 1e-6 has truncation error ~h^2 |f'''| ~ 1e-10 and rounding
    // error ~eps |f| / h ~ 1e-10 for these O(1..100) functions; 1e-6 leaves a wide margin while
    // still catching any wrong term (a sign or factor error is O(1)).
    static let finiteDifferenceTolerance = 1e-6

    /// A scalar function of the toy and the oracle that claims to be its gradient.
    enum Oracle: String, CaseIterable, Sendable {
        case upperExact, lower, gradientPenalty

        func value(_ x: Double, _ y: Double) -> Double {
            switch self {
            case .upperExact: return Toy.upperObjective(x: x, y: y)
            case .lower: return Toy.lowerObjective(x: x, y: y)
            case .gradientPenalty: return Toy.gradientPenalty(x: x, y: y)
            }
        }

        func gradient(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
            switch self {
            case .upperExact: return Toy.upperGradient(x: x, y: y, derivative: .exact)
            case .lower: return Toy.lowerGradient(x: x, y: y)
            case .gradientPenalty: return Toy.gradientPenaltyGradient(x: x, y: y)
            }
        }
    }

    /// ∇f (exact df/dx), ∇g and ∇p against central differences at every point.
    @Test(arguments: Oracle.allCases, 0..<points.count)
    func gradientMatchesCentralDifferences(oracle: Oracle, index: Int) {
        let (x, y) = Self.points[index]
        let gradient = oracle.gradient(x, y)
        let numericX = centralDifference(oracle.value, x: x, y: y, alongX: true)
        let numericY = centralDifference(oracle.value, x: x, y: y, alongX: false)
        #expect(isClose(gradient.x, numericX, tolerance: Self.finiteDifferenceTolerance))
        #expect(isClose(gradient.y, numericY, tolerance: Self.finiteDifferenceTolerance))
    }

    /// The official df/dx is the exact one with (1 + E)^2 replaced by 1 + E^2 in the first term's
    /// denominator, nothing else; df/dy is identical.
    @Test(arguments: 0..<points.count)
    func officialDerivativeDiffersOnlyByTheDocumentedDenominator(index: Int) {
        let (x, y) = Self.points[index]
        let exact = Toy.upperGradient(x: x, y: y, derivative: .exact)
        let official = Toy.upperGradient(x: x, y: y, derivative: .official)
        #expect(official.y.bitPattern == exact.y.bitPattern)
        let e = Double.exp(2 - 4 * x)
        let numerator = 4 * e * Double.cos(4 * y + 2)
        let expectedDifference = numerator / (1 + e * e) - numerator / ((1 + e) * (1 + e))
        // Both sides are differences of O(1..10) terms computed in different orders: 1e-12.
        #expect(isClose(official.x - exact.x, expectedDifference, tolerance: 1e-12))
        // The official derivative is *not* the derivative of f (the bug is real).
        let f: (Double, Double) -> Double = { Toy.upperObjective(x: $0, y: $1) }
        let numeric = centralDifference(f, x: x, y: y, alongX: true)
        if abs(expectedDifference) > 1e-3 {
            #expect(!isClose(official.x, numeric, tolerance: Self.finiteDifferenceTolerance))
        }
    }

    @Test func penaltyGradientDispatchesOnMethod() {
        let (x, y) = (1.3, -0.4)
        let v = Toy.penaltyGradient(x: x, y: y, method: .vPBGD)
        let g = Toy.penaltyGradient(x: x, y: y, method: .gPBGD)
        #expect(v == Toy.lowerGradient(x: x, y: y))
        #expect(g == Toy.gradientPenaltyGradient(x: x, y: y))
    }

    /// On the lower-level solution set y = -x: g = 0 and ∇_y g = 0, so G-PBGD's penalty and its
    /// gradient vanish.
    @Test func lowerLevelSolutionsZeroTheGradientPenalty() {
        for x in [0.0, 0.7, 2.0, 3.0] {
            #expect(Toy.lowerObjective(x: x, y: -x) == 0)
            #expect(Toy.gradientPenalty(x: x, y: -x) == 0)
            let gradient = Toy.gradientPenaltyGradient(x: x, y: -x)
            #expect(gradient.x == 0 && gradient.y == 0)
        }
    }

    /// Python's `min(max(x, 0.0), 3.0)`: bounds, -0.0 kept (max keeps its first argument on
    /// ties), NaN passed through.
    @Test func projectionFollowsPythonMinMax() {
        #expect(Toy.project(-0.5) == 0)
        #expect(Toy.project(3.5) == 3)
        #expect(Toy.project(1.25) == 1.25)
        #expect(Toy.project(-0.0).sign == .minus)
        #expect(Toy.project(Double.nan).isNaN)
        let lanes = SIMD8<Double>(-0.5, 3.5, 1.25, -0.0, .nan, 0, 3, 2.999)
        let projected = Toy.project(lanes)
        for lane in 0..<8 {
            #expect(projected[lane].bitPattern == Toy.project(lanes[lane]).bitPattern)
        }
    }

    /// Each SIMD lane computes exactly what the scalar code computes.
    @Test(arguments: ToyMethod.allCases, ToyDerivative.allCases)
    func simdLanesAreBitIdenticalToScalars(method: ToyMethod, derivative: ToyDerivative) {
        let xs = SIMD8<Double>(0.3, 0.5, 1.1, 1.7, 2.4, 2.9, 0.05, 3.4)
        let ys = SIMD8<Double>(-1.2, 0.7, -1.05, 2.3, -4.1, 6.2, 8.0, -4.9)
        let vector = Toy.pbgdStep(
            x: xs, y: ys, method: method, derivative: derivative, gamma: .init(repeating: 10),
            alpha: .init(repeating: 0.01))
        for lane in 0..<8 {
            let scalar = Toy.pbgdStep(
                x: xs[lane], y: ys[lane], method: method, derivative: derivative, gamma: 10,
                alpha: 0.01)
            #expect(vector.gradX[lane].bitPattern == scalar.gradX.bitPattern)
            #expect(vector.gradY[lane].bitPattern == scalar.gradY.bitPattern)
            #expect(vector.xNext[lane].bitPattern == scalar.xNext.bitPattern)
            #expect(vector.yNext[lane].bitPattern == scalar.yNext.bitPattern)
            #expect(
                vector.projectedGradient[lane].bitPattern == scalar.projectedGradient.bitPattern)
        }
        let objective = Toy.upperObjective(x: xs, y: ys)
        for lane in 0..<8 {
            #expect(
                objective[lane].bitPattern
                    == Toy.upperObjective(x: xs[lane], y: ys[lane]).bitPattern)
        }
    }

    /// Inside C the projected gradient is the gradient norm; on the bound, the component that
    /// points out of C is cut.
    @Test func projectedGradientOfAStep() {
        let inside = Toy.pbgdStep(
            x: 1.5, y: -1.0, method: .vPBGD, derivative: .official, gamma: 10, alpha: 0.01)
        // (x - x')/alpha recomputes alpha*G/alpha: a few ulps from G.
        #expect(
            isClose(
                inside.projectedGradient,
                (inside.gradX * inside.gradX + inside.gradY * inside.gradY).squareRoot(),
                tolerance: 1e-12))

        // x = 3 with a negative Gx: the step would leave C, so x' = 3 and pg = |Gy|.
        let start = ToyConvergence.startPoints(seed: 42, count: 1)[0]
        var step = Toy.pbgdStep(
            x: start.x, y: start.y, method: .gPBGD, derivative: .official, gamma: 10, alpha: 0.01)
        #expect(step.xNext == 3)
        step = Toy.pbgdStep(
            x: 3.0, y: -3.2, method: .vPBGD, derivative: .official, gamma: 10, alpha: 0.01)
        #expect(step.gradX < 0)  // -14.89 (CPython)
        #expect(step.xNext == 3)
        #expect(isClose(step.projectedGradient, abs(step.gradY), tolerance: 1e-12))
    }

    /// pythonSquare is glibc's `pow(v, 2)` (Python's `v**2`), which differs from `v * v` for
    /// about one double in a thousand; the published G-PBGD counts need the pow result (PBGD.md
    /// §1.6). An optimiser that folds `pow(v, 2.0)` into `v * v` (LLVM does, at -O) fails this in
    /// a release test build. Values: glibc 2.36 `pow` and CPython 3.11 `v**2`.
    @Test func pythonSquareIsTheLibraryPowNotAProduct() throws {
        let cases = [
            ("-0x1.fcd18ab74a5b0p+0", "0x1.f9a825059cc56p+1"),
            ("-0x1.c91ab7dbf6660p+0", "0x1.9818339c99394p+1"),
            ("-0x1.5c1522b9d4fcap+0", "0x1.d9497827f241bp+0"),
        ]
        for (input, square) in cases {
            let v = try VectorFormat.double(hex: input)
            #expect(VectorFormat.pythonHex(Double.pythonSquare(v)) == square)
            #expect(VectorFormat.pythonHex(v * v) != square)
            #expect(
                VectorFormat.pythonHex(SIMD8<Double>.pythonSquare(.init(repeating: v))[5]) == square
            )
        }
    }
}
