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

package co.seam.bench

import co.seam.core.AcsCredential
import co.seam.core.AsyncSeam
import co.seam.core.Seam
import co.seam.core.acs
import co.seam.core.credentials
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

private fun bulk(url: String, n: Int, inFlight: Int): Double = runBlocking {
    AsyncSeam(apiKey = API_KEY, endpoint = url).use { seam ->
        val gate = Semaphore(inFlight)
        val start = System.nanoTime()
        coroutineScope {
            repeat(n) {
                launch {
                    gate.withPermit {
                        verify(seam.acs.credentials.assign(acsUserId = ACS_USER, acsCredentialId = ACS_CREDENTIAL))
                    }
                }
            }
        }
        (System.nanoTime() - start) / 1e9
    }
}

fun main() {
    val url = System.getenv("SEAM_BENCH_URL") ?: error("set SEAM_BENCH_URL")
    Seam(apiKey = API_KEY, endpoint = url).use { seam ->
        val credentials = seam.acs.credentials
        val statusReuse = StatusReuse(credentials)
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
                    val secs = bulk(url, n, words[2].toInt())
                    reply("{\"calls\": $n, \"secs\": $secs}")
                }
                "quit" -> break
                else -> error("unknown command $words")
            }
        }
    }
}
