// Errors of every call, blocking and awaited: bad input refused before anything is sent, the
// API's errors typed with their code, client session tokens, keys of the wrong kind, and the
// text of every error being the core's sentence.

import Foundation
import SeamCore
import Testing

/// A call of the table: what it does, with which client.
typealias Call = @Sendable (any Credentials) async throws -> Void

/// One bad argument of one call, and the parameter the error must name.
struct BadInput: Sendable, CustomTestStringConvertible {
    let parameter: String
    let what: String
    let call: Call
    var testDescription: String { "\(what): \(parameter)" }
}

let code1234 = NewCredential(accessMethod: .code, acsUserId: docsUser, code: "1234")

let badInputs: [BadInput] = [
    BadInput(parameter: "acs_user_id", what: "assign, truncated user") { c in _ = try await c.assign(acsUserId: truncatedId, acsCredentialId: docsCredential) },
    BadInput(parameter: "acs_credential_id", what: "assign, truncated credential") { c in _ = try await c.assign(acsUserId: docsUser, acsCredentialId: truncatedId) },
    BadInput(parameter: "user_identity_id", what: "assign, empty identity") { c in _ = try await c.assign(acsUserId: nil, acsCredentialId: docsCredential, userIdentityId: "") },
    BadInput(parameter: "acs_user_id", what: "assign, user and identity") { c in _ = try await c.assign(acsUserId: docsUser, acsCredentialId: docsCredential, userIdentityId: janeIdentity) },
    BadInput(parameter: "acs_user_id", what: "assign, neither user nor identity") { c in _ = try await c.assign(acsUserId: nil, acsCredentialId: docsCredential) },
    BadInput(parameter: "acs_user_id", what: "unassign, truncated user") { c in _ = try await c.unassign(acsUserId: truncatedId, acsCredentialId: docsCredential) },
    BadInput(parameter: "acs_credential_id", what: "unassign, braces") { c in _ = try await c.unassign(acsUserId: docsUser, acsCredentialId: "{\(docsCredential)}") },
    BadInput(parameter: "acs_credential_id", what: "get, braces") { c in _ = try await c.get(acsCredentialId: "{\(docsCredential)}") },
    BadInput(parameter: "acs_credential_id", what: "delete, empty") { c in try await c.delete(acsCredentialId: "") },
    BadInput(parameter: "acs_credential_id", what: "list_accessible_entrances, not hexadecimal") { c in _ = try await c.listAccessibleEntrances(acsCredentialId: "6666666g-6666-6666-6666-666666666666") },
    BadInput(parameter: "acs_credential_id", what: "update, truncated") { c in _ = try await c.update(acsCredentialId: truncatedId, code: nil, endsAt: nil) },
    BadInput(parameter: "code", what: "update, a letter in the code") { c in _ = try await c.update(acsCredentialId: pinCredential, code: "12a4", endsAt: nil) },
    BadInput(parameter: "code", what: "create, empty code") { c in var n = code1234; n.code = ""; _ = try await c.create(n) },
    BadInput(parameter: "code", what: "create, Arabic-Indic digits") { c in var n = code1234; n.code = "١٢٣٤"; _ = try await c.create(n) },
    BadInput(parameter: "acs_user_id", what: "create, user and identity") { c in var n = code1234; n.userIdentityId = janeIdentity; _ = try await c.create(n) },
    BadInput(parameter: "acs_user_id", what: "create, neither user nor identity") { c in _ = try await c.create(NewCredential(accessMethod: .card)) },
    BadInput(parameter: "acs_system_id", what: "create, identity without system") { c in _ = try await c.create(NewCredential(accessMethod: .mobileKey, userIdentityId: janeIdentity)) },
    BadInput(parameter: "allowed_acs_entrance_ids[1]", what: "create, a truncated entrance") { c in var n = code1234; n.allowedAcsEntranceIds = [lobby, truncatedId]; _ = try await c.create(n) },
    BadInput(parameter: "ends_at", what: "create, ends before it starts") { c in var n = code1234; n.startsAt = ts("2030-01-02T00:00:00Z"); n.endsAt = ts("2030-01-01T00:00:00Z"); _ = try await c.create(n) },
    BadInput(parameter: "visionline_metadata.joiner_acs_credential_ids[0]", what: "create, a bad joiner") { c in var n = code1234; n.visionlineMetadata = NewVisionlineMetadata(joinerAcsCredentialIds: ["nope"]); _ = try await c.create(n) },
    BadInput(parameter: "assa_abloy_vostio_metadata.override_guest_acs_entrance_ids[0]", what: "create, a bad Vostio entrance") { c in var n = code1234; n.assaAbloyVostioMetadata = NewAssaAbloyVostioMetadata(overrideGuestAcsEntranceIds: [truncatedId]); _ = try await c.create(n) },
    BadInput(parameter: "search", what: "list, empty search") { c in _ = try await c.list(Filters(search: "")) },
    BadInput(parameter: "limit", what: "list, limit 0") { c in _ = try await c.list(Filters(limit: 0)) },
    BadInput(parameter: "limit", what: "list, negative limit") { c in _ = try await c.list(Filters(limit: -1)) },
    BadInput(parameter: "acs_system_id", what: "list, truncated system") { c in _ = try await c.list(Filters(acsSystemId: truncatedId)) },
    BadInput(parameter: "user_identity_id", what: "listAll, blank identity") { c in _ = try await c.walk(Filters(userIdentityId: " ")) },
    BadInput(parameter: "limit", what: "listAll, limit 0") { c in _ = try await c.walk(Filters(limit: 0)) },
]

