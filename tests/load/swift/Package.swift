// swift-tools-version:6.0
//
// The Swift driver of scripts/load. scripts/load assembles it under target/load/swift/: this
// package in load/, next to pkg/, a copy of bindings/swift with its generated sources, and builds
// it with `swift build` against the core library of scripts/lib/common.sh's dev build.
import PackageDescription

let package = Package(
    name: "SeamLoad",
    dependencies: [
        .package(name: "SeamCore", path: "../pkg"),
    ],
    targets: [
        .executableTarget(
            name: "SeamLoad",
            dependencies: [.product(name: "SeamCore", package: "SeamCore")],
            path: "Sources/SeamLoad"
        ),
    ]
)
