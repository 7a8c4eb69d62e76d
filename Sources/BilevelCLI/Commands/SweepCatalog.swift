import ArgumentParser
import Bilevel
import Foundation

/// The experiment commands a sweep spec may name, with their flags read from the commands'
/// own argument-parser definitions (so adding a flag to a command makes it sweepable, and no flag
/// list is written twice).
enum SweepCatalog {
    /// Spec name, the arguments that select the command, and its type.
    static let commands: [(name: String, arguments: [String], type: any ParsableCommand.Type)] = [
        ("toy-convergence", ["toy-convergence"], ToyRunCommand.self),
        ("hyperclean", ["hyperclean"], HyperCleanCommand.self),
        ("solve", ["solve"], SolveCommand.self),
    ]

    /// The signatures of ``commands``.
    static let signatures: [SweepCommandSignature] = commands.map { command in
        SweepCommandSignature(
            name: command.name, commandArguments: command.arguments, flags: flags(of: command.type))
    }

    /// Every long flag of `type` and its kind, from argument-parser's JSON description of it.
    static func flags(of type: any ParsableCommand.Type) -> [String: SweepCommandSignature.Kind] {
        guard let data = type._dumpHelp().data(using: .utf8),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let command = root["command"] as? [String: Any],
            let arguments = command["arguments"] as? [[String: Any]]
        else { return [:] }
        var result: [String: SweepCommandSignature.Kind] = [:]
        for argument in arguments {
            let names = (argument["names"] as? [[String: Any]] ?? []).filter {
                $0["kind"] as? String == "long"
            }
            let kind: SweepCommandSignature.Kind
            switch argument["kind"] as? String {
            case "flag": kind = .flag
            case "option":
                kind = argument["isRepeating"] as? Bool == true ? .repeatingOption : .option
            default: continue
            }
            for name in names.compactMap({ $0["name"] as? String }) { result[name] = kind }
        }
        return result
    }

    /// Sweeps up to this size have every task checked before anything runs.
    static let fullCheckLimit = 256

    /// Parses and validates tasks' command lines in-process, exactly as their children will get
    /// them, so a bad value fails the sweep before anything runs: every task of a sweep of up to
    /// ``fullCheckLimit`` tasks, else ``SweepPlan/coveringTaskIndices`` (every value of every axis
    /// once; a bad combination of values then fails as that task, when it runs).
    ///
    /// - Throws: ``SweepError/invalidTask(path:index:parameters:message:)`` for the first bad task.
    static func validate(_ plan: SweepPlan, runner: SweepTaskRunner) throws {
        let indices =
            plan.tasks.count <= fullCheckLimit
            ? Array(plan.tasks.indices) : plan.coveringTaskIndices
        for task in indices.map({ plan.tasks[$0] }) {
            do {
                _ = try BilevelCommand.parseAsRoot(
                    runner.childArguments(for: task, output: "/dev/null"))
            } catch {
                let message =
                    BilevelCommand.message(for: error).split(separator: "\n").first.map(String.init)
                    ?? "invalid"
                throw SweepError.invalidTask(
                    path: plan.spec.path, index: task.index, parameters: task.label,
                    message: message)
            }
        }
    }

    /// The path of the running `bilevel` executable (what every task runs).
    static var currentExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return path
        }
        let first = CommandLine.arguments.first ?? "bilevel"
        return URL(fileURLWithPath: first).standardizedFileURL.path
    }
}
