import Foundation
import BilevelTestSupport
import Tensor
import Testing
@testable import Bilevel

/// The networks' analytic oracles against central finite differences of ``ReferenceLowerLoss``
/// (Float64), on small random problems (half the features exactly zero, as in MNIST), for both
/// networks, every compiled backend, and the dense and sparse sample products.
@Suite(.serialized) struct NetworkPassTests {
    struct Problem {
        let architecture: NetworkArchitecture
        let samples: LabeledSamples
        let reference: ReferenceLowerLoss
        let w: [Float]
        let v: [Float]
        let x: [Float]

        init(_ kind: NetworkKind, seed: UInt64, products: SampleProducts = .dense) {
            var random = SeededRandom(seed: seed)
            architecture = NetworkArchitecture(kind, features: 7, hidden: 5, classes: 4)
            let rows = 9
            let values = (0..<rows * 7).map { _ in max(0, random.nextFloat(in: -1...1)) }
            let labels = (0..<rows).map { _ in random.nextInt(in: 0...3) }
            samples = LabeledSamples(values: values, labels: labels.map { Int32($0) }, features: 7, products: products)
            let count = architecture.layout.count
            w = (0..<count).map { _ in random.nextFloat(in: -0.8...0.8) }
            v = (0..<count).map { _ in random.nextFloat(in: -1...1) }
            x = (0..<rows).map { _ in random.nextFloat(in: -2...2) }
            reference = ReferenceLowerLoss(
                architecture: architecture,
                samples: (0..<rows).map { i in (0..<7).map { Double(values[i * 7 + $0]) } },
                labels: labels)
        }

        var wDouble: [Double] { w.map(Double.init) }
        var xDouble: [Double] { x.map(Double.init) }
        var sigmoid: [Float] { x.map { 1 / (1 + Foundation.exp(-$0)) } }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let kind: NetworkKind
        let backend: Backend
        var products: SampleProducts = .dense
        var testDescription: String { "\(kind) \(backend) \(products)" }
    }

    static let cases = NetworkKind.allCases.flatMap { kind in
        Backend.available.map { Case(kind: kind, backend: $0) } + [Case(kind: kind, backend: .buildDefault, products: .sparse)]
    }

    /// The head after forward, evaluate, G = (1/N)·diag(s)(P − Y) and backward: returns ∇_w g.
    private func gradient(_ problem: Problem, head: ClassifierHead) -> [Float] {
        var gradient = [Float](repeating: 0, count: problem.w.count)
        let s = problem.sigmoid
        problem.w.withUnsafeBufferPointer { w in
            head.pass.forward(w.baseAddress!, nil)
            head.evaluate(set: 0)
            s.withUnsafeBufferPointer { head.writeGradient(set: 0, rowWeights: $0.baseAddress!, scale: 1 / Float(s.count)) }
            gradient.withUnsafeMutableBufferPointer { g in
                head.pass.backward(logitGradient: head.logitGradient.constPointer, w.baseAddress!, nil,
                                   into: g.baseAddress!, nil, accumulate: false)
            }
        }
        return gradient
    }

    @Test(arguments: cases)
    func gradientMatchesCentralDifferences(_ testCase: Case) {
        Backend.active = testCase.backend
        defer { Backend.active = Backend.buildDefault }
        let problem = Problem(testCase.kind, seed: 11, products: testCase.products)
        let head = ClassifierHead(pass: problem.architecture.makePass(samples: problem.samples, maxSets: 1))
        let analytic = gradient(problem, head: head)
        let h = 1e-6
        for j in 0..<problem.w.count {
            var plus = problem.wDouble
            var minus = problem.wDouble
            plus[j] += h
            minus[j] -= h
            let numeric = (problem.reference.value(plus, x: problem.xDouble)
                - problem.reference.value(minus, x: problem.xDouble)) / (2 * h)
            // Float32 analytic vs Float64 differences: gradients are O(0.1); 2e-6 absolute is
            // ~20 Float32 ulps of the largest entries (the FD error itself is ~1e-10).
            #expect(abs(Double(analytic[j]) - numeric) <= 2e-6, "∂g/∂w[\(j)]: \(analytic[j]) vs \(numeric)")
        }
    }

