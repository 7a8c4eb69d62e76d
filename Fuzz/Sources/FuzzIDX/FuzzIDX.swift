import Bilevel
import FuzzSupport

/// The IDX readers: an image file and a label file read from the same bytes. Each either returns
/// dimensions consistent with the file's real length (labels 0...9) or throws a one-line
/// ``DataError``; a forged header never makes them allocate more than the file holds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let path = FuzzSupport.writeInput(FuzzSupport.bytes(start, count))
    do {
        let images = try IDXFile.readImages(at: path)
        guard images.rows > 0, images.cols > 0, images.pixels.count == images.count * images.rows * images.cols,
            count == 16 + images.pixels.count
        else { FuzzSupport.violation("images \(images.count)x\(images.rows)x\(images.cols) from \(count) bytes") }
    } catch {
        FuzzSupport.checkMessage(error.description)
    }
    do {
        let labels = try IDXFile.readLabels(at: path)
        guard count == 8 + labels.count, labels.labels.allSatisfy({ $0 <= 9 }) else {
            FuzzSupport.violation("\(labels.count) labels from \(count) bytes")
        }
    } catch {
        FuzzSupport.checkMessage(error.description)
    }
    return 0
}
