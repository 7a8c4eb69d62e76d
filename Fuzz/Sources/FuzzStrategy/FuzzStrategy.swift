import Bilevel
import Foundation
import FuzzSupport

/// The strategy JSON decoder (`--strategy FILE`) and its validation: a strategy that passes
/// ``HyperCleaningStrategy/validate()`` has finite numbers and positive counts; every refusal is
/// a one-line ``HyperCleaningStrategyError``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStrategy(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = Data(FuzzSupport.bytes(start, count))
    do {
        let strategy = try HyperCleaningStrategy.parse(data, path: "fuzz.json")
        _ = strategy.digest
        try strategy.validate()
        let numbers = [strategy.lrx, strategy.lry, strategy.lrInner, strategy.gammaInit, strategy.gammaMax,
                       strategy.gammaArgmaxStep, strategy.lr, strategy.reg]
        guard numbers.allSatisfy(\.isFinite), strategy.outerItr > 0, strategy.evalInterval > 0,
            ["v_pbgd", "g_pbgd", "rhg", "t_rhg"].contains(strategy.method)
        else { FuzzSupport.violation("validated strategy \(strategy)") }
    } catch {
        FuzzSupport.checkMessage(error.description)
    }
    return 0
}
