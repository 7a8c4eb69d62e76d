import Testing

@testable import Bilevel

@Suite struct DataDirectoryTests {
    @Test func optionWinsOverEnvironment() {
        let directory = DataDirectory.resolve(
            option: "/opt/d", environment: ["BILEVEL_DATA": "/env"])
        #expect(directory == DataDirectory(path: "/opt/d", source: .option))
    }

    @Test func environmentWhenNoOption() {
        let directory = DataDirectory.resolve(option: nil, environment: ["BILEVEL_DATA": "/env"])
        #expect(directory == DataDirectory(path: "/env", source: .environment))
    }

    @Test func defaultWhenNeitherOrEmpty() {
        let expected = DataDirectory(path: "data", source: .defaultPath)
        #expect(DataDirectory.resolve(option: nil, environment: [:]) == expected)
        #expect(DataDirectory.resolve(option: "", environment: ["BILEVEL_DATA": ""]) == expected)
    }

    @Test func filePathsKeepTheGivenForm() {
        let file = Dataset.fashionMNIST.file(.train, .labels)
        #expect(
            DataDirectory(path: "data").path(of: file)
                == "data/fashion-mnist/train-labels-idx1-ubyte")
        #expect(DataDirectory(path: "/d/").path(of: .mnist) == "/d/mnist")
    }
}
