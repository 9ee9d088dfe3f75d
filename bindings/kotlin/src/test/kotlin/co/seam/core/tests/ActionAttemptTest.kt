package co.seam.core.tests

import co.seam.core.AccessMethod
import co.seam.core.AcsCredential
import co.seam.core.ActionAttempt
import co.seam.core.ActionAttemptResult
import co.seam.core.ActionAttemptStatus
import co.seam.core.ActionType
import co.seam.core.AsyncSeam
import co.seam.core.Seam
import co.seam.core.SeamException
import co.seam.core.WaitOptions
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.time.Duration

private const val POLL = "/action_attempts/get"
private const val ENCODE = "/acs/encoders/encode_credential"

/**
 * The encoder's calls on one client kind: Kotlin has no call by name, so each kind has its typed
 * calls here (the suspend ones run in `runBlocking`, the blocking ones as they are).
 */
private class EncoderCalls(
    val name: String,
    val encode: suspend (credentialId: String, wait: WaitOptions?) -> ActionAttempt,
    val failNextEncode: suspend () -> Unit,
    val attempt: suspend (id: String) -> ActionAttempt,
    val credential: suspend (id: String) -> AcsCredential,
    val newCard: suspend () -> AcsCredential,
)

/**
 * Calls that answer an action attempt wait for it by default: the encoded credential comes
 * back; a failing encoder throws `ActionAttemptFailed`, a stuck one `ActionAttemptTimeout`, both
 * carrying the attempt; not waiting returns it pending; a 429 while polling is retried; a wait
 * that would never end is refused before anything is sent. Each with the blocking and the
 * suspending client; cancelling a suspend call's coroutine stops its polling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActionAttemptTest {
    private val fake = FakeSeam()
    private val seam: Seam = fake.client()
    private val asyncSeam: AsyncSeam = fake.asyncClient()

    private val clients = listOf(
        EncoderCalls(
            "blocking",
            { id, wait -> seam.acs.encoders.encodeCredential(acsEncoderId = ENCODER, acsCredentialId = id, waitForActionAttempt = wait) },
            { seam.acs.encoders.simulate.nextCredentialEncodeWillFail(acsEncoderId = ENCODER) },
            { id -> seam.actionAttempts.get(actionAttemptId = id) },
            { id -> seam.acs.credentials.get(acsCredentialId = id) },
            { seam.acs.credentials.create(accessMethod = AccessMethod.Card, acsUserId = USER) },
        ),
        EncoderCalls(
            "suspend",
            { id, wait -> asyncSeam.acs.encoders.encodeCredential(acsEncoderId = ENCODER, acsCredentialId = id, waitForActionAttempt = wait) },
            { asyncSeam.acs.encoders.simulate.nextCredentialEncodeWillFail(acsEncoderId = ENCODER) },
            { id -> asyncSeam.actionAttempts.get(actionAttemptId = id) },
            { id -> asyncSeam.acs.credentials.get(acsCredentialId = id) },
            { asyncSeam.acs.credentials.create(accessMethod = AccessMethod.Card, acsUserId = USER) },
        ),
    ).associateBy { it.name }

    @AfterAll
    fun stop() {
        seam.close()
        asyncSeam.close()
        fake.close()
    }

    @BeforeEach
    fun reset() = fake.reset()

    @ParameterizedTest(name = "encoding waits and answers the encoded credential ({0} client)")
    @ValueSource(strings = ["blocking", "suspend"])
    fun `encoding waits and answers the encoded credential`(kind: String) = runBlocking {
        val calls = clients.getValue(kind)
        val card = calls.newCard()
        assertTrue(card.isIssued != true, "a new card is not issued yet: $card")
        val attempt = calls.encode(card.acsCredentialId, null)
        assertEquals(ActionAttemptStatus.Success, attempt.status)
        assertEquals(ActionType.EncodeCredential, attempt.actionType)
        assertNull(attempt.error)
        val encoded = (attempt.result as? ActionAttemptResult.EncodeCredential)?.value
            ?: throw AssertionError("the result is not an encoded credential: ${attempt.result}")
        assertEquals(card.acsCredentialId, encoded.acsCredentialId)
        assertEquals(true, encoded.isIssued)
        assertNotNull(encoded.issuedAt)
        assertEquals(1, fake.count(ENCODE))
        assertTrue(fake.count(POLL) >= 1, "the attempt was never polled")
        // The result is the credential as stored now, and the attempt reads the same later.
        assertEquals(encoded, calls.credential(card.acsCredentialId))
        assertEquals(attempt, calls.attempt(attempt.actionAttemptId))
    }

    @ParameterizedTest(name = "a failing encoder throws ActionAttemptFailed with the attempt ({0} client)")
    @ValueSource(strings = ["blocking", "suspend"])
    fun `a failing encoder throws ActionAttemptFailed with the attempt`(kind: String) = runBlocking {
        val calls = clients.getValue(kind)
        calls.failNextEncode()
        val e = assertThrowsSuspend<SeamException.ActionAttemptFailed> { calls.encode(PIN, null) }
        assertEquals("no_credential_on_encoder", e.code)
        assertEquals(ActionAttemptStatus.Error, e.actionAttempt.status)
        assertNull(e.actionAttempt.result)
        assertEquals("no_credential_on_encoder", e.actionAttempt.error?.errorType)
        assertOneSentence(e, e.actionAttempt.actionAttemptId, e.reason)
        assertEquals(1, fake.count(ENCODE))
    }

    @ParameterizedTest(name = "a stuck encoder times out within the timeout and one interval ({0} client)")
    @ValueSource(strings = ["blocking", "suspend"])
    fun `a stuck encoder times out within the timeout and one interval`(kind: String) = runBlocking {
        val calls = clients.getValue(kind)
        fake.actionAttempts(stuck = true)
        val wait = WaitOptions(timeout = Duration.ofMillis(600), pollingInterval = Duration.ofMillis(100))
        val started = System.nanoTime()
        val e = assertThrowsSuspend<SeamException.ActionAttemptTimeout> { calls.encode(PIN, wait) }
        val tookMs = (System.nanoTime() - started) / 1_000_000
        // The timeout, plus at most one interval, plus 400 ms for a busy machine's scheduling.
        assertTrue(tookMs in 600L until 600L + 100 + 400, "the wait took $tookMs ms")
        assertEquals(ActionAttemptStatus.Pending, e.actionAttempt.status)
        assertOneSentence(e, e.actionAttempt.actionAttemptId)
        // About one poll each 100 ms of the 600: fewer means it slept too long, more that it spun.
        val polls = fake.count(POLL)
        assertTrue(polls in 4..8, "$polls polls")
    }

    @ParameterizedTest(name = "not waiting answers the pending attempt without polling ({0} client)")
    @ValueSource(strings = ["blocking", "suspend"])
    fun `not waiting answers the pending attempt without polling`(kind: String) = runBlocking {
        val calls = clients.getValue(kind)
        fake.actionAttempts(delayMs = 200)
        val pending = calls.encode(PIN, WaitOptions(wait = false))
        assertEquals(ActionAttemptStatus.Pending, pending.status)
        assertNull(pending.result)
        assertNull(pending.error)
        assertEquals(0, fake.count(POLL))
        // It does end: the attempt was started, only not waited for.
        delay(300)
        val later = calls.attempt(pending.actionAttemptId)
        assertEquals(ActionAttemptStatus.Success, later.status)
        assertTrue(later.result is ActionAttemptResult.EncodeCredential, "${later.result}")
    }

    @ParameterizedTest(name = "a 429 while polling is retried and the encode is not repeated ({0} client)")
    @ValueSource(strings = ["blocking", "suspend"])
    fun `a 429 while polling is retried and the encode is not repeated`(kind: String) = runBlocking {
        val calls = clients.getValue(kind)
        fake.actionAttempts(delayMs = 150)
        fake.fault(mapOf("route" to POLL, "status" to 429, "headers" to mapOf("retry-after" to "0")))
        val done = calls.encode(PIN, null)
        assertEquals(ActionAttemptStatus.Success, done.status)
        assertEquals(1, fake.count(ENCODE))
        assertTrue(fake.count(POLL) >= 2, "the refused poll was not asked again: ${fake.count(POLL)} polls")
    }

    @ParameterizedTest(name = "a zero polling interval is refused before anything is sent ({0} client)")
    @ValueSource(strings = ["blocking", "suspend"])
    fun `a zero polling interval is refused before anything is sent`(kind: String) = runBlocking {
        val calls = clients.getValue(kind)
        val e = assertThrowsSuspend<SeamException.InvalidInput> {
            calls.encode(PIN, WaitOptions(pollingInterval = Duration.ZERO))
        }
        assertEquals("wait_for_action_attempt.polling_interval", e.parameter)
        assertEquals(0, fake.total())
    }

    @Test
    fun `a zero polling interval as the client's setting is a Config error`() {
        val zero = WaitOptions(pollingInterval = Duration.ZERO)
        assertThrows<SeamException.Config> { Seam(apiKey = API_KEY, endpoint = fake.url, waitForActionAttempt = zero) }
        assertThrows<SeamException.Config> { AsyncSeam(apiKey = API_KEY, endpoint = fake.url, waitForActionAttempt = zero) }
        assertEquals(0, fake.total())
    }

    @Test
    fun `cancelling a suspend call's coroutine stops its polling`() = runBlocking {
        fake.actionAttempts(stuck = true)
        val call = async(Dispatchers.Default) {
            asyncSeam.acs.encoders.encodeCredential(
                acsEncoderId = ENCODER,
                acsCredentialId = PIN,
                waitForActionAttempt = WaitOptions(timeout = Duration.ofSeconds(60), pollingInterval = Duration.ofMillis(50)),
            )
        }
        val deadline = System.nanoTime() + 10_000_000_000
        while (fake.count(POLL) < 3 && System.nanoTime() < deadline) delay(10)
        assertTrue(fake.count(POLL) >= 3, "the wait is not polling: ${fake.count(POLL)} polls")
        call.cancel()
        assertThrowsSuspend<CancellationException> { call.await() }
        val atCancel = fake.count(POLL)
        delay(500) // ten intervals
        // One poll may already have been under way when the coroutine was cancelled.
        val after = fake.count(POLL)
        assertTrue(after <= atCancel + 1, "polling went on after the cancel: $atCancel then $after polls")
        // The client goes on working.
        assertEquals(LOBBY, asyncSeam.acs.entrances.get(acsEntranceId = LOBBY).acsEntranceId)
    }
}
