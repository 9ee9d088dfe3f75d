// The blocking and the async client behind one test interface, so that one table of calls
// drives both: `Seam` (each call on a thread of its own, off Swift's small cooperative pool)
// and `AsyncSeam` (awaited, through the cancellable forwarding methods of Sources/SeamCore/API/Async.swift).

import Foundation
import SeamCore
import Testing

/// Which client a test drives.
enum Flavor: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case blocking
    case async

    var testDescription: String { rawValue }

    /// `seam.acs.credentials` of a new client of `fake` with these credentials and options.
    func credentials(
        _ fake: FakeSeam, apiKey key: String? = apiKey, personalAccessToken pat: String? = nil,
        workspaceId workspace: String? = nil, clientSessionToken session: String? = nil,
        timeout: TimeInterval? = nil, maxRetries: Int32? = nil
    ) throws -> any Credentials {
        try credentials(
            endpoint: fake.url, apiKey: key, personalAccessToken: pat, workspaceId: workspace,
            clientSessionToken: session, timeout: timeout, maxRetries: maxRetries)
    }

    func credentials(
        endpoint: String, apiKey key: String? = apiKey, personalAccessToken pat: String? = nil,
        workspaceId workspace: String? = nil, clientSessionToken session: String? = nil,
        timeout: TimeInterval? = nil, maxRetries: Int32? = nil
    ) throws -> any Credentials {
        switch self {
        case .blocking:
            let seam = try Seam(
                apiKey: key, personalAccessToken: pat, workspaceId: workspace,
                clientSessionToken: session, endpoint: endpoint, timeout: timeout,
                maxRetries: maxRetries)
            return BlockingCredentials(api: seam.acs.credentials)
        case .async:
            let seam = try AsyncSeam(
                apiKey: key, personalAccessToken: pat, workspaceId: workspace,
                clientSessionToken: session, endpoint: endpoint, timeout: timeout,
                maxRetries: maxRetries)
            return AwaitedCredentials(api: seam.acs.credentials)
        }
    }
}

/// The arguments of `create`, with the API's defaults.
struct NewCredential: Sendable {
    var accessMethod: AccessMethod
    var acsUserId: String? = nil
    var userIdentityId: String? = nil
    var acsSystemId: String? = nil
    var allowedAcsEntranceIds: [String] = []
    var code: String? = nil
    var startsAt: Date? = nil
    var endsAt: Date? = nil
    var isMultiPhoneSyncCredential: Bool? = nil
    var credentialManagerAcsSystemId: String? = nil
    var visionlineMetadata: NewVisionlineMetadata? = nil
    var assaAbloyVostioMetadata: NewAssaAbloyVostioMetadata? = nil
    var saltoSpaceMetadata: NewSaltoSpaceMetadata? = nil
}

/// The filters of `list` and `listAll` (`pageCursor`: `list` only).
struct Filters: Sendable {
    var acsUserId: String? = nil
    var acsSystemId: String? = nil
    var userIdentityId: String? = nil
    var isMultiPhoneSyncCredential: Bool? = nil
    var createdBefore: Date? = nil
    var search: String? = nil
    var limit: Int32? = nil
    var pageCursor: String? = nil
}

/// `seam.acs.credentials`, awaited whichever client is behind it.
protocol Credentials: Sendable {
    func assign(acsUserId: String?, acsCredentialId: String, userIdentityId: String?) async throws -> AcsCredential
    func unassign(acsUserId: String?, acsCredentialId: String, userIdentityId: String?) async throws -> AcsCredential
    func create(_ new: NewCredential) async throws -> AcsCredential
    func get(acsCredentialId: String) async throws -> AcsCredential
    func list(_ filters: Filters) async throws -> AcsCredentialsPage
    /// Every credential of `listAll`, walked with `for … in` (Sequence) or `for try await`
    /// (AsyncSequence). `listAll` itself throws before the walk for bad filters.
    func walk(_ filters: Filters) async throws -> [AcsCredential]
    func update(acsCredentialId: String, code: String?, endsAt: Date?) async throws -> AcsCredential
    func delete(acsCredentialId: String) async throws
    func listAccessibleEntrances(acsCredentialId: String) async throws -> [AcsEntrance]
}

