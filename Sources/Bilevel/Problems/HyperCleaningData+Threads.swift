import Tensor

extension HyperCleaningData {
    /// Applies the thread policy of a run on this data: when the training products take the
    /// sparse kernels, those get the cores and OpenBLAS's pool one thread
    /// (``BLASThreads/dedicateCoresToSparseKernels()``). The CLI's runs and `bilevel bench`'s
    /// iterations call this, so both time the same configuration.
    public func applyThreadPolicy() {
        if train.usesSparseProducts { BLASThreads.dedicateCoresToSparseKernels() }
    }
}
