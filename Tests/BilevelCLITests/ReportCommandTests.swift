import BilevelTestSupport
import Foundation
import Testing

@testable import BilevelCLI

/// `bilevel report` on the committed fixtures: the page, the per-figure SVG and CSV files, and
/// bad inputs (one error line, no output file).
@Suite struct ReportCommandTests {
    func run(_ arguments: [String]) throws {
        var command = try BilevelCommand.parseAsRoot(["report"] + arguments)
        try command.run()
    }

    /// 4 stochastic figures (one data set), 6 hyper-cleaning, 2 per toy file.
    static let expectedFigures = 4 + 6 + 2 * 2

    @Test func reportOfEveryKindIsOneSelfContainedPageWithEveryFigure() throws {
        let directory = try AnalysisFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let out = directory + "/report.html"
        try run(AnalysisFixtures.all + ["--out", out, "--svg", directory + "/svg", "--csv", directory + "/csv"])
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let page = try XMLTree.parse(html)
        let svgs = page.elements(named: "svg")
        #expect(svgs.count == Self.expectedFigures)
        #expect(page.elements(named: "script").isEmpty)
        #expect(!page.all.contains { $0.attributes["src"] != nil || $0.attributes["href"] != nil })
        // Every figure draws something: a path, bars or points in its marks group.
        for svg in svgs {
            let marks = try #require(svg.all.first { $0.attributes["class"] == "marks" })
            #expect(marks.all.contains { ["path", "rect", "circle"].contains($0.name) }, "empty figure \(svg.attributes["id"] ?? "")")
        }
        let cells = page.elements(named: "td").map(\.text)
        #expect(cells.contains("90.097") && cells.contains("84.613"))  // the published rows
        #expect(cells.contains("t_rhg") && cells.contains("42,123"))  // our FINAL records
        #expect(cells.contains { $0.hasPrefix("soba[") })  // the time-to-target table
        let svgFiles = try FileManager.default.contentsOfDirectory(atPath: directory + "/svg").sorted()
        #expect(svgFiles.count == Self.expectedFigures && svgFiles.allSatisfy { $0.hasSuffix(".svg") })
        for file in svgFiles { _ = try XMLTree.parse(try String(contentsOfFile: directory + "/svg/" + file, encoding: .utf8)) }
        let csvFiles = try FileManager.default.contentsOfDirectory(atPath: directory + "/csv")
        #expect(csvFiles.count == Self.expectedFigures)
        let histogram = try String(contentsOfFile: directory + "/csv/toy-2-g-pbgd-steps-histogram.csv", encoding: .utf8)
        let counts = histogram.split(separator: "\n").dropFirst().compactMap { Double($0.split(separator: ",", omittingEmptySubsequences: false)[3]) }
        #expect(counts.reduce(0, +) == 200)  // every start of the file is in one bin
    }

    @Test func aMalformedLineIsOneErrorNamingFileAndLineAndWritesNothing() throws {
        let directory = try AnalysisFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var lines = try String(contentsOfFile: AnalysisFixtures.path("hyperclean-linear-t_rhg.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        lines[1] = String(lines[1].dropLast(20))
        let input = try AnalysisFixtures.write(lines.joined(separator: "\n") + "\n", "bad.jsonl", in: directory)
        do {
            try run([input, "--out", directory + "/report.html", "--svg", directory + "/svg"])
            Issue.record("accepted a malformed line")
        } catch {
            let message = BilevelCommand.message(for: error)
            #expect(message == "\(input):2: malformed record: invalid JSON")
            #expect(BilevelCommand.exitCode(for: error).rawValue == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["bad.jsonl"])
    }

    @Test func aTornLastLineIsSkippedAndTheReportStillWritten() throws {
        let directory = try AnalysisFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = try String(contentsOfFile: AnalysisFixtures.path("toy-v_pbgd.jsonl"), encoding: .utf8)
        let input = try AnalysisFixtures.write(text + #"{"record":"train","run":0,"st"#, "torn.jsonl", in: directory)
        try run([input, "--out", directory + "/r.html"])
        #expect(try XMLTree.parse(try String(contentsOfFile: directory + "/r.html", encoding: .utf8)).elements(named: "svg").count == 2)
    }

    @Test func inputsWithNothingToDrawAreAClearError() throws {
        let directory = try AnalysisFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let unrelated = try AnalysisFixtures.write(#"{"record":"search","rank":1}"# + "\n", "other.jsonl", in: directory)
        let empty = try AnalysisFixtures.write("", "empty.jsonl", in: directory)
        for (input, expected) in [
            (unrelated, "nothing to draw in \(unrelated)"), (empty, "'\(empty)' holds no records"),
            (directory + "/missing.jsonl", "cannot read '\(directory)/missing.jsonl': no such file"),
        ] {
            do {
                try run([input, "--out", directory + "/r.html"])
                Issue.record("accepted \(input)")
            } catch {
                #expect(BilevelCommand.message(for: error).hasPrefix(expected), "\(BilevelCommand.message(for: error))")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/r.html"))
    }
}
