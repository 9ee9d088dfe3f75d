// Benchmark driver for scripts/bench: the Kotlin binding (co.seam.core) against the fake-seam at
// $SEAM_BENCH_URL, speaking the driver protocol of tests/bench/README.md on stdin/stdout.
//
// Variants of `run` and `calls`: `docs` is the docs' spelling, `seam.acs.credentials.assign(…)`
// on every call (each `acs` and `credentials` read makes a native handle); `hoisted` keeps
// `val credentials = seam.acs.credentials` and calls it; `status` is the experiment of
// StatusReuse.kt (the generated FFI calls with one reused call status). `bulk N C async` suspends N assigns of
// an AsyncSeam, at most C in flight (a coroutine semaphore), on one thread (runBlocking);
// `bulk N C attached` is an experiment: the same after telling JNA to keep the core's worker
// threads attached to the JVM between the callbacks that resume the coroutines (by default JNA
// attaches a native thread for each callback and detaches it after). It stays so for the process.
//
// scripts/bench compiles it together with a copy of bindings/kotlin (same pom.xml, so Java 8
// bytecode and API) and runs it with a fixed, pre-touched heap so that RSS growth shows native
// memory only.
//
// Bulk reads: `walk SECS LIMIT`, `walk-pages LIMIT PAGES PAUSE_MS` and `walk-memory LIMIT` walk the
// credentials with `seam.acs.credentials.listAll(limit = …).asSequence()`, reading each one's id
// (tests/bench/README.md). A bulk call that throws is counted, not retried.
//
// Written for the generated Kotlin facades (`co.seam.core.Seam` over UniFFI's `NativeSeam`, the
// walkers' `asSequence()`), the Kotlin layer of the `kotlin` branch.

package co.seam.bench

import co.seam.core.AcsCredential
import co.seam.core.AsyncSeam
import co.seam.core.Seam
import co.seam.core.asSequence
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import com.sun.jna.CallbackThreadInitializer
import com.sun.jna.Native
import java.io.File

private const val API_KEY = "seam_apikey1_token"
private const val ACS_USER = "33333333-3333-3333-3333-333333333333"
private const val ACS_CREDENTIAL = "66666666-6666-6666-6666-666666666666"

private fun rssKib(): Long? =
    File("/proc/self/status").readLines()
        .firstOrNull { it.startsWith("VmRSS:") }
        ?.split(Regex("\\s+"))?.getOrNull(1)?.toLongOrNull()

// Java 8's API has no ProcessHandle: /proc/self names this process.
private fun pid(): String = File("/proc/self").canonicalFile.name

private fun verify(credential: AcsCredential) {
    check(credential.acsCredentialId == ACS_CREDENTIAL && credential.acsUserId == ACS_USER) {
        "assign returned another credential"
    }
}

private class BulkOutcome(val secs: Double, val failed: Int, val error: String?)

private fun bulk(url: String, n: Int, inFlight: Int): BulkOutcome = runBlocking {
    AsyncSeam(apiKey = API_KEY, endpoint = url).use { seam ->
        val gate = Semaphore(inFlight)
        val failed = java.util.concurrent.atomic.AtomicInteger()
        val firstError = java.util.concurrent.atomic.AtomicReference<String?>(null)
        val start = System.nanoTime()
        coroutineScope {
            repeat(n) {
                launch {
                    gate.withPermit {
                        try {
                            verify(seam.acs.credentials.assign(acsUserId = ACS_USER, acsCredentialId = ACS_CREDENTIAL))
                        } catch (e: Exception) {
                            failed.incrementAndGet()
                            firstError.compareAndSet(null, e.toString())
                        }
                    }
                }
            }
        }
        BulkOutcome((System.nanoTime() - start) / 1e9, failed.get(), firstError.get())
    }
}

/** Every credential, [limit] a page; [each] gets each one's id and stops the walk with false. */
private fun walk(seam: Seam, limit: Int, each: (String) -> Boolean): Int {
    var items = 0
    for (credential in seam.acs.credentials.listAll(limit = limit).asSequence()) {
        check(credential.acsCredentialId.isNotEmpty()) { "a credential without an id" }
        items++
        if (!each(credential.acsCredentialId)) break
    }
    return items
}

private fun jsonText(value: String?): String =
    if (value == null) "null" else "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\""

