package co.seam.core.tests

import co.seam.core.AccessMethod
import co.seam.core.AcsCredentialError
import co.seam.core.AcsCredentialWarning
import co.seam.core.AcsCredentialWarningCode
import co.seam.core.AcsEntrance
import co.seam.core.AcsEntranceWarning
import co.seam.core.AcsEntranceWarningCode
import co.seam.core.AkilesMetadata
import co.seam.core.AssaAbloyVostioMetadata
import co.seam.core.ExternalType
import co.seam.core.Seam
import co.seam.core.VisionlineCardFunctionType
import co.seam.core.VisionlineMetadata
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/** Every JSON text of [fields] as a tree, to compare without caring for spacing. */
private fun trees(fields: Map<String, String>) = fields.mapValues { json.readTree(it.value) }

private fun warning(code: AcsCredentialWarningCode, message: String, at: String, original: String? = null, new: String? = null) =
    AcsCredentialWarning(code, message, ts(at), original, new, emptyMap())

/**
 * The models as fake-seam's seed reads: every field of each kind of credential, each warning
 * kind, values a newer API sends, values that do not read as their type, and entrances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelTest {
    private val fake = FakeSeam()
    private val seam: Seam = fake.client()
    private val credentials = seam.acs.credentials

    @AfterAll
    fun stop() {
        seam.close()
        fake.close()
    }

    @Test
    fun `the docs' credential assigned to the docs' user, every field`() {
        assertEquals(DOCS_CREDENTIAL, credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL))
        fake.reset()
    }

    @Test
    fun `a PIN code`() {
        val expected = DOCS_CREDENTIAL.copy(
            acsCredentialId = PIN, displayName = "Front Door PIN", code = "123456",
            accessMethod = AccessMethod.Code, externalType = ExternalType.SaltoKsCredential,
            externalTypeDisplayName = "Salto KS Credential", userIdentityId = null,
            isMultiPhoneSyncCredential = false, isOneTimeUse = false,
            startsAt = ts("2024-05-01T16:00:00Z"), endsAt = ts("2024-05-08T11:00:00Z"),
            isLatestDesiredStateSyncedWithProvider = true,
            latestDesiredStateSyncedWithProviderAt = ts("2024-04-20T09:16:30Z"),
            createdAt = ts("2024-04-20T09:15:00Z"),
        )
        assertEquals(expected, credentials.get(PIN))
    }

    @Test
    fun `a Visionline card with a warning`() {
        val expected = DOCS_CREDENTIAL.copy(
            acsCredentialId = VISIONLINE, acsUserId = null, userIdentityId = null, displayName = "Guest Card",
            accessMethod = AccessMethod.Card, cardNumber = "0012345678", externalType = ExternalType.VisionlineCard,
            externalTypeDisplayName = "Visionline Card", isMultiPhoneSyncCredential = null,
            isIssued = true, issuedAt = ts("2024-04-21T10:00:00Z"),
            visionlineMetadata = VisionlineMetadata(
                autoJoin = true, cardFunctionType = VisionlineCardFunctionType.Guest, cardId = "5", credentialId = "15",
                isValid = true, commonAcsEntranceIds = listOf(LOBBY), guestAcsEntranceIds = listOf(ROOM_101),
                joinerAcsCredentialIds = emptyList(), unknownFields = emptyMap(),
            ),
            createdAt = ts("2024-04-21T09:59:00Z"),
            warnings = listOf(
                warning(AcsCredentialWarningCode.WaitingToBeIssued, "The credential is waiting to be issued.", "2024-04-21T09:59:01Z"),
            ),
        )
        assertEquals(expected, credentials.get(VISIONLINE))
    }

    @Test
    fun `a Vostio key with an error and links`() {
        val expected = DOCS_CREDENTIAL.copy(
            acsCredentialId = VOSTIO, acsUserId = null, displayName = "Vostio Key", accessMethod = AccessMethod.Card,
            externalType = ExternalType.AssaAbloyVostioKey, externalTypeDisplayName = "ASSA ABLOY Vostio Key",
            isMultiPhoneSyncCredential = null,
            parentAcsCredentialId = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb",
            acsCredentialPoolId = "cccccccc-cccc-cccc-cccc-cccccccccccc",
            userIdentityId = "dddddddd-dddd-dddd-dddd-dddddddddddd",
            assaAbloyVostioMetadata = AssaAbloyVostioMetadata(
                autoJoin = false, doorNames = listOf("Room 101", "Gym"), endpointId = "ep-1", keyId = "key-1",
                keyIssuingRequestId = "kir-1", overrideGuestAcsEntranceIds = listOf(GYM), unknownFields = emptyMap(),
            ),
            createdAt = ts("2024-04-22T08:00:00Z"),
            errors = listOf(
                AcsCredentialError("failed_to_issue", "The key could not be issued.", ts("2024-04-22T08:00:05Z"), emptyMap()),
            ),
        )
        assertEquals(expected, credentials.get(VOSTIO))
    }

    @Test
    fun `every warning kind, and errors with their times`() {
        val c = credentials.get(WARNINGS_PIN)
        assertEquals(
            listOf(
                warning(AcsCredentialWarningCode.WaitingToBeIssued, "The credential is waiting to be issued.", "2024-04-24T08:00:01Z"),
                warning(
                    AcsCredentialWarningCode.ScheduleExternallyModified,
                    "The schedule of a child credential was modified externally.", "2024-04-24T08:00:02Z",
                ),
                warning(
                    AcsCredentialWarningCode.ScheduleModified,
                    "The schedule was moved so that it does not start in the past.", "2024-04-24T08:00:03Z",
                ),
                warning(AcsCredentialWarningCode.BeingDeleted, "The credential is being deleted.", "2024-04-24T08:00:04Z"),
                warning(
                    AcsCredentialWarningCode.UnknownIssueWithAcsCredential,
                    "An unknown issue occurred while syncing the credential.", "2024-04-24T08:00:05Z",
                ),
                warning(AcsCredentialWarningCode.NeedsToBeReissued, "The credential needs to be reissued.", "2024-04-24T08:00:06Z"),
                warning(
                    AcsCredentialWarningCode.RequestedCodeUnavailable,
                    "The requested code was unavailable; another code was set.", "2024-04-24T08:00:07Z",
                    original = "4321", new = "4322",
                ),
            ),
            c.warnings,
        )
        assertEquals(
            listOf(
                AcsCredentialError(
                    "failed_to_sync", "The credential could not be synced with the provider.",
                    ts("2024-04-24T08:10:00Z"), emptyMap(),
                ),
                AcsCredentialError("code_rejected_by_provider", "The provider rejected the code.", ts("2024-04-24T08:11:00Z"), emptyMap()),
            ),
            c.errors,
        )
        // Enums print as the API spells them.
        assertEquals(
            listOf(
                "waiting_to_be_issued", "schedule_externally_modified", "schedule_modified", "being_deleted",
                "unknown_issue_with_acs_credential", "needs_to_be_reissued", "requested_code_unavailable",
            ),
            c.warnings.map { it.warningCode.toString() },
        )
    }

    @Test
    fun `a cloud key and an Akiles PIN`() {
        val cloud = credentials.get(CLOUD_KEY)
        assertEquals(AccessMethod.CloudKey, cloud.accessMethod)
        assertEquals("cloud_key", cloud.accessMethod.toString())
        assertEquals(ExternalType.KisiCredential, cloud.externalType)
        assertEquals(OTHER_USER, cloud.acsUserId)
        val akiles = credentials.get(AKILES)
        assertEquals(AkilesMetadata(memberPinId = "mp-1", unknownFields = emptyMap()), akiles.akilesMetadata)
        assertEquals(ExternalType.AkilesCredential, akiles.externalType)
        assertEquals(IDENTITY, akiles.userIdentityId)
        assertEquals("9876", akiles.code)
    }

    @Test
    fun `values and fields a newer API adds are kept`() {
        val c = credentials.get(FUTURE)
        assertEquals(AccessMethod.Other("quantum_link"), c.accessMethod)
        assertEquals("quantum_link", c.accessMethod.toString())
        assertEquals(ExternalType.Other("quantum_key"), c.externalType)
        assertEquals(AcsCredentialWarningCode.Other("brand_new_warning"), c.warnings.single().warningCode)
        assertEquals(trees(mapOf("salto_space_metadata" to """{"door_count": 3, "zones": ["A", "B"]}""")), trees(c.otherMetadata))
        assertEquals(
            trees(mapOf("brand_new_field" to """{"nested": [1, 2]}""", "another_new_field" to "\"x\"")),
            trees(c.unknownFields),
        )
    }

    @Test
    fun `values that do not read as their type are kept raw (Odd Values)`() {
        val c = credentials.get(ODD_VALUES)
        assertEquals("Odd Values", c.displayName)
        assertEquals(ts("2024-04-12T03:56:22Z"), c.startsAt) // +0000 offset parses
        assertNull(c.endsAt)
        assertEquals("\"next tuesday\"", c.unknownFields["ends_at"])
        assertEquals(ts("2024-04-12T00:00:00Z"), c.issuedAt) // a date alone is midnight UTC
        assertEquals("18446744073709551615", c.unknownFields["big_number"]) // byte-exact
        assertEquals(setOf("ends_at", "big_number"), c.unknownFields.keys)
        val visionline = notNull(c.visionlineMetadata, "visionline_metadata")
        assertNull(visionline.cardFunctionType)
        assertEquals("7", visionline.cardId)
        assertEquals(mapOf("door_zone" to "\"west\""), visionline.unknownFields)
        val warning = c.warnings.single()
        assertEquals(AcsCredentialWarningCode.WaitingToBeIssued, warning.warningCode)
        assertEquals(mapOf("retry_in_s" to "30"), warning.unknownFields)
    }

    @Test
    fun `entrances with their warnings, metadata and unknown fields`() {
        val lobbyAndRoom = credentials.listAccessibleEntrances(CREDENTIAL)
        assertEquals(listOf(LOBBY, ROOM_101), lobbyAndRoom.map { it.acsEntranceId })
        val lobby = lobbyAndRoom[0]
        assertEquals(
            AcsEntrance(
                acsEntranceId = LOBBY, acsSystemId = SYSTEM, connectedAccountId = CONNECTED_ACCOUNT, displayName = "Lobby",
                createdAt = ts("2024-04-03T09:00:00Z"), spaceIds = emptyList(), isLocked = true,
                canUnlockWithCard = true, canUnlockWithCode = false, canUnlockWithMobileKey = true,
                canUnlockWithCloudKey = false, canBelongToReservation = null, errors = emptyList(), warnings = emptyList(),
                otherMetadata = lobby.otherMetadata, unknownFields = emptyMap(),
            ),
            lobby,
        )
        assertEquals(setOf("visionline_metadata"), lobby.otherMetadata.keys)
        assertEquals("Lobby", json.readTree(lobby.otherMetadata["visionline_metadata"])["door_name"].asText())
        val room = lobbyAndRoom[1]
        assertEquals(
            listOf(AcsEntranceWarning(AcsEntranceWarningCode.PrivacyMode, "The entrance is in privacy mode.", ts("2024-04-03T09:02:00Z"), emptyMap())),
            room.warnings,
        )
        assertEquals(setOf("salto_ks_metadata"), room.otherMetadata.keys)

        val gymKey = credentials.create(AccessMethod.Card, acsUserId = USER, allowedAcsEntranceIds = listOf(GYM))
        val gym = credentials.listAccessibleEntrances(gymKey.acsCredentialId).single()
        assertEquals(trees(mapOf("brand_new_entrance_field" to """{"opens_at": "06:00"}""")), trees(gym.unknownFields))
        assertEquals(setOf("assa_abloy_vostio_metadata"), gym.otherMetadata.keys)
        fake.reset()
    }

    @Test
    fun `the suspending client reads the same models`() = runBlocking {
        fake.asyncClient().use { async ->
            for (id in SEEDED) assertEquals(credentials.get(id), async.acs.credentials.get(id))
        }
    }
}
