import BilevelTestSupport
import Testing
@testable import Tensor

/// Projections against brute-force references: for the polyhedral sets (box, simplex, capped
/// simplex) every active set is enumerated, the equality-constrained projection of each is solved
/// exactly and the nearest feasible candidate is the answer; for the ball and the halfspace the
/// answer must be feasible and no closer to v than any of 2000 random feasible points.
@Suite struct ProjectionsTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6, 7, 8]

    /// argmin over active sets of ‖p − v‖ on {p ≥ 0, Σp = c} (sumActive) or {p ≥ 0} with the zero set S.
    static func bruteForceSimplex(_ v: [Float], total: Double?, cap: Double?) -> [Double] {
        let n = v.count
        var best: [Double] = []
        var bestDistance = Double.infinity
        for mask in 0..<(1 << n) {
            let free = (0..<n).filter { mask & (1 << $0) == 0 }
            for sumActive in [false, true] {
                let target = total ?? cap ?? 0
                if total != nil && !sumActive { continue }
                var p = [Double](repeating: 0, count: n)
                if sumActive {
                    guard !free.isEmpty else { continue }
                    let shift = (free.reduce(0.0) { $0 + Double(v[$1]) } - target) / Double(free.count)
                    for i in free { p[i] = Double(v[i]) - shift }
                } else {
                    for i in free { p[i] = Double(v[i]) }
                }
                let feasible = p.allSatisfy { $0 >= -1e-12 } && (cap == nil || p.reduce(0, +) <= target + 1e-9)
                    && (total == nil || abs(p.reduce(0, +) - target) < 1e-9)
                guard feasible else { continue }
                let distance = zip(p, v).reduce(0.0) { $0 + ($1.0 - Double($1.1)) * ($1.0 - Double($1.1)) }
                if distance < bestDistance { (best, bestDistance) = (p, distance) }
            }
        }
        return best
    }

    static func project(_ v: [Float], _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        var p = v
        var scratch = [Float](repeating: 0, count: v.count)
        p.withUnsafeMutableBufferPointer { pp in scratch.withUnsafeMutableBufferPointer { body(pp.baseAddress!, $0.baseAddress!) } }
        return p
    }

    // Float32 projections of O(1) inputs agree with the Float64 reference to a few ulps.
    static let tolerance: Float = 2e-6

    @Test(arguments: seeds)
    func simplexMatchesActiveSetEnumeration(_ seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for n in 1...6 {
            let v = random.floats(count: n, in: -2...2)
            let total = Float(0.5 + Double(seed % 3))
            let p = Self.project(v) { Projection.simplex($0, count: n, total: total, scratch: $1) }
            let reference = Self.bruteForceSimplex(v, total: Double(total), cap: nil)
            for i in 0..<n { #expect(abs(p[i] - Float(reference[i])) <= Self.tolerance, "n=\(n) v=\(v) p=\(p) ref=\(reference)") }
        }
    }

    @Test(arguments: seeds)
    func cappedSimplexMatchesActiveSetEnumeration(_ seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for n in 1...6 {
            let v = random.floats(count: n, in: -1...2)
            for cap: Float in [0, 0.3, 1, 5] {
                let p = Self.project(v) { Projection.cappedSimplex($0, count: n, cap: cap, scratch: $1) }
                let reference = Self.bruteForceSimplex(v, total: nil, cap: Double(cap))
                for i in 0..<n { #expect(abs(p[i] - Float(reference[i])) <= Self.tolerance, "cap=\(cap) v=\(v) p=\(p)") }
            }
        }
    }

    @Test(arguments: seeds)
    func boxMatchesCoordinatewiseEnumeration(_ seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let v = random.floats(count: 7, in: -3...3)
        let p = Self.project(v) { v, _ in Projection.box(v, count: 7, lower: -1, upper: 0.5) }
        // Per coordinate the candidates are the two bounds and v itself when inside.
        for i in 0..<7 {
            let candidates = [-1, 0.5, v[i]].filter { $0 >= -1 && $0 <= 0.5 }
            let best = candidates.min { abs($0 - v[i]) < abs($1 - v[i]) }!
            #expect(p[i] == best)
        }
    }

    /// p must be feasible and at least as close to v as `samples` random feasible points.
    static func checkNearest(_ v: [Float], _ p: [Float], feasible: ([Float]) -> Bool, sample: () -> [Float]) {
        #expect(feasible(p), "projection \(p) is infeasible")
        let distance = zip(p, v).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        for _ in 0..<2000 {
            let q = sample()
            guard feasible(q) else { continue }
            let other = zip(q, v).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            #expect(distance <= other + 1e-5, "feasible \(q) is closer to \(v) than \(p)")
        }
    }

    @Test(arguments: seeds)
    func ballIsNearestFeasiblePoint(_ seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let v = random.floats(count: 3, in: -2...2)
        let p = Self.project(v) { v, _ in Projection.ball(v, count: 3, radius: 1) }
        Self.checkNearest(v, p, feasible: { q in q.reduce(0) { $0 + $1 * $1 } <= 1 + 1e-5 },
                          sample: { random.floats(count: 3, in: -1...1) })
    }

    @Test(arguments: seeds)
    func halfspaceIsNearestFeasiblePoint(_ seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let v = random.floats(count: 3, in: -2...2)
        let a = random.floats(count: 3, in: -1...1)
        let b: Float = 0.2
        let p = Self.project(v) { v, _ in a.withUnsafeBufferPointer { Projection.halfspace(v, count: 3, normal: $0.baseAddress!, offset: b) } }
        Self.checkNearest(v, p, feasible: { q in zip(a, q).reduce(0) { $0 + $1.0 * $1.1 } <= b + 1e-5 },
                          sample: { random.floats(count: 3, in: -3...3) })
    }

    @Test func heapsortSortsDescending() {
        var random = SeededRandom(seed: 9)
        var values = random.floats(count: 33)
        values.withUnsafeMutableBufferPointer { Projection.sortDescending($0.baseAddress!, count: 33) }
        #expect(values == values.sorted(by: >))
    }
}
