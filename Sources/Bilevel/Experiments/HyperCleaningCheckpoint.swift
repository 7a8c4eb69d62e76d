/// Everything a hyper-cleaning run needs to continue exactly where it stopped: the identity of
/// the run (so a checkpoint cannot resume a different experiment), the method's state, the
/// evaluations so far and the clocks.
///
/// Version 2 (written since issue 15) also carries the SHA-256 digests of the strategy and of the
/// data the run used, and is stored behind a header line with the payload's checksum (see
/// ``write(to:)``). Version-1 checkpoints (no digests, no checksum) are still read, so runs in
/// flight can be resumed; ``legacyWarning(path:)`` says what is not checked for them.
public struct HyperCleaningCheckpoint: Codable, Sendable, Equatable {
    /// The version ``write(to:)`` writes.
    public static let currentVersion = 2

    /// Format version: 1 (no digests, no checksum) or 2.
    public var version = HyperCleaningCheckpoint.currentVersion
    /// Network kind.
    public var network: NetworkKind
    /// Seed of the split, pollution and initialisation.
    public var seed: Int
    /// The full strategy.
    public var strategy: HyperCleaningStrategy
    /// The method's state.
    public var method: MethodState
    /// Every evaluation so far, in order.
    public var evaluations: [EvaluationRecord]
    /// Summary selections so far.
    public var best: BestRecords
    /// Training seconds so far.
    public var trainSeconds: Double
    /// Evaluation seconds so far.
    public var evaluationSeconds: Double
    /// Seconds since training started (the benchmark's runtime clock), so far.
    public var elapsedSeconds: Double
    /// ``HyperCleaningStrategy/digest`` of ``strategy`` (nil in version 1).
    public var strategyDigest: String?
    /// ``HyperCleaningData/digest()`` of the data the run used (nil in version 1).
    public var dataDigest: String?

    /// Checks what a checkpoint must satisfy to be resumed at all: a known version, a valid
    /// strategy, an iteration within `0...outer_itr`, evaluations at increasing steps below it,
    /// finite non-negative clocks, and (version 2) both digests.
    ///
    /// - Throws: ``CheckpointError/corrupted(path:reason:)`` naming `path`.
    public func validate(path: String) throws(CheckpointError) {
        func require(_ ok: Bool, _ reason: @autoclosure () -> String) throws(CheckpointError) {
            if !ok { throw .corrupted(path: path, reason: reason()) }
        }
        try require((1...Self.currentVersion).contains(version), "unsupported version \(version)")
        do { try strategy.validate() } catch { throw .corrupted(path: path, reason: error.description) }
        try require(
            (0...strategy.outerItr).contains(method.iteration),
            "iteration \(method.iteration) is outside 0...\(strategy.outerItr)")
        let steps = evaluations.map(\.step)
        try require(
            zip(steps, steps.dropFirst()).allSatisfy { $0 < $1 } && steps.allSatisfy { (0..<method.iteration).contains($0) },
            "evaluation steps are not increasing within 0..<\(method.iteration)")
        try require(
            [trainSeconds, evaluationSeconds, elapsedSeconds].allSatisfy { $0.isFinite && $0 >= 0 },
            "a clock is negative or not finite")
        if version >= 2 {
            try require(strategyDigest != nil && dataDigest != nil, "version \(version) without digests")
        }
    }

    /// Checks that this checkpoint belongs to the run described by the arguments.
    ///
    /// - Parameter dataDigest: ``HyperCleaningData/digest()`` of this run's data; compared when
    ///   the checkpoint carries one (version 2).
    /// - Throws: ``CheckpointError/mismatch(_:)`` saying what differs.
    public func verifyMatches(
        network: NetworkKind, seed: Int, strategy: HyperCleaningStrategy, dataDigest: String?
    ) throws(CheckpointError) {
        if network != self.network { throw .mismatch("network \(self.network.rawValue), this run \(network.rawValue)") }
        if seed != self.seed { throw .mismatch("seed \(self.seed), this run \(seed)") }
        if strategy != self.strategy || (strategyDigest.map { $0 != strategy.digest } ?? false) {
            throw .mismatch(
                "made with another strategy (method \(self.strategy.method), strategy sha256 "
                    + "\(Self.short(strategyDigest ?? self.strategy.digest)); this run method \(strategy.method), "
                    + "sha256 \(Self.short(strategy.digest)))")
        }
        if let saved = self.dataDigest, let dataDigest, saved != dataDigest {
            throw .mismatch(
                "made with other data (data sha256 \(Self.short(saved)), this run \(Self.short(dataDigest))); "
                    + "check --data-dir and the MNIST files")
        }
    }

    /// For a version-1 checkpoint, the one-line warning to print before resuming it; nil otherwise.
    public func legacyWarning(path: String) -> String? {
        guard version == 1 else { return nil }
        return "warning: \(path) is a version-1 checkpoint: no checksum and no data digest, so "
            + "corruption or other data cannot be detected; resuming it (checkpoints written now are version \(Self.currentVersion))"
    }

    /// The first 12 hexadecimal digits of a digest, for messages.
    private static func short(_ digest: String) -> String { String(digest.prefix(12)) + "…" }
}
