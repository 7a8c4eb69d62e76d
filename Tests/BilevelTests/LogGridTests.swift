import Testing

@testable import Bilevel

@Suite struct LogGridTests {
    @Test func gridIsLogSpacedWithExactEnds() {
        let grid = LogGrid.points(from: 0.01, to: 100, count: 5)
        #expect(grid.first == 0.01 && grid.last == 100)
        // One decade per step: 0.01, 0.1, 1, 10, 100 (exp/log round trip: a few ulps).
        for (value, expected) in zip(grid, [0.01, 0.1, 1, 10, 100]) {
            #expect(abs(value / expected - 1) < 1e-12)
        }
        #expect(LogGrid.points(from: 3, to: 3, count: 500) == [3])
    }

    @Test func interpolationIsLinearInLogLogAndClampsAtTheEnds() {
        // y = x² is a straight line in log–log coordinates, so log–log interpolation is exact.
        let x = [0, 1, 10, 100.0]
        let y = [5, 1, 100, 10000.0]  // the x = 0 record (initial point) has no log and is dropped
        let values = LogGrid.interpolate(x: x, y: y, at: [0.5, 1, 3.1622776601683795, 31.622776601683793, 100, 1000])
        #expect(values[0] == 1)  // before the first positive time: the first value (numpy interp)
        #expect(values[1] == 1)
        #expect(abs(values[2] - 10) < 1e-9)
        #expect(abs(values[3] - 1000) < 1e-9)
        #expect(values[4] == 10000)
        #expect(values[5] == 10000)
    }

    @Test func nonPositiveValuesInterpolateLinearlyInTheValue() {
        let values = LogGrid.interpolate(x: [1, 100], y: [-1, 1], at: [10])
        #expect(abs(values[0]) < 1e-12)  // half-way in log x, half-way in y
        #expect(LogGrid.interpolate(x: [0], y: [1], at: [1, 2]).allSatisfy { $0.isNaN })
    }

    @Test func quantilesMatchNumpyLinearInterpolation() {
        // numpy.quantile([1, 2, 3, 4], [0.2, 0.5, 0.8]) = [1.6, 2.5, 3.4]
        let values = [4, 1, 3, 2.0]
        #expect(abs(Quantile.of(values, 0.2) - 1.6) < 1e-12)
        #expect(Quantile.median(values) == 2.5)
        #expect(abs(Quantile.of(values, 0.8) - 3.4) < 1e-12)
        #expect(Quantile.median([1, .infinity, 2]) == 2)
        #expect(Quantile.median([1, .infinity, .infinity]) == .infinity)
        #expect(Quantile.median([]).isNaN)
    }

    @Test func bandIsThePointwiseMedianAndQuantilesOfTheSeeds() throws {
        let runs = [1.0, 2, 3, 4, 5].map { level in (x: [0.0, 1, 10], y: [1, level, level]) }
        let band = try #require(CurveBand.over(runs, points: 7))
        #expect(band.grid.first == 1 && band.grid.last == 10 && band.grid.count == 7)
        // exp(log 3) is 3 to within an ulp or two.
        #expect(band.median.allSatisfy { abs($0 - 3) < 1e-12 })
        #expect(band.lower.allSatisfy { abs($0 - 1.8) < 1e-12 })  // quantile(1…5, 0.2) = 1.8
        #expect(band.upper.allSatisfy { abs($0 - 4.2) < 1e-12 })
        #expect(band.firstReach(2.9) == 1)
        #expect(band.firstReach(3.5) == nil)
    }
}
