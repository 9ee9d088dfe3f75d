package co.seam.core.tests

import co.seam.core.Event
import co.seam.core.EventType
import co.seam.core.Seam
import co.seam.core.SeamException
import co.seam.core.SeamWebhook
import co.seam.core.Webhook
import co.seam.core.WebhookException
import com.sun.net.httpserver.HttpServer
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.net.InetAddress
import java.net.InetSocketAddress
import java.security.SecureRandom
import java.time.Duration
import java.util.Base64
import java.util.concurrent.CopyOnWriteArrayList

/** One POST as received: the body's bytes and the headers (names as the server reports them). */
class Delivery(val body: ByteArray, val headers: Map<String, String>) {
    /** The headers by lower-case name. */
    val lower: Map<String, String> get() = headers.mapKeys { it.key.lowercase() }
}

/** An HTTP server on a free loopback port that keeps every POST it receives. */
class Receiver : AutoCloseable {
    val deliveries = CopyOnWriteArrayList<Delivery>()
    private val server = HttpServer.create(InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0)
    val url: String

    init {
        server.createContext("/") { exchange ->
            try {
                val body = exchange.requestBody.readBytes()
                deliveries += Delivery(body, exchange.requestHeaders.mapValues { (_, values) -> values.first() })
                exchange.sendResponseHeaders(204, -1)
            } finally {
                exchange.close()
            }
        }
        server.start()
        url = "http://127.0.0.1:${server.address.port}/seam-webhook"
    }

    /** The first [count] deliveries, waiting up to [timeoutMs] for them. */
    fun waitFor(count: Int, timeoutMs: Long = 10_000): List<Delivery> {
        val deadline = System.nanoTime() + timeoutMs * 1_000_000
        while (deliveries.size < count && System.nanoTime() < deadline) Thread.sleep(20)
        assertTrue(deliveries.size >= count, "${deliveries.size} deliveries, expected $count")
        return deliveries.take(count)
    }

    override fun close() = server.stop(0)
}

/** What verifying a case's delivery must give. */
sealed class Verdict {
    data class Verified(val type: EventType) : Verdict()
    object NotGenuine : Verdict()
    object NotAnEvent : Verdict()
}

/** A delivery, the secret (and tolerance) it is verified with, and the verdict it must get. */
class WebhookCase(
    val name: String,
    val body: ByteArray,
    val headers: Map<String, String>,
    val secret: String,
    val expect: Verdict,
    val tolerance: Duration? = null,
)

