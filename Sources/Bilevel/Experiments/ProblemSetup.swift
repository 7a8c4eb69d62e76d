import Foundation

/// The problems `bilevel solve` runs (METHODS.md §3): how each is built for a solver's batch size,
/// its metrics and its `data_name`. Data are loaded once; ``makeProblem`` only re-partitions.
public struct ProblemSetup {
    /// `--problem` names.
    public enum Kind: String, CaseIterable, Sendable {
        /// benchopt data cleaning (MNIST / Fashion-MNIST, §3.1).
        case dataCleaning = "data-cleaning"
        /// benchopt's quadratic problem (§3.4).
        case quadratic
        /// Regularization selection, binary logistic regression (§3.2; IJCNN1 role).
        case regularization
        /// The NBO paper's synthetic logistic hyper-parameter problem, stand-in set-up (§3.5).
        case syntheticLogistic = "synthetic-logistic"
        /// Multinomial regularization selection, one exponent per class (§3.3; Covtype role).
        case multinomial

        /// `--dataset` values and the default (first).
        public var datasets: [String] {
            switch self {
            case .dataCleaning: return Dataset.allCases.map(\.rawValue)
            case .quadratic: return ["simulated"]
            case .regularization: return [ShuttleStandIn.name, SyntheticClassification.ijcnn1Shapes.name]
            case .syntheticLogistic: return [SyntheticClassification.nboSynthetic.name]
            case .multinomial: return [SyntheticClassification.covtypeShapes.name]
            }
        }
    }

    /// `data_name` of the records.
    public let dataName: String
    /// The problem for a solver's batch size.
    public let makeProblem: (_ batchSize: Int) throws -> any StochasticBilevelProblem
    /// The metrics.
    public let evaluator: any ProblemEvaluator

    /// The problem `kind` on `dataset` (nil: the kind's default), or on libsvm `dataFiles` (train
    /// and optionally validation; regularization only).
    ///
    /// - Throws: ``DataError``, ``LibSVMFile/ReadError``, ``QuadraticGeneratorError``, or
    ///   ``ProblemSetupError`` for a combination that does not exist.
    public static func make(
        _ kind: Kind, dataset: String?, dataFiles: [String] = [], directory: DataDirectory, corruption: Double = 0.5,
        problemSeed: UInt32 = 2442
    ) throws -> ProblemSetup {
        let dataset = dataset ?? kind.datasets[0]
        guard dataFiles.isEmpty || kind == .regularization else { throw ProblemSetupError.dataFilesNeedRegularization }
        guard dataFiles.count <= 2 else { throw ProblemSetupError.tooManyDataFiles(dataFiles.count) }
        guard kind.datasets.contains(dataset) || !dataFiles.isEmpty else {
            throw ProblemSetupError.unknownDataset(dataset, problem: kind.rawValue, known: kind.datasets)
        }
        switch kind {
        case .dataCleaning:
            let data = try DataCleaningData.load(from: directory, dataset: Dataset(rawValue: dataset)!, corruption: corruption)
            return ProblemSetup(dataName: "\(dataset)[corruption=\(corruption)]", makeProblem: { DataCleaningProblem(data: data, batchSize: $0) },
                                evaluator: DataCleaningEvaluator(data: data))
        case .quadratic:
            var generator = QuadraticGenerator()
            generator.seed = problemSeed
            let problem = try QuadraticProblem(generator: generator, batchSize: Int.max)
            let g = generator
            return ProblemSetup(
                dataName: "quadratic[n_inner=\(g.innerSamples),n_outer=\(g.outerSamples),dim_inner=\(g.innerDimension),dim_outer=\(g.outerDimension),seed=\(problem.acceptedSeed)]",
                makeProblem: { problem.rebatched($0) }, evaluator: QuadraticEvaluator(problem: problem))
        case .regularization, .syntheticLogistic:
            let data: ClassificationData
            if !dataFiles.isEmpty {
                data = try libsvmData(dataFiles)
            } else if dataset == ShuttleStandIn.name {
                data = try ShuttleStandIn.load(from: directory)
            } else {
                data = (kind == .syntheticLogistic ? SyntheticClassification.nboSynthetic : .ijcnn1Shapes).generate()
            }
            return ProblemSetup(dataName: data.name, makeProblem: { RegularizationSelectionProblem(data: data, batchSize: $0) },
                                evaluator: RegularizationEvaluator(data: data))
        case .multinomial:
            let data = SyntheticClassification.covtypeShapes.generate()
            return ProblemSetup(dataName: data.name, makeProblem: { MultinomialRegularizationProblem(data: data, batchSize: $0) },
                                evaluator: MultinomialEvaluator(data: data))
        }
    }

    /// libsvm train (and validation) files; one file is split 35.3 : 64.7 (IJCNN1's 49990 :
    /// 91701) by `RandomState(2442).permutation`. Features as stored (benchopt does not rescale).
    static func libsvmData(_ paths: [String]) throws -> ClassificationData {
        let files = try paths.map { try LibSVMFile(path: $0) }
        let features = files.map(\.features).max()!
        let name = "libsvm[" + paths.map { ($0 as NSString).lastPathComponent }.joined(separator: ",") + "]"
        if files.count == 2 {
            return ClassificationData(name: name, classes: 2, train: files[0].samples(features: features),
                                      validation: files[1].samples(features: features))
        }
        let all = files[0].samples(features: features)
        guard all.rows >= 2 else { throw ProblemSetupError.tooFewRows(path: paths[0], rows: all.rows) }
        var random = NumpyRandomState(seed: 2442)
        let order = random.permutation(all.rows)
        let trainRows = max(1, min(all.rows - 1, Int((Double(all.rows) * 49_990 / 141_691).rounded())))
        func rows(_ indices: ArraySlice<Int>) -> LabeledSamples {
            LabeledSamples(values: indices.flatMap { i in (0..<features).map { all.matrix[i * features + $0] } },
                           labels: indices.map { all.labels[$0] }, features: features)
        }
        return ClassificationData(name: name, classes: 2, train: rows(order[..<trainRows]), validation: rows(order[trainRows...]))
    }
}

/// A `bilevel solve` problem/data combination that does not exist; one line each.
public enum ProblemSetupError: Error, CustomStringConvertible, Equatable {
    case unknownDataset(String, problem: String, known: [String])
    case dataFilesNeedRegularization
    case tooManyDataFiles(Int)
    case tooFewRows(path: String, rows: Int)

    public var description: String {
        switch self {
        case .unknownDataset(let name, let problem, let known):
            return "unknown dataset '\(name)' for problem \(problem); known: \(known.joined(separator: ", "))"
        case .dataFilesNeedRegularization: return "--data-file is only for --problem regularization"
        case .tooManyDataFiles(let count): return "--data-file given \(count) times; give a train file and at most one validation file"
        case .tooFewRows(let path, let rows): return "\(path): \(rows) sample(s); a single file is split into train and validation and needs at least 2"
        }
    }
}