/// One call that the API (fake-seam) refuses, with its status and error code.
struct ApiRefusal: Sendable, CustomTestStringConvertible {
    let expected: String
    let what: String
    let call: Call
    var testDescription: String { "\(what): \(expected)" }
}

let apiRefusals: [ApiRefusal] = [
    ApiRefusal(expected: "404 acs_user_not_found", what: "assign, unknown user") { c in _ = try await c.assign(acsUserId: unknownId, acsCredentialId: docsCredential) },
    ApiRefusal(expected: "404 acs_credential_not_found", what: "assign, unknown credential") { c in _ = try await c.assign(acsUserId: docsUser, acsCredentialId: unknownId) },
    ApiRefusal(expected: "404 acs_user_not_found", what: "assign, identity without user") { c in _ = try await c.assign(acsUserId: nil, acsCredentialId: pinCredential, userIdentityId: samIdentity) },
    ApiRefusal(expected: "404 user_identity_not_found", what: "unassign, unknown identity") { c in _ = try await c.unassign(acsUserId: nil, acsCredentialId: pinCredential, userIdentityId: unknownId) },
    ApiRefusal(expected: "404 acs_system_not_found", what: "create, unknown system") { c in _ = try await c.create(NewCredential(accessMethod: .mobileKey, userIdentityId: janeIdentity, acsSystemId: unknownId)) },
    ApiRefusal(expected: "404 acs_entrance_not_found", what: "create, unknown entrance") { c in _ = try await c.create(NewCredential(accessMethod: .card, acsUserId: docsUser, allowedAcsEntranceIds: [unknownId])) },
    ApiRefusal(expected: "404 acs_credential_not_found", what: "get") { c in _ = try await c.get(acsCredentialId: unknownId) },
    ApiRefusal(expected: "404 acs_credential_not_found", what: "update") { c in _ = try await c.update(acsCredentialId: unknownId, code: "1234", endsAt: nil) },
    ApiRefusal(expected: "404 acs_credential_not_found", what: "delete") { c in try await c.delete(acsCredentialId: unknownId) },
    ApiRefusal(expected: "404 acs_credential_not_found", what: "list_accessible_entrances") { c in _ = try await c.listAccessibleEntrances(acsCredentialId: unknownId) },
    ApiRefusal(expected: "400 invalid_input", what: "list, a cursor the server never gave") { c in _ = try await c.list(Filters(pageCursor: "not-a-cursor")) },
]

