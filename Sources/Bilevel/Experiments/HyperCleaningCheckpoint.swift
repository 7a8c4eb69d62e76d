import Foundation

/// Everything a hyper-cleaning run needs to continue exactly where it stopped: the identity of
/// the run (so a checkpoint cannot resume a different experiment), the method's state, the
/// evaluations so far and the clocks.
public struct HyperCleaningCheckpoint: Codable, Sendable, Equatable {
    /// Format version; bumped when the layout changes.
    public var version = 1
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

    /// Writes the checkpoint atomically: a temporary file in the same directory, then rename.
    public func write(to path: String) throws(CheckpointError) {
        let temporary = path + ".tmp"
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(self)
            try data.write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, path) != 0 {
                throw CheckpointError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
        } catch let error as CheckpointError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .unreadable(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads a checkpoint written by ``write(to:)``.
    public static func read(from path: String) throws(CheckpointError) -> HyperCleaningCheckpoint {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: "no such file or not readable")
        }
        do {
            let checkpoint = try JSONDecoder().decode(HyperCleaningCheckpoint.self, from: data)
            guard checkpoint.version == 1 else {
                throw CheckpointError.unreadable(path: path, reason: "unsupported version \(checkpoint.version)")
            }
            return checkpoint
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: "not a BilevelKit checkpoint (\(error))")
        }
    }

    /// Checks that this checkpoint belongs to the run described by the arguments.
    public func verifyMatches(network: NetworkKind, seed: Int, strategy: HyperCleaningStrategy) throws(CheckpointError) {
        if network != self.network { throw .mismatch("network \(self.network.rawValue), this run \(network.rawValue)") }
        if seed != self.seed { throw .mismatch("seed \(self.seed), this run \(seed)") }
        if strategy != self.strategy { throw .mismatch("strategy differs (method \(self.strategy.method), this run \(strategy.method))") }
    }
}
