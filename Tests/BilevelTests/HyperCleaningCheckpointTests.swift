import Foundation
import Testing
@testable import Bilevel

/// Checkpoint format version 2 (header line, checksum, strategy and data digests) and the
/// version-1 files of runs started before it: what is refused, with which one-line message.
@Suite struct HyperCleaningCheckpointTests {
    static let strategy = HyperCleaningRunnerTests.strategy("v_pbgd")

    /// A directory of its own for each test; the caller removes it.
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A checkpoint of the synthetic problem stopped after 6 iterations, written to `path`.
    static func stoppedRun(at path: String, strategy: HyperCleaningStrategy = strategy) throws {
        var options = HyperCleaningRunner.Options()
        options.checkpointPath = path
        options.stopAfter = 6
        _ = try HyperCleaningRunner(
            data: SyntheticProblem.data, network: SyntheticProblem.architecture(.linear), strategy: strategy, seed: 7
        ).run(options)
    }

    static func reason(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func versionTwoCarriesDigestsAndRoundTrips() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.ckpt"
        try Self.stoppedRun(at: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("BilevelKit checkpoint v2 sha256="))
        let checkpoint = try HyperCleaningCheckpoint.read(from: path)
        #expect(checkpoint.version == 2)
        #expect(checkpoint.strategyDigest == Self.strategy.digest)
        #expect(checkpoint.dataDigest == SyntheticProblem.data.digest())
        #expect(checkpoint.legacyWarning(path: path) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["run.ckpt"])
    }

    @Test func corruptedOrTruncatedFilesAreRefused() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.ckpt"
        try Self.stoppedRun(at: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x01
        #expect(Self.reason { _ = try HyperCleaningCheckpoint.parse(flipped, path: "c") }.hasPrefix("refusing checkpoint c: checksum mismatch"))
        let truncated = Array(bytes.dropLast(10))
        #expect(Self.reason { _ = try HyperCleaningCheckpoint.parse(truncated, path: "c") }.hasPrefix("refusing checkpoint c: truncated or extended"))
        #expect(Self.reason { _ = try HyperCleaningCheckpoint.parse([0x1f, 0x8b, 8, 0], path: "c") } == "refusing checkpoint c: gzip-compressed; gunzip it first")
        #expect(Self.reason { _ = try HyperCleaningCheckpoint.parse(Array("BilevelKit checkpoint v3 sha256=00 bytes=0\n".utf8), path: "c") }
                == "refusing checkpoint c: unsupported version 3")
        for message in [Self.reason { _ = try HyperCleaningCheckpoint.parse(flipped, path: "c") },
                        Self.reason { _ = try HyperCleaningCheckpoint.parse(Array("garbage".utf8), path: "c") }] {
            #expect(!message.contains("\n"))
        }
    }

    @Test func anotherStrategyOrOtherDataIsRefused() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.ckpt"
        try Self.stoppedRun(at: path)
        let checkpoint = try HyperCleaningCheckpoint.read(from: path)
        var other = Self.strategy
        other.lrx *= 2
        #expect(Self.reason {
            try checkpoint.verifyMatches(network: .linear, seed: 7, strategy: other, dataDigest: checkpoint.dataDigest)
        }.hasPrefix("checkpoint does not match this run: made with another strategy"))
        #expect(Self.reason {
            try checkpoint.verifyMatches(network: .linear, seed: 7, strategy: Self.strategy, dataDigest: String(repeating: "0", count: 64))
        }.hasPrefix("checkpoint does not match this run: made with other data"))
        // The runner computes the digest of its own data: a different training matrix is refused.
        let data = SyntheticProblem.data
        let changed = HyperCleaningData(
            train: SyntheticProblem.samples(base: 1, rows: 40) { $0 % 10 }, validation: data.validation, test: data.test,
            cleanFlags: data.cleanFlags)
        var resume = HyperCleaningRunner.Options()
        resume.resume = checkpoint
        let runner = try HyperCleaningRunner(data: changed, network: SyntheticProblem.architecture(.linear), strategy: Self.strategy, seed: 7)
        #expect(Self.reason { _ = try runner.run(resume) }.contains("made with other data"))
    }

    /// A version-1 file (the JSON object alone, no digests) as the builds before version 2 wrote
    /// it still resumes, with the uninterrupted run's numbers and a warning to print.
    @Test func versionOneCheckpointsStillResume() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.ckpt"
        try Self.stoppedRun(at: path)
        var legacy = try HyperCleaningCheckpoint.read(from: path)
        (legacy.version, legacy.strategyDigest, legacy.dataDigest) = (1, nil, nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let legacyPath = directory + "/v1.ckpt"
        try encoder.encode(legacy).write(to: URL(fileURLWithPath: legacyPath))
        #expect(!(try String(contentsOfFile: legacyPath, encoding: .utf8)).contains("dataDigest"))

        let read = try HyperCleaningCheckpoint.read(from: legacyPath)
        #expect(read.version == 1)
        let warning = try #require(read.legacyWarning(path: legacyPath))
        #expect(warning.hasPrefix("warning: \(legacyPath) is a version-1 checkpoint: no checksum") && !warning.contains("\n"))
        var options = HyperCleaningRunner.Options()
        options.resume = read
        let network = SyntheticProblem.architecture(.linear)
        let resumed = try HyperCleaningRunner(data: SyntheticProblem.data, network: network, strategy: Self.strategy, seed: 7).run(options)
        let whole = try HyperCleaningRunner(data: SyntheticProblem.data, network: network, strategy: Self.strategy, seed: 7).run()
        #expect(resumed.evaluations.map(HyperCleaningRunnerTests.metrics) == whole.evaluations.map(HyperCleaningRunnerTests.metrics))
        // A version-1 payload behind a version-2 header (or the reverse) is not accepted.
        var mislabeled = legacy
        mislabeled.version = 2
        let payload = [UInt8](try encoder.encode(mislabeled))
        #expect(Self.reason { _ = try HyperCleaningCheckpoint.parse(payload, path: "c") }
                == "refusing checkpoint c: the payload says version 2, the file is version 1")
    }

    @Test func invalidStateIsRefusedBeforeResuming() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.ckpt"
        try Self.stoppedRun(at: path)
        var bad = try HyperCleaningCheckpoint.read(from: path)
        bad.method.iteration = -3
        #expect(Self.reason { try bad.validate(path: "c") } == "refusing checkpoint c: iteration -3 is outside 0...23")
        bad.method.iteration = 6
        bad.elapsedSeconds = -1
        #expect(Self.reason { try bad.validate(path: "c") } == "refusing checkpoint c: a clock is negative or not finite")
    }

    @Test func unwritableDirectoryFailsBeforeTheRunAndLeavesNothing() throws {
        #expect(Self.reason { try HyperCleaningCheckpoint.checkWritable("/nonexistent-dir/run.ckpt") }
                == "cannot write checkpoint /nonexistent-dir/run.ckpt: cannot create a file there: No such file or directory")
        // /proc refuses new files even for root (who ignores permission bits).
        #expect(Self.reason { try HyperCleaningCheckpoint.checkWritable("/proc/run.ckpt") }.hasPrefix("cannot write checkpoint /proc/run.ckpt: cannot create a file there"))
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try HyperCleaningCheckpoint.checkWritable(directory + "/run.ckpt")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    /// A write that fails (here: /dev/full, "disk full") is reported, not ignored.
    @Test func failedWriteIsReported() throws {
        let descriptor = open("/dev/full", O_WRONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(AtomicFile.writeAll([UInt8](repeating: 7, count: 1 << 16), to: descriptor) == "write failed: No space left on device")
    }
}
