package co.seam.core.tests

import co.seam.core.Seam
import co.seam.core.SeamException
import co.seam.core.acs
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import java.nio.file.Files
import java.time.Duration

/** What the runner below understands; a case using anything else fails instead of passing vacuously. */
private val CASE_KEYS = setOf(
    "name", "description", "scope", "faults", "client", "endpoint", "call", "expect", "requests",
    "min_seconds", "max_seconds",
)
private val EXPECT_KEYS = setOf(
    "error", "status_code", "code", "parameter", "reason_contains", "request_id", "validation_errors",
)
private val CLIENT_KEYS = setOf("timeout_ms", "max_retries", "api_key")

/** The failure matrix, `tests/matrix.json` (path from the system property `seam.matrix`). */
private fun matrixCases(): List<JsonObject> {
    val path = configuredPath("seam.matrix", "SEAM_MATRIX", "tests/matrix.json")
    val matrix = JsonParser.parseString(Files.readString(path)).asJsonObject
    return matrix.getAsJsonArray("cases").map { it.asJsonObject }
}

/** A call argument: a string, or `{"repeat": s, "times": n}`. */
private fun textArg(value: JsonElement): String =
    if (value.isJsonPrimitive) {
        value.asString
    } else {
        val spec = value.asJsonObject
        spec["repeat"].asString.repeat(spec["times"].asInt)
    }

private fun variantName(e: SeamException): String = when (e) {
    is SeamException.InvalidInput -> "InvalidInput"
    is SeamException.Config -> "Config"
    is SeamException.Unauthorized -> "Unauthorized"
    is SeamException.Api -> "Api"
    is SeamException.InvalidResponse -> "InvalidResponse"
    is SeamException.Timeout -> "Timeout"
    is SeamException.Network -> "Network"
}

/** The fields of one error, by the matrix's names (absent when the variant has no such field). */
private class Fields(
    val statusCode: Int? = null,
    val code: String? = null,
    val reason: String? = null,
    val parameter: String? = null,
    val requestId: String? = null,
    val hasRequestId: Boolean = false,
    val validationErrors: Map<String, List<String>>? = null,
)

private fun fieldsOf(e: SeamException): Fields = when (e) {
    is SeamException.InvalidInput -> Fields(reason = e.reason, parameter = e.parameter)
    is SeamException.Config -> Fields(reason = e.reason)
    is SeamException.Timeout -> Fields(reason = e.reason)
    is SeamException.Network -> Fields(reason = e.reason)
    is SeamException.Unauthorized -> Fields(requestId = e.requestId, hasRequestId = true)
    is SeamException.Api -> Fields(
        statusCode = e.statusCode.toInt(), code = e.code, reason = e.reason,
        requestId = e.requestId, hasRequestId = true, validationErrors = e.validationErrors,
    )
    is SeamException.InvalidResponse -> Fields(
        statusCode = e.statusCode.toInt(), reason = e.reason, requestId = e.requestId, hasRequestId = true,
    )
}

/** Checks one error against a case's `expect`; returns what differs. */
private fun checkError(e: SeamException, expect: JsonObject, secrets: List<String>): List<String> {
    val problems = mutableListOf<String>()
    val expected = expect["error"].asString
    if (variantName(e) != expected) return listOf("expected $expected, got ${e::class.simpleName}: ${e.message}")
    val f = fieldsOf(e)
    fun check(ok: Boolean, what: String) {
        if (!ok) problems += "$what differs in ${e::class.simpleName}: ${e.message}"
    }
    expect["status_code"]?.let { check(f.statusCode == it.asInt, "status_code (expected $it)") }
    expect["code"]?.let { check(f.code == it.asString, "code (expected $it)") }
    expect["parameter"]?.let { check(f.parameter == it.asString, "parameter (expected $it)") }
    expect["reason_contains"]?.let { check(f.reason?.contains(it.asString) == true, "reason (expected to contain $it)") }
    if (expect["request_id"]?.asBoolean == true) check(f.hasRequestId && f.requestId != null, "request_id")
    expect["validation_errors"]?.let { v ->
        val wanted = v.asJsonObject.entrySet().associate { (k, msgs) -> k to msgs.asJsonArray.map { it.asString } }
        check(f.validationErrors == wanted, "validation_errors (expected $wanted, got ${f.validationErrors})")
    }
    // The message is the core's sentence, and no text of the error carries a secret.
    check(e.message == expectedDisplay(e), "message (expected the Display \"${expectedDisplay(e)}\")")
    val texts = listOfNotNull(e.message, e.toString(), f.reason, f.code, f.requestId, f.parameter)
    for (secret in secrets) check(texts.none { it.contains(secret) }, "secret")
    return problems
}

