import BilevelTestSupport
import Tensor
@testable import Bilevel

/// Central-difference helpers for the minimax oracles (Float32 values, Float64 arithmetic).
enum MinimaxTestSupport {
    /// Worst |analytic − numeric| / max(1, |numeric|) over `coordinates` of `vector`, where `value`
    /// evaluates the function at the current contents of `vector`.
    static func worstRelativeError(
        vector: UnsafeMutablePointer<Float>, coordinates: [Int], analytic: [Float], step: Float,
        value: () -> Double
    ) -> Double {
        var worst = 0.0
        for (k, i) in coordinates.enumerated() {
            let saved = vector[i]
            vector[i] = saved + step
            let plus = value()
            vector[i] = saved - step
            let minus = value()
            vector[i] = saved
            let numeric = (plus - minus) / (2 * Double(step))
            worst = max(worst, abs(Double(analytic[k]) - numeric) / max(1, abs(numeric)))
        }
        return worst
    }

    /// A small synthetic hyper-cleaning data set with MNIST's 784 features (random pixels in [0, 1]).
    static func syntheticCleaningData(seed: UInt64, train: Int = 30, validation: Int = 20, test: Int = 20) -> HyperCleaningData {
        var random = SeededRandom(seed: seed)
        func samples(_ rows: Int) -> LabeledSamples {
            LabeledSamples(values: random.floats(count: rows * 784, in: 0...1),
                           labels: (0..<rows).map { Int32($0 % 10) }, features: 784)
        }
        let trainSamples = samples(train)
        return HyperCleaningData(train: trainSamples, validation: samples(validation), test: samples(test),
                                 cleanFlags: (0..<train).map { Float($0 % 2) })
    }
}
