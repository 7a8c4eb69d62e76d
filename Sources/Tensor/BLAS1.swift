// Level-1 and level-2 BLAS on raw contiguous storage (unit strides), plus Tensor conveniences.
//
// Each routine dispatches on a ``Backend``: `.openblas` calls CBLAS (`cblas_saxpy`,
// `cblas_sscal`, `cblas_dsdot`, `cblas_sgemv`), `.swift` runs the `SIMD16<Float>` loops below.
// The edge cases whose handling differs between BLAS implementations (α = 0, β = 0, empty inner
// dimension) are decided here, before dispatch, so both backends agree on them.

// MARK: - Raw-pointer kernels

/// y ← α·x + y over `count` elements.
///
/// α = 0 returns at once without reading `x` (as reference BLAS does), so NaN or inf in `x` do
/// not reach `y`. `y` must not partially overlap `x`. Allocates nothing; 2·count FLOPs.
///
/// - Parameters:
///   - count: number of elements, ≥ 0.
///   - alpha: the multiplier α.
///   - x: the addend, `count` elements.
///   - y: the accumulator, `count` elements, updated in place.
///   - backend: the implementation; defaults to ``Backend/active``.
public func axpy(
    count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
    backend: Backend = .active
) {
    precondition(count >= 0, "axpy: negative count \(count)")
    if count == 0 || alpha == 0 { return }
    switch backend {
    case .openblas:
        #if OpenBLAS
            OpenBLASKernels.saxpy(count: count, alpha: alpha, x: x, y: y)
        #else
            preconditionFailure("axpy: the OpenBLAS backend is not compiled into this build")
        #endif
    case .swift:
        PureSwiftLevel1.axpy(count: count, alpha: alpha, x: x, y: y)
    }
}

/// x ← α·x over `count` elements.
///
/// α = 0 stores zeros without reading `x` (NaN and inf are cleared, as OpenBLAS's `sscal` and a
/// gemm with β = 0 do); α = 1 returns at once. Allocates nothing; `count` FLOPs.
///
/// - Parameters:
///   - count: number of elements, ≥ 0.
///   - alpha: the factor α.
///   - x: the vector, scaled in place.
///   - backend: the implementation; defaults to ``Backend/active``.
public func scal(
    count: Int, alpha: Float, x: UnsafeMutablePointer<Float>, backend: Backend = .active
) {
    precondition(count >= 0, "scal: negative count \(count)")
    if count == 0 || alpha == 1 { return }
    if alpha == 0 {
        x.update(repeating: 0, count: count)
        return
    }
    switch backend {
    case .openblas:
        #if OpenBLAS
            OpenBLASKernels.sscal(count: count, alpha: alpha, x: x)
        #else
            preconditionFailure("scal: the OpenBLAS backend is not compiled into this build")
        #endif
    case .swift:
        PureSwiftLevel1.scal(count: count, alpha: alpha, x: x)
    }
}

/// The inner product Σᵢ x[i]·y[i], accumulated in Float64.
///
/// Each product of two floats is exact in Float64 and the sum is kept in Float64
/// (`cblas_dsdot` on `.openblas`, `SIMD8<Double>` lanes on `.swift`), so the result is the exact
/// inner product rounded once to Float32, up to a Float64 summation error of at most
/// count·2⁻⁵³·Σ|xᵢyᵢ|; the two backends agree to within one ulp. `x` and `y` may alias.
/// Allocates nothing; 2·count FLOPs (`cblas_dsdot` is ~2× slower than the Swift loop here).
///
/// - Parameters:
///   - count: number of elements, ≥ 0 (0 gives 0).
///   - x: first vector.
///   - y: second vector.
///   - backend: the implementation; defaults to ``Backend/active``.
/// - Returns: x·y rounded to Float32.
public func dot(
    count: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>, backend: Backend = .active
) -> Float {
    precondition(count >= 0, "dot: negative count \(count)")
    if count == 0 { return 0 }
    switch backend {
    case .openblas:
        #if OpenBLAS
            return Float(OpenBLASKernels.dsdot(count: count, x: x, y: y))
        #else
            preconditionFailure("dot: the OpenBLAS backend is not compiled into this build")
        #endif
    case .swift:
        return Float(PureSwiftLevel1.dot(count: count, x: x, y: y))
    }
}

