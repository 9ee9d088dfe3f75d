package co.seam.core.tests

import co.seam.core.AsyncSeam
import co.seam.core.Seam
import co.seam.core.SeamException
import com.fasterxml.jackson.annotation.JsonCreator
import com.fasterxml.jackson.annotation.JsonInclude
import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.PropertyNamingStrategies
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files
import java.time.Duration

/** tests/matrix.json's reader: snake_case members, and any member not named below fails the read. */
private val matrixJson: ObjectMapper = strictJson.copy()
    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
    .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)

data class Matrix(val about: String, val cases: List<MatrixCase>)

data class MatrixCase(
    val name: String,
    val description: String,
    val scope: String? = null,
    val faults: List<Fault> = emptyList(),
    val client: ClientOptions? = null,
    val endpoint: String? = null,
    val call: CallArgs? = null,
    val expect: Expect,
    val requests: Int? = null,
    val minSeconds: Double? = null,
    val maxSeconds: Double? = null,
)

/** A fault for POST /_fake/faults, sent as read (on the assign route unless it names one). */
data class Fault(
    val route: String? = null,
    val count: Int? = null,
    val status: Int? = null,
    val headers: Map<String, String>? = null,
    val body: String? = null,
    val bodyBytes: Long? = null,
    val delayMs: Int? = null,
    val dripMs: Int? = null,
    val mode: String? = null,
)

data class ClientOptions(val timeoutMs: Long? = null, val maxRetries: Int? = null, val apiKey: String? = null)

data class CallArgs(val acsUserId: Arg? = null, val acsCredentialId: Arg? = null)

/** A call argument: a string, or `{"repeat": s, "times": n}`. */
class Arg @JsonCreator(mode = JsonCreator.Mode.DELEGATING) constructor(node: JsonNode) {
    data class Repeat(val repeat: String, val times: Int)

    val text: String = if (node.isTextual) node.asText() else matrixJson.treeToValue(node, Repeat::class.java).let { it.repeat.repeat(it.times) }
}

/** `"ok"`, or the error variant and the fields to check. */
class Expect @JsonCreator(mode = JsonCreator.Mode.DELEGATING) constructor(node: JsonNode) {
    data class Error(
        val error: String,
        val statusCode: Int? = null,
        val code: String? = null,
        val parameter: String? = null,
        val reasonContains: String? = null,
        val requestId: Boolean? = null,
        val validationErrors: Map<String, List<String>>? = null,
    )

    /** null for "ok". */
    val error: Error? = when {
        node.isTextual && node.asText() == "ok" -> null
        node.isObject -> matrixJson.treeToValue(node, Error::class.java)
        else -> throw IllegalArgumentException("expect must be \"ok\" or an object, not $node")
    }
}

private fun readMatrix(): Matrix =
    matrixJson.readValue(Files.readString(configuredPath("seam.matrix", "SEAM_MATRIX", "tests/matrix.json")), Matrix::class.java)

private fun variantName(e: SeamException): String = when (e) {
    is SeamException.InvalidInput -> "InvalidInput"
    is SeamException.Config -> "Config"
    is SeamException.Unauthorized -> "Unauthorized"
    is SeamException.Api -> "Api"
    is SeamException.InvalidResponse -> "InvalidResponse"
    is SeamException.Timeout -> "Timeout"
    is SeamException.Network -> "Network"
    is SeamException.ActionAttemptFailed -> "ActionAttemptFailed"
    is SeamException.ActionAttemptTimeout -> "ActionAttemptTimeout"
}

/** What differs between [e] and [expect]. */
private fun differences(e: SeamException, expect: Expect.Error, secrets: List<String>): List<String> {
    if (variantName(e) != expect.error) return listOf("expected ${expect.error}, got ${variantName(e)}: ${e.message}")
    val statusCode = (e as? SeamException.Api)?.statusCode ?: (e as? SeamException.InvalidResponse)?.statusCode
    val code = (e as? SeamException.Api)?.code
    val parameter = (e as? SeamException.InvalidInput)?.parameter
    val reason = when (e) {
        is SeamException.InvalidInput -> e.reason
        is SeamException.Config -> e.reason
        is SeamException.Api -> e.reason
        is SeamException.InvalidResponse -> e.reason
        is SeamException.Timeout -> e.reason
        is SeamException.Network -> e.reason
        is SeamException.ActionAttemptFailed -> e.reason
        is SeamException.ActionAttemptTimeout -> e.reason
        is SeamException.Unauthorized -> null
    }
    val requestId = when (e) {
        is SeamException.Unauthorized -> e.requestId
        is SeamException.Api -> e.requestId
        is SeamException.InvalidResponse -> e.requestId
        else -> null
    }
    val problems = mutableListOf<String>()
    fun check(ok: Boolean, what: String) {
        if (!ok) problems += "$what differs in ${e.message}"
    }
    expect.statusCode?.let { check(statusCode?.toInt() == it, "status_code (expected $it)") }
    expect.code?.let { check(code == it, "code (expected $it)") }
    expect.parameter?.let { check(parameter == it, "parameter (expected $it)") }
    expect.reasonContains?.let { check(reason?.contains(it) == true, "reason (expected to contain \"$it\")") }
    if (expect.requestId == true) check(requestId != null, "request_id")
    expect.validationErrors?.let { check((e as? SeamException.Api)?.validationErrors == it, "validation_errors (expected $it)") }
    check(e.message == e.toString(), "message = toString()")
    for (secret in secrets) check(e.message?.contains(secret) == false && reason?.contains(secret) != true, "secret")
    return problems
}

