/// `closed-form-constrained`: a bilevel problem whose lower level is the Euclidean projection of
/// A·x onto a halfspace, written as a constrained minimisation and turned into a minimax lower level
/// through its multiplier (METHODS.md §2.8, constrained case):
///
///     f(x1, y1)      = ½‖x1 − c‖² + ½‖y1 − d‖²
///     lower level    min_z ½‖z − A x1‖²  s.t.  aᵀz ≤ b      (solution map y*(x) = Proj_H(A x))
///     ft(x1, z, λ)   = ½‖z − A x1‖² + λ(aᵀz − b),  λ ∈ [0, Λ]  (y2 = λ, a capped simplex of size 1)
///
/// d_1 ft = −Aᵀ(z − A x1), d_2 ft = z − A x1 + λa, d_3 ft = aᵀz − b. The bilevel solution is
/// computed exactly: on each side of {aᵀA x = b} the composite objective is a convex quadratic,
/// minimised in closed form (or on the boundary hyperplane), and the better side wins. The gap has
/// the closed form ½‖y1 − Ax‖² + Λ(aᵀy1 − b)₊ − (λ(aᵀAx − b) − λ²‖a‖²/2). Data (4×3 A, b = 1) is
/// fixed so that the constraint is active at the solution (multiplier ≈ 0.279 < Λ).
public final class HalfspaceProjectionProblem: MinimaxBilevelProblem {
    /// n × m matrix A (row-major), the halfspace a, b and the upper targets c, d.
    let matrix: [Double] = [1, 0.5, 0, 0, 1, 0.3, 0.2, 0, 1, 0.5, 0.5, 0.5]
    let normal: [Double] = [1, 1, 1, 1]
    let offset = 1.0
    let targetX: [Double] = [1, 0.5, -0.2]
    let targetY: [Double] = [1.5, 1, 0.8, 0.5]
    /// The multiplier bound Λ.
    public let multiplierBound: Float
    /// The bilevel solution (x*, y*, λ*).
    public private(set) var solution: (x: [Double], y: [Double], multiplier: Double) = ([], [], 0)

    public let name = "closed-form-constrained"
    public var sizes: MinimaxBlockSizes { MinimaxBlockSizes(x1: 3, x2: 0, y1: 4, y2: 1) }
    public var sets: MinimaxBlockSets { MinimaxBlockSets(y2: .cappedSimplex(cap: multiplierBound)) }
    public var initialPoint: MinimaxInitialPoint {
        MinimaxInitialPoint(x1: [0, 0, 0], x2: [], y1: [0, 0, 0, 0], y2: [0])
    }
    private let residual: UnsafeMutablePointer<Double>

    /// The problem with multiplier bound Λ (> the true multiplier ≈ 0.279 for an exact dual).
    public init(multiplierBound: Float = 10) {
        self.multiplierBound = multiplierBound
        residual = .allocate(capacity: 4)
        solution = referenceSolution()
    }

    deinit { residual.deallocate() }

    private var m: Int { 3 }
    private var n: Int { 4 }

    /// A·x in Float64.
    func applyA(_ x: (Int) -> Double) -> [Double] {
        (0..<n).map { i in (0..<m).reduce(0.0) { $0 + matrix[i * m + $1] * x($1) } }
    }

    /// y*(x) = Proj_H(A x).
    public func solutionMap(_ x: [Double]) -> [Double] {
        let ax = applyA { x[$0] }
        let excess = zip(normal, ax).reduce(0.0) { $0 + $1.0 * $1.1 } - offset
        let squares = normal.reduce(0.0) { $0 + $1 * $1 }
        return excess > 0 ? zip(ax, normal).map { $0 - excess / squares * $1 } : ax
    }

