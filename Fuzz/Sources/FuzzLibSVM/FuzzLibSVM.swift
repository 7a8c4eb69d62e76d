import Bilevel
import FuzzSupport

/// The libsvm reader: either a dense matrix of finite values with 0/1 labels whose size the
/// reader's limit allows, or a one-line ``LibSVMFile/ReadError``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLibSVM(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let text = String(decoding: FuzzSupport.bytes(start, count), as: UTF8.self)
    do {
        let file = try LibSVMFile(text: text, path: "fuzz")
        guard !file.labels.isEmpty, file.values.count == file.labels.count * file.features,
            file.values.count <= LibSVMFile.denseValueLimit(byteCount: count),
            file.labels.allSatisfy({ $0 == 0 || $0 == 1 }), file.values.allSatisfy(\.isFinite)
        else { FuzzSupport.violation("\(file.labels.count) rows x \(file.features) features, \(file.values.count) values") }
    } catch {
        FuzzSupport.checkMessage(error.description)
    }
    return 0
}
