import Bilevel
import Foundation
import FuzzSupport

/// The sweep spec parser and, for specs of at most 1000 tasks, its expansion into tasks against a
/// command with a few flags: a spec either expands to distinct tasks or is refused with a
/// one-line ``SweepError`` naming the place in the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSweepSpec(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = Data(FuzzSupport.bytes(start, count))
    do {
        let spec = try SweepSpec.parse(data, path: "fuzz.json")
        let size = spec.axes.reduce(1) { $0 > 1000 ? $0 : $0 * max($1.rows.count, 1) }
        guard size <= 1000 else { return 0 }
        let plan = try SweepPlan(spec: spec, signatures: [signature])
        guard !plan.tasks.isEmpty, Set(plan.tasks.map(\.hash)).count == plan.tasks.count else {
            FuzzSupport.violation("\(plan.tasks.count) tasks, some identical")
        }
    } catch {
        FuzzSupport.checkMessage(error.description)
    }
    return 0
}

/// A command like `toy-convergence`: options, a flag, a repeatable option and the sweep's own flags.
private let signature = SweepCommandSignature(
    name: "toy-convergence",
    flags: ["alpha0": .option, "max-iter": .option, "method": .option, "gammas": .option, "seed": .option,
            "quiet": .flag, "toy-df": .option, "set": .repeatingOption, "output": .option, "threads": .option])
