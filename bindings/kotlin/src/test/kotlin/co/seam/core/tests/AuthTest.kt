package co.seam.core.tests

import co.seam.core.AccessMethod
import co.seam.core.Seam
import co.seam.core.SeamException
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/** Every call but list, which a client session may not make. */
private val NOT_FOR_A_CLIENT_SESSION: List<Pair<String, suspend (Calls) -> Any?>> = listOf(
    "assign" to { c -> c.assign(acsUserId = USER, acsCredentialId = CREDENTIAL) },
    "unassign" to { c -> c.unassign(acsUserId = USER, acsCredentialId = PIN) },
    "create" to { c -> c.create(AccessMethod.Code, acsUserId = USER) },
    "get" to { c -> c.get(PIN) },
    "update" to { c -> c.update(PIN, code = "1111") },
    "delete" to { c -> c.delete(PIN) },
    "listAccessibleEntrances" to { c -> c.listAccessibleEntrances(PIN) },
)

/**
 * Credentials: the API key, a personal access token with its workspace, a client session
 * token (what a mobile app holds), and the values an `apiKey` must not be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTest {
    private val fake = FakeSeam()

    @AfterAll
    fun stop() = fake.close()

    @BeforeEach
    fun reset() = fake.reset()

    private fun sessionClients(): List<Calls> = bothClients(fake) {
        it.client(apiKey = null, clientSessionToken = CLIENT_SESSION_TOKEN) to
            it.asyncClient(apiKey = null, clientSessionToken = CLIENT_SESSION_TOKEN)
    }

    @Test
    fun `the API key is sent as a bearer token, with the SDK's headers`() {
        fake.client().use { it.acs.credentials.get(CREDENTIAL) }
        val headers = notNull(fake.lastRequest()).headers
        assertEquals("Bearer $API_KEY", headers["authorization"])
        assertEquals("seam-core", headers["seam-sdk-name"])
        assertFalse(headers.containsKey("seam-workspace"))
        assertFalse(headers.containsKey("client-session-token"))
    }

    @Test
    fun `a personal access token sends its workspace`() {
        fake.client(apiKey = null, personalAccessToken = PAT, workspaceId = WORKSPACE).use {
            assertEquals(DOCS_CREDENTIAL, it.acs.credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL))
        }
        val headers = notNull(fake.lastRequest()).headers
        assertEquals("Bearer $PAT", headers["authorization"])
        assertEquals(WORKSPACE, headers["seam-workspace"])
    }

    @Test
    fun `a token for another workspace is Unauthorized`() {
        val e = fake.client(apiKey = null, personalAccessToken = PAT, workspaceId = MISSING).use {
            assertThrows<SeamException.Unauthorized> { it.acs.credentials.get(CREDENTIAL) }
        }
        assertOneSentence(e, notNull(e.requestId))
    }

    @TestFactory
    fun `a client session lists only its user's credentials`(): List<DynamicTest> = sessionClients().map { calls ->
        DynamicTest.dynamicTest("${calls.name} client") {
            fake.reset()
            runBlocking {
                val janes = calls.list().acsCredentials
                assertEquals(setOf(AKILES, WARNINGS_PIN, PIN), janes.map { it.acsCredentialId }.toSet())
                assertTrue(janes.all { it.acsUserId == USER || it.userIdentityId == IDENTITY }, janes.toString())
                // filtered and paged as usual, still only hers
                assertEquals(listOf(AKILES, WARNINGS_PIN, PIN), calls.listAll(limit = 1).map { it.acsCredentialId })
                assertEquals(listOf(PIN), calls.list(search = "Front Door").acsCredentials.map { it.acsCredentialId })
                assertEquals(emptyList<String>(), calls.list(acsUserId = OTHER_USER).acsCredentials.map { it.acsCredentialId })
            }
            val headers = notNull(fake.lastRequest()).headers
            assertEquals("Bearer $CLIENT_SESSION_TOKEN", headers["authorization"])
            assertEquals(CLIENT_SESSION_TOKEN, headers["client-session-token"])
            calls.close()
        }
    }

    @Test
    fun `every call but list is tried with a client session`() {
        assertEquals(apiCalls() - setOf("list", "listAll"), NOT_FOR_A_CLIENT_SESSION.map { it.first }.toSet())
    }

    @TestFactory
    fun `a client session may make no other call`(): List<DynamicTest> = sessionClients().flatMap { calls ->
        NOT_FOR_A_CLIENT_SESSION.map { (name, call) ->
            DynamicTest.dynamicTest("${calls.name} $name: forbidden") {
                fake.reset()
                val e = runBlocking { assertThrowsSuspend<SeamException.Api> { call(calls) } }
                assertEquals(403, e.statusCode.toInt())
                assertEquals("forbidden", e.code)
                assertOneSentence(e, e.code, e.reason, notNull(e.requestId))
                assertEquals(1, fake.total())
            }
        }
    }

    @Test
    fun `an apiKey that is another kind of credential, or no header value, is refused before anything is sent`() {
        val refused = listOf("seam_cst1_token", "seam_pk1_key", "eyJhbGciOiJIUzI1NiJ9.e30.x", "seam_at1_token", "seam_…", "seam key", "")
            .associateWith { key -> assertThrows<SeamException.Config> { Seam(apiKey = key, endpoint = fake.url) } }
        for ((key, e) in refused) {
            if (key.isNotEmpty()) assertFalse(e.reason.contains(key), e.reason)
            assertOneSentence(e, e.reason)
        }
        // Each kind of credential gets its own explanation.
        assertEquals(4, refused.values.take(4).map { it.reason }.toSet().size)
        assertEquals(0, fake.total())
    }

    @Test
    fun `conflicting or missing configuration is a Config error`() {
        assertThrows<SeamException.Config> { Seam(apiKey = API_KEY, personalAccessToken = PAT, endpoint = fake.url) }
        assertThrows<SeamException.Config> { Seam(apiKey = API_KEY, clientSessionToken = CLIENT_SESSION_TOKEN, endpoint = fake.url) }
        assertThrows<SeamException.Config> { Seam(personalAccessToken = PAT, endpoint = fake.url) }
        assertThrows<SeamException.Config> { Seam(clientSessionToken = API_KEY, endpoint = fake.url) }
        val remote = assertThrows<SeamException.Config> { Seam(apiKey = API_KEY, endpoint = "http://example.com") }
        assertOneSentence(remote, remote.reason)
        assertThrows<SeamException.Config> { Seam(apiKey = API_KEY, endpoint = fake.url, maxRetries = 11) }
        assertThrows<SeamException.Config> { Seam(apiKey = API_KEY, endpoint = fake.url, timeout = java.time.Duration.ZERO) }
        assertThrows<SeamException.Config> { co.seam.core.AsyncSeam(apiKey = API_KEY, endpoint = fake.url, workerThreads = 0) }
        assertEquals(0, fake.total())
    }
}
