// `seam.acs.credentials.assign(…)` against fake-seam over real sockets: the same coverage as
// core/tests/assign.rs, through the generated Swift API and its hand-written extension.

import Foundation
import SeamCore
import Testing

/// An `AcsCredential` of the seed as the API returns it after assignment to `user`; only what
/// differs between the seeded credentials is a parameter.
func seeded(
    _ id: String, user: String = docsUser, displayName: String, accessMethod: AccessMethod,
    createdAt: String, code: String? = nil, cardNumber: String? = nil,
    externalType: ExternalType? = nil, externalTypeDisplayName: String? = nil,
    parent: String? = nil, pool: String? = nil, userIdentity: String? = nil,
    startsAt: String? = nil, endsAt: String? = nil, isMultiPhoneSync: Bool? = nil,
    isIssued: Bool? = nil, issuedAt: String? = nil, isOneTimeUse: Bool? = nil,
    isSynced: Bool? = nil, syncedAt: String? = nil, visionline: VisionlineMetadata? = nil,
    vostio: AssaAbloyVostioMetadata? = nil, errors: [AcsCredentialError] = [],
    warnings: [AcsCredentialWarning] = [], otherMetadata: [String: String] = [:],
    unknownFields: [String: String] = [:]
) -> AcsCredential {
    AcsCredential(
        acsCredentialId: id, acsUserId: user, displayName: displayName, code: code,
        cardNumber: cardNumber, acsSystemId: "11111111-1111-1111-1111-111111111111",
        accessMethod: accessMethod, externalType: externalType,
        externalTypeDisplayName: externalTypeDisplayName, workspaceId: workspaceId,
        connectedAccountId: "22222222-2222-2222-2222-222222222222",
        parentAcsCredentialId: parent, acsCredentialPoolId: pool, userIdentityId: userIdentity,
        createdAt: ts(createdAt), startsAt: startsAt.map(ts), endsAt: endsAt.map(ts),
        isMultiPhoneSyncCredential: isMultiPhoneSync, isManaged: true, isIssued: isIssued,
        issuedAt: issuedAt.map(ts), isOneTimeUse: isOneTimeUse,
        isLatestDesiredStateSyncedWithProvider: isSynced,
        latestDesiredStateSyncedWithProviderAt: syncedAt.map(ts),
        visionlineMetadata: visionline, assaAbloyVostioMetadata: vostio,
        otherMetadata: otherMetadata, errors: errors, warnings: warnings,
        unknownFields: unknownFields)
}

/// Assigns through `seam.acs.credentials.assign` off the cooperative pool.
func assign(_ seam: Seam, _ user: String, _ credential: String) async throws -> AcsCredential {
    try await blocking { try seam.acs.credentials.assign(acsUserId: user, acsCredentialId: credential) }
}

/// Runs `body`, which must throw a `SeamError`, and returns that error.
func seamError(_ body: @escaping @Sendable () throws -> AcsCredential) async throws -> SeamError {
    let outcome: Result<AcsCredential, SeamError> = try await blocking {
        do { return .success(try body()) } catch let error as SeamError { return .failure(error) }
    }
    switch outcome {
    case .success(let credential):
        throw SetupError("expected a SeamError, got \(credential)")
    case .failure(let error):
        return error
    }
}

