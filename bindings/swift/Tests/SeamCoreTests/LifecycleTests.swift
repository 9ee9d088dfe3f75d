// Every call of `seam.acs.credentials` against fake-seam over real sockets, blocking and
// awaited: the lifecycle of a credential, the filters of `list`, and walking every page.

import Foundation
import SeamCore
import Testing

/// A timestamp in RFC 3339 with a `Z` (and optionally a fraction), as a `Date`.
func ts(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = text.contains(".")
        ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { preconditionFailure("bad timestamp \(text)") }
    return date
}

/// Two dates that differ by less than a microsecond (the core's nanoseconds become a Double).
func same(_ a: Date?, _ b: Date?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (a?, b?): return abs(a.timeIntervalSince(b)) < 1e-6
    default: return false
    }
}

@Suite("acs.credentials: every call, blocking and awaited")
struct LifecycleTests {
    @Test("the lifecycle: create, assign by identity and by user, get, list, walk, update, entrances, unassign, delete", arguments: Flavor.allCases)
    func lifecycle(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try flavor.credentials(fake)

        let created = try await credentials.create(NewCredential(
            accessMethod: .code, acsUserId: otherUser, allowedAcsEntranceIds: [lobby, gym],
            code: "2468", startsAt: ts("2030-01-01T00:00:00Z"), endsAt: ts("2030-02-01T00:00:00Z")))
        let id = created.acsCredentialId
        #expect(created.accessMethod == .code)
        #expect(created.code == "2468")
        #expect(created.acsUserId == otherUser)
        #expect(created.acsSystemId == mainBuilding)
        #expect(same(created.startsAt, ts("2030-01-01T00:00:00Z")))
        #expect(same(created.endsAt, ts("2030-02-01T00:00:00Z")))
        let createBody = try await fake.lastBody()
        #expect(createBody["allowed_acs_entrance_ids"] as? [String] == [lobby, gym])
        #expect(createBody["code"] as? String == "2468")
        #expect(try await fake.lastRequest()["method"] as? String == "POST")

        let byIdentity = try await credentials.assign(acsUserId: nil, acsCredentialId: id, userIdentityId: janeIdentity)
        #expect(byIdentity.acsUserId == docsUser)
        #expect(byIdentity.userIdentityId == janeIdentity)
        #expect(try await credentials.get(acsCredentialId: id) == byIdentity)

        let janes = try await credentials.list(Filters(acsUserId: docsUser, search: "2468"))
        #expect(janes.acsCredentials.map(\.acsCredentialId) == [id])
        #expect(!janes.pagination.hasNextPage && janes.pagination.nextPageCursor == nil)

        let byUser = try await credentials.assign(acsUserId: otherUser, acsCredentialId: id)
        #expect(byUser.acsUserId == otherUser)
        #expect(try await fake.lastRequest()["method"] as? String == "PATCH")

        // One page of one credential at a time, to the end: each credential exactly once,
        // one request a page.
        let everything = try await credentials.list(Filters()).acsCredentials.map(\.acsCredentialId)
        #expect(everything == [id] + seededCredentials)
        let listed = try await fake.count(.list)
        let walked = try await credentials.walk(Filters(limit: 1)).map(\.acsCredentialId)
        #expect(walked == everything)
        #expect(try await fake.count(.list) - listed == everything.count)

        let updated = try await credentials.update(acsCredentialId: id, code: "1357", endsAt: ts("2030-03-01T00:00:00Z"))
        #expect(updated.code == "1357")
        #expect(same(updated.endsAt, ts("2030-03-01T00:00:00Z")))

        let entrances = try await credentials.listAccessibleEntrances(acsCredentialId: id)
        #expect(Set(entrances.map(\.displayName)) == ["Lobby", "Gym"])

        let unassigned = try await credentials.unassign(acsUserId: otherUser, acsCredentialId: id)
        #expect(unassigned.acsUserId == nil && unassigned.userIdentityId == nil)
        try await credentials.delete(acsCredentialId: id)
        #expect(try await fake.lastRequest()["method"] as? String == "DELETE")
        let gone = try await seamError { try await credentials.get(acsCredentialId: id) }
        guard case let .Api(status, code, _, requestId, _) = gone else {
            Issue.record("expected .Api, got \(gone)")
            return
        }
        #expect(status == 404 && code == "acs_credential_not_found" && requestId != nil)
    }