/**
 * Webhooks end to end: a local HTTP receiver gets fake-seam's signed delivery after
 * `seam.webhooks.create(url = …)` and the creation of an ACS user; `SeamWebhook(secret).verify`
 * answers the typed `Event`. Variants of that delivery (and payloads signed by fake-seam's
 * `/_fake/sign_webhook` with the webhook's secret) are refused as `NotGenuine`, or as
 * `NotAnEvent` when signed but no event, and the secret never shows in an error's text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookTest {
    private val fake = FakeSeam()
    private val seam: Seam = fake.client()
    private val receiver = Receiver()
    private lateinit var webhook: Webhook
    private lateinit var secret: String
    private lateinit var userId: String
    private lateinit var delivery: Delivery

    @BeforeAll
    fun deliver() {
        webhook = seam.webhooks.create(url = receiver.url)
        assertEquals(receiver.url, webhook.url)
        secret = notNull(webhook.secret, "the webhook's secret")
        assertTrue(secret.startsWith("whsec_"), "the secret is not whsec_…")
        userId = seam.acs.users.create(fullName = "Jane Guest", acsSystemId = SYSTEM).acsUserId
        delivery = receiver.waitFor(1).single()
    }

    @AfterAll
    fun stop() {
        receiver.close()
        seam.close()
        fake.close()
    }

    @Test
    fun `a genuine delivery verifies to its typed event`() {
        val event = SeamWebhook(secret).use { it.verify(delivery.body, delivery.headers) }
        assertEquals(EventType.AcsUserCreated, event.eventType)
        assertEquals(SYSTEM, event.acsSystemId)
        assertEquals(userId, event.acsUserId)
        assertEquals(event, seam.events.get(eventId = event.eventId))
        // Header names in any letter case.
        val upper = delivery.headers.mapKeys { it.key.uppercase() }
        assertEquals(event, SeamWebhook(secret).use { it.verify(delivery.body, upper) })
    }

    @Test
    fun `fake-seam's signing gives the delivery's own signature`() {
        // The table below trusts /_fake/sign_webhook for its variants: it must sign as deliveries are signed.
        val h = delivery.lower
        val signed = fake.signWebhook(secret, String(delivery.body, Charsets.UTF_8), h.getValue("svix-id"), h.getValue("svix-timestamp").toLong())
        assertEquals(h.getValue("svix-id"), signed["svix-id"])
        assertEquals(h.getValue("svix-timestamp"), signed["svix-timestamp"])
        assertTrue(signed.getValue("svix-signature") in h.getValue("svix-signature").split(' '), "$signed vs $h")
    }

    private fun cases(): List<WebhookCase> {
        val h = delivery.lower
        val text = String(delivery.body, Charsets.UTF_8)
        val msgId = h.getValue("svix-id")
        val now = System.currentTimeMillis() / 1000
        val otherSecret = "whsec_" + Base64.getEncoder().encodeToString(ByteArray(24).also { SecureRandom().nextBytes(it) })

        /** [payload] signed by fake-seam with [key] at [at], under the delivery's message id. */
        fun signed(payload: String, at: Long = now, key: String = secret) = h + fake.signWebhook(key, payload, msgId, at)
        val good = signed(text).getValue("svix-signature")
        val forged = signed(text, key = otherSecret).getValue("svix-signature")
        val tampered = text.replace("acs_user.created", "acs_user.deleted")
        assertTrue(tampered != text, "the delivery names no acs_user.created")

        fun case(name: String, expect: Verdict, body: String = text, headers: Map<String, String> = h, key: String = secret, tolerance: Duration? = null) =
            WebhookCase(name, body.toByteArray(), headers, key, expect, tolerance)
        val created = Verdict.Verified(EventType.AcsUserCreated)
        return listOf(
            WebhookCase("the genuine delivery as received", delivery.body, delivery.headers, secret, created),
            case("the delivery signed again now by fake-seam", created, headers = signed(text)),
            case("a body changed in its event type", Verdict.NotGenuine, body = tampered),
            case("a body with one byte more", Verdict.NotGenuine, body = "$text "),
            case("another webhook's secret", Verdict.NotGenuine, key = otherSecret),
            case("signed with another secret", Verdict.NotGenuine, headers = signed(text, key = otherSecret)),
            case("signed right 6 minutes ago (the tolerance is 5)", Verdict.NotGenuine, headers = signed(text, now - 360)),
            case("signed right 6 minutes ahead", Verdict.NotGenuine, headers = signed(text, now + 360)),
            case("signed right a minute ago", created, headers = signed(text, now - 60)),
            case("signed right a minute ago, with a tolerance of 30 s", Verdict.NotGenuine, headers = signed(text, now - 60), tolerance = Duration.ofSeconds(30)),
            case("no svix-id", Verdict.NotGenuine, headers = h - "svix-id"),
            case("no svix-timestamp", Verdict.NotGenuine, headers = h - "svix-timestamp"),
            case("no svix-signature", Verdict.NotGenuine, headers = h - "svix-signature"),
            case("a timestamp that is not a number", Verdict.NotGenuine, headers = h + ("svix-timestamp" to "soon")),
            case("a signature of another version", Verdict.NotGenuine, headers = signed(text) + ("svix-signature" to good.replace("v1,", "v2,"))),
            case("only bad signatures", Verdict.NotGenuine, headers = signed(text) + ("svix-signature" to "$forged v1,AAAA v1,not-base64!")),
            // Svix lists one signature per key while keys rotate: one good one is enough.
            case("one good signature after a bad one", created, headers = signed(text) + ("svix-signature" to "v1,bad $good")),
            case("one good signature among bad ones", created, headers = signed(text) + ("svix-signature" to "$forged $good v1,AAAA")),
            case("signed but not JSON", Verdict.NotAnEvent, body = "not json", headers = signed("not json")),
            case("signed JSON without an event type", Verdict.NotAnEvent, body = """{"event_id": 5}""", headers = signed("""{"event_id": 5}""")),
            case("signed JSON that is no object", Verdict.NotAnEvent, body = "[]", headers = signed("[]")),
        )
    }

    @TestFactory
    fun `each delivery gets its verdict and no error shows the secret`(): List<DynamicTest> = cases().map { case ->
        DynamicTest.dynamicTest(case.name) {
            SeamWebhook(case.secret, case.tolerance).use { verifier ->
                when (val expect = case.expect) {
                    is Verdict.Verified -> {
                        val event: Event = verifier.verify(case.body, case.headers)
                        assertEquals(expect.type, event.eventType)
                        assertEquals(userId, event.acsUserId)
                    }
                    Verdict.NotGenuine -> assertShowsNoSecret(assertThrows<WebhookException.NotGenuine> { verifier.verify(case.body, case.headers) }, case.secret)
                    Verdict.NotAnEvent -> assertShowsNoSecret(assertThrows<WebhookException.NotAnEvent> { verifier.verify(case.body, case.headers) }, case.secret)
                }
            }
        }
    }

    private fun assertShowsNoSecret(e: WebhookException, secret: String) {
        val reason = when (e) {
            is WebhookException.NotGenuine -> e.reason
            is WebhookException.NotAnEvent -> e.reason
        }
        assertTrue(reason.isNotBlank(), "no reason: $e")
        val key = secret.removePrefix("whsec_")
        for (shown in listOf(e.message.orEmpty(), e.toString(), reason)) {
            assertFalse(secret in shown || key in shown, "the secret shows in: $shown")
        }
    }

    @Test
    fun `a webhook and a verifier show no secret`() {
        val key = secret.removePrefix("whsec_")
        for (shown in listOf(webhook.toString(), SeamWebhook(secret).use { it.toString() })) {
            assertFalse(secret in shown || key in shown, "the secret shows in: $shown")
        }
    }

    @Test
    fun `a secret that is no whsec_ base64 is a Config error that does not show it`() {
        for (bad in listOf("whsec_not base64!", "not-a-secret")) {
            val e = assertThrows<SeamException.Config> { SeamWebhook(bad) }
            assertFalse(bad in e.toString() || bad in e.message.orEmpty(), "the secret shows in: $e")
        }
    }
}