@Suite("acs.credentials.assign against fake-seam")
struct AssignTests {
    @Test("the docs' example: the mobile key 6666… assigned to the user 3333…, every field")
    func docsExample() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        // The README's sample, word for word apart from the endpoint.
        let seam = try Seam(apiKey: "seam_apikey1_token", endpoint: fake.url)
        #expect(seam.endpoint() == fake.url)
        let credential = try await blocking {
            try seam.acs.credentials.assign(
                acsUserId: "33333333-3333-3333-3333-333333333333",
                acsCredentialId: "66666666-6666-6666-6666-666666666666")
        }
        #expect(credential.acsCredentialId == docsCredential)
        #expect(credential.acsUserId == docsUser)
        #expect(credential.displayName == "Multi Phone Sync Credential")
        #expect(credential.code == nil)
        #expect(credential.accessMethod == .mobileKey)
        #expect("\(credential.accessMethod)" == "mobile_key")
        #expect(credential.createdAt == ts("2024-04-12T03:56:22.396Z"))
        #expect(abs(credential.createdAt.timeIntervalSince1970 - 1_712_894_182.396) < 1e-6)
        #expect(credential.isMultiPhoneSyncCredential == true)
        #expect(credential.isManaged)
        #expect(credential.visionlineMetadata == nil)
        #expect(credential.errors.isEmpty && credential.warnings.isEmpty)
        #expect(credential.otherMetadata.isEmpty && credential.unknownFields.isEmpty)
        #expect(
            credential
                == seeded(
                    docsCredential, displayName: "Multi Phone Sync Credential",
                    accessMethod: .mobileKey, createdAt: "2024-04-12T03:56:22.396Z",
                    isMultiPhoneSync: true))
        // The flat method the extension wraps gives the same record (records are Equatable).
        let again = try await blocking {
            try seam.acsCredentialsAssign(acsUserId: docsUser, acsCredentialId: docsCredential)
        }
        #expect(again == credential)
        #expect(Set([again, credential]).count == 1)  // Hashable
        #expect(try fake.assignCount() == 2)
    }

    @Test("sends the documented request: POST, JSON body, bearer key, SDK headers")
    func documentedRequest() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let seam = try fake.client()
        _ = try await assign(seam, docsUser, docsCredential)
        let last = try fake.lastRequest()
        #expect(last["method"] as? String == "POST")
        #expect(last["path"] as? String == assignRoute)
        let body = try json(try #require(last["body"] as? String))
        #expect(body == ["acs_user_id": docsUser, "acs_credential_id": docsCredential] as NSDictionary)
        let headers = try #require(last["headers"] as? [String: String])
        #expect(headers["authorization"] == "Bearer \(apiKey)")
        #expect(headers["content-type"] == "application/json")
        #expect(headers["seam-sdk-name"] == "seam-core")
        #expect(!(headers["seam-sdk-version"] ?? "").isEmpty)
        #expect(headers["user-agent"]?.hasPrefix("seam-core/") == true)
        #expect(headers["seam-workspace"] == nil)
    }

    @Test("a personal access token sends its workspace id")
    func patSendsWorkspace() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let seam = try fake.client(
            apiKey: nil, personalAccessToken: personalAccessToken, workspaceId: workspaceId)
        let credential = try await assign(seam, docsUser, docsCredential)
        #expect(credential.acsUserId == docsUser)
        let headers = try #require(try fake.lastRequest()["headers"] as? [String: String])
        #expect(headers["authorization"] == "Bearer \(personalAccessToken)")
        #expect(headers["seam-workspace"] == workspaceId)
    }

    @Test("every field of the code credential 8888…")
    func codeCredential() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let c = try await assign(try fake.client(), otherUser, "88888888-8888-8888-8888-888888888888")
        #expect(c.acsUserId == otherUser)
        #expect(c.accessMethod == .code)
        #expect(c.code == "123456")
        #expect(c.externalType == .saltoKsCredential)
        #expect(c.startsAt == ts("2024-05-01T16:00:00.000Z"))
        #expect(c.endsAt == ts("2024-05-08T11:00:00.000Z"))
        #expect(
            c
                == seeded(
                    "88888888-8888-8888-8888-888888888888", user: otherUser,
                    displayName: "Front Door PIN", accessMethod: .code,
                    createdAt: "2024-04-20T09:15:00.000Z", code: "123456",
                    externalType: .saltoKsCredential,
                    externalTypeDisplayName: "Salto KS Credential",
                    startsAt: "2024-05-01T16:00:00.000Z", endsAt: "2024-05-08T11:00:00.000Z",
                    isMultiPhoneSync: false, isOneTimeUse: false, isSynced: true,
                    syncedAt: "2024-04-20T09:16:30.000Z"))
    }

    @Test("every field of the Visionline card 9999…, with its metadata and warning")
    func visionlineCard() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let c = try await assign(try fake.client(), docsUser, "99999999-9999-9999-9999-999999999999")
        let visionline = VisionlineMetadata(
            cardFunctionType: .guest, autoJoin: true, cardId: "5", credentialId: "15",
            isValid: true, commonAcsEntranceIds: ["aaaaaaaa-0000-0000-0000-000000000001"],
            guestAcsEntranceIds: ["aaaaaaaa-0000-0000-0000-000000000002"],
            joinerAcsCredentialIds: [])
        let warning = AcsCredentialWarning(
            warningCode: .waitingToBeIssued, message: "The credential is waiting to be issued.",
            createdAt: ts("2024-04-21T09:59:01.000Z"))
        #expect(c.visionlineMetadata == visionline)
        #expect(c.warnings == [warning])
        #expect(c.issuedAt == ts("2024-04-21T10:00:00.000Z"))
        #expect(
            c
                == seeded(
                    "99999999-9999-9999-9999-999999999999", displayName: "Guest Card",
                    accessMethod: .card, createdAt: "2024-04-21T09:59:00.000Z",
                    cardNumber: "0012345678", externalType: .visionlineCard,
                    externalTypeDisplayName: "Visionline Card", isIssued: true,
                    issuedAt: "2024-04-21T10:00:00.000Z", visionline: visionline,
                    warnings: [warning]))
    }

    @Test("every field of the Vostio key aaaa…, with its metadata, error and links")
    func vostioKey() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let c = try await assign(try fake.client(), docsUser, "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa")
        let vostio = AssaAbloyVostioMetadata(
            autoJoin: false, doorNames: ["Room 101", "Gym"], endpointId: "ep-1", keyId: "key-1",
            keyIssuingRequestId: "kir-1",
            overrideGuestAcsEntranceIds: ["aaaaaaaa-0000-0000-0000-000000000003"])
        let error = AcsCredentialError(
            errorCode: "failed_to_issue", message: "The key could not be issued.")
        #expect(c.assaAbloyVostioMetadata == vostio)
        #expect(c.errors == [error])
        #expect(
            c
                == seeded(
                    "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa", displayName: "Vostio Key",
                    accessMethod: .card, createdAt: "2024-04-22T08:00:00.000Z",
                    externalType: .assaAbloyVostioKey,
                    externalTypeDisplayName: "ASSA ABLOY Vostio Key",
                    parent: "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb",
                    pool: "cccccccc-cccc-cccc-cccc-cccccccccccc",
                    userIdentity: "dddddddd-dddd-dddd-dddd-dddddddddddd", vostio: vostio,
                    errors: [error]))
    }

    @Test("keeps what a newer API adds: unknown values and fields of 7777…")
    func unknownFieldsAndValues() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let c = try await assign(try fake.client(), docsUser, "77777777-7777-7777-7777-777777777777")
        #expect(c.accessMethod == .other(value: "cloud_key"))
        #expect("\(c.accessMethod)" == "cloud_key")
        #expect(c.externalType == .other(value: "quantum_key"))
        #expect(c.externalTypeDisplayName == nil)
        let warning = AcsCredentialWarning(
            warningCode: .other(value: "brand_new_warning"), message: "Something new.",
            createdAt: ts("2024-04-23T07:00:01.000Z"))
        #expect(c.warnings == [warning])
        // Metadata and fields this SDK does not model arrive as JSON text, by name.
        #expect(Set(c.otherMetadata.keys) == ["salto_space_metadata"])
        #expect(
            try json(c.otherMetadata["salto_space_metadata"] ?? "")
                == ["door_count": 3, "zones": ["A", "B"]] as NSDictionary)
        #expect(Set(c.unknownFields.keys) == ["brand_new_field", "another_new_field"])
        #expect(try json(c.unknownFields["brand_new_field"] ?? "") == ["nested": [1, 2]] as NSDictionary)
        #expect(try json(c.unknownFields["another_new_field"] ?? "") == "x" as NSString)
        // Every other field (the JSON texts above are compared as JSON, not as text).
        #expect(
            c
                == seeded(
                    "77777777-7777-7777-7777-777777777777", displayName: "Cloud Key",
                    accessMethod: .other(value: "cloud_key"),
                    createdAt: "2024-04-23T07:00:00.000Z",
                    externalType: .other(value: "quantum_key"), warnings: [warning],
                    otherMetadata: c.otherMetadata, unknownFields: c.unknownFields))
    }
}
