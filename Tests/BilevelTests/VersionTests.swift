import Testing
@testable import Bilevel

@Suite struct VersionTests {
    @Test func versionIsSemantic() {
        #expect(BilevelKit.version.split(separator: ".").count == 3)
    }
}
