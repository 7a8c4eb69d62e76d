import Tensor

/// Per-sample weighted cross-entropy of the linear model over one sample set, on all rows or on
/// one minibatch: the shared oracle core of the MNIST minimax problems (``ConstrainedCleaningProblem``,
/// ``GroupRobustCleaningProblem``).
///
/// ``prepare(parameters:)`` runs the forward pass and the CE of the selected rows; then
/// ``backward(rowWeights:scale:into:)`` gives ∂/∂θ of scale·Σ_{i∈B} r_i CE_i with r indexed by the
/// global row. Each batch is a row slice sharing the set's storage with its own pass and head.
/// Groups are the rows' labels (group g = class g). Allocates nothing after init.
final class SampleSetLoss {
    let samples: LabeledSamples
    let partition: BatchPartition
    let groupCount: Int
    /// Rows per group over the whole set.
    let groupSizes: [Int]
    private let full: ClassifierHead
    private let batches: [ClassifierHead]
    private(set) var selected: Int?

    init(samples: LabeledSamples, network: NetworkArchitecture, batchSize: Int, groupCount: Int = 10) {
        self.samples = samples
        self.groupCount = groupCount
        let partition = BatchPartition(sampleCount: samples.rows, batchSize: batchSize > 0 ? min(batchSize, samples.rows) : samples.rows)
        self.partition = partition
        full = ClassifierHead(pass: network.makePass(samples: samples, maxSets: 1))
        batches = batchSize > 0 && batchSize < samples.rows
            ? (0..<partition.count).map { ClassifierHead(pass: network.makePass(samples: LabeledSamples(rowsOf: samples, range: partition.range($0)), maxSets: 1)) }
            : []
        var sizes = [Int](repeating: 0, count: groupCount)
        for label in samples.labels { sizes[Int(label)] += 1 }
        groupSizes = sizes
    }

    /// Number of minibatches (1 without minibatching).
    var batchCount: Int { batches.isEmpty ? 1 : partition.count }

    /// Selects a batch for the following calls (nil: all rows).
    func select(_ batch: Int?) { selected = batches.isEmpty ? nil : batch }

    /// The head of the selected rows.
    var head: ClassifierHead { selected.map { batches[$0] } ?? full }
    /// Global rows of the selection.
    var rows: Range<Int> { selected.map { partition.range($0) } ?? 0..<samples.rows }

    /// Forward and CE of the selection at `parameters`.
    func prepare(parameters: UnsafePointer<Float>) {
        head.pass.forward(parameters, nil)
        head.evaluate(set: 0)
    }

    /// CE of global row `i` (must be in ``rows``) after ``prepare(parameters:)``.
    func loss(row i: Int) -> Float { head.lossesOf(0)[i - rows.lowerBound] }

    /// gradient ← ∂/∂θ scale·Σ_{i∈B} r_i CE_i, r indexed by global row (`rowWeights + rows.lowerBound`).
    func backward(parameters: UnsafePointer<Float>, rowWeights: UnsafePointer<Float>, scale: Float, into gradient: UnsafeMutablePointer<Float>) {
        let h = head
        h.writeGradient(set: 0, rowWeights: rowWeights + rows.lowerBound, scale: scale)
        h.pass.backward(logitGradient: h.logitGradient.constPointer, parameters, nil, into: gradient, nil, accumulate: false)
    }

    /// Unbiased estimates of the group means (1/|g|)Σ_{i∈g} r_i CE_i from the selection:
    /// (n/(|g||B|))Σ_{i∈B∩g} r_i CE_i (r = 1 when nil), written to `into` (groupCount values).
    func groupMeans(rowWeights: UnsafePointer<Float>?, into output: UnsafeMutablePointer<Float>) {
        output.update(repeating: 0, count: groupCount)
        let range = rows
        for i in range { output[Int(samples.labels[i])] += (rowWeights?[i] ?? 1) * loss(row: i) }
        let factor = Float(samples.rows) / Float(range.count)
        for g in 0..<groupCount { output[g] *= groupSizes[g] > 0 ? factor / Float(groupSizes[g]) : 0 }
    }
}
