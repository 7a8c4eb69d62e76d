import Foundation
import Testing

@testable import Bilevel

/// The shipped hyper-cleaning presets: they decode and validate, `fast` costs at most a quarter of
/// the V-PBGD baseline (the linear one is that baseline cut short, so its trajectory is a prefix
/// of the baseline run's), and a preset's method is never silently replaced.
@Suite struct HyperCleaningPresetsTests {
    /// The wall-time target (a quarter of the baseline's) is measured (README); what a test can
    /// hold is the cost model: V-PBGD with no more inner steps costs what a baseline iteration
    /// costs, so a quarter of the iterations is a quarter of the time.
    @Test(arguments: [NetworkKind.linear, .mlp])
    func fastCostsAtMostAQuarterOfTheVPBGDBaseline(network: NetworkKind) throws {
        let fast = try HyperCleaningPresets.preset(named: "fast", method: nil, network: network)
        try fast.validate()
        let vpbgd = try HyperCleaningPresets.baseline(method: "v_pbgd", network: network)
        #expect(fast.method == "v_pbgd" && fast.innerItr <= vpbgd.innerItr && fast.evalInterval == vpbgd.evalInterval)
        #expect(fast.outerItr * 4 <= vpbgd.outerItr)
    }

    @Test func linearFastIsTheBaselineCutShort() throws {
        let fast = try HyperCleaningPresets.preset(named: "fast", method: nil, network: .linear)
        var baseline = try HyperCleaningPresets.baseline(method: fast.method, network: .linear)
        baseline.outerItr = fast.outerItr
        #expect(fast == baseline)
    }

    @Test func everyShippedFileDecodesToAValidStrategy() throws {
        #expect(!HyperCleaningPresets.shipped.isEmpty)
        for (key, bytes) in HyperCleaningPresets.shipped {
            let strategy = try JSONDecoder().decode(HyperCleaningStrategy.self, from: Data(bytes))
            try strategy.validate()
            #expect(HyperCleaningPresets.names.contains(String(key.split(separator: "-")[0])))
        }
    }

    /// `--preset tuned|fast` works for both nets: each has a shipped file, and a file's method is
    /// the method it reports.
    @Test(arguments: [NetworkKind.linear, .mlp])
    func everyNamedPresetIsShippedForEveryNet(network: NetworkKind) throws {
        for name in HyperCleaningPresets.names where name != "baseline" {
            let strategy = try HyperCleaningPresets.preset(named: name, method: nil, network: network)
            #expect(try HyperCleaningPresets.preset(named: name, method: strategy.method, network: network) == strategy)
        }
    }

    @Test func aPresetRefusesAnotherMethodAndAnUnknownName() {
        #expect(throws: HyperCleaningStrategyError.self) {
            _ = try HyperCleaningPresets.preset(named: "fast", method: "rhg", network: .linear)
        }
        #expect(throws: HyperCleaningStrategyError.self) {
            _ = try HyperCleaningPresets.preset(named: "tuned", method: "g_pbgd", network: .mlp)
        }
        #expect(throws: HyperCleaningStrategyError.unknownPreset("best", known: HyperCleaningPresets.names)) {
            _ = try HyperCleaningPresets.preset(named: "best", method: nil, network: .linear)
        }
    }
}
