import Foundation
import Testing
@testable import Bilevel

/// Short runs on the real MNIST split of seed 42 must clear accuracy floors.
///
/// 31 iterations (the debug build of the tests runs these kernels unoptimised). Measured with the
/// release CLI: at step 30 linear V-PBGD has 82.02 % test accuracy (F1 86.15), linear G-PBGD
/// 86.56 % (F1 73.14). The floors sit ~1.5 points lower so summation-order changes between
/// backends cannot trip them, while a broken gradient (accuracy of an untrained model ≈ 10 %, x
/// moving the wrong way ≈ F1 < 66) cannot pass.
@Suite(.serialized) struct HyperCleaningMNISTTests {
    static var directory: DataDirectory { DataDirectory.resolve(option: nil) }
    static var hasMNIST: Bool {
        FileManager.default.fileExists(atPath: directory.path(of: .mnist) + "/train-images-idx3-ubyte")
    }

    @Test(.enabled(if: hasMNIST, "needs MNIST (make data)"), arguments: [("v_pbgd", 80.5, 84.5), ("g_pbgd", 85.0, 71.5)])
    func shortLinearRunClearsItsFloor(method: String, accuracyFloor: Double, f1Floor: Double) throws {
        let data = try HyperCleaningData.load(from: Self.directory, seed: 42)
        var strategy = try HyperCleaningPresets.baseline(method: method, network: .linear)
        strategy.outerItr = 31
        let run = try HyperCleaningRunner(data: data, network: NetworkArchitecture(.linear), strategy: strategy, seed: 42).run()
        let last = try #require(run.summary.best.last)
        #expect(run.summary.status == .maxIter)
        #expect(last.step == 30)
        #expect(last.testAccuracy >= accuracyFloor, "accuracy \(last.testAccuracy)")
        #expect(last.f1 >= f1Floor, "F1 \(last.f1)")
        // At k = 0 γ = 0, so x does not move: precision 0.5, recall ≈ 1, F1 ≈ 66.67 (PBGD.md §3.5).
        let first = try #require(run.evaluations.first)
        #expect(abs(first.f1 - 66.666666) < 1e-3)
    }
}
