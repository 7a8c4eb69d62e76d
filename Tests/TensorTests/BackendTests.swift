import Testing
@testable import Tensor

@Suite struct BackendTests {
    @Test func unknownNameListsChoices() {
        #expect(throws: BackendError.unknown("cuda", available: Backend.available)) {
            try Backend.named("cuda")
        }
    }

    @Test func buildDefaultIsAvailable() {
        #expect(Backend.available.contains(Backend.buildDefault))
        #expect(Backend.available.contains(.swift))
    }
}
