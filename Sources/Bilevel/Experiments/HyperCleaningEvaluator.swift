import Tensor

/// Test accuracy of network parameters and cleaner metrics of x, as the benchmark evaluates them.
public final class HyperCleaningEvaluator {
    private let test: ClassifierHead
    private let cleanFlags: [Float]
    private let pollutionRate: Double

    /// An evaluator over `data.test` with the clean flags of `data.train`.
    public init(data: HyperCleaningData, network: NetworkArchitecture, pollutionRate: Double = 0.5) {
        test = ClassifierHead(pass: network.makePass(samples: data.test, maxSets: 1))
        cleanFlags = data.cleanFlags
        self.pollutionRate = pollutionRate
    }

    /// Test accuracy in percent of `parameters` (argmax of the logits, first maximum on ties).
    public func testAccuracy(_ parameters: UnsafePointer<Float>) -> Double {
        test.pass.forward(parameters, nil)
        return test.accuracyPercent()
    }

    /// Cleaner precision, recall and F1 of `x`.
    public func cleaner(_ x: UnsafePointer<Float>) -> CleanerMetrics {
        CleanerMetrics(x: x, cleanFlags: cleanFlags, pollutionRate: pollutionRate)
    }
}