/**
 * Every case of `tests/matrix.json` (but the Rust-only ones), with the semantics of
 * core/tests/matrix.rs: faults queued on the assign route, client options, call overrides, the
 * expected exception subclass and fields, the requests that reached the server, and time bounds.
 * One fake-seam for the class, reset before each case; cases run one after another so that the
 * time bounds hold on a busy machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatrixTest {
    private val fake = FakeSeam()

    @AfterAll
    fun stop() = fake.close()

    // Rust-only cases need a server kind this runner does not start: they are not generated
    // at all, so that nothing here is reported as skipped.
    fun cases(): List<Arguments> = matrixCases()
        .filter { it["scope"]?.asString != "rust" }
        .map { Arguments.of(it["name"].asString, it) }

    @Test
    fun `the matrix is read and every case has a name and an outcome`() {
        val cases = matrixCases()
        assertTrue(cases.size >= 30, "only ${cases.size} cases in the matrix")
        for (case in cases) {
            assertEquals(emptySet<String>(), case.keySet() - CASE_KEYS, "unknown keys in ${case["name"]}")
            val expect = case["expect"]
            if (!expect.isJsonPrimitive) {
                assertEquals(emptySet<String>(), expect.asJsonObject.keySet() - EXPECT_KEYS, "unknown expect in ${case["name"]}")
            }
            case["client"]?.let { assertEquals(emptySet<String>(), it.asJsonObject.keySet() - CLIENT_KEYS) }
        }
    }

    @ParameterizedTest(name = "matrix case {0}")
    @MethodSource("cases")
    fun `matrix case`(name: String, case: JsonObject) {
        fake.reset()
        val endpoint = when (val kind = case["endpoint"]?.asString) {
            null -> fake.url
            "closed" -> closedPortUrl()
            else -> error("$name: endpoint \"$kind\" is not supported by the Kotlin runner")
        }
        case["faults"]?.asJsonArray?.forEach { fake.fault(it.asJsonObject) }
        val options = case["client"]?.asJsonObject ?: JsonObject()
        val apiKey = options["api_key"]?.asString ?: API_KEY
        val call = case["call"]?.asJsonObject ?: JsonObject()
        val user = call["acs_user_id"]?.let(::textArg) ?: USER
        val credential = call["acs_credential_id"]?.let(::textArg) ?: CREDENTIAL

        val problems = mutableListOf<String>()
        val elapsed = Seam(
            apiKey = apiKey,
            endpoint = endpoint,
            timeout = options["timeout_ms"]?.let { Duration.ofMillis(it.asLong) },
            maxRetries = options["max_retries"]?.asInt?.toUInt(),
        ).use { seam ->
            val started = System.nanoTime()
            val result = runCatching { seam.acs.credentials.assign(acsUserId = user, acsCredentialId = credential) }
            val elapsed = (System.nanoTime() - started) / 1e9
            val expect = case["expect"]
            val error = result.exceptionOrNull()
            when {
                expect.isJsonPrimitive && expect.asString == "ok" -> when {
                    error != null -> problems += "expected success, got $error"
                    result.getOrThrow().acsCredentialId != credential -> problems += "got ${result.getOrThrow()}"
                }
                error == null -> problems += "expected $expect, got ${result.getOrNull()}"
                error !is SeamException -> problems += "expected a SeamException, got $error"
                else -> problems += checkError(error, expect.asJsonObject, listOf(API_KEY, apiKey))
            }
            elapsed
        }
        case["max_seconds"]?.asDouble?.let { max ->
            if (elapsed > max) problems += "took %.2f s, bound %s s".format(elapsed, max)
        }
        case["min_seconds"]?.asDouble?.let { min ->
            if (elapsed < min) problems += "took %.2f s, at least %s s expected".format(elapsed, min)
        }
        case["requests"]?.asLong?.let { expected ->
            val got = fake.assignCount()
            if (got != expected) problems += "$got assign requests reached the server, expected $expected"
        }
        assertTrue(problems.isEmpty(), "$name (${case["description"].asString}):\n  " + problems.joinToString("\n  "))
    }

    @Test
    fun `a redirect sends nothing to the other host`() {
        FakeSeam().use { other ->
            fake.reset()
            fake.fault(
                JsonObject().apply {
                    addProperty("status", 307)
                    addProperty("body", "")
                    add("headers", JsonObject().apply { addProperty("Location", other.url + ASSIGN) })
                },
            )
            val e = fake.client().use { seam ->
                assertThrows<SeamException.Api> {
                    seam.acs.credentials.assign(acsUserId = USER, acsCredentialId = CREDENTIAL)
                }
            }
            assertEquals(307, e.statusCode.toInt())
            assertEquals("redirect", e.code)
            assertEquals(0, other.assignCount())
            assertEquals(null, other.lastRequest())
        }
    }
}
