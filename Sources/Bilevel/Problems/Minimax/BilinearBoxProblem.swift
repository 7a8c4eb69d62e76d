/// `closed-form-minimax`: a bilinear minimax lower level on boxes with a known saddle set and a
/// quadratic upper level with its own maximising block (METHODS.md §2.8):
///
///     f(x1, x2, y1, y2) = ½‖y1 − d‖² + μ/2‖x1 − e‖² + x2ᵀ(x1 − e) − ½‖x2‖²
///     ft(x1, z1, z2)    = z2ᵀ(z1 − x1),   z1, z2 ∈ [−1, 1]ⁿ,   x1 ∈ [−3, 3]ⁿ,  x2 ∈ [−5, 5]ⁿ
///
/// ft is convex–concave but not strongly. Per coordinate the saddle point is y1 = clip(x1, −1, 1)
/// and y2 = 0 for |x1| < 1, −sign(x1) for |x1| > 1 (a segment at |x1| = 1). The maximising x2 is
/// x1 − e, so the bilevel objective is ½(clip(x) − d)² + (μ + 1)/2 (x − e)² per coordinate,
/// minimised over the three pieces in closed form. Data (n = 4) mixes interior and clipped
/// coordinates; no coordinate of the solution sits at |x1| = 1. Gap in closed form:
/// ‖y1 − x1‖₁ + ‖y2‖₁ + y2ᵀx1.
public final class BilinearBoxProblem: MinimaxBilevelProblem {
    let targetY: [Double] = [0.3, 2, -0.5, -1.5]
    let targetX: [Double] = [-0.2, 2, 0.4, -2.5]
    /// μ of the upper level.
    public let curvature = 1.0
    /// The solution (x1, x2, y1, y2).
    public private(set) var solution: [[Double]] = []

    public let name = "closed-form-minimax"
    public var sizes: MinimaxBlockSizes { MinimaxBlockSizes(x1: 4, x2: 4, y1: 4, y2: 4) }
    public var sets: MinimaxBlockSets {
        MinimaxBlockSets(x1: .box(lower: -3, upper: 3), x2: .box(lower: -5, upper: 5),
                         y1: .box(lower: -1, upper: 1), y2: .box(lower: -1, upper: 1))
    }
    public var initialPoint: MinimaxInitialPoint {
        let zeros = [Float](repeating: 0, count: 4)
        return MinimaxInitialPoint(x1: zeros, x2: zeros, y1: zeros, y2: zeros)
    }

    /// The problem with its fixed data.
    public init() {
        var x: [Double] = []
        for (d, e) in zip(targetY, targetX) {
            let weight = curvature + 1
            func objective(_ v: Double) -> Double {
                let fit = min(max(v, -1), 1) - d
                return 0.5 * fit * fit + weight / 2 * (v - e) * (v - e)
            }
            var candidates = [max(1, min(e, 3)), min(-1, max(e, -3))]
            let interior = (d + weight * e) / (1 + weight)
            if abs(interior) < 1 { candidates.append(interior) }
            x.append(candidates.min(by: { objective($0) < objective($1) }) ?? 0)
        }
        let y1 = x.map { min(max($0, -1), 1) }
        let y2 = x.map { abs($0) < 1 ? 0 : -($0 > 0 ? 1.0 : -1.0) }
        solution = [x, zip(x, targetX).map { $0 - $1 }, y1, y2]
    }

    public func upper(_ point: MinimaxUpperPoint, gradients: MinimaxUpperGradients) -> Double {
        var value = 0.0
        for i in 0..<4 {
            let shift = Double(point.x1[i]) - targetX[i]
            let x2 = Double(point.x2[i])
            let r = Double(point.y1[i]) - targetY[i]
            value += 0.5 * r * r + curvature / 2 * shift * shift + x2 * shift - 0.5 * x2 * x2
            gradients.x1?[i] = Float(curvature * shift + x2)
            gradients.x2?[i] = Float(shift - x2)
            gradients.y1?[i] = Float(r)
            gradients.y2?[i] = 0
        }
        return value
    }

    public func lower(
        x1: UnsafePointer<Float>, z1: UnsafePointer<Float>, z2: UnsafePointer<Float>,
        gradientX1: UnsafeMutablePointer<Float>?, gradientZ1: UnsafeMutablePointer<Float>?,
        gradientZ2: UnsafeMutablePointer<Float>?
    ) -> Double {
        var value = 0.0
        for i in 0..<4 {
            value += Double(z2[i]) * (Double(z1[i]) - Double(x1[i]))
            gradientX1?[i] = -z2[i]
            gradientZ1?[i] = z2[i]
            gradientZ2?[i] = z1[i] - x1[i]
        }
        return value
    }

    public func exactLowerGap(x1: UnsafePointer<Float>, y1: UnsafePointer<Float>, y2: UnsafePointer<Float>) -> Double? {
        var gap = 0.0
        for i in 0..<4 {
            gap += abs(Double(y1[i]) - Double(x1[i])) + abs(Double(y2[i])) + Double(y2[i]) * Double(x1[i])
        }
        return gap
    }

    public func metrics(_ point: MinimaxUpperPoint) -> [(key: String, value: MetricValue)] {
        var squares = 0.0
        for (block, pointer) in [point.x1, point.x2, point.y1, point.y2].enumerated() {
            for i in 0..<4 {
                let r = Double(pointer[i]) - solution[block][i]
                squares += r * r
            }
        }
        let upperValue = upper(point, gradients: MinimaxUpperGradients())
        return [("objective_value", .float(upperValue, format: .shortest)),
                ("distance_to_solution", .float(squares.squareRoot(), format: .shortest))]
    }
}