    @Test("the filters of list, and its pages", arguments: Flavor.allCases)
    func listFilters(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try flavor.credentials(fake)
        func ids(_ filters: Filters) async throws -> [String] {
            try await credentials.list(filters).acsCredentials.map(\.acsCredentialId)
        }
        #expect(try await ids(Filters()) == seededCredentials)
        #expect(try await ids(Filters(acsUserId: docsUser)) == [warningsCredential, pinCredential])
        #expect(try await ids(Filters(acsSystemId: mainBuilding)) == seededCredentials)
        #expect(try await ids(Filters(acsSystemId: annex)) == [])
        #expect(Set(try await ids(Filters(userIdentityId: janeIdentity))) == janesCredentials)
        #expect(try await ids(Filters(isMultiPhoneSyncCredential: true)) == [docsCredential])
        #expect(try await ids(Filters(createdBefore: ts("2024-04-21T00:00:00Z"))) == [pinCredential, docsCredential])
        #expect(try await ids(Filters(search: "pin")) == [akilesCredential, warningsCredential, pinCredential])

        let first = try await credentials.list(Filters(limit: 2))
        #expect(first.acsCredentials.map(\.acsCredentialId) == Array(seededCredentials.prefix(2)))
        #expect(first.pagination.hasNextPage)
        let cursor = try #require(first.pagination.nextPageCursor)
        #expect(first.pagination.nextPageUrl?.hasPrefix(fake.url) == true)
        let second = try await credentials.list(Filters(limit: 2, pageCursor: cursor))
        #expect(second.acsCredentials.map(\.acsCredentialId) == Array(seededCredentials.dropFirst(2).prefix(2)))

        // The filters go on the query string of a GET.
        let last = try await fake.lastRequest()
        #expect(last["method"] as? String == "GET")
        #expect((last["target"] as? String)?.contains("limit=2") == true)

        // Walking with filters, page by page.
        let walked = try await credentials.walk(Filters(userIdentityId: janeIdentity, limit: 1))
        #expect(Set(walked.map(\.acsCredentialId)) == janesCredentials)
        #expect(walked.count == janesCredentials.count)
    }

    @Test("a walk stops at an error and throws it", arguments: Flavor.allCases)
    func walkError(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try flavor.credentials(fake, maxRetries: 0)
        // The first page answers; the second fails.
        try await fake.fault(["count": 1], on: .list)
        try await fake.fault(["status": 500, "count": 5], on: .list)
        let error = try await seamError { try await credentials.walk(Filters(limit: 1)) }
        guard case .Api(500, _, _, _, _) = error else {
            Issue.record("expected .Api 500, got \(error)")
            return
        }
        #expect(try await fake.count(.list) == 2, "the walk ended at the error")
    }

    @Test("a repeated cursor ends the walk instead of looping", arguments: Flavor.allCases)
    func repeatedCursor(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try flavor.credentials(fake, maxRetries: 0)
        for cursor in ["a", "b", "a"] {
            let page: [String: Any] = [
                "acs_credentials": [Any](),
                "pagination": ["has_next_page": true, "next_page_cursor": cursor, "next_page_url": NSNull()],
                "ok": true,
            ]
            let body = String(decoding: try JSONSerialization.data(withJSONObject: page), as: UTF8.self)
            try await fake.fault(["status": 200, "body": body], on: .list)
        }
        let error = try await seamError { try await credentials.walk(Filters()) }
        guard case let .InvalidResponse(_, reason, _) = error else {
            Issue.record("expected .InvalidResponse, got \(error)")
            return
        }
        #expect(reason.contains("\"a\" a second time"), "\(reason)")
        #expect(try await fake.count(.list) == 3)
    }

