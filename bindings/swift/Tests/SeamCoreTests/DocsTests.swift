// The samples of bindings/swift/README.md, word for word apart from the endpoint, with what
// they print checked against the comments there. `print` is shadowed to capture the output.

import Foundation
import SeamCore
import Testing

/// Collects what a sample prints, as `print` would write it.
final class Output: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func print(_ items: Any...) {
        lock.lock()
        defer { lock.unlock() }
        lines.append(items.map { "\($0)" }.joined(separator: " "))
    }

    var printed: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

@Suite("the README's samples")
struct DocsTests {
    @Test("the docs' call, blocking")
    func docsCall() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let output = Output()
        try await blocking {
            let print = output.print
            let seam = try Seam(apiKey: "seam_apikey1_token", endpoint: fake.url)
            let credential = try seam.acs.credentials.assign(
                acsUserId: "33333333-3333-3333-3333-333333333333",
                acsCredentialId: "66666666-6666-6666-6666-666666666666")
            print(credential.displayName)   // Multi Phone Sync Credential
            print(credential.accessMethod)  // mobile_key
            print(credential.createdAt)     // 2024-04-12 03:56:22 +0000
        }
        #expect(output.printed == ["Multi Phone Sync Credential", "mobile_key", "2024-04-12 03:56:22 +0000"])
    }

    @Test("the docs' call, awaited")
    func docsCallAwaited() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let output = Output()
        let print = output.print
        let seam = try AsyncSeam(apiKey: "seam_apikey1_token", endpoint: fake.url)
        let credential = try await seam.acs.credentials.assign(
            acsUserId: "33333333-3333-3333-3333-333333333333",
            acsCredentialId: "66666666-6666-6666-6666-666666666666")
        print(credential.acsUserId ?? "nobody")   // 33333333-3333-3333-3333-333333333333
        #expect(output.printed == ["33333333-3333-3333-3333-333333333333"])
    }

    @Test("a credential's lifecycle")
    func lifecycle() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let output = Output()
        let print = output.print
        let seam = try AsyncSeam(apiKey: apiKey, endpoint: fake.url)

        let credentials = seam.acs.credentials              // seam: an AsyncSeam
        let pin = try await credentials.create(
            accessMethod: .code, acsUserId: "44444444-4444-4444-4444-444444444444",
            allowedAcsEntranceIds: ["aaaaaaaa-0000-0000-0000-000000000001"], code: "2468")
        try await credentials.assign(acsUserId: "33333333-3333-3333-3333-333333333333",
                                     acsCredentialId: pin.acsCredentialId)
        let now = try await credentials.get(acsCredentialId: pin.acsCredentialId)
        print(now.acsUserId ?? "nobody")                    // 33333333-3333-3333-3333-333333333333
        let page = try await credentials.list(acsUserId: "33333333-3333-3333-3333-333333333333", limit: 10)
        print(page.pagination.hasNextPage)                  // false
        try await credentials.update(acsCredentialId: pin.acsCredentialId, code: "1357")
        let doors = try await credentials.listAccessibleEntrances(acsCredentialId: pin.acsCredentialId)
        print(doors.map(\.displayName))                     // ["Lobby"]
        try await credentials.unassign(acsUserId: "33333333-3333-3333-3333-333333333333",
                                       acsCredentialId: pin.acsCredentialId)
        try await credentials.delete(acsCredentialId: pin.acsCredentialId)

        #expect(output.printed == ["33333333-3333-3333-3333-333333333333", "false", #"["Lobby"]"#])
        #expect(try await fake.count(.delete) == 1)
    }

    @Test("listAll as an AsyncSequence and as a Sequence")
    func listAll() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let output = Output()
        let print = output.print
        let asyncSeam = try AsyncSeam(apiKey: apiKey, endpoint: fake.url)
        let seam = try Seam(apiKey: apiKey, endpoint: fake.url)
        let system = mainBuilding

        // AsyncSeam: an AsyncSequence of AcsCredential
        for try await credential in try asyncSeam.acs.credentials.listAll(acsSystemId: system) {
            print(credential.displayName)
        }
        try await blocking {
            let print = output.print
            // Seam: a Sequence of Result<AcsCredential, any Error> (a Sequence cannot throw)
            for result in try seam.acs.credentials.listAll(acsSystemId: system) {
                let credential = try result.get()   // throws the SeamError of a page that failed
                print(credential.displayName)
            }
        }
        let names = try await asyncSeam.acs.credentials.list().acsCredentials.map(\.displayName)
        #expect(names.count == seededCredentials.count)
        #expect(output.printed == names + names)
    }

    @Test("the mobile path: a client session token lists its user's credentials")
    @MainActor
    func mobilePath() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let output = Output()
        let print = output.print
        let endpoint = fake.url

        @MainActor
        func showKeys(token: String) async throws {
            let seam = try AsyncSeam(clientSessionToken: token, endpoint: endpoint)   // sent as both auth headers
            for try await credential in try seam.acs.credentials.listAll() {
                print(credential.displayName, credential.accessMethod)
            }
        }
        // Akiles PIN code
        // Warnings PIN code
        // Front Door PIN code

        try await showKeys(token: clientSessionToken)
        #expect(output.printed == ["Akiles PIN code", "Warnings PIN code", "Front Door PIN code"])
    }

    @Test("a model's JSON and an enum's API value")
    func json() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let output = Output()
        let print = output.print
        let credential = try await AsyncSeam(apiKey: apiKey, endpoint: fake.url).acs.credentials.get(acsCredentialId: docsCredential)

        let json: String = credential.toJson()                      // {"acs_credential_id":"6666…","display_name":…}
        let same = try AcsCredential.fromJson(json)                 // reads it as a call's answer is read
        let data = try JSONEncoder().encode([credential])           // the API's JSON, inside your own types
        let back = try JSONDecoder().decode([AcsCredential].self, from: data)
        print(AccessMethod(apiValue: "mobile_key") == .mobileKey, credential.accessMethod.apiValue)  // true mobile_key

        #expect(json.hasPrefix(#"{"acs_credential_id":"66666666-6666-6666-6666-666666666666","#))
        #expect(same == credential && back == [credential])
        #expect(output.printed == ["true mobile_key"])
    }

    @Test("the error handling sample tells the outcomes apart")
    func errorHandling() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let output = Output()
        try await blocking {
            let print = output.print
            let seam = try Seam(apiKey: apiKey, endpoint: fake.url)
            for (userId, credentialId) in [(docsUser, unknownId), ("nope", docsCredential), (unknownId, docsCredential)] {
                do {
                    _ = try seam.acs.credentials.assign(acsUserId: userId, acsCredentialId: credentialId)
                } catch let SeamError.InvalidInput(parameter, reason) {
                    print("bad \(parameter): \(reason)")
                } catch let SeamError.Api(status, code, _, requestId, _) where code == "acs_credential_not_found" {
                    print(status, requestId ?? "-")        // 404 request1
                } catch let error as SeamError {
                    print(error.localizedDescription)
                }
            }
        }
        let printed = output.printed
        try #require(printed.count == 3)
        #expect(printed[0] == "404 request1", "the fake's first request")
        #expect(printed[1].hasPrefix("bad acs_user_id: "))
        #expect(printed[2].contains("acs_user_not_found") && printed[2].contains("request2"))
    }
}
