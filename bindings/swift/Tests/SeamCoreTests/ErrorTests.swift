// Errors: each `SeamError` case with its fields, and its text (description,
// localizedDescription, string interpolation) being the core's Display sentence.

import Foundation
import SeamCore
import Testing

/// The core's `Display` of `error` (core/src/error.rs), written out independently.
func display(_ error: SeamError) -> String {
    func requestId(_ id: String?) -> String { id.map { " (request id: \($0))" } ?? "" }
    switch error {
    case let .InvalidInput(parameter, reason):
        return "invalid \(parameter): \(reason)"
    case let .Config(reason):
        return "configuration error: \(reason)"
    case let .Unauthorized(id):
        return "unauthorized: Seam did not accept the API key or personal access token (HTTP 401)"
            + requestId(id)
    case let .Api(status, code, reason, id, _):
        return "Seam API error \(code) (HTTP \(status)): \(reason)" + requestId(id)
    case let .InvalidResponse(status, reason, id):
        return "invalid response from Seam (HTTP \(status)): \(reason)" + requestId(id)
    case let .Timeout(reason):
        return "timed out: \(reason)"
    case let .Network(reason):
        return "network error: \(reason)"
    }
}

/// Every way Swift shows an error reads as the core's Display sentence.
func expectDisplayText(_ error: SeamError, sourceLocation: SourceLocation = #_sourceLocation) {
    let sentence = display(error)
    #expect(error.description == sentence, sourceLocation: sourceLocation)
    #expect(error.localizedDescription == sentence, sourceLocation: sourceLocation)
    #expect("\(error)" == sentence, sourceLocation: sourceLocation)
    #expect(String(describing: error) == sentence, sourceLocation: sourceLocation)
    #expect((error as Error).localizedDescription == sentence, sourceLocation: sourceLocation)
    #expect((error as LocalizedError).errorDescription == sentence, sourceLocation: sourceLocation)
}

