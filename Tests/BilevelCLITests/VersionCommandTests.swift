import Testing
@testable import BilevelCLI

@Suite struct VersionCommandTests {
    @Test func versionNamesBackendAndThreads() {
        let text = VersionText.make()
        #expect(text.contains("backend: "))
        #expect(text.contains("blas threads: "))
    }
}
