import Foundation
import Testing
@testable import Bilevel

/// V-PBGD and G-PBGD against torch's Float64 autograd trajectories on the synthetic problem
/// (4 iterations; PBGD.md §8). Every logged loss, the x iterate, the first parameters, test
/// accuracy and cleaner metrics are compared after each iteration.
@Suite struct PBGDTrajectoryTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let method: String
        let kind: NetworkKind
        let reg: Double
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "v_pbgd_linear", method: "v_pbgd", kind: .linear, reg: 0),
        Case(name: "g_pbgd_linear", method: "g_pbgd", kind: .linear, reg: 0),
        Case(name: "v_pbgd_mlp", method: "v_pbgd", kind: .mlp, reg: 0),
        Case(name: "g_pbgd_mlp", method: "g_pbgd", kind: .mlp, reg: 0),
        Case(name: "v_pbgd_linear_reg0.01", method: "v_pbgd", kind: .linear, reg: 0.01),
    ]

    @Test(arguments: cases)
    func matchesFloat64Reference(_ testCase: Case) throws {
        let reference = try #require(SyntheticProblem.referenceCases()[testCase.name] as? [String: Any])
        let rows = try #require(reference["rows"] as? [[String: Any]])
        var strategy = HyperCleaningStrategy(method: testCase.method)
        (strategy.lrx, strategy.lry, strategy.lrInner) = (0.5, 0.1, 0.05)
        (strategy.gammaInit, strategy.gammaMax, strategy.gammaArgmaxStep) = (0, 2, 2)
        strategy.reg = testCase.reg
        strategy.outerItr = rows.count
        let data = SyntheticProblem.data
        let network = SyntheticProblem.architecture(testCase.kind)
        let initial = SyntheticProblem.initialParameters(testCase.kind)
        let method: any HyperCleaningMethod = testCase.method == "v_pbgd"
            ? VPBGD(data: data, network: network, strategy: strategy, initialParameters: initial)
            : GPBGD(data: data, network: network, strategy: strategy, initialParameters: initial)
        let evaluator = HyperCleaningEvaluator(data: data, network: network)
        let layout = network.layout

        for row in rows {
            let log = method.step()
            // Float32 against Float64: losses agree to ~1e-6 relative; 2e-5 leaves room for the
            // different summation order over 40 rows without hiding a wrong term (a missing c or γ
            // factor changes them by > 1e-3).
            try expectClose(log.validationLoss, row["f_val"], relative: 2e-5, "f_val")
            try expectClose(log.trainLoss, row["g_train"], relative: 2e-5, "g_train")
            // aux is a difference of two nearby losses (V-PBGD) or a gradient norm: compare on the
            // scale of the losses it is made from.
            try expectClose(log.auxiliary, row["aux"], absolute: 2e-5, "aux")
            let x = method.upperVariable.array
            let xReference = try #require(row["x_first6_after"] as? [Any]).compactMap(referenceDouble)
            // x moves by ~1e-5 per step; Float32 carries it to ~1e-11 absolute.
            for (value, expected) in zip(x, xReference) {
                #expect(abs(Double(value) - expected) <= 1e-9 + 1e-4 * abs(expected), "x: \(value) vs \(expected)")
            }
            let parameters = method.evaluationParameters.array
            for (blockIndex, block) in layout.blocks.enumerated() {
                let expected = try #require(row["p\(blockIndex)_first4"] as? [Any]).compactMap(referenceDouble)
                for (offset, value) in expected.enumerated() {
                    let actual = Double(parameters[block.offset + offset])
                    // Parameters are O(0.05) and change by O(0.01); 1e-6 absolute is ~30 Float32 ulps.
                    #expect(abs(actual - value) <= 1e-6, "\(block.name)[\(offset)]: \(actual) vs \(value)")
                }
            }
            let accuracy = evaluator.testAccuracy(method.evaluationParameters.constPointer)
            try expectClose(accuracy, row["test_acc_after"], absolute: 1e-9, "test accuracy")
            let cleaner = evaluator.cleaner(method.upperVariable.constPointer)
            try expectClose(cleaner.f1, row["f1"], absolute: 1e-9, "f1")
            try expectClose(cleaner.precision, row["precision"], absolute: 1e-12, "precision")
        }
    }

    private func expectClose(
        _ actual: Double, _ expected: Any?, relative: Double = 0, absolute: Double = 0, _ what: String
    ) throws {
        let value = try #require(referenceDouble(expected), "\(what) missing")
        let tolerance = absolute + relative * abs(value)
        #expect(abs(actual - value) <= tolerance, "\(what): \(actual) vs reference \(value)")
    }
}