extension Credentials {
    func assign(acsUserId: String?, acsCredentialId: String) async throws -> AcsCredential {
        try await assign(acsUserId: acsUserId, acsCredentialId: acsCredentialId, userIdentityId: nil)
    }

    func unassign(acsUserId: String?, acsCredentialId: String) async throws -> AcsCredential {
        try await unassign(acsUserId: acsUserId, acsCredentialId: acsCredentialId, userIdentityId: nil)
    }
}

struct BlockingCredentials: Credentials {
    let api: AcsCredentials

    func assign(acsUserId: String?, acsCredentialId: String, userIdentityId: String?) async throws -> AcsCredential {
        try await blocking { try api.assign(acsUserId: acsUserId, acsCredentialId: acsCredentialId, userIdentityId: userIdentityId) }
    }

    func unassign(acsUserId: String?, acsCredentialId: String, userIdentityId: String?) async throws -> AcsCredential {
        try await blocking { try api.unassign(acsUserId: acsUserId, acsCredentialId: acsCredentialId, userIdentityId: userIdentityId) }
    }

    func create(_ n: NewCredential) async throws -> AcsCredential {
        try await blocking {
            try api.create(
                accessMethod: n.accessMethod, acsUserId: n.acsUserId, userIdentityId: n.userIdentityId,
                acsSystemId: n.acsSystemId, allowedAcsEntranceIds: n.allowedAcsEntranceIds, code: n.code,
                startsAt: n.startsAt, endsAt: n.endsAt, isMultiPhoneSyncCredential: n.isMultiPhoneSyncCredential,
                credentialManagerAcsSystemId: n.credentialManagerAcsSystemId,
                visionlineMetadata: n.visionlineMetadata, assaAbloyVostioMetadata: n.assaAbloyVostioMetadata,
                saltoSpaceMetadata: n.saltoSpaceMetadata)
        }
    }

    func get(acsCredentialId: String) async throws -> AcsCredential {
        try await blocking { try api.get(acsCredentialId: acsCredentialId) }
    }

    func list(_ f: Filters) async throws -> AcsCredentialsPage {
        try await blocking {
            try api.list(
                acsUserId: f.acsUserId, acsSystemId: f.acsSystemId, userIdentityId: f.userIdentityId,
                isMultiPhoneSyncCredential: f.isMultiPhoneSyncCredential, createdBefore: f.createdBefore,
                search: f.search, limit: f.limit, pageCursor: f.pageCursor)
        }
    }

    func walk(_ f: Filters) async throws -> [AcsCredential] {
        try await blocking {
            let pages = try api.listAll(
                acsUserId: f.acsUserId, acsSystemId: f.acsSystemId, userIdentityId: f.userIdentityId,
                isMultiPhoneSyncCredential: f.isMultiPhoneSyncCredential, createdBefore: f.createdBefore,
                search: f.search, limit: f.limit)
            var credentials: [AcsCredential] = []
            for result in pages {
                credentials.append(try result.get())
            }
            return credentials
        }
    }

    func update(acsCredentialId: String, code: String?, endsAt: Date?) async throws -> AcsCredential {
        try await blocking { try api.update(acsCredentialId: acsCredentialId, code: code, endsAt: endsAt) }
    }

    func delete(acsCredentialId: String) async throws {
        try await blocking { try api.delete(acsCredentialId: acsCredentialId) }
    }

    func listAccessibleEntrances(acsCredentialId: String) async throws -> [AcsEntrance] {
        try await blocking { try api.listAccessibleEntrances(acsCredentialId: acsCredentialId) }
    }
}

struct AwaitedCredentials: Credentials {
    let api: AsyncAcsCredentials

    func assign(acsUserId: String?, acsCredentialId: String, userIdentityId: String?) async throws -> AcsCredential {
        try await api.assign(acsUserId: acsUserId, acsCredentialId: acsCredentialId, userIdentityId: userIdentityId)
    }

