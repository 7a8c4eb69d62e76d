import BilevelTestSupport
import Testing

@testable import Plot

@Suite struct HTMLPageTests {
    @Test func pageIsSelfContainedWellFormedAndEscaped() throws {
        var chart = Chart(title: "t", xLabel: "x", yLabel: "y")
        chart.marks = [.line(LineSeries(name: "s", points: [DataPoint(0, 0), DataPoint(1, 1)], style: Palette.style(0)))]
        let page = HTMLPage(
            title: "Report <1>",
            blocks: [
                .heading(level: 1, text: "Results & plots"),
                .row([
                    .figure(svg: chart.node(id: "c1"), caption: "a figure"),
                    .table(HTMLTable(caption: "final", header: ["method", "acc"], rows: [["v_pbgd", "90.097"], ["<script>", "-1"]])),
                ]),
            ])
        let html = page.rendered()
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        let root = try XMLTree.parse(html)
        #expect(root.name == "html")
        #expect(root.elements(named: "svg").count == 1)
        #expect(root.elements(named: "script").isEmpty)  // the cell's text stays text
        #expect(root.elements(named: "td").map(\.text).contains("<script>"))
        #expect(root.elements(named: "td").first { $0.text == "90.097" }?.attributes["class"] == "num")
        #expect(!root.all.contains { $0.attributes["src"] != nil || $0.attributes["href"] != nil })
        #expect(root.elements(named: "title").first?.text == "Report <1>")
    }
}
