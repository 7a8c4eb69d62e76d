import Foundation
import Testing

@testable import Bilevel

/// The shipped hyper-cleaning presets: they decode and validate, `fast` is a baseline with fewer
/// iterations (so its trajectory is a prefix of the baseline run's), and a preset's method is
/// never silently replaced.
@Suite struct HyperCleaningPresetsTests {
    @Test(arguments: [NetworkKind.linear, .mlp])
    func fastIsABaselineCutToAtMostAQuarterOfTheVPBGDIterations(network: NetworkKind) throws {
        let fast = try HyperCleaningPresets.preset(named: "fast", method: nil, network: network)
        try fast.validate()
        var baseline = try HyperCleaningPresets.baseline(method: fast.method, network: network)
        let vpbgd = try HyperCleaningPresets.baseline(method: "v_pbgd", network: network)
        #expect(fast.outerItr * 4 <= vpbgd.outerItr)
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

    @Test func aPresetRefusesAnotherMethodAndAMissingOneSaysWhy() {
        #expect(throws: HyperCleaningStrategyError.self) {
            _ = try HyperCleaningPresets.preset(named: "fast", method: "rhg", network: .linear)
        }
        #expect {
            _ = try HyperCleaningPresets.preset(named: "tuned", method: nil, network: .mlp)
        } throws: { error in
            "\(error)".hasPrefix("no 'tuned' preset for the mlp net")
        }
        #expect(throws: HyperCleaningStrategyError.unknownPreset("best", known: HyperCleaningPresets.names)) {
            _ = try HyperCleaningPresets.preset(named: "best", method: nil, network: .linear)
        }
    }
}