/// Matrix–vector product on row-major storage: y ← α·op(A)·x + β·y.
///
/// A is stored m×n with row stride `lda` ≥ max(1, n). With `.none`, x has n elements and y has
/// m; with `.transposed` (y ← α·Aᵀ·x + β·y), x has m and y has n. β = 0 overwrites y without
/// reading it (NaN in y is ignored), also on `.openblas`; α = 0 or an empty inner dimension
/// gives y ← β·y without reading A or x. `y` must not alias `a` or `x`. Allocates nothing;
/// 2·m·n FLOPs.
///
/// - Parameters:
///   - trans: whether to use A or Aᵀ.
///   - m: rows of the stored A.
///   - n: columns of the stored A.
///   - alpha: the factor α on the product.
///   - a: the matrix.
///   - lda: row stride of `a`.
///   - x: the input vector.
///   - beta: the factor β on the prior y.
///   - y: the output vector.
///   - backend: the implementation; defaults to ``Backend/active``.
public func gemv(
    _ trans: Transpose, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>,
    backend: Backend = .active
) {
    precondition(m >= 0 && n >= 0, "gemv: negative size m=\(m) n=\(n)")
    precondition(lda >= max(1, n), "gemv: lda=\(lda) too small for n=\(n)")
    let (outputs, inner) = trans == .none ? (m, n) : (n, m)
    if outputs == 0 { return }
    // BLAS implementations differ on β = 0 (some compute 0·NaN = NaN) and return early when the
    // inner dimension is 0 without applying β; settle both here. α = 0 never reads A or x.
    if beta == 0 { y.update(repeating: 0, count: outputs) }
    if inner == 0 || alpha == 0 {
        if beta != 0 { scal(count: outputs, alpha: beta, x: y, backend: backend) }
        return
    }
    switch backend {
    case .openblas:
        #if OpenBLAS
            OpenBLASKernels.sgemv(
                trans, m: m, n: n, alpha: alpha, a: a, lda: lda, x: x, beta: beta, y: y)
        #else
            preconditionFailure("gemv: the OpenBLAS backend is not compiled into this build")
        #endif
    case .swift:
        if trans == .none {
            PureSwiftLevel1.gemvRows(
                m: m, n: n, alpha: alpha, a: a, lda: lda, x: x, beta: beta, y: y)
        } else {
            PureSwiftLevel1.gemvColumns(
                m: m, n: n, alpha: alpha, a: a, lda: lda, x: x, beta: beta, y: y)
        }
    }
}

// MARK: - Tensor conveniences

extension Tensor {
    /// self ← α·x + self, elementwise (``axpy(count:alpha:x:y:backend:)``).
    ///
    /// `x` must have the same shape as `self`. Allocates nothing when `self`'s storage is
    /// uniquely referenced. 2·count FLOPs.
    public mutating func axpy(alpha: Float, _ x: Tensor, backend: Backend = .active) {
        precondition(x.shape == shape, "axpy: x \(x.shape) must match self \(shape)")
        x.withUnsafeBufferPointer { px in
            withUnsafeMutableBufferPointer { py in
                guard let xBase = px.baseAddress, let yBase = py.baseAddress else { return }
                axpyUnshadowed(count: px.count, alpha: alpha, x: xBase, y: yBase, backend: backend)
            }
        }
    }

    /// self ← α·self, elementwise (``scal(count:alpha:x:backend:)``; α = 0 stores zeros).
    ///
    /// Allocates nothing when the storage is uniquely referenced. `count` FLOPs.
    public mutating func scale(by alpha: Float, backend: Backend = .active) {
        withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            scal(count: p.count, alpha: alpha, x: base, backend: backend)
        }
    }

    /// The inner product of the elements, Σᵢ selfᵢ·otherᵢ, accumulated in Float64.
    ///
    /// Shapes must match (``dot(count:x:y:backend:)``). Allocates nothing. 2·count FLOPs.
    public func dot(_ other: Tensor, backend: Backend = .active) -> Float {
        precondition(other.shape == shape, "dot: \(shape) · \(other.shape) shape mismatch")
        return withUnsafeBufferPointer { px in
            other.withUnsafeBufferPointer { py in
                guard let xBase = px.baseAddress, let yBase = py.baseAddress else { return 0 }
                return dotUnshadowed(count: px.count, x: xBase, y: yBase, backend: backend)
            }
        }
    }
}

// Inside `extension Tensor` the methods `axpy` and `dot` hide the free functions, and `Tensor.`
// names the type, not the module; these file-scope forwarders reach the free functions.
@inline(__always)
private func axpyUnshadowed(
    count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
    backend: Backend
) {
    axpy(count: count, alpha: alpha, x: x, y: y, backend: backend)
}

@inline(__always)
private func dotUnshadowed(
    count: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>, backend: Backend
) -> Float {
    dot(count: count, x: x, y: y, backend: backend)
}

// MARK: - Pure-Swift kernels