    func unassign(acsUserId: String?, acsCredentialId: String, userIdentityId: String?) async throws -> AcsCredential {
        try await api.unassign(acsUserId: acsUserId, acsCredentialId: acsCredentialId, userIdentityId: userIdentityId)
    }

    func create(_ n: NewCredential) async throws -> AcsCredential {
        try await api.create(
            accessMethod: n.accessMethod, acsUserId: n.acsUserId, userIdentityId: n.userIdentityId,
            acsSystemId: n.acsSystemId, allowedAcsEntranceIds: n.allowedAcsEntranceIds, code: n.code,
            startsAt: n.startsAt, endsAt: n.endsAt, isMultiPhoneSyncCredential: n.isMultiPhoneSyncCredential,
            credentialManagerAcsSystemId: n.credentialManagerAcsSystemId,
            visionlineMetadata: n.visionlineMetadata, assaAbloyVostioMetadata: n.assaAbloyVostioMetadata,
            saltoSpaceMetadata: n.saltoSpaceMetadata)
    }

    func get(acsCredentialId: String) async throws -> AcsCredential {
        try await api.get(acsCredentialId: acsCredentialId)
    }

    func list(_ f: Filters) async throws -> AcsCredentialsPage {
        try await api.list(
            acsUserId: f.acsUserId, acsSystemId: f.acsSystemId, userIdentityId: f.userIdentityId,
            isMultiPhoneSyncCredential: f.isMultiPhoneSyncCredential, createdBefore: f.createdBefore,
            search: f.search, limit: f.limit, pageCursor: f.pageCursor)
    }

    func walk(_ f: Filters) async throws -> [AcsCredential] {
        let pages = try api.listAll(
            acsUserId: f.acsUserId, acsSystemId: f.acsSystemId, userIdentityId: f.userIdentityId,
            isMultiPhoneSyncCredential: f.isMultiPhoneSyncCredential, createdBefore: f.createdBefore,
            search: f.search, limit: f.limit)
        var credentials: [AcsCredential] = []
        for try await credential in pages {
            credentials.append(credential)
        }
        return credentials
    }

    func update(acsCredentialId: String, code: String?, endsAt: Date?) async throws -> AcsCredential {
        try await api.update(acsCredentialId: acsCredentialId, code: code, endsAt: endsAt)
    }

    func delete(acsCredentialId: String) async throws {
        try await api.delete(acsCredentialId: acsCredentialId)
    }

    func listAccessibleEntrances(acsCredentialId: String) async throws -> [AcsEntrance] {
        try await api.listAccessibleEntrances(acsCredentialId: acsCredentialId)
    }
}

/// Runs `call`, which must throw a `SeamError`, and returns that error.
func seamError<T>(
    _ call: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation
) async throws -> SeamError {
    do {
        let value = try await call()
        throw SetupError("expected a SeamError, got \(value)")
    } catch let error as SeamError {
        return error
    }
}

/// The status and code of an `.Api` error, or what came instead.
func apiCode<T>(_ call: () async throws -> T) async -> String {
    do {
        let value = try await call()
        return "no error but \(value)"
    } catch let SeamError.Api(status, code, _, _, _) {
        return "\(status) \(code)"
    } catch {
        return "\(error)"
    }
}

/// Every way Swift shows an error reads as the generated `description`, which is the core's
/// `Display` through the FFI (its wording is the core's to test, not ours).
func expectCoreText(_ error: SeamError, sourceLocation: SourceLocation = #_sourceLocation) {
    let sentence = error.description
    #expect(!sentence.isEmpty, sourceLocation: sourceLocation)
    #expect(error.localizedDescription == sentence, sourceLocation: sourceLocation)
    #expect("\(error)" == sentence, sourceLocation: sourceLocation)
    #expect(String(describing: error) == sentence, sourceLocation: sourceLocation)
    #expect((error as Error).localizedDescription == sentence, sourceLocation: sourceLocation)
    #expect((error as LocalizedError).errorDescription == sentence, sourceLocation: sourceLocation)
}
