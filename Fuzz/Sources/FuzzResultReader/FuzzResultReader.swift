import Bilevel
import FuzzSupport

/// The JSON Lines reader of `summarize` / `report`: either rows (at least one) with at most one
/// warning, for a torn last line, or a one-line ``AnalysisError``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResultReader(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let text = String(decoding: FuzzSupport.bytes(start, count), as: UTF8.self)
    do {
        let contents = try ResultReader.parse(text, file: "fuzz.jsonl")
        guard !contents.rows.isEmpty, contents.warnings.count <= 1 else {
            FuzzSupport.violation("\(contents.rows.count) rows, \(contents.warnings.count) warnings")
        }
        contents.warnings.forEach(FuzzSupport.checkMessage)
    } catch {
        FuzzSupport.checkMessage(error.description)
    }
    return 0
}