/// The `.swift` backend's level-1/2 loops (16 floats per step, scalar tails).
enum PureSwiftLevel1 {
    typealias Vector = SIMD16<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Vector {
        UnsafeRawPointer(p + i).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Vector.self)
    }

    static func axpy(
        count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    ) {
        let a = Vector(repeating: alpha)
        var i = 0
        while i + 16 <= count {
            store(fusedMultiplyAdd(a, load(x, i), load(y, i)), y, i)
            i += 16
        }
        while i < count {
            y[i] = fusedMultiplyAdd(alpha, x[i], y[i])
            i += 1
        }
    }

    static func scal(count: Int, alpha: Float, x: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 16 <= count {
            store(load(x, i) * alpha, x, i)
            i += 16
        }
        while i < count {
            x[i] *= alpha
            i += 1
        }
    }

    static func dot(count: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Double {
        // Float·Float is exact in Double, so widening before the multiply loses nothing; two
        // independent accumulator pairs hide the add latency.
        var even = SIMD8<Double>()
        var odd = SIMD8<Double>()
        var i = 0
        while i + 16 <= count {
            let xv = load(x, i)
            let yv = load(y, i)
            even = fusedMultiplyAdd(SIMD8<Double>(xv.lowHalf), SIMD8<Double>(yv.lowHalf), even)
            odd = fusedMultiplyAdd(SIMD8<Double>(xv.highHalf), SIMD8<Double>(yv.highHalf), odd)
            i += 16
        }
        var sum = (even + odd).sum()
        while i < count {
            sum += Double(x[i]) * Double(y[i])
            i += 1
        }
        return sum
    }

    /// y ← α·A·x + β·y, four rows at a time (each x load feeds four rows); β ≠ 0 or y zeroed.
    static func gemvRows(
        m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        var row = 0
        while row + 4 <= m {
            let r0 = a + row * lda
            let r1 = r0 + lda
            let r2 = r1 + lda
            let r3 = r2 + lda
            var s0 = Vector()
            var s1 = Vector()
            var s2 = Vector()
            var s3 = Vector()
            var j = 0
            while j + 16 <= n {
                let xv = load(x, j)
                s0 = fusedMultiplyAdd(load(r0, j), xv, s0)
                s1 = fusedMultiplyAdd(load(r1, j), xv, s1)
                s2 = fusedMultiplyAdd(load(r2, j), xv, s2)
                s3 = fusedMultiplyAdd(load(r3, j), xv, s3)
                j += 16
            }
            var t0 = s0.sum()
            var t1 = s1.sum()
            var t2 = s2.sum()
            var t3 = s3.sum()
            while j < n {
                t0 = fusedMultiplyAdd(r0[j], x[j], t0)
                t1 = fusedMultiplyAdd(r1[j], x[j], t1)
                t2 = fusedMultiplyAdd(r2[j], x[j], t2)
                t3 = fusedMultiplyAdd(r3[j], x[j], t3)
                j += 1
            }
            y[row] = fusedMultiplyAdd(alpha, t0, beta * y[row])
            y[row + 1] = fusedMultiplyAdd(alpha, t1, beta * y[row + 1])
            y[row + 2] = fusedMultiplyAdd(alpha, t2, beta * y[row + 2])
            y[row + 3] = fusedMultiplyAdd(alpha, t3, beta * y[row + 3])
            row += 4
        }
        while row < m {
            let r = a + row * lda
            var s = Vector()
            var j = 0
            while j + 16 <= n {
                s = fusedMultiplyAdd(load(r, j), load(x, j), s)
                j += 16
            }
            var t = s.sum()
            while j < n {
                t = fusedMultiplyAdd(r[j], x[j], t)
                j += 1
            }
            y[row] = fusedMultiplyAdd(alpha, t, beta * y[row])
            row += 1
        }
    }

    /// y ← α·Aᵀ·x + β·y as y ← β·y, then y += (α·xᵢ)·A[i, :] four rows per pass over y.
    static func gemvColumns(
        m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        if beta != 0 { scal(count: n, alpha: beta, x: y) }  // β = 0: the caller zeroed y
        var row = 0
        while row + 4 <= m {
            let r0 = a + row * lda
            let r1 = r0 + lda
            let r2 = r1 + lda
            let r3 = r2 + lda
            let c0 = alpha * x[row]
            let c1 = alpha * x[row + 1]
            let c2 = alpha * x[row + 2]
            let c3 = alpha * x[row + 3]
            let v0 = Vector(repeating: c0)
            let v1 = Vector(repeating: c1)
            let v2 = Vector(repeating: c2)
            let v3 = Vector(repeating: c3)
            var j = 0
            while j + 16 <= n {
                var acc = load(y, j)
                acc = fusedMultiplyAdd(v0, load(r0, j), acc)
                acc = fusedMultiplyAdd(v1, load(r1, j), acc)
                acc = fusedMultiplyAdd(v2, load(r2, j), acc)
                acc = fusedMultiplyAdd(v3, load(r3, j), acc)
                store(acc, y, j)
                j += 16
            }
            while j < n {
                var acc = y[j]
                acc = fusedMultiplyAdd(c0, r0[j], acc)
                acc = fusedMultiplyAdd(c1, r1[j], acc)
                acc = fusedMultiplyAdd(c2, r2[j], acc)
                acc = fusedMultiplyAdd(c3, r3[j], acc)
                y[j] = acc
                j += 1
            }
            row += 4
        }
        while row < m {
            axpy(count: n, alpha: alpha * x[row], x: a + row * lda, y: y)
            row += 1
        }
    }
}