fun main() {
    val url = System.getenv("SEAM_BENCH_URL") ?: error("set SEAM_BENCH_URL")
    Seam(apiKey = API_KEY, endpoint = url).use { seam ->
        val credentials = seam.acs.credentials
        val statusReuse = StatusReuse(seam.native.acs().credentials())
        val variants = mapOf(
            "docs" to { verify(seam.acs.credentials.assign(acsUserId = ACS_USER, acsCredentialId = ACS_CREDENTIAL)) },
            "hoisted" to { verify(credentials.assign(acsUserId = ACS_USER, acsCredentialId = ACS_CREDENTIAL)) },
            "status" to { verify(statusReuse.assign(ACS_USER, ACS_CREDENTIAL)) },
        )
        fun variant(words: List<String>, at: Int): () -> Unit {
            val name = words.getOrElse(at) { "docs" }
            return variants[name] ?: error("unknown variant $name")
        }
        variants.values.forEach { it() }
        val out = System.out
        fun reply(json: String) {
            out.println(json)
            out.flush()
        }
        reply("{\"ready\": true, \"contender\": \"kotlin\", \"pid\": ${pid()}}")
        while (true) {
            val words = readlnOrNull()?.trim()?.split(" ") ?: break
            when (words[0]) {
                "run" -> {
                    val call = variant(words, 2)
                    val budget = (words[1].toDouble() * 1e9).toLong()
                    var calls = 0L
                    val start = System.nanoTime()
                    var elapsed: Long
                    do {
                        call()
                        calls++
                        elapsed = System.nanoTime() - start
                    } while (elapsed < budget)
                    reply("{\"calls\": $calls, \"secs\": ${elapsed / 1e9}}")
                }
                "calls" -> {
                    val call = variant(words, 2)
                    val n = words[1].toLong()
                    System.gc()
                    val before = rssKib()
                    val start = System.nanoTime()
                    for (i in 0 until n) call()
                    val secs = (System.nanoTime() - start) / 1e9
                    System.gc()
                    val after = rssKib()
                    reply("{\"calls\": $n, \"secs\": $secs, \"rss_before_kib\": $before, \"rss_after_kib\": $after}")
                }
                "bulk" -> {
                    val mode = words.getOrNull(3)
                    check(mode == "async" || mode == "attached") { "Kotlin's bulk variants are async and attached" }
                    if (mode == "attached") {
                        Native.setCallbackThreadInitializer(
                            co.seam.core.uniffiRustFutureContinuationCallbackImpl,
                            CallbackThreadInitializer(true, false, "seam-core-callback"),
                        )
                    }
                    val n = words[1].toInt()
                    val outcome = bulk(url, n, words[2].toInt())
                    reply("{\"calls\": ${n - outcome.failed}, \"failed\": ${outcome.failed}, \"error\": ${jsonText(outcome.error)}, \"secs\": ${outcome.secs}}")
                }
                "walk" -> {
                    val budget = (words[1].toDouble() * 1e9).toLong()
                    val limit = words[2].toInt()
                    var items = 0L
                    var walks = 0
                    val start = System.nanoTime()
                    do {
                        items += walk(seam, limit) { true }
                        walks++
                    } while (System.nanoTime() - start < budget)
                    reply("{\"items\": $items, \"walks\": $walks, \"secs\": ${(System.nanoTime() - start) / 1e9}}")
                }
                "walk-pages" -> {
                    val limit = words[1].toInt()
                    val pages = words[2].toInt()
                    val pauseMs = words[3].toDouble().toLong()
                    var seen = 0
                    val start = System.nanoTime()
                    val items = walk(seam, limit) {
                        seen++
                        if (seen % limit == 0) Thread.sleep(pauseMs)
                        seen < pages * limit
                    }
                    check(items == pages * limit) { "walked $items credentials, ${pages * limit} expected" }
                    reply("{\"items\": $items, \"secs\": ${(System.nanoTime() - start) / 1e9}}")
                }
                "walk-memory" -> {
                    val limit = words[1].toInt()
                    System.gc()
                    val before = rssKib() ?: 0L
                    var largest = before
                    var seen = 0
                    val start = System.nanoTime()
                    val items = walk(seam, limit) {
                        seen++
                        if (seen % limit == 0) largest = maxOf(largest, rssKib() ?: 0L)
                        true
                    }
                    val secs = (System.nanoTime() - start) / 1e9
                    System.gc()
                    val after = rssKib() ?: 0L
                    reply("{\"items\": $items, \"secs\": $secs, \"rss_before_kib\": $before, \"rss_max_kib\": ${maxOf(largest, after)}, \"rss_after_kib\": $after}")
                }
                "quit" -> break
                else -> error("unknown command $words")
            }
        }
    }
}
