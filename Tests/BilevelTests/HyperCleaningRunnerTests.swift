import Foundation
import Testing
@testable import Bilevel

/// The runner's evaluation schedule, resume fidelity and divergence handling on the synthetic problem.
@Suite struct HyperCleaningRunnerTests {
    static func strategy(_ method: String) -> HyperCleaningStrategy {
        var s = HyperCleaningStrategy(method: method)
        if method == "t_rhg" {
            (s.lr, s.lrInner, s.T, s.K, s.outerItr) = (50, 0.5, 4, 2, 6)
            return s
        }
        (s.lrx, s.lry, s.lrInner) = (0.5, 0.1, 0.05)
        (s.gammaInit, s.gammaMax, s.gammaArgmaxStep) = (0, 2, 4)
        s.outerItr = 23
        s.evalInterval = 3
        return s
    }

    /// Every field but the clocks.
    static func metrics(_ r: EvaluationRecord) -> [Double] {
        [Double(r.step), r.trainLoss, r.validationLoss, r.testAccuracy, r.f1, r.precision, r.recall, r.auxiliary]
    }

    @Test(arguments: ["v_pbgd", "g_pbgd", "t_rhg"], [NetworkKind.linear, .mlp])
    func resumedRunPrintsTheUninterruptedNumbers(method: String, kind: NetworkKind) throws {
        let data = SyntheticProblem.data
        let network = SyntheticProblem.architecture(kind)
        let strategy = Self.strategy(method)
        let whole = try HyperCleaningRunner(data: data, network: network, strategy: strategy, seed: 7).run()

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var first = HyperCleaningRunner.Options()
        first.checkpointPath = path
        first.stopAfter = strategy.outerItr / 2
        let stopped = try HyperCleaningRunner(data: data, network: network, strategy: strategy, seed: 7).run(first)
        #expect(stopped.summary.status == .stopped)
        #expect(stopped.summary.iterations == strategy.outerItr / 2)

        var second = HyperCleaningRunner.Options()
        second.resume = try HyperCleaningCheckpoint.read(from: path)
        let resumed = try HyperCleaningRunner(data: data, network: network, strategy: strategy, seed: 7).run(second)
        #expect(resumed.summary.status == .maxIter)
        #expect(resumed.evaluations.map(Self.metrics) == whole.evaluations.map(Self.metrics))
        #expect(resumed.summary.best.bestAccuracy.map(Self.metrics) == whole.summary.best.bestAccuracy.map(Self.metrics))
        // PBGD evaluates at k % 3 == 0 (0, 3, …, 21); the RHG family after every outer step, and a
        // resumed RHG continues the same generator stream for its fresh w₀ draws.
        let interval = method == "t_rhg" ? 1 : 3
        #expect(whole.evaluations.map(\.step) == Array(stride(from: 0, to: strategy.outerItr, by: interval)))
    }

    @Test func checkpointOfAnotherRunIsRefused() throws {
        let data = SyntheticProblem.data
        let network = SyntheticProblem.architecture(.linear)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mismatch-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = HyperCleaningRunner.Options()
        options.checkpointPath = path
        options.stopAfter = 2
        _ = try HyperCleaningRunner(data: data, network: network, strategy: Self.strategy("v_pbgd"), seed: 7).run(options)
        var resume = HyperCleaningRunner.Options()
        resume.resume = try HyperCleaningCheckpoint.read(from: path)
        let other = try HyperCleaningRunner(data: data, network: network, strategy: Self.strategy("v_pbgd"), seed: 8)
        #expect(throws: CheckpointError.self) { try other.run(resume) }
    }

    /// A K whose stored iterates exceed the machine's memory is refused before anything is
    /// allocated, with the sizes and the way out; with --checkpoint-inner the same K is accepted.
    @Test func reversePassLargerThanMemoryIsRefused() throws {
        var strategy = Self.strategy("t_rhg")
        let network = SyntheticProblem.architecture(.mlp)
        let physical = Double(ProcessInfo.processInfo.physicalMemory)
        let perSet = Double(network.layout.count * 4)
        // Enough stored sets to exceed physical memory twice over.
        let k = Int((2 * physical / perSet).rounded(.up))
        (strategy.T, strategy.K) = (k, k)
        do {
            _ = try HyperCleaningRunner(data: SyntheticProblem.data, network: network, strategy: strategy, seed: 7)
            Issue.record("K = \(k) was accepted")
        } catch {
            guard case .invalid(let field, _, let requirement) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(field == "K")
            #expect(requirement.contains("--checkpoint-inner"))
        }
        strategy.checkpointInner = Int(Double(k).squareRoot().rounded(.up))
        #expect(RHG.reverseMemoryBytes(network: network, trainRows: SyntheticProblem.data.train.rows, strategy: strategy) < physical)
        _ = try HyperCleaningRunner(data: SyntheticProblem.data, network: network, strategy: strategy, seed: 7)
    }

    @Test func divergenceEndsTheRunWithItsIteration() throws {
        var strategy = Self.strategy("v_pbgd")
        strategy.lry = 1e39  // beyond Float32: the first w step makes the weights infinite
        let run = try HyperCleaningRunner(data: SyntheticProblem.data, network: SyntheticProblem.architecture(.linear),
                                          strategy: strategy, seed: 7).run()
        #expect(run.summary.status == .diverged)
        #expect(run.summary.divergedAt != nil)
        #expect(run.summary.iterations < strategy.outerItr)
    }

    @Test func unreadableCheckpointNamesTheFile() {
        #expect(throws: CheckpointError.unreadable(path: "/nonexistent/ck.json", reason: "no such file or not readable")) {
            try HyperCleaningCheckpoint.read(from: "/nonexistent/ck.json")
        }
    }
}
