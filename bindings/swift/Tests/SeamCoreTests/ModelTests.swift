// The records the calls return, as Swift sees them: every kind of warning, errors with their
// time, manufacturer metadata, values this version does not know, values that do not read,
// and entrances.

import Foundation
import SeamCore
import Testing

/// `get` of a seeded credential through the blocking client.
func seededCredential(_ id: String, from fake: FakeSeam) async throws -> AcsCredential {
    try await Flavor.blocking.credentials(fake).get(acsCredentialId: id)
}

@Suite("the returned records")
struct ModelTests {
    @Test("every field of the PIN 8888…")
    func pin() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let c = try await seededCredential(pinCredential, from: fake)
        #expect(c.acsUserId == docsUser)
        #expect(c.displayName == "Front Door PIN")
        #expect(c.accessMethod == .code && c.code == "123456")
        #expect(c.externalType == .saltoKsCredential && "\(c.externalType!)" == "salto_ks_credential")
        #expect(c.externalTypeDisplayName == "Salto KS Credential")
        #expect(c.isMultiPhoneSyncCredential == false && c.isOneTimeUse == false && c.isManaged)
        #expect(same(c.startsAt, ts("2024-05-01T16:00:00Z")) && same(c.endsAt, ts("2024-05-08T11:00:00Z")))
        #expect(c.isLatestDesiredStateSyncedWithProvider == true)
        #expect(same(c.latestDesiredStateSyncedWithProviderAt, ts("2024-04-20T09:16:30Z")))
        #expect(same(c.createdAt, ts("2024-04-20T09:15:00Z")))
        #expect(c.workspaceId == workspaceId && c.connectedAccountId == connectedAccount && c.acsSystemId == mainBuilding)
        #expect(c.unknownFields.isEmpty && c.otherMetadata.isEmpty && c.errors.isEmpty && c.warnings.isEmpty)
    }

    @Test("each of the seven warning kinds, and errors with their time (b1b1…)")
    func warnings() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let c = try await seededCredential(warningsCredential, from: fake)
        let kinds: [AcsCredentialWarningCode] = [
            .waitingToBeIssued, .scheduleExternallyModified, .scheduleModified, .beingDeleted,
            .unknownIssueWithAcsCredential, .needsToBeReissued, .requestedCodeUnavailable,
        ]
        #expect(c.warnings.map(\.warningCode) == kinds)
        #expect(c.warnings.map { "\($0.warningCode)" } == [
            "waiting_to_be_issued", "schedule_externally_modified", "schedule_modified", "being_deleted",
            "unknown_issue_with_acs_credential", "needs_to_be_reissued", "requested_code_unavailable",
        ])
        for (i, warning) in c.warnings.enumerated() {
            #expect(same(warning.createdAt, ts(String(format: "2024-04-24T08:00:%02dZ", i + 1))))
            #expect(!warning.message.isEmpty && warning.unknownFields.isEmpty)
        }
        let unavailable = c.warnings[6]
        #expect(unavailable.originalCode == "4321" && unavailable.newCode == "4322")
        #expect(c.warnings.dropLast().allSatisfy { $0.originalCode == nil && $0.newCode == nil })
        #expect(c.errors.map(\.errorCode) == ["failed_to_sync", "code_rejected_by_provider"])
        #expect(same(c.errors[0].createdAt, ts("2024-04-24T08:10:00Z")) && same(c.errors[1].createdAt, ts("2024-04-24T08:11:00Z")))
    }

    @Test("Visionline, Vostio and Akiles metadata; cloud keys")
    func metadata() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let card = try await seededCredential(visionlineCredential, from: fake)
        #expect(card.accessMethod == .card && card.cardNumber == "0012345678")
        #expect(card.externalType == .visionlineCard && card.isIssued == true)
        #expect(same(card.issuedAt, ts("2024-04-21T10:00:00Z")))
        #expect(card.visionlineMetadata == VisionlineMetadata(
            autoJoin: true, cardFunctionType: .guest, cardId: "5", credentialId: "15", isValid: true,
            commonAcsEntranceIds: [lobby], guestAcsEntranceIds: [room101], joinerAcsCredentialIds: [],
            unknownFields: [:]))
        #expect(card.warnings == [AcsCredentialWarning(
            warningCode: .waitingToBeIssued, message: "The credential is waiting to be issued.",
            createdAt: card.warnings.first?.createdAt, originalCode: nil, newCode: nil, unknownFields: [:])])
        #expect(same(card.warnings.first?.createdAt, ts("2024-04-21T09:59:01Z")))

        let key = try await seededCredential(vostioCredential, from: fake)
        #expect(key.assaAbloyVostioMetadata == AssaAbloyVostioMetadata(
            autoJoin: false, doorNames: ["Room 101", "Gym"], endpointId: "ep-1", keyId: "key-1",
            keyIssuingRequestId: "kir-1", overrideGuestAcsEntranceIds: [gym], unknownFields: [:]))
        #expect(key.errors.map(\.errorCode) == ["failed_to_issue"])
        #expect(same(key.errors.first?.createdAt, ts("2024-04-22T08:00:05Z")))
        #expect(key.parentAcsCredentialId == "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb")
        #expect(key.acsCredentialPoolId == "cccccccc-cccc-cccc-cccc-cccccccccccc")
        #expect(key.userIdentityId == "dddddddd-dddd-dddd-dddd-dddddddddddd")

        let akiles = try await seededCredential(akilesCredential, from: fake)
        #expect(akiles.externalType == .akilesCredential)
        #expect(akiles.akilesMetadata == AkilesMetadata(memberPinId: "mp-1", unknownFields: [:]))
        #expect(akiles.userIdentityId == janeIdentity && akiles.acsUserId == nil)

        let cloud = try await seededCredential(cloudKeyCredential, from: fake)
        #expect(cloud.accessMethod == .cloudKey && "\(cloud.accessMethod)" == "cloud_key")
        #expect(cloud.externalType == .kisiCredential && cloud.acsUserId == otherUser)
    }

    @Test("what a newer API adds is kept: unknown values, metadata and fields of 7777…")
    func newerApi() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let c = try await seededCredential(futureCredential, from: fake)
        #expect(c.accessMethod == .other(value: "quantum_link") && "\(c.accessMethod)" == "quantum_link")
        #expect(c.externalType == .other(value: "quantum_key"))
        #expect(c.warnings.map(\.warningCode) == [.other(value: "brand_new_warning")])
        #expect(Set(c.otherMetadata.keys) == ["salto_space_metadata"])
        #expect(try json(c.otherMetadata["salto_space_metadata"] ?? "") == ["door_count": 3, "zones": ["A", "B"]] as NSDictionary)
        #expect(Set(c.unknownFields.keys) == ["brand_new_field", "another_new_field"])
        #expect(c.unknownFields["brand_new_field"] == #"{"nested":[1,2]}"#)
        #expect(c.unknownFields["another_new_field"] == #""x""#)
    }

    @Test("values that do not read are kept, never failing the call: Odd Values d1d1…")
    func oddValues() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let c = try await seededCredential(oddValuesCredential, from: fake)
        #expect(c.displayName == "Odd Values")
        #expect(same(c.startsAt, ts("2024-04-12T03:56:22Z")), "an offset without a colon reads")
        #expect(same(c.issuedAt, ts("2024-04-12T00:00:00Z")), "a date alone is midnight UTC")
        #expect(c.endsAt == nil)
        #expect(c.unknownFields["ends_at"] == "\"next tuesday\"")
        #expect(c.unknownFields["big_number"] == "18446744073709551615")
        let visionline = try #require(c.visionlineMetadata)
        #expect(visionline.cardFunctionType == nil && visionline.cardId == "7")
        #expect(visionline.unknownFields == ["door_zone": #""west""#])
        #expect(c.warnings.first?.unknownFields == ["retry_in_s": "30"])
    }

    @Test("entrances, with their warnings and metadata", arguments: Flavor.allCases)
    func entrances(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let entrances = try await flavor.credentials(fake).listAccessibleEntrances(acsCredentialId: docsCredential)
        #expect(Set(entrances.map(\.acsEntranceId)) == [lobby, room101])
        let room = try #require(entrances.first { $0.acsEntranceId == room101 })
        #expect(room.displayName == "Room 101" && room.acsSystemId == mainBuilding)
        #expect(room.connectedAccountId == connectedAccount)
        #expect(room.warnings.map(\.warningCode) == [.privacyMode])
        #expect(room.isLocked == false && room.canUnlockWithCode == true)
        #expect(Set(room.otherMetadata.keys) == ["salto_ks_metadata"])
        let lobbyEntrance = try #require(entrances.first { $0.acsEntranceId == lobby })
        #expect(same(lobbyEntrance.createdAt, ts("2024-04-03T09:00:00Z")))
        #expect(Set(lobbyEntrance.otherMetadata.keys) == ["visionline_metadata"])
        #expect(lobbyEntrance.canUnlockWithMobileKey == true && lobbyEntrance.warnings.isEmpty)
    }
}
