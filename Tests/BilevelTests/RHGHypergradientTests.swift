import Testing
@testable import Bilevel
@testable import Tensor

/// What the RHG hypergradient is, checked from its definition rather than against a recorded
/// trajectory: (1) with K = T it is the derivative of the unrolled upper objective x ↦ f(w_T(x))
/// (central finite differences); (2) on a strongly convex lower level it converges, as T grows,
/// to the implicit-function hypergradient −(∂²g/∂x∂w)·[∇²_ww g]⁻¹·∇f at w*(x), with the Hessian
/// assembled from the Hessian-vector oracle and solved by ``LinearSolve`` (LAPACKE under
/// OpenBLAS); (3) T-RHG with K = T is RHG, in both truncation modes.
@Suite struct RHGHypergradientTests {
    static func strategy(method: String = "rhg", T: Int, K: Int, lrInner: Double, reg: Double = 0) throws
        -> HyperCleaningStrategy
    {
        var strategy = HyperCleaningStrategy(method: method)
        (strategy.lr, strategy.lrInner, strategy.T, strategy.K, strategy.outerItr, strategy.reg) = (1, lrInner, T, K, 1, reg)
        try strategy.validate()
        return strategy
    }

    static func method(_ kind: NetworkKind, _ strategy: HyperCleaningStrategy, x: [Float]? = nil) -> RHG {
        let method = RHG(data: SyntheticProblem.data, network: SyntheticProblem.architecture(kind), strategy: strategy,
                         initialParameters: { SyntheticProblem.initialParameters(kind) })
        if let x { method.upperVariable.pointer.update(from: x, count: x.count) }
        return method
    }

    @Test(arguments: [NetworkKind.linear, .mlp])
    func fullUnrollIsTheDerivativeOfTheUnrolledObjective(kind: NetworkKind) throws {
        let strategy = try Self.strategy(T: 6, K: 6, lrInner: 0.5)
        let n = SyntheticProblem.data.train.rows
        let atZero = Self.method(kind, strategy)
        _ = atZero.step()
        let h = atZero.lastHypergradient.array
        // Directions: the steepest one (sign of h) and a fixed ±1 pattern.
        let directions: [[Float]] = [h.map { $0 >= 0 ? 1 : -1 }, (0..<n).map { ($0 * 7 % 5) < 2 ? 1 : -1 }]
        let epsilon: Float = 0.02
        for v in directions {
            let plus = Self.method(kind, strategy, x: v.map { epsilon * $0 }).step().validationLoss
            let minus = Self.method(kind, strategy, x: v.map { -epsilon * $0 }).step().validationLoss
            let finiteDifference = (plus - minus) / (2 * Double(epsilon))
            let analytic = zip(h, v).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let scale = h.reduce(0.0) { $0 + abs(Double($1)) }
            #expect(abs(finiteDifference - analytic) <= 0.02 * scale,
                    "\(kind): directional derivative \(analytic) vs finite difference \(finiteDifference)")
        }
    }

    @Test func convergesToTheImplicitHypergradientAsTGrows() throws {
        let (kind, lrInner, reg) = (NetworkKind.linear, 0.2, 0.1)
        let data = SyntheticProblem.data
        let network = SyntheticProblem.architecture(kind)
        let n = data.train.rows
        let p = network.layout.count
        // w*(x = 0): the end of a long inner run.
        let long = Self.method(kind, try Self.strategy(method: "t_rhg", T: 3000, K: 1, lrInner: lrInner, reg: reg))
        _ = long.step()
        let optimum = long.evaluationParameters.array
        // H = ∇²_ww g(0, w*) + 2·reg·I column by column, ∇f(w*), u = H⁻¹∇f, q_i = ∇CE_i(w*)·u.
        let train = ClassifierHead(pass: network.makePass(samples: data.train, maxSets: 1))
        let validation = ClassifierHead(pass: network.makePass(samples: data.validation, maxSets: 1))
        let hessian = LowerHessianProduct(head: train)
        let s = FloatBuffer([Float](repeating: 0.5, count: n))
        let w = FloatBuffer(optimum)
        let scratch = FloatBuffer(count: p)
        func prepare() {
            train.lossAndGradient(at: w.constPointer, rowWeights: s.constPointer, scale: 1 / Float(n), into: scratch.pointer)
        }
        var matrix = [Float](repeating: 0, count: p * p)
        let unit = FloatBuffer(count: p)
        for k in 0..<p {
            unit.fill(0)
            unit.pointer[k] = 1
            prepare()
            hessian.multiply(parameters: w.constPointer, direction: unit.constPointer, rowWeights: s.constPointer,
                             into: scratch.pointer)
            for r in 0..<p { matrix[r * p + k] = scratch.pointer[r] + (r == k ? Float(2 * reg) : 0) }
        }
        let upperGradient = FloatBuffer(count: p)
        validation.lossAndGradient(at: w.constPointer, rowWeights: nil, scale: 1 / Float(validation.rows),
                                   into: upperGradient.pointer)
        var symmetric = [Float](repeating: 0, count: p * p)
        for r in 0..<p {
            for c in 0..<p {
                let average: Float = (matrix[r * p + c] + matrix[c * p + r]) / 2
                symmetric[r * p + c] = average
            }
        }
        let u = try LinearSolve.symmetricPositiveDefinite(
            Tensor(shape: [p, p], scalars: symmetric), Tensor(shape: [p], scalars: upperGradient.array))
        let direction = FloatBuffer(u.scalars)
        prepare()
        hessian.multiply(parameters: w.constPointer, direction: direction.constPointer,
                         rowWeights: s.constPointer, into: scratch.pointer)
        withExtendedLifetime(direction) {}  // its pointer was read by multiply
        let implicit = (0..<n).map { -Double(hessian.directionalProducts.pointer[$0]) * 0.25 / Double(n) }
        let implicitNorm = implicit.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
        #expect(implicitNorm > 0)

        var errors: [Double] = []
        for T in [10, 40, 160, 640] {
            let method = Self.method(kind, try Self.strategy(T: T, K: T, lrInner: lrInner, reg: reg))
            _ = method.step()
            let h = method.lastHypergradient.array
            let error = zip(h, implicit).reduce(0.0) { $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1) }
            errors.append(error.squareRoot() / implicitNorm)
        }
        #expect(zip(errors, errors.dropFirst()).allSatisfy { $0 > $1 }, "relative errors \(errors) must fall with T")
        #expect(errors[0] > 0.05, "T = 10 is still far from w*: \(errors)")
        #expect(errors.last! < 1e-3, "T = 640 must reach the implicit hypergradient: \(errors)")
    }

    @Test(arguments: [NetworkKind.linear, .mlp], ["reference", "exact"])
    func truncatedWithKEqualToTIsRHG(kind: NetworkKind, truncation: String) throws {
        var rhg = try Self.strategy(method: "rhg", T: 5, K: 5, lrInner: 0.5)
        var truncated = try Self.strategy(method: "t_rhg", T: 5, K: 5, lrInner: 0.5)
        truncated.truncation = truncation
        (rhg.outerItr, truncated.outerItr) = (3, 3)
        let (a, b) = (Self.method(kind, rhg), Self.method(kind, truncated))
        for _ in 0..<3 {
            let (logA, logB) = (a.step(), b.step())
            #expect(a.lastHypergradient.array == b.lastHypergradient.array)
            #expect(a.upperVariable.array == b.upperVariable.array)
            #expect(logA.validationLoss == logB.validationLoss && logA.trainLoss == logB.trainLoss)
        }
    }
}
