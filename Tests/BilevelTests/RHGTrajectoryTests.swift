import Foundation
import Testing
@testable import Bilevel

/// RHG / T-RHG against torch's Float64 reverse pass on the synthetic problem (T = 4, K ∈ {4, 2},
/// two outer steps; PBGD.md §8), including the official σ(x₀) forward quirk, and the
/// checkpointed reverse pass (which must not change any number).
@Suite struct RHGTrajectoryTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let kind: NetworkKind
        let K: Int
        let forwardWeight: String
        var checkpointInner = 0
        var testDescription: String { "\(name) checkpoint_inner=\(checkpointInner)" }
    }

    static let cases = [
        Case(name: "rhg_linear_T4_K4", kind: .linear, K: 4, forwardWeight: "vector"),
        Case(name: "rhg_linear_T4_K2", kind: .linear, K: 2, forwardWeight: "vector"),
        Case(name: "rhg_mlp_T4_K4", kind: .mlp, K: 4, forwardWeight: "vector"),
        Case(name: "rhg_mlp_T4_K2", kind: .mlp, K: 2, forwardWeight: "vector"),
        Case(name: "rhg_linear_T4_K4_official_x0_quirk", kind: .linear, K: 4, forwardWeight: "x0"),
        Case(name: "rhg_mlp_T4_K4", kind: .mlp, K: 4, forwardWeight: "vector", checkpointInner: 2),
        Case(name: "rhg_mlp_T4_K4", kind: .mlp, K: 4, forwardWeight: "vector", checkpointInner: 3),
        Case(name: "rhg_linear_T4_K2", kind: .linear, K: 2, forwardWeight: "vector", checkpointInner: 2),
    ]

    @Test(arguments: cases)
    func matchesFloat64Reference(_ testCase: Case) throws {
        let reference = try #require(SyntheticProblem.referenceCases()[testCase.name] as? [String: Any])
        let rows = try #require(reference["rows"] as? [[String: Any]])
        var strategy = HyperCleaningStrategy(method: testCase.K == 4 ? "rhg" : "t_rhg")
        (strategy.lr, strategy.lrInner, strategy.T, strategy.K, strategy.outerItr) = (50, 0.5, 4, testCase.K, rows.count)
        strategy.rhgForwardWeight = testCase.forwardWeight
        strategy.checkpointInner = testCase.checkpointInner
        try strategy.validate()
        let data = SyntheticProblem.data
        let network = SyntheticProblem.architecture(testCase.kind)
        let method = RHG(data: data, network: network, strategy: strategy,
                         initialParameters: { SyntheticProblem.initialParameters(testCase.kind) })
        let evaluator = HyperCleaningEvaluator(data: data, network: network)
        for row in rows {
            let log = method.step()
            let hx = method.lastHypergradient.array
            let expectedHx = try #require(row["hypergrad_first6"] as? [Any]).compactMap(referenceDouble)
            let hxScale = expectedHx.map(abs).max() ?? 1
            // Hypergradient entries are O(1e-4); Float32 through 4 reverse steps keeps ~1e-6 relative.
            for (value, expected) in zip(hx, expectedHx) {
                #expect(abs(Double(value) - expected) <= 2e-5 * hxScale, "h_x: \(value) vs \(expected)")
            }
            let hxSum = hx.reduce(0.0) { $0 + Double($1) }
            let expectedSum = try #require(referenceDouble(row["hypergrad_sum"]))
            #expect(abs(hxSum - expectedSum) <= 1e-4 * abs(expectedSum) + 1e-7, "Σh_x: \(hxSum) vs \(expectedSum)")
            let x = method.upperVariable.array
            for (value, expected) in zip(x, try #require(row["x_first6_after"] as? [Any]).compactMap(referenceDouble)) {
                #expect(abs(Double(value) - expected) <= 1e-4 * abs(expected) + 1e-7, "x: \(value) vs \(expected)")
            }
            let upper = try #require(referenceDouble(row["f_val_at_wT"]))
            #expect(abs(log.validationLoss - upper) <= 2e-5 * upper, "f(w_T)")
            let inner = try #require(referenceDouble(row["min_weighted_train_over_history"]))
            #expect(abs(log.trainLoss - inner) <= 2e-5 * inner, "inner objective \(log.trainLoss) vs \(inner)")
            let accuracy = try #require(referenceDouble(row["max_test_acc_over_history"]))
            #expect(abs(method.reportedTestAccuracy(evaluator: evaluator) - accuracy) <= 1e-9)
            let wT = try #require(row["wT"] as? [String: Any])
            let parameters = method.evaluationParameters.array
            for (index, block) in network.layout.blocks.enumerated() {
                guard let expected = (wT["p\(index)_first4"] as? [Any])?.compactMap(referenceDouble) else { continue }
                for (offset, value) in expected.enumerated() {
                    #expect(abs(Double(parameters[block.offset + offset]) - value) <= 1e-6, "w_T \(block.name)[\(offset)]")
                }
            }
            let cleaner = evaluator.cleaner(method.upperVariable.constPointer)
            #expect(abs(cleaner.f1 - (try #require(referenceDouble(row["f1"])))) <= 1e-9)
        }
    }

    @Test func historyMemoryOfThePaperSettings() {
        // T = K = 500 stores 501 sets plus w₀ and the (empty) segment buffer.
        let mlp = NetworkArchitecture(.mlp).layout.count
        #expect(RHG.historyBytes(parameterCount: mlp, K: 500, checkpointInner: 0) == 502 * 238_510 * 4)
        #expect(RHG.historyBytes(parameterCount: mlp, K: 500, checkpointInner: 25) < 50 * 238_510 * 4)
    }
}