/**
 * Every case of `tests/matrix.json` (but the Rust-only ones), once with the blocking assign and
 * once with the suspending one, with the semantics of core/tests/matrix.rs: faults queued on the
 * assign route, client options, call overrides, the expected exception and fields, the requests
 * that reached the server, and time bounds. One fake-seam, reset before each case; cases run
 * one after another so that the time bounds hold on a busy machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatrixTest {
    private val fake = FakeSeam()

    @AfterAll
    fun stop() = fake.close()

    @Test
    fun `the matrix reads into its data classes, and an unknown member is refused`() {
        assertTrue(readMatrix().cases.size >= 30)
        assertThrows<Exception> { matrixJson.readValue("""{"about": "", "cases": [], "extra": 1}""", Matrix::class.java) }
        assertThrows<Exception> {
            matrixJson.readValue("""{"name": "n", "description": "d", "expect": "ok", "retries": 2}""", MatrixCase::class.java)
        }
        assertThrows<Exception> { matrixJson.readValue("""{"error": "Api", "status": 500}""", Expect::class.java) }
        assertThrows<Exception> { matrixJson.readValue("""{"repeat": "3", "times": 2, "x": 0}""", Arg::class.java) }
        assertThrows<Exception> { matrixJson.readValue("""{"route": "/x", "delay": 5}""", Fault::class.java) }
    }

    @TestFactory
    fun `matrix cases`(): List<DynamicTest> = readMatrix().cases.filter { it.scope != "rust" }.flatMap { case ->
        listOf("blocking", "suspend").map { kind ->
            DynamicTest.dynamicTest("matrix case ${case.name} ($kind)") { run(case, kind) }
        }
    }

    private fun run(case: MatrixCase, kind: String) {
        fake.reset()
        val endpoint = when (case.endpoint) {
            null -> fake.url
            "closed" -> closedPortUrl()
            else -> error("${case.name}: endpoint \"${case.endpoint}\" is not supported by the Kotlin runner")
        }
        if (case.faults.isNotEmpty()) {
            fake.fault(*case.faults.map { f ->
                @Suppress("UNCHECKED_CAST")
                (matrixJson.convertValue(f.copy(route = f.route ?: ASSIGN), Map::class.java) as Map<String, Any?>)
            }.toTypedArray())
        }
        val options = case.client ?: ClientOptions()
        val apiKey = options.apiKey ?: API_KEY
        val timeout = options.timeoutMs?.let { Duration.ofMillis(it) }
        val user = case.call?.acsUserId?.text ?: USER
        val credential = case.call?.acsCredentialId?.text ?: CREDENTIAL

        val started = System.nanoTime()
        val result = when (kind) {
            "blocking" -> Seam(apiKey = apiKey, endpoint = endpoint, timeout = timeout, maxRetries = options.maxRetries).use { seam ->
                runCatching { seam.acs.credentials.assign(acsUserId = user, acsCredentialId = credential) }
            }
            else -> AsyncSeam(apiKey = apiKey, endpoint = endpoint, timeout = timeout, maxRetries = options.maxRetries).use { seam ->
                runBlocking { runCatching { seam.acs.credentials.assign(acsUserId = user, acsCredentialId = credential) } }
            }
        }
        val elapsed = (System.nanoTime() - started) / 1e9

        val problems = mutableListOf<String>()
        val expected = case.expect.error
        val error = result.exceptionOrNull()
        when {
            expected == null && error != null -> problems += "expected success, got $error"
            expected == null -> if (result.getOrThrow().acsCredentialId != credential) problems += "got ${result.getOrThrow()}"
            error == null -> problems += "expected ${expected.error}, got ${result.getOrNull()}"
            error !is SeamException -> problems += "expected a SeamException, got $error"
            else -> problems += differences(error, expected, listOf(API_KEY, apiKey))
        }
        case.maxSeconds?.let { if (elapsed > it) problems += "took %.2f s, bound %s s".format(elapsed, it) }
        case.minSeconds?.let { if (elapsed < it) problems += "took %.2f s, at least %s s expected".format(elapsed, it) }
        case.requests?.let { expectedRequests ->
            val got = fake.count(ASSIGN)
            if (got != expectedRequests) problems += "$got assign requests reached the server, expected $expectedRequests"
        }
        assertTrue(problems.isEmpty(), "${case.name} (${case.description}):\n  " + problems.joinToString("\n  "))
    }

    @Test
    fun `a redirect sends nothing to the other host`() {
        FakeSeam().use { other ->
            fake.reset()
            fake.fault(mapOf("route" to ASSIGN, "status" to 307, "body" to "", "headers" to mapOf("Location" to other.url + ASSIGN)))
            val e = fake.client().use { seam ->
                assertThrows<SeamException.Api> { seam.acs.credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL) }
            }
            assertEquals(307, e.statusCode.toInt())
            assertEquals("redirect", e.code)
            assertEquals(0, other.total())
        }
    }
}
