import Testing

@testable import Plot

@Suite struct ScaleTests {
    @Test func linearAndLogScalesMapTheDomainOntoTheRange() throws {
        let linear = Scale(.linear, domain: 0...4, start: 100, end: 300)
        #expect(linear.position(of: 0) == 100)
        #expect(linear.position(of: 1) == 150)
        #expect(linear.position(of: 4) == 300)
        // A y axis: larger values are higher up (smaller pixel y).
        let y = Scale(.logarithmic, domain: 0.01...100, start: 400, end: 0)
        #expect(try #require(y.position(of: 1)) == 200)
        #expect(abs(try #require(y.position(of: 0.1)) - 300) < 1e-9)  // one decade of four: 100 px
        #expect(y.position(of: 0) == nil)
        #expect(y.position(of: -1) == nil)
        #expect(linear.position(of: .nan) == nil)
    }

    @Test func niceDomainsCoverTheDataWithRoundEnds() {
        #expect(Scale.niceDomain(covering: [0.13, 0.91], kind: .linear) == 0...1)
        #expect(Scale.niceDomain(covering: [3.2, 17.9], kind: .linear) == 0...20)
        #expect(Scale.niceDomain(covering: [0.0031, 0.0, 47], kind: .logarithmic) == 0.002...50)
        let single = Scale.niceDomain(covering: [5, 5], kind: .linear)  // ±10 %, then out to 0.2 steps
        #expect(abs(single.lowerBound - 4.4) < 1e-12 && abs(single.upperBound - 5.6) < 1e-12)
        #expect(Scale.niceDomain(covering: [], kind: .logarithmic) == 1...10)
        #expect(Scale.niceDomain(covering: [.nan, .infinity, 2], kind: .linear).contains(2))
    }
}