    @Test(arguments: cases)
    func hessianVectorProductMatchesSecondDifferences(_ testCase: Case) {
        Backend.active = testCase.backend
        defer { Backend.active = Backend.buildDefault }
        let problem = Problem(testCase.kind, seed: 23, products: testCase.products)
        let head = ClassifierHead(pass: problem.architecture.makePass(samples: problem.samples, maxSets: 1))
        _ = gradient(problem, head: head)
        let product = LowerHessianProduct(head: head)
        var hv = [Float](repeating: 0, count: problem.w.count)
        let s = problem.sigmoid
        problem.w.withUnsafeBufferPointer { w in
            problem.v.withUnsafeBufferPointer { v in
                s.withUnsafeBufferPointer { sp in
                    hv.withUnsafeMutableBufferPointer { out in
                        product.multiply(parameters: w.baseAddress!, direction: v.baseAddress!,
                                         rowWeights: sp.baseAddress!, into: out.baseAddress!)
                    }
                }
            }
        }
        // e_jᵀ·H·v by the mixed central second difference of the Float64 loss.
        let h = 1e-4
        let x = problem.xDouble
        func loss(_ t: Double, _ j: Int, _ u: Double) -> Double {
            var w = problem.wDouble
            for k in 0..<w.count { w[k] += t * Double(problem.v[k]) }
            w[j] += u
            return problem.reference.value(w, x: x)
        }
        for j in 0..<problem.w.count {
            let numeric = (loss(h, j, h) - loss(h, j, -h) - loss(-h, j, h) + loss(-h, j, -h)) / (4 * h * h)
            // Second differences carry ~1e-8 rounding + O(h²) ≈ 1e-8 truncation; the Float32
            // R-pass is accurate to ~1e-6 on entries of O(0.1).
            #expect(abs(Double(hv[j]) - numeric) <= 5e-6, "(Hv)[\(j)]: \(hv[j]) vs \(numeric)")
        }
        // The cross term ∂/∂x_i ⟨∇_w g, v⟩ = (1/N)·s_i(1 − s_i)·q_i.
        let n = Double(x.count)
        for i in 0..<x.count {
            func directional(_ dx: Double) -> Double {
                var shifted = x
                shifted[i] += dx
                var plus = problem.wDouble
                var minus = problem.wDouble
                for k in 0..<plus.count {
                    plus[k] += h * Double(problem.v[k])
                    minus[k] -= h * Double(problem.v[k])
                }
                return (problem.reference.value(plus, x: shifted) - problem.reference.value(minus, x: shifted)) / (2 * h)
            }
            let numeric = (directional(h) - directional(-h)) / (2 * h)
            let si = Double(s[i])
            let analytic = si * (1 - si) * Double(product.directionalProducts.pointer[i]) / n
            #expect(abs(analytic - numeric) <= 5e-6, "cross[\(i)]: \(analytic) vs \(numeric)")
        }
    }

    @Test(arguments: cases)
    func stackedPassEqualsTwoSinglePasses(_ testCase: Case) {
        Backend.active = testCase.backend
        defer { Backend.active = Backend.buildDefault }
        let first = Problem(testCase.kind, seed: 5, products: testCase.products)
        let second = Problem(testCase.kind, seed: 6, products: testCase.products)
        let stacked = ClassifierHead(pass: first.architecture.makePass(samples: first.samples, maxSets: 2))
        let single = ClassifierHead(pass: first.architecture.makePass(samples: first.samples, maxSets: 1))
        let count = first.w.count
        var gradient0 = [Float](repeating: 0, count: count)
        var gradient1 = [Float](repeating: 0, count: count)
        first.w.withUnsafeBufferPointer { w0 in
            second.w.withUnsafeBufferPointer { w1 in
                stacked.pass.forward(w0.baseAddress!, w1.baseAddress!)
                stacked.evaluate(set: 0)
                stacked.evaluate(set: 1)
                stacked.writeGradient(set: 0, rowWeights: nil, scale: 0.5)
                stacked.writeGradient(set: 1, rowWeights: nil, scale: 0.25)
                gradient0.withUnsafeMutableBufferPointer { g0 in
                    gradient1.withUnsafeMutableBufferPointer { g1 in
                        stacked.pass.backward(logitGradient: stacked.logitGradient.constPointer,
                                              w0.baseAddress!, w1.baseAddress!,
                                              into: g0.baseAddress!, g1.baseAddress!, accumulate: false)
                    }
                }
            }
        }
        let stackedGradients = [gradient0, gradient1]
        for (set, (parameters, scale)) in [(first.w, Float(0.5)), (second.w, Float(0.25))].enumerated() {
            var gradient = [Float](repeating: 0, count: count)
            parameters.withUnsafeBufferPointer { w in
                single.pass.forward(w.baseAddress!, nil)
                single.evaluate(set: 0)
                single.writeGradient(set: 0, rowWeights: nil, scale: scale)
                gradient.withUnsafeMutableBufferPointer { g in
                    single.pass.backward(logitGradient: single.logitGradient.constPointer, w.baseAddress!, nil,
                                         into: g.baseAddress!, nil, accumulate: false)
                }
            }
            for i in 0..<first.samples.rows {
                // Same arithmetic up to gemm blocking: 1e-5 relative on losses of O(1).
                let stackedLoss = stacked.lossesOf(set)[i]
                let singleLoss = single.lossesOf(0)[i]
                #expect(abs(stackedLoss - singleLoss) <= 1e-5 * max(1, abs(singleLoss)))
            }
            for j in 0..<count {
                #expect(abs(stackedGradients[set][j] - gradient[j]) <= 1e-6, "set \(set) ∂[\(j)]")
            }
        }
    }
}