@Suite("SeamError cases against fake-seam")
struct ErrorTests {
    @Test("401 for an unknown API key, with the request id and without the key")
    func unauthorized() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let seam = try fake.client(apiKey: "seam_wrong_key")
        let error = try await seamError { try seam.acs.credentials.assign(acsUserId: docsUser, acsCredentialId: docsCredential) }
        guard case let .Unauthorized(requestId) = error else {
            Issue.record("expected Unauthorized, got \(error)")
            return
        }
        let id = try #require(requestId)
        #expect(!id.isEmpty)
        #expect(error.description.contains("(request id: \(id))"))
        #expect(error.description.hasPrefix("unauthorized: "))
        #expect(!error.description.contains("seam_wrong_key"))
        #expect(!String(reflecting: error).contains("seam_wrong_key"))
        expectDisplayText(error)
        #expect(try fake.assignCount() == 1)
    }

    @Test("401 for a personal access token with another workspace")
    func tokenForAnotherWorkspace() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let seam = try fake.client(apiKey: nil, personalAccessToken: personalAccessToken, workspaceId: unknownId)
        let error = try await seamError { try seam.acs.credentials.assign(acsUserId: docsUser, acsCredentialId: docsCredential) }
        guard case .Unauthorized = error else {
            Issue.record("expected Unauthorized, got \(error)")
            return
        }
        #expect(!error.description.contains(personalAccessToken))
        expectDisplayText(error)
    }

    @Test(
        "404 for an unknown id, with the API's code and request id",
        arguments: [
            (unknownId, docsCredential, "acs_user_not_found"),
            (docsUser, unknownId, "acs_credential_not_found"),
        ])
    func notFound(user: String, credential: String, code: String) async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let seam = try fake.client()
        let error = try await seamError { try seam.acs.credentials.assign(acsUserId: user, acsCredentialId: credential) }
        guard case let .Api(status, actualCode, reason, requestId, validationErrors) = error else {
            Issue.record("expected Api 404 \(code), got \(error)")
            return
        }
        #expect(status == 404)
        #expect(actualCode == code)
        #expect(!reason.isEmpty)
        #expect(requestId != nil)
        #expect(validationErrors.isEmpty)
        #expect(error.description.hasPrefix("Seam API error \(code) (HTTP 404): "))
        expectDisplayText(error)
        #expect(try fake.assignCount() == 1)
    }

    @Test("400 invalid_input carries the validation messages")
    func invalidInput() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let body: [String: Any] = [
            "ok": false,
            "error": [
                "type": "invalid_input", "message": "Required for \"acs_user_id\"",
                "validation_errors": ["_errors": [], "acs_user_id": ["_errors": ["Required"]]],
            ],
        ]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        try fake.fault(["status": 400, "body": text])
        let seam = try fake.client()
        let error = try await seamError { try seam.acs.credentials.assign(acsUserId: docsUser, acsCredentialId: docsCredential) }
        guard case let .Api(status, code, reason, _, validationErrors) = error else {
            Issue.record("expected Api 400 invalid_input, got \(error)")
            return
        }
        #expect(status == 400)
        #expect(code == "invalid_input")
        #expect(reason == "Required for \"acs_user_id\"")
        #expect(validationErrors == ["acs_user_id": ["Required"]])
        expectDisplayText(error)
        #expect(try fake.assignCount() == 1)
    }

    @Test("the docs' truncated UUID is rejected before anything is sent")
    func truncatedUUID() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let seam = try fake.client()
        let error = try await seamError {
            try seam.acs.credentials.assign(
                acsUserId: docsUser, acsCredentialId: "66666666-6666-6666-6666-66666666")
        }
        guard case let .InvalidInput(parameter, reason) = error else {
            Issue.record("expected InvalidInput, got \(error)")
            return
        }
        #expect(parameter == "acs_credential_id")
        #expect(reason.contains("truncated"))
        #expect(error.description.hasPrefix("invalid acs_credential_id: "))
        expectDisplayText(error)
        #expect(try fake.assignCount() == 0)
        #expect(try fake.requests()["last"] is NSNull)
    }

    @Test("bad configuration is a Config error that names the problem")
    func config() throws {
        func configError(_ make: () throws -> Seam) -> SeamError? {
            do {
                _ = try make()
                return nil
            } catch let error as SeamError {
                return error
            } catch {
                return nil
            }
        }
        let both = configError { try Seam(apiKey: apiKey, personalAccessToken: personalAccessToken, workspaceId: workspaceId) }
        #expect(both == .Config(reason: "both api_key and personal_access_token were given: pass only one"))
        let plain = configError { try Seam(apiKey: apiKey, endpoint: "http://example.com") }
        guard case let .Config(reason)? = plain else {
            Issue.record("expected Config for a plain http:// endpoint, got \(String(describing: plain))")
            return
        }
        #expect(reason.contains("http://"))
        let noWorkspace = configError { try Seam(personalAccessToken: personalAccessToken, endpoint: "http://127.0.0.1:9") }
        if ProcessInfo.processInfo.environment["SEAM_WORKSPACE_ID"] == nil {
            #expect(noWorkspace == .Config(reason: "a personal access token needs a workspace: pass workspace_id or set SEAM_WORKSPACE_ID"))
        }
        for error in [both, plain, noWorkspace].compactMap({ $0 }) {
            expectDisplayText(error)
            #expect(!error.description.contains(apiKey) && !error.description.contains(personalAccessToken))
        }
    }

    @Test("Seam() reads SEAM_API_KEY and SEAM_ENDPOINT from the environment")
    func environment() async throws {
        // scripts/test-swift points SEAM_ENDPOINT at a fake-seam of its own and sets the key.
        let endpoint = try requiredEnv("SEAM_ENDPOINT")
        guard endpoint.hasPrefix("http://127.0.0.1:"), try requiredEnv("SEAM_API_KEY") == apiKey else {
            throw SetupError("SEAM_ENDPOINT/SEAM_API_KEY must name a local fake-seam, not \(endpoint)")
        }
        let seam = try Seam()
        #expect(seam.endpoint() == endpoint)
        let credential = try await assign(seam, docsUser, docsCredential)
        #expect(credential.acsCredentialId == docsCredential)
    }

    @Test("the README's error handling and async samples compile and work")
    func readmeSamples() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let seam = try fake.client()
        // The README's `assign` helper for async code.
        func assign(_ seam: Seam, user: String, credential: String) async throws -> AcsCredential {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result {
                        try seam.acs.credentials.assign(acsUserId: user, acsCredentialId: credential)
                    })
                }
            }
        }
        #expect(try await assign(seam, user: docsUser, credential: docsCredential).acsUserId == docsUser)
        // The README's do/catch, on the three kinds of outcome it tells apart.
        try fake.fault([
            "status": 400,
            "body": #"{"ok": false, "error": {"type": "invalid_input", "message": "m", "validation_errors": {"acs_user_id": {"_errors": ["Required"]}}}}"#,
        ])
        try fake.fault(["status": 500])
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        for (userId, credentialId) in [("nope", docsCredential), (docsUser, docsCredential), (docsUser, docsCredential)] {
            do {
                try seam.acs.credentials.assign(acsUserId: userId, acsCredentialId: credentialId)
            } catch let SeamError.InvalidInput(parameter, reason) {
                print("bad \(parameter): \(reason)")
            } catch let SeamError.Api(status, code, _, requestId, validationErrors) where code == "invalid_input" {
                print(status, validationErrors, requestId ?? "-")
            } catch let error as SeamError {
                print(error.localizedDescription)
            }
        }
        #expect(printed.count == 3)
        #expect(printed.first?.hasPrefix("bad acs_user_id: ") == true)
        #expect(printed.dropFirst().first?.hasPrefix("400 [\"acs_user_id\": [\"Required\"]] ") == true)
        #expect(printed.last?.hasPrefix("Seam API error ") == true && printed.last?.contains("(HTTP 500)") == true)
    }

    @Test("errors are Equatable, Hashable, Sendable values")
    func errorsAreValues() {
        let a = SeamError.Api(
            statusCode: 404, code: "acs_user_not_found", reason: "acs_user not found",
            requestId: "request7", validationErrors: [:])
        let b = a
        #expect(a == b)
        #expect(Set([a, b, .Timeout(reason: "x")]).count == 2)
        func sendable<T: Sendable>(_: T) -> Bool { true }
        #expect(sendable(a))
        // The core's own unit test of Display, through the FFI.
        #expect(a.description == "Seam API error acs_user_not_found (HTTP 404): acs_user not found (request id: request7)")
        #expect(
            SeamError.Unauthorized(requestId: nil).localizedDescription
                == "unauthorized: Seam did not accept the API key or personal access token (HTTP 401)")
    }
}
