// swift-tools-version:6.0
//
// A program that uses SeamCore the way an app's package would: a path dependency on
// bindings/swift, nothing else. scripts/test-swift builds and runs it against fake-seam (it
// reads SEAM_API_KEY and SEAM_ENDPOINT) and checks what it prints.
import PackageDescription

let package = Package(
    name: "SeamCoreConsumer",
    platforms: [.macOS(.v10_15), .iOS(.v13)],
    dependencies: [.package(path: "../../../../bindings/swift")],
    targets: [
        .executableTarget(
            name: "Consumer",
            dependencies: [.product(name: "SeamCore", package: "swift")],
            path: "Sources/Consumer"
        ),
    ]
)
