import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A process-wide flag raised by SIGINT or SIGTERM, polled by long runs between iterations so
/// they can write a checkpoint and stop cleanly instead of dying mid-write.
///
/// SIGTERM is what `kill` and a batch system send (Slurm at a time limit, before SIGKILL), so it
/// stops a run exactly as Ctrl-C does. A second SIGINT while the flag is up exits at once (an
/// impatient user); a repeated SIGTERM does not, because Slurm signals every process of a job and
/// `bilevel sweep` forwards its own SIGTERM to the task it runs.
public enum InterruptFlag {
    private static let raised = Atomic<Bool>(false)
    private static let lastSignal = Atomic<Int32>(0)

    /// Installs the SIGINT and SIGTERM handlers (idempotent) and unblocks both signals in the
    /// calling thread (a parent may have started us with them blocked, e.g. Foundation's
    /// `Process`; threads started afterwards inherit the unblocked mask).
    public static func install() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        signal(SIGINT) { _ in
            InterruptFlag.lastSignal.store(SIGINT, ordering: .relaxed)
            if InterruptFlag.raised.exchange(true, ordering: .relaxed) { _exit(130) }
        }
        signal(SIGTERM) { _ in
            InterruptFlag.lastSignal.store(SIGTERM, ordering: .relaxed)
            InterruptFlag.raised.store(true, ordering: .relaxed)
        }
    }

    /// Whether SIGINT or SIGTERM arrived since the last ``reset()``.
    public static var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// The exit status of a process stopped by the last signal: 128 + its number (130 for
    /// SIGINT, 143 for SIGTERM), as a shell reports a death by that signal.
    public static var exitStatus: Int32 {
        let number = lastSignal.load(ordering: .relaxed)
        return 128 + (number == 0 ? SIGINT : number)
    }

    /// Lowers the flag.
    public static func reset() {
        raised.store(false, ordering: .relaxed)
        lastSignal.store(0, ordering: .relaxed)
    }
}
