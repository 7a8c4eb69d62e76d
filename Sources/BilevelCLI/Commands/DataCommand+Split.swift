import ArgumentParser
import Bilevel

extension DataCommand {
    /// `bilevel data split --seed S`: digests of the hyper-cleaning split and pollution of a seed.
    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the SHA-256 digests of the hyper-cleaning split and pollution for a seed.",
            discussion: """
                One JSON object: {"seed":S,"train_sha256":…,"val_sha256":…,"test_sha256":…,\
                "labels_sha256":…,"polluted_sha256":…}. Each digest is the SHA-256 of the list \
                written as decimal integers joined by "," (no spaces): the train, validation and test \
                MNIST indices, the 5000 training labels after pollution and the 0/1 polluted flags. \
                Compare with CPython: random.seed(S), shuffle(range(60000)), shuffle(range(5000)), \
                2500 × randint(0, 9) (PBGD.md §2.2).
                """)

        @Option(help: "Seed given to random.seed (benchmark: 42, 123, 456; official scripts: 2424 + run).")
        var seed: Int

        @OptionGroup var data: DataOptions

        func run() throws {
            let labels = try data.directory.labels(.mnist, .train).labels
            print(HyperCleaningSplit(seed: seed).digestJSON(trueLabels: labels))
        }
    }
}
