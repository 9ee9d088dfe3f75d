package co.seam.core.tests

import co.seam.core.AsyncSeam
import co.seam.core.Seam
import co.seam.core.SeamException
import co.seam.core.WaitOptions
import com.fasterxml.jackson.annotation.JsonCreator
import com.fasterxml.jackson.annotation.JsonInclude
import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.PropertyNamingStrategies
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicContainer
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertDoesNotThrow
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files
import java.time.Duration

/** tests/matrix.json's reader: snake_case members, and any member not named below fails the read. */
private val matrixJson: ObjectMapper = strictJson.copy()
    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
    .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)

private val retryClasses = setOf("read", "repeatable", "create")

data class Matrix(val about: String, val endpoints: List<MatrixEndpoint>, val cases: List<MatrixCase>) {
    init {
        val names = endpoints.map { it.name }
        require(names.toSet().size == names.size) { "endpoint names repeat: $names" }
        for (case in cases) {
            val unknown = case.byEndpoint.keys - names.toSet()
            require(unknown.isEmpty()) { "${case.name}: by_endpoint names no endpoint: $unknown" }
        }
    }
}

/** One call of each kind, with the facts the cases' expectations depend on. */
data class MatrixEndpoint(
    val name: String,
    val operation: String,
    val retry: String,
    val params: Map<String, String>,
    val id: String,
    val answer: String? = null,
    val answerId: String? = null,
    val wait: Wait? = null,
) {
    init {
        require(retry in retryClasses) { "$name: retry class \"$retry\"?" }
        require(id in params) { "$name: its id parameter $id is not one of its params" }
    }

    fun route(): String = "/" + operation.replace('.', '/')

    /** [text] with this endpoint's placeholders filled in; one it has no value for fails. */
    fun fill(text: String): String = listOf(
        "{answer}" to answer,
        "{answer_id}" to answerId,
        "{id}" to id,
        "{object}" to id.removeSuffix("_id"),
    ).fold(text) { filled, (placeholder, value) ->
        if (placeholder !in filled) {
            filled
        } else {
            filled.replace(placeholder, value ?: error("$placeholder in \"$text\", but $name has none"))
        }
    }
}

data class Wait(val timeoutMs: Long, val pollingIntervalMs: Long)

data class MatrixCase(
    val name: String,
    val description: String,
    val scope: String? = null,
    val faults: List<Fault> = emptyList(),
    val client: ClientOptions? = null,
    val endpoint: String? = null,
    val id: Arg? = null,
    val expect: Expect,
    val requests: Int,
    val minSeconds: Double? = null,
    val maxSeconds: Double,
    val then: String = "ok",
    val byRetry: Map<String, Override> = emptyMap(),
    val byEndpoint: Map<String, Override> = emptyMap(),
) {
    init {
        require(then == "ok" || then == "same") { "$name: then \"$then\"?" }
        require(byRetry.keys.all { it in retryClasses }) { "$name: by_retry ${byRetry.keys}?" }
    }
}

/** What a case says differently for a retry class or an endpoint. */
data class Override(val faults: List<Fault>? = null, val expect: Expect? = null, val requests: Int? = null)

