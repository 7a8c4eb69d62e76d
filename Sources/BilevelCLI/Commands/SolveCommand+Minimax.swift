import ArgumentParser
import Bilevel
import Foundation
import Tensor

/// `bilevel solve --problem closed-form-minimax|closed-form-constrained|constrained-cleaning|group-robust
/// --solver penalty_sapd|projected_v_pbgd`: the minimax / constrained lower-level problems of
/// METHODS.md §2.8, with the stochastic solvers' record columns plus `kkt_residual`, `ll_gap`,
/// `oracle_calls`.
extension SolveCommand {
    /// Solvers of the minimax problems.
    static let minimaxSolvers = [PenaltySAPD.name, ProjectedVPBGD.name]

    /// Whether `--problem` names a minimax problem.
    var isMinimaxProblem: Bool { MinimaxProblemRegistry.names.contains(problem) }

    private var minimaxBatchSize: Int {
        get throws {
            guard let batchSize else { return 0 }
            guard let value = Int(batchSize), value >= 0 else {
                throw ValidationError("--batch-size must be a non-negative integer for \(solver), got '\(batchSize)'")
            }
            return value
        }
    }

    /// Flag checks of a minimax run (before any work).
    func validateMinimax() throws {
        guard Self.minimaxSolvers.contains(solver) else {
            throw ValidationError("solver '\(solver)' does not run on \(problem); use one of: \(Self.minimaxSolvers.joined(separator: ", "))")
        }
        guard maxIter >= 1 else { throw ValidationError("--max-iter must be at least 1, got \(maxIter)") }
        guard evalFreq >= 1 else { throw ValidationError("--eval-freq must be at least 1, got \(evalFreq)") }
        if let maxTime, !(maxTime > 0) { throw ValidationError("--max-time must be positive, got \(maxTime)") }
        if solver == ProjectedVPBGD.name {
            guard problem == "constrained-cleaning" || problem == "closed-form-constrained" else {
                throw ValidationError("projected_v_pbgd needs a lower level without a maximising block: constrained-cleaning")
            }
            _ = try vpbgdParameters()
        } else {
            guard settings.isEmpty else { throw ValidationError("penalty_sapd takes its parameters as flags (--rho, --lipschitz, …), not --set") }
            _ = try penalty.parameters(batchSize: try minimaxBatchSize)
        }
        _ = try penalty.settings(solver: solver, batchSize: try minimaxBatchSize, seed: seed)
    }

    /// projected_v_pbgd's parameters from `--set lrx=…,lry=…,lr_inner=…,inner_steps=…,gamma=…`.
    func vpbgdParameters() throws -> ProjectedVPBGD.Parameters {
        var p = ProjectedVPBGD.Parameters()
        for (key, text) in try overrides() where key != "batch_size" {
            guard let value = Float(text), value.isFinite, value > 0 else {
                throw ValidationError("projected_v_pbgd: \(key) = \(text) must be a finite number > 0")
            }
            switch key {
            case "lrx": p.lrx = value
            case "lry": p.lry = value
            case "lr_inner": p.lrInner = value
            case "gamma": p.gamma = value
            case "inner_steps":
                guard let steps = Int(text), steps >= 1 else { throw ValidationError("projected_v_pbgd: inner_steps must be an integer >= 1") }
                p.innerSteps = steps
            default: throw ValidationError("projected_v_pbgd has no parameter '\(key)'; its parameters: gamma, inner_steps, lr_inner, lrx, lry")
            }
        }
        return p
    }

    /// Runs a minimax problem and prints/writes its records.
    func runMinimax() throws {
        try compute.apply()
        let batch = try minimaxBatchSize
        let problemSettings = try penalty.settings(solver: solver, batchSize: batch, seed: seed)
        let directory = data.directory
        let built = try MinimaxProblemRegistry.make(problem, settings: problemSettings) {
            try HyperCleaningData.load(from: directory, seed: seed)
        }
        let runnerSolver: MinimaxRunner.Solver
        var extra: [(String, MetricValue)] = []
        if solver == ProjectedVPBGD.name {
            let p = try vpbgdParameters()
            let method = try ProjectedVPBGD(problem: built, parameters: p)
            let name = "projected_v_pbgd[gamma=\(p.gamma),inner_steps=\(p.innerSteps),lr_inner=\(p.lrInner),lrx=\(p.lrx),lry=\(p.lry)]"
            runnerSolver = MinimaxRunner.Solver(method, problem: built, displayName: name)
        } else {
            let p = try penalty.parameters(batchSize: batch)
            let method = try PenaltySAPD(problem: built, parameters: p, seed: seed)
            let name = "penalty_sapd[batch_size=\(p.batchSize),dual_anchor=\(p.dualAnchor.rawValue),eps=\(p.eps),"
                + "inner_steps=\(p.innerSteps),lipschitz=\(p.lipschitz),rho=\(p.rho),theta=\(method.theta)]"
            runnerSolver = MinimaxRunner.Solver(method, displayName: name)
            extra = [("theta", .float(Double(method.theta), format: .shortest)),
                     ("theta_bar", .float(Double(method.minimumTheta), format: .shortest)),
                     ("dual_modulus", .float(Double(method.dualModulus), format: .shortest)),
                     ("tau", .float(Double(method.sapd.tau), format: .shortest)),
                     ("sigma", .float(Double(method.sapd.sigma), format: .shortest))]
        }
        let runner = MinimaxRunner(solver: runnerSolver, dataName: problemDataName(built), seed: seed)
        let file = try output.openFile()
        let options = MinimaxRunner.Options(maxIterations: maxIter, evalFreq: evalFreq, maxSeconds: maxTime,
                                            stopTolerance: penalty.stopKKT)
        let result = try runner.run(options) { try output.emit([$0], to: file) }
        var final = MetricsRecord.final()
        for field in result.last.fields where !["stop_val", "iteration", "time"].contains(field.key) {
            final.append(field.key, field.value)
        }
        for (key, value) in extra { final.append(key, value) }
        final.append("status", .string(result.status.rawValue))
        final.append("iterations", .int(result.iterations))
        final.append("time", .float(result.seconds, format: .shortest))
        final.append("us_per_iteration", .float(result.seconds * 1e6 / Double(max(result.iterations, 1)), format: .fixed(2)))
        final.append("backend", .string(Backend.active.rawValue))
        final.append("threads", .int(BLASThreads.count))
        try output.emit([final], to: file)
        try file?.commit()
        if result.status == .diverged {
            FileHandle.standardError.write(Data("warning: the iterate became non-finite after \(result.iterations) iterations\n".utf8))
        }
    }

    private func problemDataName(_ problem: any MinimaxBilevelProblem) -> String {
        MinimaxProblemRegistry.needsData(problem.name) ? "\(problem.name)[mnist,pbgd_split]" : problem.name
    }
}
