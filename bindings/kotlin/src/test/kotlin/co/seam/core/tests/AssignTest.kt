package co.seam.core.tests

import co.seam.core.AccessMethod
import co.seam.core.Acs
import co.seam.core.AcsCredential
import co.seam.core.AcsCredentialError
import co.seam.core.AcsCredentialWarning
import co.seam.core.AcsCredentialWarningCode
import co.seam.core.AcsCredentials
import co.seam.core.AssaAbloyVostioMetadata
import co.seam.core.Disposable
import co.seam.core.ExternalType
import co.seam.core.Seam
import co.seam.core.SeamException
import co.seam.core.VisionlineCardFunctionType
import co.seam.core.VisionlineMetadata
import co.seam.core.acs
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.time.Duration
import java.time.Instant
import java.util.Collections
import java.util.concurrent.CountDownLatch

private fun ts(text: String): Instant = Instant.parse(text)

private const val SYSTEM = "11111111-1111-1111-1111-111111111111"
private const val CONNECTED_ACCOUNT = "22222222-2222-2222-2222-222222222222"

/** The docs' credential after it is assigned to the docs' user: every field. */
private val DOCS_CREDENTIAL = AcsCredential(
    acsCredentialId = CREDENTIAL,
    acsUserId = USER,
    displayName = "Multi Phone Sync Credential",
    code = null,
    cardNumber = null,
    acsSystemId = SYSTEM,
    accessMethod = AccessMethod.MobileKey,
    externalType = null,
    externalTypeDisplayName = null,
    workspaceId = WORKSPACE,
    connectedAccountId = CONNECTED_ACCOUNT,
    parentAcsCredentialId = null,
    acsCredentialPoolId = null,
    userIdentityId = null,
    createdAt = ts("2024-04-12T03:56:22.396Z"),
    startsAt = null,
    endsAt = null,
    isMultiPhoneSyncCredential = true,
    isManaged = true,
    isIssued = null,
    issuedAt = null,
    isOneTimeUse = null,
    isLatestDesiredStateSyncedWithProvider = null,
    latestDesiredStateSyncedWithProviderAt = null,
    visionlineMetadata = null,
    assaAbloyVostioMetadata = null,
    otherMetadata = emptyMap(),
    errors = emptyList(),
    warnings = emptyList(),
    unknownFields = emptyMap(),
)