/** A fault for POST /_fake/faults, sent as read, plus the endpoint's route. */
data class Fault(
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

/** A case as it runs on one endpoint: overrides applied, placeholders filled in. */
class MatrixRun(val endpoint: MatrixEndpoint, val case: MatrixCase) {
    private val overrides = listOfNotNull(case.byRetry[endpoint.retry], case.byEndpoint[endpoint.name])

    val faults: List<Fault> = (overrides.lastOrNull { it.faults != null }?.faults ?: case.faults)
        .map { it.copy(body = it.body?.let(endpoint::fill)) }

    /** null for "ok". */
    val expect: Expect.Error? = (overrides.lastOrNull { it.expect != null }?.expect ?: case.expect).error?.let {
        it.copy(
            code = it.code?.let(endpoint::fill),
            parameter = it.parameter?.let(endpoint::fill),
            reasonContains = it.reasonContains?.let(endpoint::fill),
        )
    }

    val requests: Int = overrides.lastOrNull { it.requests != null }?.requests ?: case.requests

    init {
        require(case.then == "ok" || expect != null) { "${case.name}: \"then\": \"same\" needs an error to repeat" }
    }
}

/**
 * One endpoint's call on either client, its arguments by the API's names: Kotlin has no call
 * by name, so each endpoint of the matrix has its typed call here.
 */
private class MatrixCall(
    val params: Set<String>,
    val blocking: (Seam, Map<String, String>, WaitOptions?) -> Any?,
    val suspending: suspend (AsyncSeam, Map<String, String>, WaitOptions?) -> Any?,
)

private val calls: Map<String, MatrixCall> = mapOf(
    "acs.credentials.assign" to MatrixCall(
        setOf("acs_user_id", "acs_credential_id"),
        { seam, a, _ -> seam.acs.credentials.assign(acsUserId = a.getValue("acs_user_id"), acsCredentialId = a.getValue("acs_credential_id")) },
        { seam, a, _ -> seam.acs.credentials.assign(acsUserId = a.getValue("acs_user_id"), acsCredentialId = a.getValue("acs_credential_id")) },
    ),
    "acs.users.create" to MatrixCall(
        setOf("acs_system_id", "full_name"),
        { seam, a, _ -> seam.acs.users.create(fullName = a.getValue("full_name"), acsSystemId = a.getValue("acs_system_id")) },
        { seam, a, _ -> seam.acs.users.create(fullName = a.getValue("full_name"), acsSystemId = a.getValue("acs_system_id")) },
    ),
    "acs.users.get" to MatrixCall(
        setOf("acs_user_id"),
        { seam, a, _ -> seam.acs.users.get(acsUserId = a.getValue("acs_user_id")) },
        { seam, a, _ -> seam.acs.users.get(acsUserId = a.getValue("acs_user_id")) },
    ),
    "acs.users.list" to MatrixCall(
        setOf("acs_system_id"),
        { seam, a, _ -> seam.acs.users.list(acsSystemId = a.getValue("acs_system_id")) },
        { seam, a, _ -> seam.acs.users.list(acsSystemId = a.getValue("acs_system_id")) },
    ),
    "acs.encoders.encode_credential" to MatrixCall(
        setOf("acs_encoder_id", "acs_credential_id"),
        { seam, a, wait ->
            seam.acs.encoders.encodeCredential(
                acsEncoderId = a.getValue("acs_encoder_id"),
                acsCredentialId = a.getValue("acs_credential_id"),
                waitForActionAttempt = wait,
            )
        },
        { seam, a, wait ->
            seam.acs.encoders.encodeCredential(
                acsEncoderId = a.getValue("acs_encoder_id"),
                acsCredentialId = a.getValue("acs_credential_id"),
                waitForActionAttempt = wait,
            )
        },
    ),
    "acs.users.delete" to MatrixCall(
        setOf("acs_user_id"),
        { seam, a, _ -> seam.acs.users.delete(acsUserId = a.getValue("acs_user_id")) },
        { seam, a, _ -> seam.acs.users.delete(acsUserId = a.getValue("acs_user_id")) },
    ),
)

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
 * Every case of `tests/matrix.json` (but the Rust-only ones) on every endpoint of its table,
 * once with the blocking client and once with the suspending one, with the semantics of
 * core/tests/matrix.rs: faults queued on the endpoint's route, client options, the case's id,
 * the overrides of the endpoint's retry class and of the endpoint, the expected exception and
 * fields, the requests that reached the route, time bounds, and a second call on the same
 * client once the fake is reset. One fake-seam, reset before each case; cases run one after
 * another so that the time bounds hold on a busy machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatrixTest {
    private val fake = FakeSeam()

    @AfterAll
    fun stop() = fake.close()

    @Test
    fun `the matrix reads into its data classes, and an unknown member is refused`() {
        val matrix = readMatrix()
        assertTrue(matrix.cases.size >= 30)
        assertEquals(retryClasses, matrix.endpoints.map { it.retry }.toSet())
        assertThrows<Exception> { matrixJson.readValue("""{"about": "", "endpoints": [], "cases": [], "extra": 1}""", Matrix::class.java) }
        val case = """{"name": "n", "description": "d", "expect": "ok", "requests": 0, "max_seconds": 1"""
        assertThrows<Exception> { matrixJson.readValue("""$case, "retries": 2}""", MatrixCase::class.java) }
        assertThrows<Exception> { matrixJson.readValue("""$case, "by_retry": {"reads": {}}}""", MatrixCase::class.java) }
        assertThrows<Exception> { matrixJson.readValue("""$case, "by_endpoint": {"list": {"request": 1}}}""", MatrixCase::class.java) }
        assertThrows<Exception> {
            matrixJson.readValue("""{"about": "", "endpoints": [], "cases": [$case, "by_endpoint": {"nope": {}}}]}""", Matrix::class.java)
        }
        assertThrows<Exception> {
            matrixJson.readValue(
                """{"name": "e", "operation": "o", "retry": "read", "params": {"x": "1"}, "id": "x", "path": "/o"}""",
                MatrixEndpoint::class.java,
            )
        }
        assertThrows<Exception> { matrixJson.readValue("""{"error": "Api", "status": 500}""", Expect::class.java) }
        assertThrows<Exception> { matrixJson.readValue("""{"repeat": "3", "times": 2, "x": 0}""", Arg::class.java) }
        assertThrows<Exception> { matrixJson.readValue("""{"status": 500, "delay": 5}""", Fault::class.java) }
        // The route is the endpoint's, never the table's.
        assertThrows<Exception> { matrixJson.readValue("""{"route": "/x", "status": 500}""", Fault::class.java) }
        // Every case resolves on every endpoint, and each endpoint has its typed call.
        for (endpoint in matrix.endpoints) {
            assertEquals(endpoint.params.keys, calls[endpoint.operation]?.params, endpoint.operation)
            for (case in matrix.cases) assertDoesNotThrow("${case.name} on ${endpoint.name}") { MatrixRun(endpoint, case) }
        }
        val okOnly = matrix.endpoints.first { it.answer == null }
        assertThrows<IllegalStateException> { okOnly.fill("no \"{answer}\"") }
    }

    @TestFactory
    fun `matrix cases`(): List<DynamicContainer> {
        val matrix = readMatrix()
        return matrix.endpoints.map { endpoint ->
            DynamicContainer.dynamicContainer(
                "on ${endpoint.name} (${endpoint.operation})",
                matrix.cases.filter { it.scope != "rust" }.flatMap { case ->
                    listOf("blocking", "suspend").map { kind ->
                        DynamicTest.dynamicTest("matrix case ${case.name} on ${endpoint.name} ($kind)") {
                            run(MatrixRun(endpoint, case), kind)
                        }
                    }
                },
            )
        }
    }

    private fun run(run: MatrixRun, kind: String) {
        val (endpoint, case) = run.endpoint to run.case
        fake.reset()
        val url = when (case.endpoint) {
            null -> fake.url
            "closed" -> closedPortUrl()
            else -> error("${case.name}: endpoint \"${case.endpoint}\" is not supported by the Kotlin runner")
        }
        if (run.faults.isNotEmpty()) {
            fake.fault(*run.faults.map { f ->
                @Suppress("UNCHECKED_CAST")
                (matrixJson.convertValue(f, Map::class.java) as Map<String, Any?>) + ("route" to endpoint.route())
            }.toTypedArray())
        }
        val options = case.client ?: ClientOptions()
        val apiKey = options.apiKey ?: API_KEY
        val timeout = options.timeoutMs?.let { Duration.ofMillis(it) }
        val call = calls[endpoint.operation] ?: error("no typed call for ${endpoint.operation}")
        val wait = endpoint.wait?.let { WaitOptions(timeout = Duration.ofMillis(it.timeoutMs), pollingInterval = Duration.ofMillis(it.pollingIntervalMs)) }
        val args = endpoint.params + listOfNotNull(case.id?.let { endpoint.id to it.text })

        val client: AutoCloseable
        val send: suspend (Map<String, String>) -> Any?
        if (kind == "blocking") {
            val seam = Seam(apiKey = apiKey, endpoint = url, timeout = timeout, maxRetries = options.maxRetries)
            client = seam
            send = { a -> call.blocking(seam, a, wait) }
        } else {
            val seam = AsyncSeam(apiKey = apiKey, endpoint = url, timeout = timeout, maxRetries = options.maxRetries)
            client = seam
            send = { a -> call.suspending(seam, a, wait) }
        }
        val problems = mutableListOf<String>()
        client.use {
            val started = System.nanoTime()
            val result = runBlocking { runCatching { send(args) } }
            val elapsed = (System.nanoTime() - started) / 1e9

            val expected = run.expect
            val error = result.exceptionOrNull()
            when {
                expected == null && error != null -> problems += "expected success, got $error"
                expected == null -> {}
                error == null -> problems += "expected ${expected.error}, got ${result.getOrNull()}"
                error !is SeamException -> problems += "expected a SeamException, got $error"
                else -> problems += differences(error, expected, listOf(API_KEY, apiKey))
            }
            if (elapsed > case.maxSeconds) problems += "took %.2f s, bound %s s".format(elapsed, case.maxSeconds)
            case.minSeconds?.let { if (elapsed < it) problems += "took %.2f s, at least %s s expected".format(elapsed, it) }
            val got = fake.count(endpoint.route())
            if (got != run.requests) problems += "$got requests reached ${endpoint.route()}, expected ${run.requests}"

            // The client is usable after: the same call, on a fresh workspace without faults.
            fake.reset()
            val again = runBlocking { runCatching { send(endpoint.params) } }.exceptionOrNull()
            when {
                case.then == "ok" && again != null -> problems += "then: expected success, got $again"
                case.then == "same" && (again !is SeamException || error !is SeamException || variantName(again) != variantName(error)) ->
                    problems += "then: expected the same error as $error, got ${again ?: "an answer"}"
            }
        }
        assertTrue(problems.isEmpty(), "${case.name} on ${endpoint.name} (${case.description}):\n  " + problems.joinToString("\n  "))
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
