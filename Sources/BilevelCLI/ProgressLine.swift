import Foundation

/// A one-line progress display on stderr (`\r`-rewritten), throttled to a few updates a second.
/// Shown when stderr is a terminal or when forced with `--progress`.
final class ProgressLine {
    private let label: String
    private let total: Int
    private let start = Date()
    /// Iterations already done when the line was made (a resumed run's), not counted in the rate.
    private var firstDone: Int?
    private var lastDraw = Date.distantPast
    private let enabled: Bool

    init(label: String, total: Int, force: Bool) {
        self.label = label
        self.total = total
        enabled = force || isatty(2) != 0
    }

    /// Redraws with `done` of `total` iterations and an optional trailing note.
    func update(done: Int, note: String) {
        guard enabled else { return }
        let first = firstDone ?? max(0, done - 1)
        firstDone = first
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.5 || done == total else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done - first) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let percent = total > 0 ? 100 * Double(done) / Double(total) : 100
        let text = String(format: "\r%@ %d/%d (%.1f%%) %@ ETA %@ %@", label, done, total, percent,
                          Self.speed(iterationsPerSecond: rate), Self.duration(eta), note)
        FileHandle.standardError.write(Data((text + "\u{1B}[K").utf8))
    }

    /// Ends the line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    /// `"12.3 it/s"`, or for iterations slower than one a second (an RHG outer step takes
    /// tens of seconds) `"41.7 s/it"`; `"-"` before the first iteration is timed.
    static func speed(iterationsPerSecond rate: Double) -> String {
        guard rate > 0 else { return "- it/s" }
        return rate >= 1 ? String(format: "%.1f it/s", rate) : String(format: "%.1f s/it", 1 / rate)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
        if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }
}
