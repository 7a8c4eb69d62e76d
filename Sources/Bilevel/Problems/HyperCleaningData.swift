import Tensor

/// The three splits of the PBGD hyper-cleaning protocol as model-ready matrices (PBGD.md §2).
///
/// Features are `Float32(pixel) / 255` by true float32 division (the reference divides by the
/// split's maximum, which is 255 in every split; see ``maximumPixel``). Training labels are the
/// polluted ones; validation and test keep the true labels.
public struct HyperCleaningData: Sendable {
    /// 5000 training samples with polluted labels.
    public let train: LabeledSamples
    /// 5000 validation samples (true labels).
    public let validation: LabeledSamples
    /// 10000 test samples drawn from the MNIST training set (true labels).
    public let test: LabeledSamples
    /// 1 for a clean training sample, 0 for a polluted one (`clean` in the reference).
    public let cleanFlags: [Float]
    /// The split and pollution this data was built from (nil for hand-made data).
    public let split: HyperCleaningSplit?
    /// Largest pixel byte over the three splits (255 for MNIST; nil for hand-made data).
    public let maximumPixel: UInt8?

    /// Data from ready-made splits (tests, synthetic problems).
    public init(train: LabeledSamples, validation: LabeledSamples, test: LabeledSamples, cleanFlags: [Float]) {
        precondition(cleanFlags.count == train.rows, "\(cleanFlags.count) clean flags for \(train.rows) rows")
        self.train = train
        self.validation = validation
        self.test = test
        self.cleanFlags = cleanFlags
        split = nil
        maximumPixel = nil
    }

    /// Builds the splits from the MNIST training images (`count × pixelsPerImage` bytes) and labels.
    public init(images: [UInt8], labels: [UInt8], pixelsPerImage: Int, split: HyperCleaningSplit) {
        func rows(_ indices: [Int], labels rowLabels: [Int]) -> LabeledSamples {
            var values = [Float](repeating: 0, count: indices.count * pixelsPerImage)
            for (row, index) in indices.enumerated() {
                let source = index * pixelsPerImage
                for j in 0..<pixelsPerImage {
                    values[row * pixelsPerImage + j] = Float(images[source + j]) / 255
                }
            }
            return LabeledSamples(values: values, labels: rowLabels.map { Int32($0) }, features: pixelsPerImage)
        }
        train = rows(split.trainIndices, labels: split.pollutedTrainLabels(trueLabels: labels))
        validation = rows(split.validationIndices, labels: split.validationIndices.map { Int(labels[$0]) })
        test = rows(split.testIndices, labels: split.testIndices.map { Int(labels[$0]) })
        cleanFlags = split.replacementLabels.map { $0 == nil ? 1 : 0 }
        var maximum: UInt8 = 0
        for index in split.trainIndices + split.validationIndices + split.testIndices {
            let source = index * pixelsPerImage
            for j in 0..<pixelsPerImage where images[source + j] > maximum { maximum = images[source + j] }
        }
        maximumPixel = maximum
        self.split = split
    }
}
