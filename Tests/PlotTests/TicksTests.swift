import Testing

@testable import Plot

@Suite struct TicksTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let domain: ClosedRange<Double>
        let kind: Scale.Kind
        let ticks: [Double]
        var testDescription: String { "\(kind) \(domain)" }
    }

    static let cases = [
        Case(domain: 0...1, kind: .linear, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1]),
        Case(domain: 0...3, kind: .linear, ticks: [0, 0.5, 1, 1.5, 2, 2.5, 3]),
        Case(domain: -7...23, kind: .linear, ticks: [-5, 0, 5, 10, 15, 20]),
        Case(domain: 0.13...0.91, kind: .linear, ticks: [0.2, 0.4, 0.6, 0.8]),
        Case(domain: 0...20000, kind: .linear, ticks: [0, 5000, 10000, 15000, 20000]),
        Case(domain: 0.001...10, kind: .logarithmic, ticks: [0.001, 0.01, 0.1, 1, 10]),
        Case(domain: 2...50, kind: .logarithmic, ticks: [2, 5, 10, 20, 50]),
        Case(domain: 1e-6...1e6, kind: .logarithmic, ticks: [1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6]),
        Case(domain: 3...4, kind: .logarithmic, ticks: [3, 3.5, 4]),
    ]

    @Test(arguments: cases)
    func ticksAreRoundNumbersInsideTheDomain(_ testCase: Case) {
        let ticks = Scale(testCase.kind, domain: testCase.domain, start: 0, end: 1).ticks()
        #expect(ticks.count == testCase.ticks.count, "\(ticks)")
        for (tick, expected) in zip(ticks, testCase.ticks) {
            // Ticks are k·step products: within a few ulps of the decimal value, never further.
            #expect(abs(tick - expected) <= 1e-12 * max(1, abs(expected)), "\(ticks)")
        }
    }

    @Test func niceStepIsOneTwoOrFiveTimesAPowerOfTen() {
        #expect(Ticks.niceStep(0.13) == 0.2)
        #expect(Ticks.niceStep(3) == 5)
        #expect(Ticks.niceStep(7) == 10)
        #expect(Ticks.niceStep(1000) == 1000)
        #expect(abs(Ticks.niceStep(0.0004) - 0.0005) < 1e-15)
    }

    @Test func labelsUseTheDecimalsTheStepNeeds() {
        let ticks = [0.0, 0.25, 0.5]
        #expect(ticks.map { Ticks.label($0, among: ticks, kind: .linear) } == ["0", "0.25", "0.50"])
        let big = [0.0, 5000, 10000]
        #expect(big.map { Ticks.label($0, among: big, kind: .linear) } == ["0", "5000", "10000"])
        let log = [0.001, 0.1, 10, 1e6]
        #expect(log.map { Ticks.label($0, among: log, kind: .logarithmic) } == ["0.001", "0.1", "10", "1e+06"])
    }
}
