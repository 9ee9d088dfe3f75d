package co.seam.core.tests

import co.seam.core.AsyncSeam
import co.seam.core.Seam
import com.fasterxml.jackson.databind.DeserializationFeature
import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import java.io.BufferedReader
import java.io.File
import java.io.InputStreamReader
import java.net.InetAddress
import java.net.ServerSocket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** JSON of fake-seam's control answers (lenient: the fake may add members). */
val json: ObjectMapper = jacksonObjectMapper()

/** JSON of shared test data: a member no data class names fails the read. */
val strictJson: ObjectMapper = jacksonObjectMapper()
    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)

/** The workspace's root, found from the tests' working directory (bindings/kotlin). */
fun workspaceRoot(): Path {
    var dir: Path? = Path.of("").toAbsolutePath()
    while (dir != null) {
        if (Files.isRegularFile(dir.resolve("udl/seam_core.udl"))) return dir
        dir = dir.parent
    }
    error("cannot find the workspace root (udl/seam_core.udl) above ${Path.of("").toAbsolutePath()}")
}

/** A file named by a system property, else an environment variable, else under the workspace. */
fun configuredPath(property: String, env: String, default: String): Path {
    val named = System.getProperty(property)?.takeIf { it.isNotBlank() }
        ?: System.getenv(env)?.takeIf { it.isNotBlank() }
    return if (named != null) Path.of(named) else workspaceRoot().resolve(default)
}

/** A loopback URL where nothing listens (the port was free a moment ago). */
fun closedPortUrl(): String = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use {
    "http://127.0.0.1:${it.localPort}"
}

/** The last request fake-seam received (`GET /_fake/requests`, `last`). */
data class LastRequest(
    val method: String,
    val path: String,
    val target: String,
    val headers: Map<String, String>,
    val body: String,
) {
    /** The query string's parameters (none repeat in this API). */
    fun query(): Map<String, String> = target.substringAfter('?', "").split('&').filter { it.isNotEmpty() }
        .associate { pair ->
            val (k, v) = pair.split('=', limit = 2).let { it[0] to it.getOrElse(1) { "" } }
            java.net.URLDecoder.decode(k, "UTF-8") to java.net.URLDecoder.decode(v, "UTF-8")
        }
}

/**
 * A fake-seam process on a free loopback port (`fake-seam --port 0` prints its URL on its first
 * line), with its control endpoints. The binary comes from the system property `fake.seam.bin`,
 * else the environment variable `FAKE_SEAM_BIN`, else `target/debug/fake-seam` of the workspace.
 */
class FakeSeam : AutoCloseable {
    private val process: Process
    val url: String

    init {
        val bin = configuredPath("fake.seam.bin", "FAKE_SEAM_BIN", "target/debug/fake-seam")
        check(Files.isExecutable(bin)) { "fake-seam binary not found at $bin (build the workspace first)" }
        process = ProcessBuilder(bin.toString(), "--port", "0")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start()
        // Never outlive the tests, even when a test class forgets to close it.
        val started = process
        Runtime.getRuntime().addShutdownHook(Thread { started.destroyForcibly() })
        val firstLine = Executors.newSingleThreadExecutor().let { executor ->
            try {
                val reader = BufferedReader(InputStreamReader(process.inputStream))
                executor.submit<String?> { reader.readLine() }.get(10, TimeUnit.SECONDS)
            } finally {
                executor.shutdownNow()
            }
        }
        if (firstLine == null || !firstLine.startsWith("http://127.0.0.1:")) {
            process.destroyForcibly()
            error("fake-seam did not print its URL (got ${firstLine ?: "nothing"})")
        }
        url = firstLine.trim()
    }

    /** A blocking client of this server, with the API key unless told otherwise. */
    fun client(
        apiKey: String? = API_KEY,
        personalAccessToken: String? = null,
        workspaceId: String? = null,
        clientSessionToken: String? = null,
        timeout: Duration? = null,
        maxRetries: Int? = null,
    ): Seam = Seam(
        apiKey = apiKey,
        personalAccessToken = personalAccessToken,
        workspaceId = workspaceId,
        clientSessionToken = clientSessionToken,
        endpoint = url,
        timeout = timeout,
        maxRetries = maxRetries,
    )

    /** A non-blocking client of this server, with the API key unless told otherwise. */
    fun asyncClient(
        apiKey: String? = API_KEY,
        clientSessionToken: String? = null,
        timeout: Duration? = null,
        maxRetries: Int? = null,
        workerThreads: Int? = null,
    ): AsyncSeam = AsyncSeam(
        apiKey = apiKey,
        clientSessionToken = clientSessionToken,
        endpoint = url,
        timeout = timeout,
        maxRetries = maxRetries,
        workerThreads = workerThreads,
    )

