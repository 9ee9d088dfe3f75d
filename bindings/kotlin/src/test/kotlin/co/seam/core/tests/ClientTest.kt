package co.seam.core.tests

import co.seam.core.Seam
import co.seam.core.SeamBuilder
import co.seam.core.SeamException
import co.seam.core.asFlow
import co.seam.core.asSequence
import co.seam.core.iterator
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.time.Duration
import java.util.Collections
import java.util.concurrent.CountDownLatch

/**
 * The clients themselves: closing, sharing across threads, the path handles
 * (`seam.acs`, `.credentials`), the Java builder, the endpoint, and each error variant's text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTest {
    private val fake = FakeSeam()

    @AfterAll
    fun stop() = fake.close()

    @BeforeEach
    fun reset() = fake.reset()

    @Test
    fun `use closes the client and a closed client refuses calls`() {
        val client = fake.client()
        val credential = client.use { it.acs.credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL) }
        assertEquals(CREDENTIAL, credential.acsCredentialId)
        assertTrue(client.native.uniffiIsDestroyed)
        assertThrows<IllegalStateException> { client.acs }
        client.close() // closing twice is harmless
        val asAutoCloseable: AutoCloseable = fake.asyncClient()
        asAutoCloseable.use { }
        assertThrows<IllegalStateException> { (asAutoCloseable as co.seam.core.AsyncSeam).acs }
    }

    @Test
    fun `each read of a path is a new handle to the same client`() {
        fake.client().use { seam ->
            assertNotSame(seam.acs, seam.acs)
            assertNotSame(seam.acs.credentials, seam.acs.credentials)
            // Closing a handle closes only that handle: the client and other handles go on.
            val handle = seam.acs.credentials
            handle.close()
            assertThrows<IllegalStateException> { handle.get(CREDENTIAL) }
            val acs = seam.acs
            acs.close()
            assertThrows<IllegalStateException> { acs.credentials }
            assertEquals(CREDENTIAL, seam.acs.credentials.get(CREDENTIAL).acsCredentialId)
        }
    }

    @Test
    fun `a handle kept after the client is closed still works, on the same connection settings`() {
        val seam = fake.client(timeout = Duration.ofMillis(300))
        val credentials = seam.acs.credentials
        seam.close()
        assertEquals(CREDENTIAL, credentials.get(CREDENTIAL).acsCredentialId)
        fake.fault(mapOf("route" to GET, "delay_ms" to 2_000))
        assertThrows<SeamException.Timeout> { credentials.get(CREDENTIAL) } // the client's timeout still applies
        credentials.close()
        val async = fake.asyncClient()
        val asyncCredentials = async.acs.credentials
        async.close()
        assertEquals(CREDENTIAL, runBlocking { asyncCredentials.get(CREDENTIAL) }.acsCredentialId)
        asyncCredentials.close()
    }

    @Test
    fun `one client serves 8 threads doing 500 assigns each`() {
        fake.client().use { seam ->
            val credentials = seam.acs.credentials
            val failures = Collections.synchronizedList(mutableListOf<Throwable>())
            val go = CountDownLatch(1)
            val threads = (1..8).map { n ->
                Thread {
                    go.await()
                    try {
                        repeat(500) { i ->
                            // half through a kept handle, half through the path each time
                            val c = if ((n + i) % 2 == 0) credentials else seam.acs.credentials
                            check(c.assign(acsUserId = USER, acsCredentialId = CREDENTIAL) == DOCS_CREDENTIAL)
                        }
                    } catch (e: Throwable) {
                        failures += e
                    }
                }.apply { start() }
            }
            go.countDown()
            threads.forEach { it.join() }
            assertTrue(failures.isEmpty(), "failures: ${failures.take(3)}")
            assertEquals(4000, fake.count(ASSIGN))
        }
    }

    @Test
    fun `the builder forwards every setting to the constructor`() {
        SeamBuilder().apiKey(API_KEY).endpoint(fake.url).timeout(Duration.ofSeconds(5)).maxRetries(0).build().use { seam ->
            assertEquals(fake.url, seam.endpoint().trimEnd('/'))
            seam.acs.credentials.get(CREDENTIAL)
        }
        assertEquals("Bearer $API_KEY", notNull(fake.lastRequest()).headers["authorization"])
        SeamBuilder().personalAccessToken(PAT).workspaceId(WORKSPACE).endpoint(fake.url).build().use { it.acs.credentials.get(CREDENTIAL) }
        assertEquals(WORKSPACE, notNull(fake.lastRequest()).headers["seam-workspace"])
        SeamBuilder().clientSessionToken(CLIENT_SESSION_TOKEN).endpoint(fake.url).build().use { it.acs.credentials.list() }
        assertEquals(CLIENT_SESSION_TOKEN, notNull(fake.lastRequest()).headers["client-session-token"])
        // maxRetries(0): one 503, no retry
        fake.fault(mapOf("route" to GET, "status" to 503, "count" to 3))
        val gets = fake.count(GET)
        SeamBuilder().apiKey(API_KEY).endpoint(fake.url).maxRetries(0).build().use { seam ->
            assertThrows<SeamException.Api> { seam.acs.credentials.get(CREDENTIAL) }
        }
        assertEquals(gets + 1, fake.count(GET))
        // timeout(…) is the client's bound
        fake.reset()
        fake.fault(mapOf("route" to GET, "delay_ms" to 2_000))
        SeamBuilder().apiKey(API_KEY).endpoint(fake.url).timeout(Duration.ofMillis(300)).build().use { seam ->
            assertThrows<SeamException.Timeout> { seam.acs.credentials.get(CREDENTIAL) }
        }
        assertThrows<SeamException.Config> { SeamBuilder().endpoint(fake.url).apiKey(null).personalAccessToken(PAT).build() }
    }

    @Test
    fun `listAll's pages as a for loop, a Sequence and a Flow, each read once`() {
        fake.client().use { seam ->
            val seen = mutableListOf<String>()
            for (credential in seam.acs.credentials.listAll(limit = 4)) seen += credential.acsCredentialId
            assertEquals(SEEDED, seen)
            val sequence = seam.acs.credentials.listAll(limit = 4).asSequence()
            assertEquals(SEEDED.take(2), sequence.take(2).map { it.acsCredentialId }.toList())
            assertThrows<IllegalStateException> { sequence.toList() }
            // Pages are fetched as they are read, at most one ahead: the first credential needs
            // the first page, and the core fetches the second while it is read (no third).
            val lists = fake.settledCount(LIST)
            seam.acs.credentials.listAll(limit = 4).asSequence().first()
            assertEquals(lists + 2, fake.settledCount(LIST))
        }
        fake.asyncClient().use { seam ->
            val flow = seam.acs.credentials.listAll(limit = 4).asFlow()
            runBlocking {
                assertEquals(SEEDED, flow.toList().map { it.acsCredentialId })
                assertThrowsSuspend<IllegalStateException> { flow.toList() }
                val lists = fake.settledCount(LIST)
                assertEquals(SEEDED.first(), seam.acs.credentials.listAll(limit = 4).asFlow().first().acsCredentialId)
                assertEquals(lists + 2, fake.settledCount(LIST))
            }
        }
    }

    @Test
    fun `both clients report their endpoint`() {
        fake.client().use { assertEquals(fake.url, it.endpoint().trimEnd('/')) }
        fake.asyncClient().use { assertEquals(fake.url, it.endpoint().trimEnd('/')) }
    }

    /** One error of each variant: its fields, and `message` (= `toString()`) is one sentence of them. */
    @Test
    fun `every exception's message is one sentence with its fields`() {
        fake.client().use { seam ->
            val credentials = seam.acs.credentials
            val invalid = assertThrows<SeamException.InvalidInput> { credentials.get("") }
            assertOneSentence(invalid, invalid.parameter, invalid.reason)
            val config = assertThrows<SeamException.Config> { Seam(apiKey = "seam at", endpoint = fake.url) }
            assertOneSentence(config, config.reason)
            val unauthorized = fake.client(apiKey = "seam_wrong_key").use { c ->
                assertThrows<SeamException.Unauthorized> { c.acs.credentials.get(CREDENTIAL) }
            }
            assertOneSentence(unauthorized, notNull(unauthorized.requestId))
            assertFalse(unauthorized.message.contains("seam_wrong_key"))
            val api = assertThrows<SeamException.Api> { credentials.get(MISSING) }
            assertOneSentence(api, api.code, api.reason, api.requestId, "404")
            fake.fault(mapOf("route" to GET, "status" to 200, "body" to "<html>not json</html>"))
            val invalidResponse = assertThrows<SeamException.InvalidResponse> { credentials.get(CREDENTIAL) }
            assertEquals(200, invalidResponse.statusCode.toInt())
            assertOneSentence(invalidResponse, invalidResponse.reason, invalidResponse.requestId)
            fake.fault(mapOf("route" to GET, "delay_ms" to 2_000))
            val timeout = fake.client(timeout = Duration.ofMillis(300)).use { c ->
                assertThrows<SeamException.Timeout> { c.acs.credentials.get(CREDENTIAL) }
            }
            assertOneSentence(timeout, timeout.reason)
            val network = Seam(apiKey = API_KEY, endpoint = closedPortUrl(), maxRetries = 0).use { c ->
                assertThrows<SeamException.Network> { c.acs.credentials.get(CREDENTIAL) }
            }
            assertOneSentence(network, network.reason)
            // Seven variants of a call's own (the two of a waited action attempt need an action
            // attempt endpoint of the fake): this `when` stops compiling if the core adds one.
            val all: List<SeamException> = listOf(invalid, config, unauthorized, api, invalidResponse, timeout, network)
            assertEquals(7, all.map {
                when (it) {
                    is SeamException.InvalidInput, is SeamException.Config, is SeamException.Unauthorized,
                    is SeamException.Api, is SeamException.InvalidResponse, is SeamException.Timeout,
                    is SeamException.Network, is SeamException.ActionAttemptFailed,
                    is SeamException.ActionAttemptTimeout -> it::class
                }
            }.toSet().size)
        }
    }
}
