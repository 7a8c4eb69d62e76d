import ArgumentParser
import Bilevel
import Foundation
import Tensor

/// `bilevel solve`: one stochastic or Newton-based solver on a benchopt problem (METHODS.md §3),
/// measured as benchopt measures (§5.1).
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Run a bilevel solver (SOBA, SABA, StocBiO, AmIGO, F2SA, F2SA+Adam, NBO-GD, NBO-CG, NSBO-SGD) on a benchopt problem.",
        discussion: """
            Problems: data-cleaning (below); quadratic (benchopt's simulated quadratic, exact metrics); \
            regularization (binary logistic regression, one exp-regulariser per feature; --dataset \
            shuttle-as-ijcnn1 = the IJCNN1 stand-in from `make data`, synthetic-ijcnn1 = IJCNN1's shapes, or \
            --data-file TRAIN [--data-file VALIDATION] in libsvm format); synthetic-logistic (the NBO \
            paper's synthetic set-up, a reconstructed stand-in [R]); multinomial (Covtype's model on \
            synthetic-covtype data, a stand-in). Data cleaning: 20000 train / 5000 validation rows from the training images (numpy RandomState(32) split), \
            train labels corrupted with probability --corruption, the official 10000 test images, \
            standardised features, a bias-free linear model, lower regularisation 0.2||W||^2, x0 = -2. \
            Prints one TRAIN_METRICS record per evaluation (benchopt's columns; time excludes \
            evaluations) and a FINAL_METRICS record. Solver parameters: --step-size, --outer-ratio, \
            --batch-size, and --set key=value for any other (n_inner_steps, n_shia_steps, lambda0, \
            delta, beta1, beta2, epsilon, inner_exponent, outer_exponent, schedule, evaluated, \
            adam_literal, epsilon_inside_sqrt, outer_step_size, tolerance, max_cg_iterations, \
            lower_gradient_batch_size, hessian_batch_size, upper_batch_size, cross_batch_size, \
            warmup_steps). Reconstructed [R] choices: F2SA+Adam's schedule, adam_literal and \
            epsilon_inside_sqrt (METHODS.md §2.6); NSBO-SGD's batch roles (|B2| = 256 for the lower \
            gradient, 64 elsewhere, each a multiple of batch_size drawn as that many fresh batches), \
            its warmup_steps and step defaults; NBO-CG's tolerance and max_cg_iterations (§2.7). \
            nbo_gd and nbo_cg are full batch.
            """)

    @Option(help: ArgumentHelp("The bilevel problem: \(ProblemSetup.Kind.allCases.map(\.rawValue).joined(separator: ", ")), or a minimax one (\(MinimaxProblemRegistry.names.joined(separator: ", "))).", valueName: "name"))
    var problem = "data-cleaning"
    @Option(help: ArgumentHelp("Solver: \(StochasticSolverRegistry.names.joined(separator: ", ")).", valueName: "name"))
    var solver: String
    @Option(help: "Dataset (default: the problem's first): data-cleaning mnist|fashion-mnist; regularization shuttle-as-ijcnn1|synthetic-ijcnn1.")
    var dataset: String?
    @Option(name: .customLong("data-file"), help: ArgumentHelp("A libsvm file for --problem regularization: train, then optionally validation (else the file is split).", valueName: "path"))
    var dataFiles: [String] = []
    @Option(help: "Probability p that a train label is redrawn (0.5, 0.7, 0.9 in the benchmark).")
    var corruption = 0.5
    @Option(name: .customLong("max-iter"), help: "Outer iterations at most.")
    var maxIter = 1000
    @Option(name: .customLong("max-time"), help: ArgumentHelp("Solver seconds at most (evaluations excluded).", valueName: "s"))
    var maxTime: Double?
    @Option(name: .customLong("eval-freq"), help: "Iterations between evaluations.")
    var evalFreq = 100
    @Option(help: "Solver seed (minibatch order; benchopt's random_state, 1...10).")
    var seed = 1
    @Option(name: .customLong("step-size"), help: ArgumentHelp("step_size s (default: the solver's).", valueName: "s"))
    var stepSize: String?
    @Option(name: .customLong("outer-ratio"), help: ArgumentHelp("outer_ratio r: the outer step is s/r.", valueName: "r"))
    var outerRatio: String?
    @Option(name: .customLong("batch-size"), help: ArgumentHelp("batch_size b of both samplers, or full.", valueName: "b"))
    var batchSize: String?
    @Option(name: .customLong("set"), help: ArgumentHelp("Any other solver parameter (repeatable).", valueName: "key=value"))
    var settings: [String] = []
    @OptionGroup var compute: ComputeOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup(title: "Minimax problems (penalty_sapd, projected_v_pbgd; METHODS.md §2.8, [R] = reconstructed)") var penalty: PenaltyOptions

    func validate() throws {
        if isMinimaxProblem { return try validateMinimax() }
        guard let kind = ProblemSetup.Kind(rawValue: problem) else {
            throw ValidationError("unknown problem '\(problem)'; known problems: \(ProblemSetup.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let dataset, dataFiles.isEmpty, !kind.datasets.contains(dataset) {
            throw ValidationError("unknown dataset '\(dataset)' for problem \(problem); known datasets: \(kind.datasets.joined(separator: ", "))")
        }
        if !dataFiles.isEmpty && kind != .regularization { throw ValidationError("--data-file is only for --problem regularization") }
        if dataFiles.count > 2 { throw ValidationError("--data-file given \(dataFiles.count) times; give a train file and at most one validation file") }
        guard (0...1).contains(corruption) else { throw ValidationError("--corruption must be in [0, 1], got \(corruption)") }
        guard maxIter >= 1 else { throw ValidationError("--max-iter must be at least 1, got \(maxIter)") }
        guard evalFreq >= 1 else { throw ValidationError("--eval-freq must be at least 1, got \(evalFreq)") }
        if let maxTime, !(maxTime > 0) { throw ValidationError("--max-time must be positive, got \(maxTime)") }
        guard seed >= 0 else { throw ValidationError("--seed must be non-negative, got \(seed)") }
        do {
            _ = try StochasticSolverRegistry.solver(named: solver).parameters(overriding: try overrides())
        } catch let error as StochasticSolverError {
            throw ValidationError(error.description)
        }
    }

    /// The solver parameter overrides from the flags (snake_case keys).
    func overrides() throws -> [String: String] {
        var result: [String: String] = [:]
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--set needs key=value, got '\(setting)'") }
            result[String(parts[0])] = String(parts[1])
        }
        for (key, value) in [("step_size", stepSize), ("outer_ratio", outerRatio), ("batch_size", batchSize)] {
            if let value { result[key] = value }
        }
        return result
    }

    func run() throws {
        if isMinimaxProblem { return try runMinimax() }
        try compute.apply()
        guard let kind = ProblemSetup.Kind(rawValue: problem) else { throw ValidationError("unknown problem") }
        let setup = try ProblemSetup.make(kind, dataset: dataset, dataFiles: dataFiles, directory: data.directory, corruption: corruption)
        let configured = try StochasticSolverRegistry.solver(named: solver).configure(
            overrides: try overrides(), seed: seed, makeProblem: setup.makeProblem)
        let runner = StochasticRunner(configured: configured, evaluator: setup.evaluator, dataName: setup.dataName, seed: seed)
        let file = try output.openFile()
        let result = try runner.run(StochasticRunner.Options(maxIterations: maxIter, evalFreq: evalFreq, maxSeconds: maxTime)) {
            try output.emit([$0], to: file)
        }
        var final = MetricsRecord.final()
        for field in result.last.fields where !["stop_val", "iteration", "time"].contains(field.key) {
            final.append(field.key, field.value)
        }
        final.append("status", .string(result.status.rawValue))
        final.append("iterations", .int(result.iterations))
        final.append("time", .float(result.seconds, format: .shortest))
        final.append("us_per_iteration", .float(result.seconds * 1e6 / Double(max(result.iterations, 1)), format: .fixed(1)))
        final.append("backend", .string(Backend.active.rawValue))
        final.append("threads", .int(BLASThreads.count))
        try output.emit([final], to: file)
        try file?.commit()
        if result.status == .diverged {
            FileHandle.standardError.write(Data("warning: x or y became non-finite after \(result.iterations) iterations\n".utf8))
        }
    }
}
