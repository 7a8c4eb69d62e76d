import BilevelTestSupport
import Testing

@testable import Plot

@Suite struct ChartTests {
    /// A chart with fixed domains, so the expected pixel of a point follows from the margins alone.
    func sampleChart() -> Chart {
        var chart = Chart(title: "Error <&> \"time\"", xLabel: "time (s)", yLabel: "error", yScale: .logarithmic)
        chart.xDomain = 0...10
        chart.yDomain = 1...100
        chart.marks = [
            .band(BandSeries(name: "20–80 %", x: [1, 5, 9], lower: [2, 5, 8], upper: [4, 20, 30], color: "#0072b2")),
            .line(LineSeries(name: "a<b & \"c\"", points: [DataPoint(5, 10), DataPoint(10, 100)], style: Palette.style(0), markerEvery: 1)),
            .line(LineSeries(name: nil, points: [DataPoint(2, 10), DataPoint(3, 0), DataPoint(4, 10), DataPoint(6, 20)], style: Palette.style(1))),
            .bars(BarSeries(name: "steps", bins: BarSeries.histogram([0.5, 1.5, 1.6, 9.9, 10], bins: 5, lower: 0, upper: 10), style: Palette.style(2))),
            .points(PointSeries(name: "final x", points: [DataPoint(1, 1), DataPoint(11, 1)], style: Palette.style(3))),
        ]
        return chart
    }

    @Test func svgIsWellFormedXMLWithEscapedText() throws {
        let root = try XMLTree.parse(sampleChart().svg(id: "f1"))
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.elements(named: "title").first?.text == "Error <&> \"time\"")
        let names = root.all.compactMap { $0.attributes["data-name"] }
        #expect(names.contains("a<b & \"c\""))
    }

    @Test func aDataPointLandsWhereTheScalesSay() throws {
        let chart = sampleChart()
        let root = try XMLTree.parse(chart.svg(id: "f1"))
        let line = try #require(root.all.first { $0.attributes["data-name"] == "a<b & \"c\"" })
        let path = try #require(line.elements(named: "path").first?.attributes["d"])
        let points = pathPoints(path)
        // x = 5 is half-way along 0...10; y = 10 is half-way along 1...100 on a log axis.
        let margins = Chart.margins
        let expectedX = margins.left + 0.5 * (chart.width - margins.left - margins.right)
        let expectedY = margins.top + chart.plotHeight - 0.5 * chart.plotHeight
        #expect(points.count == 2)
        #expect(abs(points[0].0 - expectedX) < 0.01 && abs(points[0].1 - expectedY) < 0.01, "\(points)")
        // (10, 100) is the top-right corner of the plot area.
        #expect(abs(points[1].0 - (chart.width - margins.right)) < 0.01 && abs(points[1].1 - margins.top) < 0.01)
        // Its marker (markerEvery 1) is centred on the same pixel.
        let circle = try #require(line.elements(named: "circle").first)
        #expect(circle.attributes["cx"].flatMap(Double.init).map { abs($0 - expectedX) < 0.01 } == true)
    }

    @Test func undrawablePointsBreakTheLineAndBarsCountTheData() throws {
        let root = try XMLTree.parse(sampleChart().svg(id: "f1"))
        let lines = root.all.filter { $0.attributes["class"] == "mark line" }
        #expect(lines.count == 2)
        // y = 0 cannot be shown on a log axis: two subpaths, three points.
        let broken = try #require(lines[1].elements(named: "path").first?.attributes["d"])
        #expect(broken.filter { $0 == "M" }.count == 2)
        #expect(pathPoints(broken).count == 3)
        // Bins [0,2) [2,4) [4,6) [6,8) [8,10]: counts 3, 0, 0, 0, 2 — empty bins draw nothing.
        let bars = try #require(root.all.first { $0.attributes["class"] == "mark bars" })
        let heights = bars.elements(named: "rect").compactMap { $0.attributes["height"].flatMap(Double.init) }
        #expect(heights.count == 2)
        #expect(heights[0] > heights[1])
        let band = try #require(root.all.first { $0.attributes["class"] == "mark band" })
        #expect(band.attributes["d"]?.hasSuffix("Z") == true)
        #expect(pathPoints(band.attributes["d"] ?? "").count == 6)
        // The chart clips marks to the plot area.
        #expect(root.all.contains { $0.attributes["clip-path"] == "url(#f1-plot)" })
    }

    @Test func axesHaveTicksLabelsAndTheLegendOneEntryPerNamedMark() throws {
        let root = try XMLTree.parse(sampleChart().svg(id: "f1"))
        let labels = try #require(root.all.first { $0.attributes["class"] == "labels" })
        let texts = labels.elements(named: "text").map(\.text)
        for expected in ["0", "2", "4", "6", "8", "10", "1", "100", "time (s)", "error"] {
            #expect(texts.contains(expected), "missing tick/label \(expected) in \(texts)")
        }
        let legend = try #require(root.all.first { $0.attributes["class"] == "legend" })
        let entries = legend.children.map(\.allText)
        #expect(entries == ["20–80 %", "a<b & \"c\"", "steps", "final x"])
    }

    @Test func paletteStylesDifferInColourDashAndMarker() {
        let styles = (0..<6).map(Palette.style)
        for (i, a) in styles.enumerated() {
            for b in styles[(i + 1)...] {
                #expect(a.color != b.color && a.dash != b.dash && a.marker != b.marker || a.marker == b.marker && a.dash != b.dash)
            }
        }
        #expect(Set(styles.map(\.color)).count == 6)
        #expect(Set(styles.map(\.dash)).count == 6)
    }
}
