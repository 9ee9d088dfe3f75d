// The one version: the Cargo workspace's (passed by scripts/test-swift as SEAM_VERSION) is the
// one the core reports, the one each request sends, and the one this package's README names.

import Foundation
import SeamCore
import Testing

@Suite("the version")
struct VersionTests {
    @Test("sdkVersion(), the seam-sdk-version header and the README agree with Cargo.toml")
    func theVersionsAgree() async throws {
        let version = try requiredEnv("SEAM_VERSION")
        #expect(sdkVersion() == version)
        let readme = try String(contentsOfFile: try requiredEnv("SEAM_SWIFT_README"), encoding: .utf8)
        #expect(readme.contains("This is SeamCore \(version):"))

        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let seam = try Seam(apiKey: apiKey, endpoint: fake.url)
        _ = try await blocking {
            try seam.acs.credentials.get(acsCredentialId: "66666666-6666-6666-6666-666666666666")
        }
        let headers = try #require(try await fake.lastRequest()["headers"] as? [String: String])
        #expect(headers["seam-sdk-version"] == version)
    }
}
