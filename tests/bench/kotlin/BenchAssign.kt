// Benchmark driver for scripts/bench: the Kotlin binding (co.seam.core) against the fake-seam at
// $SEAM_BENCH_URL, speaking the driver protocol of tests/bench/README.md on stdin/stdout.
//
// scripts/bench compiles it together with a copy of bindings/kotlin (same pom.xml, release core)
// and runs it with a fixed, pre-touched heap so that RSS growth shows native memory only.

package co.seam.bench

import co.seam.core.Seam
import co.seam.core.acs
import java.io.File

private const val API_KEY = "seam_apikey1_token"
private const val ACS_USER = "33333333-3333-3333-3333-333333333333"
private const val ACS_CREDENTIAL = "66666666-6666-6666-6666-666666666666"

private fun rssKib(): Long? =
    File("/proc/self/status").readLines()
        .firstOrNull { it.startsWith("VmRSS:") }
        ?.split(Regex("\\s+"))?.getOrNull(1)?.toLongOrNull()

fun main() {
    val url = System.getenv("SEAM_BENCH_URL") ?: error("set SEAM_BENCH_URL")
    Seam(apiKey = API_KEY, endpoint = url).use { seam ->
        val credentials = seam.acs.credentials
        val call = {
            val credential = credentials.assign(acsUserId = ACS_USER, acsCredentialId = ACS_CREDENTIAL)
            check(credential.acsCredentialId == ACS_CREDENTIAL) { "assign returned another credential" }
        }
        call()
        val out = System.out
        fun reply(json: String) {
            out.println(json)
            out.flush()
        }
        reply("{\"ready\": true, \"contender\": \"kotlin\", \"pid\": ${ProcessHandle.current().pid()}}")
        while (true) {
            val words = readlnOrNull()?.trim()?.split(" ") ?: break
            when (words[0]) {
                "run" -> {
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
                "quit" -> break
                else -> error("unknown command $words")
            }
        }
    }
}
