package co.seam.core.tests

import co.seam.core.AsyncSeam
import co.seam.core.SeamException
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.time.Duration
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger

/** Milliseconds since [startNanos]. */
private fun msSince(startNanos: Long) = (System.nanoTime() - startNanos) / 1_000_000

/**
 * `AsyncSeam`: concurrency on the worker pool, cancellation, timeouts, and main-safety
 * (a suspend call never blocks the dispatcher it is made from). The bounds are generous:
 * they prove concurrency, they are not benchmarks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncTest {
    private val fake = FakeSeam()
    private val seam = fake.asyncClient()

    @AfterAll
    fun stop() {
        seam.close()
        fake.close()
    }

    @BeforeEach
    fun reset() = fake.reset()

    private fun delayAssigns(count: Int, ms: Int) = fake.fault(mapOf("route" to ASSIGN, "count" to count, "delay_ms" to ms))

    /** Polls [condition] until it holds or [timeoutMs] pass; returns whether it held. */
    private suspend fun eventually(timeoutMs: Long = 5_000, condition: () -> Boolean): Boolean {
        val start = System.nanoTime()
        while (msSince(start) < timeoutMs) {
            if (condition()) return true
            delay(10)
        }
        return condition()
    }

    @Test
    fun `200 assigns delayed 200 ms each run concurrently on one client`() = runBlocking {
        delayAssigns(200, 200)
        val credentials = seam.acs.credentials
        val start = System.nanoTime()
        val results = (1..200).map { async { credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL) } }.awaitAll()
        val elapsed = msSince(start)
        assertTrue(elapsed < 5_000, "200 delayed assigns took $elapsed ms (one after another: 40000 ms)")
        assertEquals(List(200) { DOCS_CREDENTIAL }, results)
        assertEquals(200, fake.count(ASSIGN))
    }

    @Test
    fun `200 assigns delayed 200 ms each spread over 8 clients`() = runBlocking {
        delayAssigns(200, 200)
        val clients = (1..8).map { fake.asyncClient() }
        try {
            val start = System.nanoTime()
            val results = (0 until 200).map { i ->
                async { clients[i % 8].acs.credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL) }
            }.awaitAll()
            val elapsed = msSince(start)
            assertTrue(elapsed < 5_000, "took $elapsed ms")
            assertEquals(List(200) { DOCS_CREDENTIAL }, results)
            assertEquals(200, fake.count(ASSIGN))
        } finally {
            clients.forEach { it.close() }
        }
    }

    @Test
    fun `cancelling 100 calls in flight returns at once and the client stays usable`() = runBlocking {
        AsyncSeam(apiKey = API_KEY, endpoint = fake.url, workerThreads = 8).use { client ->
            delayAssigns(100, 1_000)
            val credentials = client.acs.credentials
            val failures = AtomicInteger()
            val cancelled = AtomicInteger()
            val job = launch(Dispatchers.Default) {
                repeat(100) {
                    launch {
                        try {
                            credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL)
                        } catch (e: CancellationException) {
                            cancelled.incrementAndGet()
                            throw e
                        } catch (e: Throwable) {
                            failures.incrementAndGet()
                        }
                    }
                }
            }
            // 8 calls sent (each on a worker), 92 waiting for one.
            assertTrue(eventually { client.workerStats().let { it.busy == 8u && it.queued == 92u } }, "${client.workerStats()}")
            val start = System.nanoTime()
            job.cancelAndJoin()
            val elapsed = msSince(start)
            assertTrue(elapsed < 500, "cancelling took $elapsed ms")
            assertEquals(100, cancelled.get())
            assertEquals(0, failures.get())
            // The 8 already sent run to their end; the 92 queued are never sent.
            assertTrue(eventually { client.workerStats().busy == 0u && client.workerStats().queued == 0u }, "${client.workerStats()}")
            assertEquals(8, fake.count(ASSIGN))
            assertEquals(DOCS_CREDENTIAL, credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL))
            assertEquals(9, fake.count(ASSIGN))
        }
    }

    @Test
    fun `a call past the client's timeout raises Timeout`() = runBlocking {
        delayAssigns(1, 3_000)
        fake.asyncClient(timeout = Duration.ofMillis(300)).use { client ->
            val start = System.nanoTime()
            val e = assertThrowsSuspend<SeamException.Timeout> {
                client.acs.credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL)
            }
            assertTrue(msSince(start) < 2_000, "the timeout took ${msSince(start)} ms")
            assertOneSentence(e, e.reason)
        }
    }

    @Test
    fun `a suspend call does not block a single-threaded dispatcher`() {
        val executor = Executors.newSingleThreadExecutor { Thread(it, "main-like") }
        val mainLike = executor.asCoroutineDispatcher()
        try {
            delayAssigns(1, 500)
            runBlocking {
                withContext(mainLike) {
                    val ticks = AtomicInteger()
                    val ticker = launch {
                        while (isActive) {
                            ticks.incrementAndGet()
                            delay(10)
                        }
                    }
                    val start = System.nanoTime()
                    val credential = seam.acs.credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL)
                    val elapsed = msSince(start)
                    // Resumed on the caller's dispatcher, after the delayed answer.
                    assertTrue(Thread.currentThread().name.startsWith("main-like"), Thread.currentThread().name)
                    ticker.cancelAndJoin()
                    assertEquals(DOCS_CREDENTIAL, credential)
                    assertTrue(elapsed >= 500, "the call took $elapsed ms: was it delayed?")
                    // ~50 ticks if the thread stayed free, 1 if the call held it; 10 leaves room
                    // for a busy machine.
                    assertTrue(ticks.get() >= 10, "${ticks.get()} ticks in $elapsed ms: the dispatcher was blocked")
                }
            }
        } finally {
            mainLike.close()
        }
    }

    @Test
    fun `calls beyond the worker threads wait their turn instead of failing`() = runBlocking {
        AsyncSeam(apiKey = API_KEY, endpoint = fake.url, workerThreads = 2).use { client ->
            delayAssigns(6, 200)
            val credentials = client.acs.credentials
            val start = System.nanoTime()
            val calls = (1..6).map { async(start = CoroutineStart.DEFAULT) { credentials.assign(USER, CREDENTIAL) } }
            assertTrue(eventually { client.workerStats().queued > 0u }, "${client.workerStats()}")
            assertEquals(2u, client.workerStats().maxThreads)
            assertTrue(client.workerStats().threads <= 2u)
            assertEquals(List(6) { DOCS_CREDENTIAL }, calls.awaitAll())
            assertTrue(msSince(start) >= 600, "6 calls on 2 threads, 200 ms each, took ${msSince(start)} ms")
        }
    }

    @Test
    fun `the docs' call in suspend form`() = runBlocking {
        withTimeout(10_000) {
            coroutineScope {
                val credential = seam.acs.credentials.assign(
                    acsUserId = "33333333-3333-3333-3333-333333333333",
                    acsCredentialId = "66666666-6666-6666-6666-666666666666",
                )
                assertEquals(DOCS_CREDENTIAL, credential)
            }
        }
        assertEquals("PATCH", notNull(fake.lastRequest()).method)
    }
}
