import Foundation
import Testing

@testable import Bilevel

#if canImport(Glibc)
    import Glibc
#endif

/// Cleaning up after writers that were killed mid-write.
struct AtomicFileTests {
    /// A process id with no process behind it (searched downwards from the kernel's limit).
    static func deadProcessID() throws -> Int32 {
        for pid in stride(from: Int32(4_194_000), to: 1000, by: -997) where kill(pid, 0) != 0 && errno == ESRCH {
            return pid
        }
        throw CancellationError()
    }

    @Test func staleTemporariesOfDeadWritersAreRemovedOthersKept() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.ckpt"
        let dead = try Self.deadProcessID()
        let names = [
            "run.ckpt", "run.ckpt.tmp.\(dead).3",  // the second is stale
            "run.ckpt.tmp.\(getpid()).4",  // a live writer (this process)
            "other.ckpt.tmp.\(dead).1",  // another file's temporary
            "run.ckpt.tmp.notapid.1",
        ]
        for name in names { FileManager.default.createFile(atPath: directory + "/" + name, contents: Data([1])) }
        let removed = AtomicFile.removeStaleTemporaries(of: path)
        #expect(removed == [directory + "/run.ckpt.tmp.\(dead).3"])
        let left = try Set(FileManager.default.contentsOfDirectory(atPath: directory))
        #expect(left == Set(names).subtracting(["run.ckpt.tmp.\(dead).3"]))
    }
}