/// What a client session token may not do: everything but `list`.
let forbiddenToClientSessions: [ApiRefusal] = [
    ApiRefusal(expected: "403 forbidden", what: "get") { c in _ = try await c.get(acsCredentialId: pinCredential) },
    ApiRefusal(expected: "403 forbidden", what: "assign") { c in _ = try await c.assign(acsUserId: docsUser, acsCredentialId: docsCredential) },
    ApiRefusal(expected: "403 forbidden", what: "unassign") { c in _ = try await c.unassign(acsUserId: docsUser, acsCredentialId: pinCredential) },
    ApiRefusal(expected: "403 forbidden", what: "create") { c in _ = try await c.create(code1234) },
    ApiRefusal(expected: "403 forbidden", what: "update") { c in _ = try await c.update(acsCredentialId: pinCredential, code: "1111", endsAt: nil) },
    ApiRefusal(expected: "403 forbidden", what: "delete") { c in try await c.delete(acsCredentialId: pinCredential) },
    ApiRefusal(expected: "403 forbidden", what: "list_accessible_entrances") { c in _ = try await c.listAccessibleEntrances(acsCredentialId: pinCredential) },
]

@Suite("errors of every call, blocking and awaited")
struct ErrorTests {
    @Test("bad input is refused, naming the parameter, and nothing is sent", arguments: badInputs, Flavor.allCases)
    func badInput(_ input: BadInput, _ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try flavor.credentials(fake)
        let error = try await seamError { try await input.call(credentials) }
        guard case let .InvalidInput(parameter, reason) = error else {
            Issue.record("expected .InvalidInput, got \(String(reflecting: error))")
            return
        }
        #expect(parameter == input.parameter, "\(reason)")
        #expect(!reason.isEmpty)
        #expect(error.description.contains(parameter) && error.description.contains(reason))
        expectCoreText(error)
        #expect(try await fake.count() == 0, "bad input reached the server")
        #expect(try await fake.requests()["last"] is NSNull)
    }

    @Test("the API's errors arrive typed, with status, code, reason and request id", arguments: apiRefusals, Flavor.allCases)
    func apiError(_ refusal: ApiRefusal, _ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try flavor.credentials(fake)
        let error = try await seamError { try await refusal.call(credentials) }
        guard case let .Api(status, code, reason, requestId, validationErrors) = error else {
            Issue.record("expected .Api \(refusal.expected), got \(String(reflecting: error))")
            return
        }
        #expect("\(status) \(code)" == refusal.expected)
        #expect(!reason.isEmpty)
        let id = try #require(requestId)
        #expect(error.description.contains(code) && error.description.contains(id))
        #expect(status != 400 || !validationErrors.isEmpty, "invalid_input names what was refused")
        expectCoreText(error)
        #expect(try await fake.count() == 1)
    }

    @Test("a client session token lists only its user's credentials; every other call is forbidden", arguments: Flavor.allCases)
    func clientSession(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try flavor.credentials(fake, apiKey: nil, clientSessionToken: clientSessionToken)
        let page = try await credentials.list(Filters())
        #expect(Set(page.acsCredentials.map(\.acsCredentialId)) == janesCredentials)
        #expect(page.acsCredentials.count == janesCredentials.count)
        let walked = try await credentials.walk(Filters(limit: 1))
        #expect(Set(walked.map(\.acsCredentialId)) == janesCredentials && walked.count == janesCredentials.count)
        let headers = try #require(try await fake.lastRequest()["headers"] as? [String: String])
        #expect(headers["authorization"] == "Bearer \(clientSessionToken)")
        #expect(headers["client-session-token"] == clientSessionToken)
        for refusal in forbiddenToClientSessions {
            #expect(await apiCode { try await refusal.call(credentials) } == refusal.expected, "\(refusal.what)")
        }
    }

