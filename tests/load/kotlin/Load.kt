// Load driver of scripts/load for Kotlin: the calls of tests/load/workload.json as coroutines on
// one AsyncSeam (the generated suspend API), `in_flight` at a time (a coroutine semaphore),
// against the fake-seam at $SEAM_LOAD_URL while tests/load/run.py injects faults. Speaks the
// protocol of tests/load/README.md on stdin/stdout (one JSON object a line).
//
// scripts/load compiles it as the test source set of a copy of bindings/kotlin (its pom.xml:
// warnings are errors), and runs it with a fixed, pre-touched heap so that RSS growth shows
// native memory only.

package co.seam.load

import co.seam.core.AccessMethod
import co.seam.core.AsyncSeam
import co.seam.core.SeamException
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import kotlinx.coroutines.withTimeoutOrNull
import java.io.File
import java.time.Duration

private const val API_KEY = "seam_apikey1_token" // fake-seam's seeded key

/** A call of the mix: (its index in the run, its index among the calls of its name). */
private typealias Call = suspend (Int, Int) -> Any

private fun call(f: Call): Call = f

private fun rssKib(): Long {
    System.gc()
    val line = File("/proc/self/status").readLines().first { it.startsWith("VmRSS:") }
    return line.split(Regex("\\s+"))[1].toLong()
}

private fun reply(message: Map<String, Any?>) {
    println(Workload.json.writeValueAsString(message))
    System.out.flush()
}

private fun command(expected: String) {
    val line = readlnOrNull()?.trim()
    check(line == expected) { "expected the command $expected, got $line" }
}

private fun calls(seam: AsyncSeam, w: Workload, deleteTargets: List<String>): Map<String, Call> {
    val ids = w.ids
    val limit = w.listLimit
    val credentials = seam.acs.credentials
    val users = seam.acs.users
    val entrances = seam.acs.entrances
    val encoders = seam.acs.encoders
    val sessions = seam.clientSessions
    val identities = seam.userIdentities
    return mapOf(
        "acs.credentials.create" to call { i, _ ->
            credentials.create(AccessMethod.Code, acsUserId = ids.otherAcsUser, code = (1000 + i).toString())
        },
        "acs.credentials.get" to call { _, _ -> credentials.get(ids.pinCredential) },
        "acs.credentials.list" to call { _, _ -> credentials.list(acsUserId = ids.acsUser, limit = limit) },
        "acs.credentials.update" to call { _, _ -> credentials.update(ids.pinCredential, code = "2468") },
        "acs.credentials.assign" to call { _, _ ->
            credentials.assign(acsUserId = ids.acsUser, acsCredentialId = ids.mobileKeyCredential)
        },
        "acs.credentials.delete" to call { _, k -> credentials.delete(deleteTargets[k]) },
        "acs.users.create" to call { i, _ -> users.create(fullName = "Load User $i", acsSystemId = ids.acsSystem) },
        "acs.users.get" to call { _, _ -> users.get(acsUserId = ids.acsUser) },
        "acs.users.list" to call { _, _ -> users.list(acsSystemId = ids.acsSystem, limit = limit) },
        "acs.entrances.unlock" to call { _, _ ->
            entrances.unlock(acsCredentialId = ids.pinCredential, acsEntranceId = ids.room101Entrance)
        },
        "acs.encoders.encode_credential" to call { _, _ ->
            encoders.encodeCredential(acsEncoderId = ids.acsEncoder, acsCredentialId = ids.visionlineCredential)
        },
        "client_sessions.create" to call { _, _ -> sessions.create(userIdentityId = ids.userIdentity) },
        "client_sessions.get" to call { _, _ -> sessions.get(clientSessionId = ids.clientSession) },
        "user_identities.create" to call { i, _ -> identities.create(fullName = "Load Identity $i") },
        "user_identities.get" to call { _, _ -> identities.get(userIdentityId = ids.userIdentity) },
        "user_identities.list" to call { _, _ -> identities.list(limit = limit) },
    )
}

