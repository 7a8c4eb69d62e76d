import Testing

@testable import BilevelCLI

/// The progress line's speed and time formats.
struct ProgressLineTests {
    @Test func fastIterationsShowIterationsPerSecond() {
        #expect(ProgressLine.speed(iterationsPerSecond: 12.34) == "12.3 it/s")
        #expect(ProgressLine.speed(iterationsPerSecond: 1) == "1.0 it/s")
    }

    /// An RHG outer step takes tens of seconds: "0.0 it/s" would say nothing.
    @Test func slowIterationsShowSecondsPerIteration() {
        #expect(ProgressLine.speed(iterationsPerSecond: 1 / 41.7) == "41.7 s/it")
        #expect(ProgressLine.speed(iterationsPerSecond: 0.5) == "2.0 s/it")
    }

    @Test func noRateYet() {
        #expect(ProgressLine.speed(iterationsPerSecond: 0) == "- it/s")
    }

    @Test func durations() {
        #expect(ProgressLine.duration(59.4) == "59s")
        #expect(ProgressLine.duration(61) == "1m01s")
        #expect(ProgressLine.duration(3 * 3600 + 7 * 60) == "3h07m")
    }
}