    @Test("the docs' example: every field of the mobile key 6666… after assignment")
    func docsCredentialFields() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let c = try await Flavor.blocking.credentials(fake).assign(acsUserId: docsUser, acsCredentialId: docsCredential)
        let expected = AcsCredential(
            acsCredentialId: docsCredential, acsUserId: docsUser, displayName: "Multi Phone Sync Credential",
            code: nil, cardNumber: nil, acsSystemId: mainBuilding, accessMethod: .mobileKey,
            externalType: nil, externalTypeDisplayName: nil, workspaceId: workspaceId,
            connectedAccountId: connectedAccount, parentAcsCredentialId: nil, acsCredentialPoolId: nil,
            userIdentityId: janeIdentity, createdAt: c.createdAt, startsAt: nil, endsAt: nil,
            isMultiPhoneSyncCredential: true, isManaged: true, isIssued: nil, issuedAt: nil,
            isOneTimeUse: nil, isLatestDesiredStateSyncedWithProvider: nil,
            latestDesiredStateSyncedWithProviderAt: nil, visionlineMetadata: nil,
            assaAbloyVostioMetadata: nil, akilesMetadata: nil, errors: [], warnings: [],
            otherMetadata: [:], unknownFields: [:])
        #expect(c == expected)
        #expect(same(c.createdAt, ts("2024-04-12T03:56:22.396Z")))
        #expect("\(c.accessMethod)" == "mobile_key")
        #expect(Set([c, expected]).count == 1)  // Hashable

        let last = try await fake.lastRequest()
        #expect(last["method"] as? String == "PATCH")
        #expect(last["path"] as? String == Route.assign.rawValue)
        #expect(try await fake.lastBody() as NSDictionary == ["acs_user_id": docsUser, "acs_credential_id": docsCredential] as NSDictionary)
        let headers = try #require(last["headers"] as? [String: String])
        #expect(headers["authorization"] == "Bearer \(apiKey)")
        #expect(headers["content-type"]?.hasPrefix("application/json") == true)
        #expect(headers["seam-workspace"] == nil)
    }

    @Test("a personal access token sends its workspace id", arguments: Flavor.allCases)
    func patSendsWorkspace(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try flavor.credentials(
            fake, apiKey: nil, personalAccessToken: personalAccessToken, workspaceId: workspaceId)
        let c = try await credentials.assign(acsUserId: docsUser, acsCredentialId: docsCredential)
        #expect(c.acsUserId == docsUser)
        let headers = try #require(try await fake.lastRequest()["headers"] as? [String: String])
        #expect(headers["authorization"] == "Bearer \(personalAccessToken)")
        #expect(headers["seam-workspace"] == workspaceId)
    }

    @Test("Seam() and AsyncSeam() read SEAM_API_KEY and SEAM_ENDPOINT from the environment")
    func environment() async throws {
        // scripts/test-swift points SEAM_ENDPOINT at a fake-seam of its own and sets the key.
        let endpoint = try requiredEnv("SEAM_ENDPOINT")
        guard endpoint.hasPrefix("http://127.0.0.1:"), try requiredEnv("SEAM_API_KEY") == apiKey else {
            throw SetupError("SEAM_ENDPOINT/SEAM_API_KEY must name a local fake-seam, not \(endpoint)")
        }
        let seam = try Seam()
        #expect(seam.endpoint() == endpoint)
        let pin = try await blocking { try seam.acs.credentials.get(acsCredentialId: pinCredential) }
        #expect(pin.code == "123456")
        let asyncSeam = try AsyncSeam()
        #expect(asyncSeam.endpoint() == endpoint)
        #expect(try await asyncSeam.acs.credentials.get(acsCredentialId: pinCredential) == pin)
    }
}