/**
 * `seam.acs.credentials.assign(…)` against one fake-seam for the class (reset before each test):
 * the docs' example, every field of each seeded credential, each error with its fields and its
 * message, and the client's lifetime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssignTest {
    private val fake = FakeSeam()
    private val seam = fake.client()

    @AfterAll
    fun stop() {
        seam.close()
        fake.close()
    }

    @BeforeEach
    fun reset() = fake.reset()

    private fun assign(user: String, credential: String, client: Seam = seam): AcsCredential =
        client.acs.credentials.assign(acsUserId = user, acsCredentialId = credential)

    @Test
    fun `assigns the docs' credential to the docs' user`() {
        assertEquals(DOCS_CREDENTIAL, assign(USER, CREDENTIAL))
        assertEquals(1, fake.assignCount())
    }

    @Test
    fun `sends the documented request`() {
        assign(USER, CREDENTIAL)
        val last = notNull(fake.lastRequest())
        assertEquals("POST", last["method"].asString)
        assertEquals(ASSIGN, last["path"].asString)
        val expectedBody = JsonObject().apply {
            addProperty("acs_user_id", USER)
            addProperty("acs_credential_id", CREDENTIAL)
        }
        assertEquals(expectedBody, JsonParser.parseString(last["body"].asString))
        val headers = last.getAsJsonObject("headers")
        assertEquals("Bearer $API_KEY", headers["authorization"].asString)
        assertEquals("application/json", headers["content-type"].asString)
        assertEquals("seam-core", headers["seam-sdk-name"].asString)
        assertTrue(headers["user-agent"].asString.startsWith("seam-core/"), headers.toString())
        assertFalse(headers.has("seam-workspace"), headers.toString())
    }

    @Test
    fun `the client reports its endpoint`() {
        assertEquals(fake.url, seam.endpoint().trimEnd('/'))
    }

    @Test
    fun `a personal access token sends its workspace`() {
        fake.client(apiKey = null, personalAccessToken = PAT, workspaceId = WORKSPACE).use { client ->
            assertEquals(DOCS_CREDENTIAL, assign(USER, CREDENTIAL, client))
        }
        val headers = fake.lastRequest()!!.getAsJsonObject("headers")
        assertEquals("Bearer $PAT", headers["authorization"].asString)
        assertEquals(WORKSPACE, headers["seam-workspace"].asString)
    }

    @Test
    fun `reads every field of a code credential`() {
        val expected = DOCS_CREDENTIAL.copy(
            acsCredentialId = "88888888-8888-8888-8888-888888888888",
            acsUserId = OTHER_USER,
            displayName = "Front Door PIN",
            code = "123456",
            accessMethod = AccessMethod.Code,
            externalType = ExternalType.SaltoKsCredential,
            externalTypeDisplayName = "Salto KS Credential",
            isMultiPhoneSyncCredential = false,
            isOneTimeUse = false,
            startsAt = ts("2024-05-01T16:00:00.000Z"),
            endsAt = ts("2024-05-08T11:00:00.000Z"),
            isLatestDesiredStateSyncedWithProvider = true,
            latestDesiredStateSyncedWithProviderAt = ts("2024-04-20T09:16:30.000Z"),
            createdAt = ts("2024-04-20T09:15:00.000Z"),
        )
        assertEquals(expected, assign(OTHER_USER, "88888888-8888-8888-8888-888888888888"))
    }

    @Test
    fun `reads every field of a Visionline card with a warning`() {
        val expected = DOCS_CREDENTIAL.copy(
            acsCredentialId = "99999999-9999-9999-9999-999999999999",
            displayName = "Guest Card",
            accessMethod = AccessMethod.Card,
            cardNumber = "0012345678",
            externalType = ExternalType.VisionlineCard,
            externalTypeDisplayName = "Visionline Card",
            isMultiPhoneSyncCredential = null,
            isIssued = true,
            issuedAt = ts("2024-04-21T10:00:00.000Z"),
            visionlineMetadata = VisionlineMetadata(
                cardFunctionType = VisionlineCardFunctionType.Guest,
                autoJoin = true,
                cardId = "5",
                credentialId = "15",
                isValid = true,
                commonAcsEntranceIds = listOf("aaaaaaaa-0000-0000-0000-000000000001"),
                guestAcsEntranceIds = listOf("aaaaaaaa-0000-0000-0000-000000000002"),
                joinerAcsCredentialIds = emptyList(),
            ),
            createdAt = ts("2024-04-21T09:59:00.000Z"),
            warnings = listOf(
                AcsCredentialWarning(
                    warningCode = AcsCredentialWarningCode.WaitingToBeIssued,
                    message = "The credential is waiting to be issued.",
                    createdAt = ts("2024-04-21T09:59:01.000Z"),
                ),
            ),
        )
        assertEquals(expected, assign(USER, "99999999-9999-9999-9999-999999999999"))
    }

    @Test
    fun `reads every field of a Vostio key with an error and links`() {
        val expected = DOCS_CREDENTIAL.copy(
            acsCredentialId = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa",
            displayName = "Vostio Key",
            accessMethod = AccessMethod.Card,
            externalType = ExternalType.AssaAbloyVostioKey,
            externalTypeDisplayName = "ASSA ABLOY Vostio Key",
            isMultiPhoneSyncCredential = null,
            parentAcsCredentialId = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb",
            acsCredentialPoolId = "cccccccc-cccc-cccc-cccc-cccccccccccc",
            userIdentityId = "dddddddd-dddd-dddd-dddd-dddddddddddd",
            assaAbloyVostioMetadata = AssaAbloyVostioMetadata(
                autoJoin = false,
                doorNames = listOf("Room 101", "Gym"),
                endpointId = "ep-1",
                keyId = "key-1",
                keyIssuingRequestId = "kir-1",
                overrideGuestAcsEntranceIds = listOf("aaaaaaaa-0000-0000-0000-000000000003"),
            ),
            createdAt = ts("2024-04-22T08:00:00.000Z"),
            errors = listOf(AcsCredentialError(errorCode = "failed_to_issue", message = "The key could not be issued.")),
        )
        assertEquals(expected, assign(USER, "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"))
    }

    @Test
    fun `keeps the values and fields a newer API adds`() {
        val c = assign(USER, "77777777-7777-7777-7777-777777777777")
        assertEquals(AccessMethod.Other("cloud_key"), c.accessMethod)
        // Enums print as the API spells them (the core's Display).
        assertEquals("cloud_key", c.accessMethod.toString())
        assertEquals("mobile_key", AccessMethod.MobileKey.toString())
        assertEquals(ExternalType.Other("quantum_key"), c.externalType)
        assertEquals(AcsCredentialWarningCode.Other("brand_new_warning"), c.warnings.single().warningCode)
        assertEquals(
            mapOf("salto_space_metadata" to JsonParser.parseString("""{"door_count": 3, "zones": ["A", "B"]}""")),
            c.otherMetadata.mapValues { JsonParser.parseString(it.value) },
        )
        assertEquals(
            mapOf(
                "brand_new_field" to JsonParser.parseString("""{"nested": [1, 2]}"""),
                "another_new_field" to JsonParser.parseString("\"x\""),
            ),
            c.unknownFields.mapValues { JsonParser.parseString(it.value) },
        )
        val expected = DOCS_CREDENTIAL.copy(
            acsCredentialId = "77777777-7777-7777-7777-777777777777",
            displayName = "Cloud Key",
            accessMethod = AccessMethod.Other("cloud_key"),
            externalType = ExternalType.Other("quantum_key"),
            isMultiPhoneSyncCredential = null,
            createdAt = ts("2024-04-23T07:00:00.000Z"),
            warnings = listOf(
                AcsCredentialWarning(
                    warningCode = AcsCredentialWarningCode.Other("brand_new_warning"),
                    message = "Something new.",
                    createdAt = ts("2024-04-23T07:00:01.000Z"),
                ),
            ),
        )
        assertEquals(expected, c.copy(otherMetadata = emptyMap(), unknownFields = emptyMap()))
    }

    @Test
    fun `an unknown key is Unauthorized with the request id`() {
        val e = fake.client(apiKey = "seam_wrong_key").use { client ->
            assertThrows<SeamException.Unauthorized> { assign(USER, CREDENTIAL, client) }
        }
        val requestId = notNull(e.requestId)
        assertTrue(requestId.matches(Regex("request[0-9]+")), requestId)
        assertEquals(
            "unauthorized: Seam did not accept the API key or personal access token (HTTP 401) (request id: $requestId)",
            e.message,
        )
        assertFalse(e.message.contains("seam_wrong_key"))
    }

    @Test
    fun `a token for another workspace is Unauthorized`() {
        fake.client(apiKey = null, personalAccessToken = PAT, workspaceId = MISSING).use { client ->
            assertThrows<SeamException.Unauthorized> { assign(USER, CREDENTIAL, client) }
        }
    }

    @Test
    fun `unknown ids are 404 Api errors naming what is missing`() {
        for ((user, credential, code) in listOf(
            Triple(MISSING, CREDENTIAL, "acs_user_not_found"),
            Triple(USER, MISSING, "acs_credential_not_found"),
        )) {
            val e = assertThrows<SeamException.Api> { assign(user, credential) }
            assertEquals(404, e.statusCode.toInt())
            assertEquals(code, e.code)
            assertTrue(e.reason.isNotBlank())
            assertTrue(e.validationErrors.isEmpty())
            val requestId = notNull(e.requestId)
            assertEquals("Seam API error $code (HTTP 404): ${e.reason} (request id: $requestId)", e.message)
        }
    }

    @Test
    fun `invalid_input carries the validation messages`() {
        fake.fault(
            JsonParser.parseString(
                """{"status": 400, "body": "{\"error\": {\"type\": \"invalid_input\", \"message\": \"Required for \\\"acs_user_id\\\"\", \"validation_errors\": {\"_errors\": [], \"acs_user_id\": {\"_errors\": [\"Required\"]}}}, \"ok\": false}"}""",
            ).asJsonObject,
        )
        val e = assertThrows<SeamException.Api> { assign(USER, CREDENTIAL) }
        assertEquals(400, e.statusCode.toInt())
        assertEquals("invalid_input", e.code)
        assertEquals("Required for \"acs_user_id\"", e.reason)
        assertEquals(mapOf("acs_user_id" to listOf("Required")), e.validationErrors)
        assertEquals(
            "Seam API error invalid_input (HTTP 400): Required for \"acs_user_id\" (request id: ${e.requestId})",
            e.message,
        )
        assertNotNull(e.requestId)
    }

    @Test
    fun `the docs' truncated UUID is rejected before anything is sent`() {
        val e = assertThrows<SeamException.InvalidInput> { assign(USER, "66666666-6666-6666-6666-66666666") }
        assertEquals("acs_credential_id", e.parameter)
        assertTrue(e.reason.contains("truncated"), e.reason)
        assertTrue(e.reason.contains("\"66666666-6666-6666-6666-66666666\""), e.reason)
        assertEquals("invalid acs_credential_id: ${e.reason}", e.message)
        assertEquals(0, fake.assignCount())
        assertNull(fake.lastRequest())
    }

    @Test
    fun `conflicting or missing configuration is a Config error`() {
        val both = assertThrows<SeamException.Config> {
            Seam(apiKey = API_KEY, personalAccessToken = PAT, endpoint = fake.url)
        }
        assertEquals("configuration error: both api_key and personal_access_token were given: pass only one", both.message)
        val remote = assertThrows<SeamException.Config> { Seam(apiKey = API_KEY, endpoint = "http://example.com") }
        assertEquals("configuration error: ${remote.reason}", remote.message)
        assertFalse(remote.message.contains(API_KEY))
        val noWorkspace = assertThrows<SeamException.Config> {
            Seam(personalAccessToken = PAT, endpoint = fake.url)
        }
        assertTrue(noWorkspace.reason.contains("workspace"), noWorkspace.reason)
    }

    /**
     * One error of each variant: its fields, and `message` (= `toString()`) is the core's Display
     * sentence, not UniFFI's field dump.
     */
    @Test
    fun `every exception's message is the core's Display sentence`() {
        val errors = mutableListOf<SeamException>()
        errors += assertThrows<SeamException.InvalidInput> { assign("", CREDENTIAL) }
        errors += assertThrows<SeamException.Config> { Seam(apiKey = "seam at", endpoint = fake.url) }
        errors += fake.client(apiKey = "seam_wrong_key").use { c ->
            assertThrows<SeamException.Unauthorized> { assign(USER, CREDENTIAL, c) }
        }
        errors += assertThrows<SeamException.Api> { assign(MISSING, CREDENTIAL) }
        fake.fault(JsonParser.parseString("""{"status": 200, "body": "<html>not json</html>"}""").asJsonObject)
        errors += assertThrows<SeamException.InvalidResponse> { assign(USER, CREDENTIAL) }
        fake.fault(JsonParser.parseString("""{"delay_ms": 2000}""").asJsonObject)
        errors += fake.client(timeout = Duration.ofMillis(300)).use { c ->
            assertThrows<SeamException.Timeout> { assign(USER, CREDENTIAL, c) }
        }
        errors += Seam(apiKey = API_KEY, endpoint = closedPortUrl(), maxRetries = 0u).use { c ->
            assertThrows<SeamException.Network> { assign(USER, CREDENTIAL, c) }
        }
        // Seven variants (expectedDisplay's exhaustive `when` stops compiling if one is added).
        assertEquals(7, errors.map { it::class }.toSet().size)
        for (e in errors) {
            assertEquals(expectedDisplay(e), e.message, e::class.simpleName)
            assertEquals(e.message, e.toString())
            assertEquals(e.message, e.localizedMessage)
            val message = notNull(e.message, "message")
            assertFalse(Regex("(reason|parameter|requestId|statusCode)=").containsMatchIn(message), "field dump: $message")
            assertFalse(message.contains(API_KEY), message)
        }
        val ir = errors.filterIsInstance<SeamException.InvalidResponse>().single()
        assertEquals(200, ir.statusCode.toInt())
        assertTrue(ir.reason.contains("not JSON"), ir.reason)
        assertNotNull(ir.requestId)
    }

    @Test
    fun `one client serves 8 threads doing 500 assigns each`() {
        val failures = Collections.synchronizedList(mutableListOf<Throwable>())
        val go = CountDownLatch(1)
        val threads = (1..8).map {
            Thread {
                go.await()
                try {
                    repeat(500) {
                        val c = seam.acs.credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL)
                        check(c.acsUserId == USER)
                    }
                } catch (e: Throwable) {
                    failures += e
                }
            }.apply { start() }
        }
        go.countDown()
        threads.forEach { it.join() }
        assertTrue(failures.isEmpty(), "failures: ${failures.take(3)}")
        assertEquals(4000, fake.assignCount())
    }

    @Test
    fun `use closes the client and a closed client refuses calls`() {
        val client = fake.client()
        val credential = client.use { it.acs.credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL) }
        assertEquals(CREDENTIAL, credential.acsCredentialId)
        assertTrue(client.uniffiIsDestroyed)
        assertThrows<IllegalStateException> { assign(USER, CREDENTIAL, client) }
        client.close() // closing twice is harmless
        val viaAutoCloseable: AutoCloseable = fake.client()
        viaAutoCloseable.use { }
        assertTrue((viaAutoCloseable as Seam).uniffiIsDestroyed)
    }

    @Test
    fun `nothing on the assign path holds a native object`() {
        for (type in listOf(Acs::class, AcsCredentials::class, AcsCredential::class)) {
            assertFalse(Disposable::class.java.isAssignableFrom(type.java), "$type is Disposable")
            assertFalse(AutoCloseable::class.java.isAssignableFrom(type.java), "$type is AutoCloseable")
        }
    }
}

/** The core's Display of each variant (core/src/error.rs), written out from the error's fields. */
fun expectedDisplay(e: SeamException): String {
    fun rid(id: String?) = if (id == null) "" else " (request id: $id)"
    return when (e) {
        is SeamException.InvalidInput -> "invalid ${e.parameter}: ${e.reason}"
        is SeamException.Config -> "configuration error: ${e.reason}"
        is SeamException.Unauthorized ->
            "unauthorized: Seam did not accept the API key or personal access token (HTTP 401)${rid(e.requestId)}"
        is SeamException.Api -> "Seam API error ${e.code} (HTTP ${e.statusCode}): ${e.reason}${rid(e.requestId)}"
        is SeamException.InvalidResponse ->
            "invalid response from Seam (HTTP ${e.statusCode}): ${e.reason}${rid(e.requestId)}"
        is SeamException.Timeout -> "timed out: ${e.reason}"
        is SeamException.Network -> "network error: ${e.reason}"
    }
}

/** [value], or a failure saying what was missing. */
fun <T : Any> notNull(value: T?, what: String = "value"): T = value ?: fail("$what is null")
