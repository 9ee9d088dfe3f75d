package co.seam.core.tests

import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.io.File
import java.util.concurrent.TimeUnit

/**
 * examples/Assign.kt in a child JVM, configured only through the environment: proves the
 * no-argument `Seam()` reads SEAM_API_KEY and SEAM_ENDPOINT, and that the example works.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleTest {
    private val fake = FakeSeam()

    @AfterAll
    fun stop() = fake.close()

    @BeforeEach
    fun reset() = fake.reset()

    private class Run(val exitCode: Int, val stdout: String, val stderr: String)

    private fun runExample(env: Map<String, String>): Run {
        // Surefire may hide the class path in a manifest-only jar; it publishes the real one here.
        val classPath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
        val builder = ProcessBuilder(
            File(System.getProperty("java.home"), "bin/java").path, "-cp", classPath, "co.seam.examples.AssignKt",
        )
        val environment = builder.environment()
        environment.keys.removeAll { it.startsWith("SEAM_") }
        environment.putAll(env)
        val out = File.createTempFile("example", ".out")
        val err = File.createTempFile("example", ".err")
        try {
            val process = builder.redirectOutput(out).redirectError(err).start()
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly()
                error("the example did not finish in 60 s")
            }
            return Run(process.exitValue(), out.readText(), err.readText())
        } finally {
            out.delete()
            err.delete()
        }
    }

    @Test
    fun `Seam() reads the API key and endpoint from the environment`() {
        val run = runExample(mapOf("SEAM_API_KEY" to API_KEY, "SEAM_ENDPOINT" to fake.url))
        assertEquals(0, run.exitCode, run.stderr)
        assertTrue(
            run.stdout.startsWith("assigned $CREDENTIAL (Multi Phone Sync Credential) to $USER\n"),
            run.stdout,
        )
        assertEquals(1, fake.assignCount())
        assertEquals("Bearer $API_KEY", fake.lastRequest()!!.getAsJsonObject("headers")["authorization"].asString)
    }

    @Test
    fun `Seam() reads a personal access token and workspace from the environment`() {
        val run = runExample(
            mapOf("SEAM_PERSONAL_ACCESS_TOKEN" to PAT, "SEAM_WORKSPACE_ID" to WORKSPACE, "SEAM_ENDPOINT" to fake.url),
        )
        assertEquals(0, run.exitCode, run.stderr)
        assertEquals(WORKSPACE, fake.lastRequest()!!.getAsJsonObject("headers")["seam-workspace"].asString)
    }

    @Test
    fun `without credentials the example prints the Config error's sentence`() {
        val run = runExample(mapOf("SEAM_ENDPOINT" to fake.url))
        assertEquals(1, run.exitCode, run.stdout)
        assertTrue(run.stderr.startsWith("error: configuration error: no credentials"), run.stderr)
        assertTrue(run.stderr.contains("SEAM_API_KEY"), run.stderr)
        assertEquals(0, fake.assignCount())
    }
}
