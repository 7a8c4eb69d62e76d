/// The image-classification datasets BilevelKit reads, each as four IDX files in a directory of
/// its own under the data directory.
///
/// The catalog (``files``) holds each file's name, exact length and the sha256 of the
/// uncompressed file as the canonical distribution serves it (DATA.md); `scripts/fetch-datasets`
/// checks the same digests.
///
/// See also ``DataDirectory``, ``DatasetCheck``.
public enum Dataset: String, CaseIterable, Sendable, Codable {
    /// MNIST handwritten digits: 60,000 training and 10,000 test images of 28×28.
    case mnist = "mnist"
    /// Fashion-MNIST (Zalando): the same shapes as MNIST, ten kinds of clothing.
    case fashionMNIST = "fashion-mnist"

    /// The directory holding the dataset's files, relative to the data directory.
    public var directoryName: String { rawValue }

    /// The dataset's four files: train images, train labels, test images, test labels.
    public var files: [DatasetFile] {
        DatasetSplit.allCases.flatMap { split in [file(split, .images), file(split, .labels)] }
    }

    /// The catalog entry of one of the dataset's files.
    ///
    /// - Parameters:
    ///   - split: training or test part.
    ///   - kind: images or labels.
    /// - Returns: the file's name, expected length and sha256.
    public func file(_ split: DatasetSplit, _ kind: IDXFile.Kind) -> DatasetFile {
        let count = split.sampleCount
        return DatasetFile(
            dataset: self, split: split, kind: kind,
            name: "\(split.filePrefix)-\(kind == .images ? "images-idx3" : "labels-idx1")-ubyte",
            byteCount: kind.headerByteCount + (kind == .images ? count * 28 * 28 : count),
            sha256: Self.digests[self]?[split]?[kind] ?? "")
    }

    /// sha256 of the uncompressed IDX files (DATA.md; both datasets verified on the build machine).
    private static let digests: [Dataset: [DatasetSplit: [IDXFile.Kind: String]]] = [
        .mnist: [
            .train: [
                .images: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                .labels: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            ],
            .test: [
                .images: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                .labels: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
            ],
        ],
        .fashionMNIST: [
            .train: [
                .images: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                .labels: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            ],
            .test: [
                .images: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                .labels: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
            ],
        ],
    ]
}

/// The two parts every dataset comes in.
public enum DatasetSplit: String, CaseIterable, Sendable, Codable {
    /// The 60,000 training samples (`train-*` files).
    case train
    /// The 10,000 test samples (`t10k-*` files).
    case test

    /// The prefix of the split's file names: `train` or `t10k`.
    public var filePrefix: String {
        switch self {
        case .train: "train"
        case .test: "t10k"
        }
    }

    /// Samples in the split (the same for MNIST and Fashion-MNIST).
    public var sampleCount: Int {
        switch self {
        case .train: 60_000
        case .test: 10_000
        }
    }
}

/// One file of the catalog: where it lives in the data directory and what it must contain.
public struct DatasetFile: Sendable, Hashable {
    /// The dataset the file belongs to.
    public let dataset: Dataset
    /// Training or test part.
    public let split: DatasetSplit
    /// Images or labels.
    public let kind: IDXFile.Kind
    /// The file name, e.g. `train-images-idx3-ubyte`.
    public let name: String
    /// The exact length in bytes (header + body).
    public let byteCount: Int
    /// The sha256 of the whole file, 64 lower-case hexadecimal digits.
    public let sha256: String

    /// The file's path relative to the data directory, e.g. `mnist/train-images-idx3-ubyte`.
    public var relativePath: String { "\(dataset.directoryName)/\(name)" }

    /// Every file of every dataset, dataset by dataset.
    public static var catalog: [DatasetFile] { Dataset.allCases.flatMap(\.files) }
}
