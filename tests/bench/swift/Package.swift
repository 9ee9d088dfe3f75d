// swift-tools-version:6.0
//
// The Swift driver of scripts/bench. scripts/bench assembles it under target/bench/swift/:
// this package in bench/, next to pkg/, a copy of bindings/swift with its generated sources,
// and builds it with `swift build -c release` against the release core library.
import PackageDescription

let package = Package(
    name: "SeamBench",
    dependencies: [
        .package(name: "SeamCore", path: "../pkg"),
    ],
    targets: [
        .executableTarget(
            name: "SeamBench",
            dependencies: [.product(name: "SeamCore", package: "SeamCore")],
            path: "Sources/SeamBench"
        ),
    ]
)
