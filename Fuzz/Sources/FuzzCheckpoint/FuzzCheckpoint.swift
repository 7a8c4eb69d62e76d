import Bilevel
import FuzzSupport

/// The checkpoint reader (versions 1 and 2): either a checkpoint that passes its own
/// ``HyperCleaningCheckpoint/validate(path:)`` or a one-line ``CheckpointError``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let path = FuzzSupport.writeInput(FuzzSupport.bytes(start, count))
    do {
        let checkpoint = try HyperCleaningCheckpoint.read(from: path)
        do {
            try checkpoint.validate(path: path)
        } catch {
            FuzzSupport.violation("read returned a checkpoint its validation refuses: \(error)")
        }
        _ = checkpoint.legacyWarning(path: path)
    } catch {
        FuzzSupport.checkMessage(error.description)
    }
    return 0
}