fun main() {
    val w = Workload.load(System.getenv("SEAM_LOAD_WORKLOAD") ?: error("set SEAM_LOAD_WORKLOAD"))
    val url = System.getenv("SEAM_LOAD_URL") ?: error("set SEAM_LOAD_URL")
    val seam = AsyncSeam(
        apiKey = API_KEY,
        endpoint = url,
        timeout = Duration.ofMillis((w.client.timeoutS * 1000).toLong()),
        maxRetries = w.client.maxRetries,
    )
    seam.use { runBlocking { run(seam, w) } }
}

// Everything runs on runBlocking's one thread: the maps and arrays below need no locking.
private suspend fun run(seam: AsyncSeam, w: Workload) {
    val made = mutableMapOf<String, Int>()
    val gate = Semaphore(w.inFlight)

    // Setup, before any fault: one credential for each delete of the mix.
    val credentials = seam.acs.credentials
    val deleteTargets = coroutineScope {
        List(w.count("acs.credentials.delete")) { k ->
            async {
                gate.withPermit {
                    made.merge("acs.credentials.create", 1, Int::plus)
                    credentials.create(AccessMethod.Code, acsUserId = w.ids.otherAcsUser, code = (5000 + k).toString())
                        .acsCredentialId
                }
            }
        }.awaitAll()
    }
    val table = calls(seam, w, deleteTargets)
    val plan = w.order()
    val unknown = plan.toSet() - table.keys
    check(unknown.isEmpty()) { "the Kotlin driver has no call $unknown" }

    reply(mapOf("ready" to true, "language" to "kotlin", "pid" to ProcessHandle.current().pid(),
        "rss_before_kib" to rssKib()))
    command("go")

    val outcomes = arrayOfNulls<String>(plan.size)
    val byCall = table.keys.associateWith { mutableMapOf<String, Int>() }
    val apiStatuses = mutableMapOf<String, Int>()
    val unexpected = mutableListOf<String>()
    val ordinal = mutableMapOf<String, Int>()
    val start = System.nanoTime()
    val secs: Double
    coroutineScope {
        val jobs = plan.mapIndexed { i, name ->
            val k = ordinal.merge(name, 1, Int::plus)!! - 1
            launch {
                gate.withPermit {
                    made.merge(name, 1, Int::plus)
                    val outcome = try {
                        table.getValue(name)(i, k)
                        "ok"
                    } catch (e: SeamException) {
                        val kind = e::class.simpleName ?: "SeamException"
                        if (e is SeamException.Api) apiStatuses.merge(e.statusCode.toString(), 1, Int::plus)
                        if (kind !in w.errorKinds) unexpected += "$name: $kind: ${e.message}"
                        kind
                    } catch (e: CancellationException) {
                        throw e // the deadline passed: counted as hung below
                    } catch (e: Exception) { // not a documented error: the call is unaccounted for
                        unexpected += "$name: ${e::class.qualifiedName}: ${e.message}"
                        "unexpected"
                    }
                    outcomes[i] = outcome
                    byCall.getValue(name).merge(outcome, 1, Int::plus)
                }
            }
        }
        val finished = withTimeoutOrNull((w.deadlineS * 1000).toLong()) { jobs.joinAll() } != null
        secs = (System.nanoTime() - start) / 1e9
        if (!finished) jobs.forEach { it.cancel() } // hung: cancelling returns at once
    }

    val kinds = outcomes.filterNotNull().groupingBy { it }.eachCount().toMutableMap()
    reply(mapOf(
        "loaded" to true,
        "calls" to plan.size,
        "ok" to (kinds.remove("ok") ?: 0),
        "errors" to kinds,
        "hung" to outcomes.count { it == null },
        "api_statuses" to apiStatuses,
        "unexpected" to unexpected.take(20),
        "by_call" to byCall,
        "secs" to secs,
    ))

    command("check")
    made.merge("acs.credentials.get", 1, Int::plus)
    val usableError = try {
        val credential = credentials.get(w.ids.pinCredential)
        if (credential.acsCredentialId == w.ids.pinCredential) null else "get answered another credential"
    } catch (e: Exception) {
        "${e::class.qualifiedName}: ${e.message}"
    }
    reply(mapOf("done" to true, "usable_after" to (usableError == null), "usable_error" to usableError,
        "rss_after_kib" to rssKib(), "made" to made))
}
