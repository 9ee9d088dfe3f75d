package co.seam.core.tests

import co.seam.core.Seam
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.BufferedReader
import java.io.File
import java.io.InputStreamReader
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

const val API_KEY = "seam_apikey1_token"
const val PAT = "seam_at1_token"
const val WORKSPACE = "00000000-0000-0000-0000-000000000000"
const val USER = "33333333-3333-3333-3333-333333333333"
const val OTHER_USER = "44444444-4444-4444-4444-444444444444"
const val CREDENTIAL = "66666666-6666-6666-6666-666666666666"
const val MISSING = "12345678-1234-1234-1234-123456789012"
const val ASSIGN = "/acs/credentials/assign"

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
fun closedPortUrl(): String = ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()).use {
    "http://127.0.0.1:${it.localPort}"
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

    /** A client of this server authenticated with the API key (every option may be overridden). */
    fun client(
        apiKey: String? = API_KEY,
        personalAccessToken: String? = null,
        workspaceId: String? = null,
        timeout: Duration? = null,
        maxRetries: UInt? = null,
    ): Seam = Seam(
        apiKey = apiKey,
        personalAccessToken = personalAccessToken,
        workspaceId = workspaceId,
        endpoint = url,
        timeout = timeout,
        maxRetries = maxRetries,
    )

    /** Queues a fault on the assign route (POST /_fake/faults). */
    fun fault(fault: JsonObject) {
        val body = fault.deepCopy().apply { addProperty("route", ASSIGN) }
        val response = send("POST", "/_fake/faults", body.toString())
        check(response.statusCode() == 200) { "fault $body refused: ${response.body()}" }
    }

    /** GET /_fake/requests: `{"counts": {"POST /acs/credentials/assign": n}, "last": {…}}`. */
    fun requests(): JsonObject = JsonParser.parseString(send("GET", "/_fake/requests", null).body()).asJsonObject

    /** How many assign requests (any method) reached the server. */
    fun assignCount(): Long {
        val counts = requests().getAsJsonObject("counts")
        return listOf("POST", "PATCH").sumOf { method -> counts.get("$method $ASSIGN")?.asLong ?: 0L }
    }

    /** The last request the server received, or null. */
    fun lastRequest(): JsonObject? = requests().get("last")?.takeUnless(JsonElement::isJsonNull)?.asJsonObject

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

/** The process's `java` and class path, to run a main class in a child JVM. */
fun javaCommand(mainClass: String): List<String> = listOf(
    File(System.getProperty("java.home"), "bin/java").path,
    "-cp",
    System.getProperty("java.class.path"),
    mainClass,
)
