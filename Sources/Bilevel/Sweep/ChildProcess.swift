#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started with `posix_spawn`, its stdout and stderr appended to a log file.
///
/// The child starts with SIGINT and SIGTERM at their default actions and no signal blocked,
/// whatever the parent has installed, so it handles them itself (hyperclean writes its
/// checkpoint). ``wait(forwardingInterrupts:)`` polls instead of blocking, so the parent can
/// pass on a SIGTERM it receives while the child runs.
struct ChildProcess {
    /// The child's process id.
    let pid: pid_t

    /// How a child ended.
    enum Termination: Equatable {
        /// `exit(status)`.
        case exited(Int32)
        /// Killed by a signal.
        case signaled(Int32)

        /// One phrase for messages ("exit status 1", "killed by signal 15").
        var text: String {
            switch self {
            case .exited(let status): return "exit status \(status)"
            case .signaled(let number): return "killed by signal \(number)"
            }
        }
    }

    /// Starts `executable` with `arguments` (without argv[0]), stdin from /dev/null, stdout and
    /// stderr appended to `logPath`.
    ///
    /// - Throws: ``SweepError/io(path:reason:)`` when the process cannot be started.
    static func spawn(executable: String, arguments: [String], logPath: String) throws(SweepError)
        -> ChildProcess
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { for word in argv { free(word) } }
        var pid = pid_t()
        var status: Int32 = 0
        // ETXTBSY is transient: a process started elsewhere in this program inherited a
        // descriptor of the executable from whoever was writing it (Foundation's file writes
        // are not close-on-exec; this program's own are) and still holds it; try again for up
        // to about two seconds.
        for attempt in 0..<20 {
            status = (argv + [nil]).withUnsafeBufferPointer { pointers -> Int32 in
                guard let base = pointers.baseAddress else { return EINVAL }
                return posix_spawn(&pid, executable, &actions, &attributes, base, environ)
            }
            guard status == ETXTBSY else { break }
            usleep(useconds_t(10_000 * (attempt + 1)))
        }
        guard status == 0 else {
            let reason = strerror(status).map { String(cString: $0) } ?? "error \(status)"
            throw .io(path: executable, reason: "cannot start: \(reason)")
        }
        return ChildProcess(pid: pid)
    }

    /// Waits for the child to end. While it runs, a raised ``InterruptFlag`` is passed on to it
    /// once as SIGTERM (when `forwardingInterrupts`).
    func wait(forwardingInterrupts: Bool = true) -> Termination {
        var forwarded = false
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { return .signaled(SIGKILL) }
            if forwardingInterrupts && !forwarded && InterruptFlag.isRaised {
                kill(pid, SIGTERM)
                forwarded = true
            }
            usleep(10_000)  // 10 ms: invisible next to a task, negligible CPU
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are C macros Swift does not import.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}