    private func referenceSolution() -> (x: [Double], y: [Double], multiplier: Double) {
        let squares = normal.reduce(0.0) { $0 + $1 * $1 }
        // Side 1 (inactive): y = A x; side 2 (active): y = P A x + b a/‖a‖², P = I − aaᵀ/‖a‖².
        func quadratic(projected: Bool) -> (hessian: [Double], rhs: [Double]) {
            var hessian = [Double](repeating: 0, count: m * m)
            var rhs = targetX
            for r in 0..<m { hessian[r * m + r] = 1 }
            let p: (Int, Int) -> Double = { i, j in (i == j ? 1 : 0) - (projected ? self.normal[i] * self.normal[j] / squares : 0) }
            for r in 0..<m {
                for s in 0..<m {
                    for i in 0..<n { for j in 0..<n { hessian[r * m + s] += matrix[i * m + r] * p(i, j) * matrix[j * m + s] } }
                }
                for i in 0..<n { for j in 0..<n { rhs[r] += matrix[i * m + r] * p(i, j) * targetY[j] } }
            }
            return (hessian, rhs)
        }
        let boundaryNormal = (0..<m).map { r in (0..<n).reduce(0.0) { $0 + matrix[$1 * m + r] * normal[$1] } }
        func constraintValue(_ x: [Double]) -> Double { zip(boundaryNormal, x).reduce(0.0) { $0 + $1.0 * $1.1 } - offset }
        func objective(_ x: [Double]) -> Double {
            let y = solutionMap(x)
            return 0.5 * zip(x, targetX).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                + 0.5 * zip(y, targetY).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        var candidates: [[Double]] = []
        for (projected, sign) in [(false, -1.0), (true, 1.0)] {
            let (hessian, rhs) = quadratic(projected: projected)
            if let x = DenseSolve.solve(hessian, rhs), sign * constraintValue(x) >= 0 { candidates.append(x) }
            // The minimiser on the boundary hyperplane (both sides agree there).
            var kkt = [Double](repeating: 0, count: (m + 1) * (m + 1))
            for r in 0..<m {
                for s in 0..<m { kkt[r * (m + 1) + s] = hessian[r * m + s] }
                kkt[r * (m + 1) + m] = boundaryNormal[r]
                kkt[m * (m + 1) + r] = boundaryNormal[r]
            }
            if let z = DenseSolve.solve(kkt, rhs + [offset]) { candidates.append(Array(z[0..<m])) }
        }
        guard let best = candidates.min(by: { objective($0) < objective($1) }) else { preconditionFailure("no reference candidate") }
        let ax = applyA { best[$0] }
        let multiplier = max(zip(normal, ax).reduce(0.0) { $0 + $1.0 * $1.1 } - offset, 0) / squares
        return (best, solutionMap(best), multiplier)
    }

    public func upper(_ point: MinimaxUpperPoint, gradients: MinimaxUpperGradients) -> Double {
        var value = 0.0
        for i in 0..<m {
            let r = Double(point.x1[i]) - targetX[i]
            value += 0.5 * r * r
            gradients.x1?[i] = Float(r)
        }
        for i in 0..<n {
            let r = Double(point.y1[i]) - targetY[i]
            value += 0.5 * r * r
            gradients.y1?[i] = Float(r)
        }
        gradients.y2?[0] = 0
        return value
    }

    public func lower(
        x1: UnsafePointer<Float>, z1: UnsafePointer<Float>, z2: UnsafePointer<Float>,
        gradientX1: UnsafeMutablePointer<Float>?, gradientZ1: UnsafeMutablePointer<Float>?,
        gradientZ2: UnsafeMutablePointer<Float>?
    ) -> Double {
        var squares = 0.0
        var constraint = -offset
        for i in 0..<n {
            var ax = 0.0
            for j in 0..<m { ax += matrix[i * m + j] * Double(x1[j]) }
            residual[i] = Double(z1[i]) - ax
            squares += residual[i] * residual[i]
            constraint += normal[i] * Double(z1[i])
        }
        let lambda = Double(z2[0])
        if let gradientX1 {
            for j in 0..<m {
                var sum = 0.0
                for i in 0..<n { sum -= matrix[i * m + j] * residual[i] }
                gradientX1[j] = Float(sum)
            }
        }
        if let gradientZ1 { for i in 0..<n { gradientZ1[i] = Float(residual[i] + lambda * normal[i]) } }
        gradientZ2?[0] = Float(constraint)
        return 0.5 * squares + lambda * constraint
    }

    public func exactLowerGap(x1: UnsafePointer<Float>, y1: UnsafePointer<Float>, y2: UnsafePointer<Float>) -> Double? {
        let ax = applyA { Double(x1[$0]) }
        let squares = normal.reduce(0.0) { $0 + $1 * $1 }
        var distance = 0.0
        var constraintY = -offset
        var constraintAx = -offset
        for i in 0..<n {
            distance += (Double(y1[i]) - ax[i]) * (Double(y1[i]) - ax[i])
            constraintY += normal[i] * Double(y1[i])
            constraintAx += normal[i] * ax[i]
        }
        let lambda = Double(y2[0])
        let maxPart = 0.5 * distance + Double(multiplierBound) * max(constraintY, 0)
        let minPart = lambda * constraintAx - lambda * lambda * squares / 2
        return maxPart - minPart
    }

    public func metrics(_ point: MinimaxUpperPoint) -> [(key: String, value: MetricValue)] {
        var squares = 0.0
        for i in 0..<m { squares += (Double(point.x1[i]) - solution.x[i]) * (Double(point.x1[i]) - solution.x[i]) }
        for i in 0..<n { squares += (Double(point.y1[i]) - solution.y[i]) * (Double(point.y1[i]) - solution.y[i]) }
        let upperValue = upper(point, gradients: MinimaxUpperGradients())
        return [("objective_value", .float(upperValue, format: .shortest)), ("distance_to_solution", .float(squares.squareRoot(), format: .shortest)),
                ("multiplier", .float(Double(point.y2[0]), format: .shortest))]
    }
}
