extension PureSwiftGemm {
    /// Packs `op(A)[rows, depth]` into slivers `height` rows tall: sliver `s` holds rows
    /// `s·height ..< s·height + height` as `depth.count` consecutive groups of `height` floats
    /// (one per depth index), so the micro-kernel reads A strictly sequentially. Rows past the
    /// end of `rows` are zero.
    static func packA(
        _ a: StridedMatrix, rows: Range<Int>, depth: Range<Int>, height: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        let kc = depth.count
        let sliverSize = height * kc
        let slivers = (rows.count + height - 1) / height
        let lastValid = rows.count - (slivers - 1) * height
        if a.rowStride == 1 {
            // op(A) = Aᵀ: one depth index is a contiguous run of `rows.count` floats. Walk the
            // depth outermost so memory is read as whole rows, in order (a sliver-at-a-time walk
            // would read 32-byte pieces of a thousand rows, which the prefetcher does not follow).
            for p in 0..<kc {
                let from = a.pointer(row: rows.lowerBound, column: depth.lowerBound + p)
                let to = destination + p * height
                for s in 0..<(slivers - 1) {
                    copy(height, from: from + s * height, to: to + s * sliverSize)
                }
                let last = to + (slivers - 1) * sliverSize
                let lastFrom = from + (slivers - 1) * height
                for r in 0..<lastValid { last[r] = lastFrom[r] }
                for r in lastValid..<height { last[r] = 0 }
            }
        } else {
            // op(A) = A: each row is contiguous along the depth; transpose while copying. Only
            // used for the few rows of an edge sliver (whole slivers are read in place).
            for s in 0..<slivers {
                let sliver = destination + s * sliverSize
                let valid = s == slivers - 1 ? lastValid : height
                for r in 0..<valid {
                    let from = a.pointer(
                        row: rows.lowerBound + s * height + r, column: depth.lowerBound)
                    for p in 0..<kc { sliver[p * height + r] = from[p * a.columnStride] }
                }
                for r in valid..<height {
                    for p in 0..<kc { sliver[p * height + r] = 0 }
                }
            }
        }
    }

    /// Packs `op(B)[depth, columns]` into slivers `width` columns wide (a multiple of 16):
    /// sliver `s` holds columns `s·width ..< s·width + width` as `depth.count` consecutive rows of
    /// `width` floats. Columns past the end of `columns` are zero.
    static func packB(
        _ b: StridedMatrix, depth: Range<Int>, columns: Range<Int>, width: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        let kc = depth.count
        let sliverSize = width * kc
        let slivers = (columns.count + width - 1) / width
        let lastValid = columns.count - (slivers - 1) * width
        if b.columnStride == 1 {
            // op(B) = B: one depth index is a contiguous run of `columns.count` floats; read it
            // whole and deal it out to the slivers (see packA for why rows go outermost).
            for p in 0..<kc {
                let from = b.pointer(row: depth.lowerBound + p, column: columns.lowerBound)
                let to = destination + p * width
                for s in 0..<(slivers - 1) {
                    copy(width, from: from + s * width, to: to + s * sliverSize)
                }
                let last = to + (slivers - 1) * sliverSize
                let lastFrom = from + (slivers - 1) * width
                for j in 0..<lastValid { last[j] = lastFrom[j] }
                for j in lastValid..<width { last[j] = 0 }
            }
        } else {
            // op(B) = Bᵀ: each column of a sliver is contiguous in memory; transpose while
            // copying.
            for s in 0..<slivers {
                let sliver = destination + s * sliverSize
                let valid = s == slivers - 1 ? lastValid : width
                sliver.update(repeating: 0, count: sliverSize)
                for j in 0..<valid {
                    let from = b.pointer(
                        row: depth.lowerBound, column: columns.lowerBound + s * width + j)
                    for p in 0..<kc { sliver[p * width + j] = from[p * b.rowStride] }
                }
            }
        }
    }

    /// Copies `count` floats; whole `SIMD16`s where possible.
    @inline(__always)
    static func copy(
        _ count: Int, from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>
    ) {
        var offset = 0
        while offset + 16 <= count {
            storeVector(loadVector(source + offset), destination + offset)
            offset += 16
        }
        if offset + 8 <= count {
            UnsafeMutableRawPointer(destination + offset).storeBytes(
                of: UnsafeRawPointer(source + offset).loadUnaligned(as: SIMD8<Float>.self),
                as: SIMD8<Float>.self)
            offset += 8
        }
        while offset < count {
            destination[offset] = source[offset]
            offset += 1
        }
    }
}
