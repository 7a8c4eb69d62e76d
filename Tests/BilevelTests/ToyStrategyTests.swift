import Foundation
import Testing

@testable import Bilevel

@Suite struct ToyStrategyTests {
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var strategy: ToyStrategy
        var error: ToyStrategyError
        var testDescription: String { error.description }
    }

    static let invalid: [InvalidCase] = [
        InvalidCase(
            strategy: ToyStrategy(method: .vPBGD, gams: [10], alpha0: 0), error: .invalidAlpha0(0)),
        InvalidCase(
            strategy: ToyStrategy(method: .vPBGD, gams: [10], alpha0: -0.1),
            error: .invalidAlpha0(-0.1)),
        InvalidCase(
            strategy: ToyStrategy(method: .vPBGD, gams: [10], alpha0: .infinity),
            error: .invalidAlpha0(.infinity)),
        InvalidCase(
            strategy: ToyStrategy(method: .vPBGD, gams: [], alpha0: 0.1), error: .emptyGammas),
        InvalidCase(
            strategy: ToyStrategy(method: .gPBGD, gams: [10, 0], alpha0: 0.1),
            error: .invalidGamma(index: 1, value: 0)),
        InvalidCase(
            strategy: ToyStrategy(method: .gPBGD, gams: [-1], alpha0: 0.1),
            error: .invalidGamma(index: 0, value: -1)),
    ]

    @Test(arguments: invalid)
    func invalidStrategiesAreRefusedWithOneLine(testCase: InvalidCase) {
        #expect(throws: testCase.error) { try testCase.strategy.validated() }
        #expect(!testCase.error.description.contains("\n"))
    }

    @Test func nanIsRefused() {
        #expect(throws: ToyStrategyError.self) {
            try ToyStrategy(method: .vPBGD, gams: [10], alpha0: .nan).validated()
        }
        #expect(throws: ToyStrategyError.self) {
            try ToyStrategy(method: .vPBGD, gams: [.nan], alpha0: 0.1).validated()
        }
    }

    @Test func namesResolveOrListTheChoices() throws {
        #expect(try ToyMethod.named("g_pbgd") == .gPBGD)
        #expect(try ToyDerivative.named("exact") == .exact)
        #expect(throws: ToyStrategyError.unknownMethod("rhg")) { try ToyMethod.named("rhg") }
        #expect(
            ToyStrategyError.unknownMethod("rhg").description
                == "unknown method 'rhg'; choose one of: v_pbgd, g_pbgd")
        #expect(
            ToyStrategyError.unknownDerivative("true").description
                == "unknown toy df 'true'; choose one of: official, exact")
        #expect(throws: ToyStrategyError.unknownPreset("fast")) { try ToyPresets.named("fast") }
        #expect(
            ToyStrategyError.unknownPreset("x").description.hasSuffix(
                "baseline, g_baseline, tuned, tuned_feasible"))
    }

    /// The presets are data: baseline and g_baseline are the benchmark's, every preset is valid.
    @Test func presetsAreValidData() throws {
        #expect(
            try ToyPresets.named("baseline").strategy
                == ToyStrategy(method: .vPBGD, gams: [10], alpha0: 0.1))
        #expect(
            try ToyPresets.named("g_baseline").strategy
                == ToyStrategy(method: .gPBGD, gams: [10], alpha0: 0.1))
        #expect(ToyStrategy.baseline == (try ToyPresets.named("baseline").strategy))
        for preset in ToyPresets.all {
            #expect(throws: Never.self) { try preset.strategy.validated() }
        }
        #expect(Set(ToyPresets.all.map(\.name)).count == ToyPresets.all.count)
    }

    // MARK: JSON files

    private func withFile(_ text: String, _ body: (String) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "strategy-\(UUID().uuidString).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        try body(url.path)
    }

    @Test func fullAndPartialFilesLoad() throws {
        try withFile(#"{"method": "g_pbgd", "gams": [5, 10], "alpha0": 0.2}"#) { path in
            let strategy = try ToyStrategy.load(path: path)
            #expect(strategy == ToyStrategy(method: .gPBGD, gams: [5, 10], alpha0: 0.2))
        }
        try withFile(#"{"alpha0": 0.2}"#) { path in
            let strategy = try ToyStrategy.load(path: path)
            #expect(strategy == ToyStrategy(method: .vPBGD, gams: [10], alpha0: 0.2))
        }
    }

    @Test func roundTripsThroughJSON() throws {
        let strategy = ToyStrategy(method: .gPBGD, gams: [3.5], alpha0: 0.25)
        let data = try JSONEncoder().encode(strategy)
        #expect(try JSONDecoder().decode(ToyStrategy.self, from: data) == strategy)
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        var text: String
        var message: String
        var testDescription: String { text }
    }

    static let badFiles: [BadFile] = [
        BadFile(text: #"{"method": "sgd"}"#, message: "unknown method 'sgd'"),
        BadFile(text: #"{"gammas": [10]}"#, message: "unknown key 'gammas'"),
        BadFile(text: #"{"alpha0": "fast"}"#, message: "wrong type for 'alpha0'"),
        BadFile(text: #"{"alpha0": -1}"#, message: "alpha0 must be a finite number > 0, got -1.0"),
        BadFile(text: #"{"gams": []}"#, message: "gammas must list at least one value > 0"),
        BadFile(text: #"{"gams": [10,"#, message: "not valid JSON"),
        BadFile(text: #"[1, 2]"#, message: "invalid strategy file"),
    ]

    @Test(arguments: badFiles)
    func badFilesNameTheFileAndTheProblem(bad: BadFile) throws {
        try withFile(bad.text) { path in
            do throws(ToyStrategyError) {
                _ = try ToyStrategy.load(path: path)
                Issue.record("accepted \(bad.text)")
            } catch {
                #expect(error.description.contains(path))
                #expect(error.description.contains(bad.message), "\(error.description)")
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test func missingFileIsUnreadable() {
        #expect(
            throws: ToyStrategyError.unreadableFile(
                path: "/nonexistent/s.json", reason: "no such file")
        ) {
            try ToyStrategy.load(path: "/nonexistent/s.json")
        }
    }
}
