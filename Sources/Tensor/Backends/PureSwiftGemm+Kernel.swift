extension PureSwiftGemm {
    /// The register tile of the blocked path.
    ///
    /// A register tile must fit the vector registers with room for the B vectors and the A
    /// broadcast, or the compiler spills accumulators to the stack on every depth step:
    ///
    /// - ``tile8x32``: 16 `SIMD16<Float>` accumulators, two B vectors; AVX-512 has 32 zmm
    ///   registers and folds the A broadcast into the FMA. On AVX2 each `SIMD16` is two ymm
    ///   registers, the tile needs 36 of the 16 and spills (0.37× of OpenBLAS on Zen 3).
    /// - ``tile6x16``: 12 `SIMD8<Float>` accumulators + 2 B vectors + 1 broadcast = 15 of AVX2's
    ///   16 ymm registers (the BLIS Haswell shape).
    ///
    /// Swift has no `#if` on CPU features (only on the architecture), so the choice is made once
    /// at run time: ``tile8x32`` only when the build targets the machine's CPU (`NativeCPU`, so
    /// the code really uses zmm registers) *and* the CPU reports AVX-512F; ``tile6x16``
    /// everywhere else: AVX2 machines, the portable (SSE2) build, whose 16 xmm registers fit
    /// neither tile but the smaller one spills less, and arm64, whose 32 NEON registers should
    /// hold it (24 accumulator registers; not measured). `BILEVEL_GEMM_KERNEL=8x32|6x16`
    /// overrides the choice (to compare the two on one machine).
    enum Kernel: String, CaseIterable, Sendable, CustomStringConvertible {
        /// 8×32 tile of `SIMD16<Float>`, sized for AVX-512 (`PureSwiftGemm+MicroKernel.swift`).
        case tile8x32 = "8x32"
        /// 6×16 tile of `SIMD8<Float>`, sized for AVX2 (`PureSwiftGemm+MicroKernel6x16.swift`).
        case tile6x16 = "6x16"

        var description: String { rawValue }

        /// Rows of the register tile (C rows per micro-kernel call). For 8×32 on the Xeon, 8 and 12
        /// measured the same on whole products (6 was 3–8 % slower); 8 divides both 5000 and 784.
        var mr: Int { self == .tile8x32 ? 8 : 6 }

        /// Columns of the register tile: two vectors.
        var nr: Int { self == .tile8x32 ? 32 : 16 }

        /// The kernel this process uses unless a call names one: `BILEVEL_GEMM_KERNEL` when it
        /// names a kernel, else the one that fits the CPU (see ``Kernel``).
        static let selected: Kernel = {
            if let name = ProcessInfo.environmentValue("BILEVEL_GEMM_KERNEL"),
                let kernel = Kernel(rawValue: name)
            {
                return kernel
            }
            return fitting(cpuFlags: CPUFlags.current)
        }()

        /// The kernel for a CPU with these `/proc/cpuinfo` flags, in this build.
        static func fitting(cpuFlags: Set<String>) -> Kernel {
            #if NativeCPU && arch(x86_64)
                return cpuFlags.contains("avx512f") ? .tile8x32 : .tile6x16
            #else
                return .tile6x16
            #endif
        }

        /// Runs the register tile on the A block at `a`, whose element (r, p) is
        /// `a[r · rowStride + p · depthStride]` with one of the strides 1 (see
        /// ``PureSwiftGemm/withUnitStride(rowStride:depthStride:_:)``), and the packed B sliver
        /// `b`. `narrow` (the path for n ≤ 16): ``tile8x32`` then runs the 24×16 `SIMD16` tile
        /// instead; ``tile6x16`` is already 16 wide and serves both paths.
        @inline(__always)
        func multiply(
            depth: Int, a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
            b: UnsafePointer<Float>, _ target: TileTarget, narrow: Bool = false
        ) {
            typealias G = PureSwiftGemm
            let tile =
                switch self {
                case .tile8x32: narrow ? G.narrowKernel24x16 : G.microKernel8x32
                case .tile6x16: G.microKernel6x16
                }
            tile(depth, a, rowStride, depthStride, b, target)
        }
    }
}
