/// The three sets of the benchopt data-cleaning problem as model-ready, standardised matrices
/// (METHODS.md §3.1).
///
/// Train (20000 rows, corrupted labels) and validation (5000 rows) come from the training images
/// by ``DataCleaningSplit``; test is the official 10000-image test set. Features are the raw
/// bytes standardised as sklearn's `StandardScaler` fitted on train: per pixel, mean and
/// population standard deviation (ddof 0) in Float64, a zero deviation replaced by 1, then
/// (v − mean)/std cast to Float32, for all three sets.
public struct DataCleaningData: Sendable {
    /// Train rows with the corrupted labels.
    public let train: LabeledSamples
    /// Validation rows (true labels).
    public let validation: LabeledSamples
    /// Test rows (true labels).
    public let test: LabeledSamples
    /// The split and corruption the data were built from.
    public let split: DataCleaningSplit

    /// Builds the three sets from the training images and labels and the test images and labels.
    ///
    /// - Parameters:
    ///   - trainImages: `count × pixelsPerImage` bytes of the training file.
    ///   - trainLabels: the training file's labels.
    ///   - testImages: bytes of the test file.
    ///   - testLabels: the test file's labels.
    ///   - pixelsPerImage: features per row (784).
    ///   - split: which rows go where and the corruption.
    public init(trainImages: [UInt8], trainLabels: [UInt8], testImages: [UInt8], testLabels: [UInt8],
                pixelsPerImage: Int, split: DataCleaningSplit) {
        let d = pixelsPerImage
        // StandardScaler statistics, accumulated row by row as numpy reduces over axis 0.
        var mean = [Double](repeating: 0, count: d)
        for index in split.trainIndices {
            for j in 0..<d { mean[j] += Double(trainImages[index * d + j]) }
        }
        let count = Double(split.trainIndices.count)
        for j in 0..<d { mean[j] /= count }
        var variance = [Double](repeating: 0, count: d)
        for index in split.trainIndices {
            for j in 0..<d {
                let centred = Double(trainImages[index * d + j]) - mean[j]
                variance[j] += centred * centred
            }
        }
        let scale = variance.map { total -> Double in
            let deviation = (total / count).squareRoot()
            return deviation == 0 ? 1 : deviation
        }
        func rows(_ images: [UInt8], _ indices: [Int], labels: [Int]) -> LabeledSamples {
            var values = [Float](repeating: 0, count: indices.count * d)
            for (row, index) in indices.enumerated() {
                for j in 0..<d {
                    values[row * d + j] = Float((Double(images[index * d + j]) - mean[j]) / scale[j])
                }
            }
            return LabeledSamples(values: values, labels: labels.map { Int32($0) }, features: d)
        }
        train = rows(trainImages, split.trainIndices, labels: split.corruptedTrainLabels(trueLabels: trainLabels))
        validation = rows(trainImages, split.validationIndices,
                          labels: split.validationIndices.map { Int(trainLabels[$0]) })
        let testIndices = Array(0..<testLabels.count)
        test = rows(testImages, testIndices, labels: testIndices.map { Int(testLabels[$0]) })
        self.split = split
    }

    /// Reads `dataset`'s four IDX files from `directory` and builds the sets for corruption `p`.
    ///
    /// - Throws: ``DataError`` naming the file that is missing or malformed.
    public static func load(from directory: DataDirectory, dataset: Dataset, corruption: Double,
                            seed: UInt32 = 32) throws(DataError) -> DataCleaningData {
        let trainImages = try directory.images(dataset, .train)
        let trainLabels = try directory.labels(dataset, .train)
        let testImages = try directory.images(dataset, .test)
        let testLabels = try directory.labels(dataset, .test)
        return DataCleaningData(
            trainImages: trainImages.pixels, trainLabels: trainLabels.labels, testImages: testImages.pixels,
            testLabels: testLabels.labels, pixelsPerImage: trainImages.pixelsPerImage,
            split: DataCleaningSplit(corruption: corruption, seed: seed, sampleCount: trainLabels.count))
    }
}
