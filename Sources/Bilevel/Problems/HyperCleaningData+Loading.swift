/// Loading the PBGD hyper-cleaning splits from the MNIST IDX files.
extension HyperCleaningData {
    /// Reads the MNIST training images and labels from `directory` and builds the split and
    /// pollution of `seed` (only the 60000 training files are used; PBGD.md §2.1).
    ///
    /// - Throws: ``DataError`` naming the file that is missing or malformed.
    public static func load(from directory: DataDirectory, seed: Int) throws(DataError) -> HyperCleaningData {
        let images = try directory.images(.mnist, .train)
        let labels = try directory.labels(.mnist, .train)
        return HyperCleaningData(
            images: images.pixels, labels: labels.labels, pixelsPerImage: images.pixelsPerImage,
            split: HyperCleaningSplit(seed: seed))
    }
}