    @Test(
        "an api_key of another kind is refused before anything is sent, and not shown",
        arguments: ["seam_cst1_token", "seam_pk1_key", "eyJhbGciOiJIUzI1NiJ9.e30.x", "seam_at1_token"], Flavor.allCases)
    func wrongKindOfKey(_ key: String, _ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let error = try await seamError { try flavor.credentials(fake, apiKey: key) }
        guard case let .Config(reason) = error else {
            Issue.record("expected .Config, got \(String(reflecting: error))")
            return
        }
        #expect(reason.contains("api_key"))
        for text in [error.description, String(reflecting: error), error.localizedDescription] {
            #expect(!text.contains(key))
        }
        expectCoreText(error)
        #expect(try await fake.count() == 0)
    }

    @Test("bad configuration is a Config error, for both clients", arguments: Flavor.allCases)
    func config(_ flavor: Flavor) async throws {
        let cases: [(String, () throws -> any Credentials)] = [
            ("key and token", { try flavor.credentials(endpoint: "http://127.0.0.1:9", personalAccessToken: personalAccessToken, workspaceId: workspaceId) }),
            ("plain http to a remote host", { try flavor.credentials(endpoint: "http://example.com") }),
            ("a negative retry count", { try flavor.credentials(endpoint: "http://127.0.0.1:9", maxRetries: -1) }),
            ("a zero timeout", { try flavor.credentials(endpoint: "http://127.0.0.1:9", timeout: 0) }),
        ]
        for (what, make) in cases {
            let error = try await seamError { try make() }
            guard case .Config = error else {
                Issue.record("\(what): expected .Config, got \(String(reflecting: error))")
                continue
            }
            #expect(!error.description.contains(apiKey) && !error.description.contains(personalAccessToken), "\(what)")
            expectCoreText(error)
        }
        let workers = try await seamError { try AsyncSeam(apiKey: apiKey, endpoint: "http://127.0.0.1:9", workerThreads: 0) }
        guard case .Config = workers else {
            Issue.record("workerThreads 0: expected .Config, got \(workers)")
            return
        }
    }

    @Test("401 for an unknown key, with the request id and without the key", arguments: Flavor.allCases)
    func unauthorized(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try flavor.credentials(fake, apiKey: "seam_wrong_key")
        let error = try await seamError { try await credentials.get(acsCredentialId: pinCredential) }
        guard case let .Unauthorized(requestId) = error else {
            Issue.record("expected .Unauthorized, got \(error)")
            return
        }
        #expect(error.description.contains(try #require(requestId)))
        #expect(!error.description.contains("seam_wrong_key") && !String(reflecting: error).contains("seam_wrong_key"))
        expectCoreText(error)
    }

    @Test("errors are Equatable, Hashable, Sendable values whose text comes from the core; clients and records are Sendable")
    func errorsAreValues() {
        let a = SeamError.Api(
            statusCode: 404, code: "acs_user_not_found", reason: "acs_user not found",
            requestId: "request7", validationErrors: [:])
        #expect(a == a)
        #expect(Set([a, a, .Timeout(reason: "x")]).count == 2)
        func sendable<T: Sendable>(_: T) -> Bool { true }
        #expect(sendable(a))
        // The clients, the objects under `acs`, the pages and their iterators may cross
        // tasks and actors (a compile-time check).
        func sendableTypes(_: any Sendable.Type...) -> Int { 0 }
        _ = sendableTypes(
            Seam.self, Acs.self, AcsCredentials.self, AcsCredentialsPages.self, AsyncSeam.self,
            AsyncAcs.self, AsyncAcsCredentials.self, AsyncAcsCredentialsPages.self,
            AsyncAcsCredentialsPages.AsyncIterator.self, AcsCredential.self, AcsCredentialsPage.self,
            AcsEntrance.self, WorkerStats.self)
        // A value made in Swift goes through the core's Display too.
        for part in ["acs_user_not_found", "404", "acs_user not found", "request7"] {
            #expect(a.description.contains(part))
        }
        expectCoreText(a)
        expectCoreText(.InvalidInput(parameter: "limit", reason: "r"))
    }
}
