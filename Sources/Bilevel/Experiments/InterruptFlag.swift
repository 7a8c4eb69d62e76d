#if canImport(Glibc)
    import Glibc
#endif
import Synchronization

/// A process-wide flag raised by SIGINT, polled by long runs between iterations so they can write
/// a checkpoint and stop cleanly instead of dying mid-write.
public enum InterruptFlag {
    private static let raised = Atomic<Bool>(false)

    /// Installs the SIGINT handler (idempotent). A second Ctrl-C while the flag is up exits at once.
    public static func install() {
        signal(SIGINT) { _ in
            if InterruptFlag.raised.exchange(true, ordering: .relaxed) { _exit(130) }
        }
    }

    /// Whether SIGINT arrived since the last ``reset()``.
    public static var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Lowers the flag.
    public static func reset() { raised.store(false, ordering: .relaxed) }
}
