import Tensor

/// Gradients and projections of a saddle function Φ(u, w) on a flat `[u | w]` vector, as SAPD
/// consumes them (``PenaltyFunction`` is one; tests supply strongly-convex–strongly-concave
/// quadratics).
public protocol SaddleGradientOracle: AnyObject {
    /// Size of u.
    var uCount: Int { get }
    /// Size of w.
    var wCount: Int { get }
    /// Scratch elements the projections need.
    var projectionScratchCount: Int { get }
    /// Writes ∇_u Φ, ∇_w Φ or both at `point` into the matching part of `gradient`.
    func gradient(at point: UnsafePointer<Float>, part: PenaltyFunction.Part, into gradient: UnsafeMutablePointer<Float>)
    /// Projects the u part of a `[u | w]` vector onto U.
    func projectU(_ vector: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)
    /// Projects the w part of a `[u | w]` vector onto W.
    func projectW(_ vector: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)
}

/// SAPD, stochastic accelerated primal–dual (Zhang, Aybat, Gürbüzbalaban, "Robust accelerated
/// primal-dual methods for computing saddle points", SIAM J. Optim. 2024), for
///
///     min_u max_w  Φ(u, w) + c/2‖u − ū‖²  + p(u) − q(w),
///     p(u) = μ_u/2‖u − ū‖² + 1_U(u),   q(w) = μ_w/2‖w − w̄‖² + 1_W(w)
///
/// with Φ convex–concave (the c-term is smooth and added to ∇_u Φ; c = L in the penalty method's
/// split Φ = P_ρ + L/2‖u − u_k‖², METHODS.md §2.8). With momentum θ ∈ (0, 1):
///
///     τ = (1 − θ)/(θ μ_u),  σ = (1 − θ)/(θ μ_w)
///     G = ∇_w Φ(uⁿ, wⁿ)
///     wⁿ⁺¹ = prox_σq(wⁿ + σ(G + θ(G − G_prev))) = Proj_W((a + σ μ_w w̄)/(1 + σ μ_w))
///     uⁿ⁺¹ = prox_τp(uⁿ − τ ∇_u Φ(uⁿ, wⁿ⁺¹))   = Proj_U((a + τ μ_u ū)/(1 + τ μ_u))
///     G_prev = G
///
/// Gradients may be stochastic (the oracle draws its own samples). Two oracle calls per step
/// (one w half, one u half). Allocates nothing after init.
public final class SAPD {
    /// Momentum θ.
    public let theta: Float
    /// Strong convexity modulus μ_u of p.
    public let muU: Float
    /// Strong concavity modulus μ_w of q.
    public let muW: Float
    /// Coefficient c of the smooth c/2‖u − ū‖² term inside Φ.
    public let primalQuadratic: Float
    /// Primal step τ.
    public var tau: Float { (1 - theta) / (theta * muU) }
    /// Dual step σ.
    public var sigma: Float { (1 - theta) / (theta * muW) }

    private let oracle: any SaddleGradientOracle
    private let gradient: FloatBuffer
    private let previousDual: FloatBuffer
    private let scratch: FloatBuffer
    private var hasPrevious = false

    /// SAPD on `oracle` with the given momentum and moduli (all must be positive, θ < 1).
    public init(oracle: any SaddleGradientOracle, theta: Float, muU: Float, muW: Float, primalQuadratic: Float = 0) {
        precondition(theta > 0 && theta < 1 && muU > 0 && muW > 0, "SAPD needs θ ∈ (0,1) and positive moduli")
        self.oracle = oracle
        self.theta = theta
        self.muU = muU
        self.muW = muW
        self.primalQuadratic = primalQuadratic
        gradient = FloatBuffer(count: oracle.uCount + oracle.wCount)
        previousDual = FloatBuffer(count: oracle.wCount)
        scratch = FloatBuffer(count: max(oracle.projectionScratchCount, 1))
    }

    /// The smallest admissible momentum for bilinear coupling of norm K, θ̄ = (√(1 + κ²) − 1)/κ with
    /// κ = K/√(μ_u μ_w) (SAPD paper; [R] with K = the Lipschitz constant of ∇Φ for nonlinear Φ).
    public static func minimumTheta(coupling: Double, muU: Double, muW: Double) -> Double {
        let kappa = coupling / (muU * muW).squareRoot()
        guard kappa > 0 else { return 0 }
        return ((1 + kappa * kappa).squareRoot() - 1) / kappa
    }

    /// Forgets G_prev, so the next step starts without momentum (G_prev = G).
    public func resetMomentum() { hasPrevious = false }

    /// Runs `steps` SAPD steps on `point` (`[u | w]`, updated in place) with prox centres
    /// `primalAnchor` (ū, u-sized) and `dualAnchor` (w̄, w-sized).
    public func run(
        _ steps: Int, point: UnsafeMutablePointer<Float>,
        primalAnchor: UnsafePointer<Float>, dualAnchor: UnsafePointer<Float>
    ) {
        let nu = oracle.uCount
        let nw = oracle.wCount
        let tau = self.tau
        let sigma = self.sigma
        let g = gradient.pointer
        let w = point + nu
        for _ in 0..<steps {
            oracle.gradient(at: point, part: .w, into: g)
            if !hasPrevious {
                (previousDual.pointer).update(from: g + nu, count: nw)
                hasPrevious = true
            }
            let dualDenominator = 1 + sigma * muW
            for j in 0..<nw {
                let current = g[nu + j]
                let a = w[j] + sigma * (current + theta * (current - previousDual.pointer[j]))
                w[j] = (a + sigma * muW * dualAnchor[j]) / dualDenominator
                previousDual.pointer[j] = current
            }
            oracle.projectW(point, scratch: scratch.pointer)
            oracle.gradient(at: point, part: .u, into: g)
            let primalDenominator = 1 + tau * muU
            for i in 0..<nu {
                let direction = g[i] + primalQuadratic * (point[i] - primalAnchor[i])
                let a = point[i] - tau * direction
                point[i] = (a + tau * muU * primalAnchor[i]) / primalDenominator
            }
            oracle.projectU(point, scratch: scratch.pointer)
        }
    }
}

extension PenaltyFunction: SaddleGradientOracle {
    public var uCount: Int { layout.uCount }
    public var wCount: Int { layout.wCount }
    public var projectionScratchCount: Int { layout.largestBlock }

    public func gradient(at point: UnsafePointer<Float>, part: Part, into gradient: UnsafeMutablePointer<Float>) {
        self.gradient(at: point, part: part, into: gradient, evaluation: false)
    }

    public func projectU(_ vector: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        layout.projectU(vector, scratch: scratch)
    }

    public func projectW(_ vector: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        layout.projectW(vector, scratch: scratch)
    }
}