    /** Queues faults (POST /_fake/faults): each a map of fake-seam's fault members. */
    fun fault(vararg faults: Map<String, Any?>) {
        val body = json.writeValueAsString(faults.toList())
        val response = send("POST", "/_fake/faults", body)
        check(response.statusCode() == 200) { "faults $body refused: ${response.body()}" }
    }

    /** `GET /_fake/requests`: requests per "METHOD /path", and the last one. */
    private fun requests(): JsonNode = json.readTree(send("GET", "/_fake/requests", null).body())

    /** Requests per "METHOD /path" that reached the server since the last reset. */
    fun counts(): Map<String, Int> =
        requests()["counts"].properties().associate { (key, value) -> key to value.asInt() }

    /** How many requests reached [route], whatever their method. */
    fun count(route: String): Int = counts().filterKeys { it.substringAfter(' ') == route }.values.sum()

    /**
     * How many requests reached [route] once no more arrive: the count, read again until it has
     * not changed for 300 ms (a blocking walker fetches the next page in the background).
     */
    fun settledCount(route: String): Int {
        var last = count(route)
        while (true) {
            Thread.sleep(300)
            val now = count(route)
            if (now == last) return now
            last = now
        }
    }

    /** How many requests reached the server at all. */
    fun total(): Int = counts().values.sum()

    /** The last request the server received, or null. */
    fun lastRequest(): LastRequest? =
        requests()["last"]?.takeUnless { it.isNull }?.let { json.treeToValue(it, LastRequest::class.java) }

    /** POST /_fake/action_attempts: how long new attempts stay pending ([delayMs]), or forever ([stuck]). */
    fun actionAttempts(delayMs: Int? = null, stuck: Boolean? = null) {
        val body = json.writeValueAsString(mapOf("delay_ms" to delayMs, "stuck" to stuck).filterValues { it != null })
        val response = send("POST", "/_fake/action_attempts", body)
        check(response.statusCode() == 200) { "action attempts $body refused: ${response.body()}" }
    }

    /**
     * POST /_fake/sign_webhook: the three `svix-*` headers of [payload] signed with [secret] at
     * [timestamp] (Unix seconds; now when null) under [msgId] (fake-seam's default when null).
     */
    fun signWebhook(secret: String, payload: String, msgId: String? = null, timestamp: Long? = null): Map<String, String> {
        val body = json.writeValueAsString(
            mapOf("secret" to secret, "payload" to payload, "msg_id" to msgId, "timestamp" to timestamp).filterValues { it != null },
        )
        val response = send("POST", "/_fake/sign_webhook", body)
        check(response.statusCode() == 200) { "signing refused: ${response.body()}" }
        return json.readTree(response.body()).properties().associate { (name, value) -> name to value.asText() }
    }

    /** POST /_fake/reset: seed data, faults and the request log as at start. */
    fun reset() {
        check(send("POST", "/_fake/reset", "").statusCode() == 200) { "reset refused" }
    }

    private fun send(method: String, path: String, body: String?): HttpResponse<String> {
        val request = HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .method(method, body?.let(HttpRequest.BodyPublishers::ofString) ?: HttpRequest.BodyPublishers.noBody())
            .build()
        return control.send(request, HttpResponse.BodyHandlers.ofString())
    }

    override fun close() {
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly()
    }

    private companion object {
        val control: HttpClient = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build()
    }
}

/** A main class of the test class path run in a child JVM with [env] (and no SEAM_* of ours). */
class ChildRun(val exitCode: Int, val stdout: String, val stderr: String)

fun runMain(mainClass: String, env: Map<String, String>, timeoutSeconds: Long = 60): ChildRun {
    // Surefire may hide the class path in a manifest-only jar; it publishes the real one here.
    val classPath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
    val builder = ProcessBuilder(File(System.getProperty("java.home"), "bin/java").path, "-cp", classPath, mainClass)
    builder.environment().keys.removeAll { it.startsWith("SEAM_") }
    builder.environment().putAll(env)
    val out = File.createTempFile("child", ".out")
    val err = File.createTempFile("child", ".err")
    try {
        val process = builder.redirectOutput(out).redirectError(err).start()
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            error("$mainClass did not finish in $timeoutSeconds s")
        }
        return ChildRun(process.exitValue(), out.readText(), err.readText())
    } finally {
        out.delete()
        err.delete()
    }
}
