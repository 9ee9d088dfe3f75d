package co.seam.core.tests

import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.nio.file.Files
import java.nio.file.Path

/**
 * examples/ in child JVMs configured only through the environment (the no-argument `Seam()` and
 * `AsyncSeam()` read SEAM_API_KEY / SEAM_PERSONAL_ACCESS_TOKEN + SEAM_WORKSPACE_ID and
 * SEAM_ENDPOINT), and the README's Kotlin samples, which are examples/Readme.kt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleTest {
    private val fake = FakeSeam()

    @AfterAll
    fun stop() = fake.close()

    @BeforeEach
    fun reset() = fake.reset()

    @Test
    fun `the docs' example reads the API key and endpoint from the environment`() {
        val run = runMain("co.seam.examples.AssignKt", mapOf("SEAM_API_KEY" to API_KEY, "SEAM_ENDPOINT" to fake.url))
        assertEquals(0, run.exitCode, run.stderr)
        assertTrue(run.stdout.startsWith("assigned $CREDENTIAL (Multi Phone Sync Credential) to $USER\n"), run.stdout)
        assertTrue(run.stdout.contains("access method: mobile_key"), run.stdout)
        assertEquals(1, fake.count(ASSIGN))
        assertEquals("Bearer $API_KEY", notNull(fake.lastRequest()).headers["authorization"])
    }

    @Test
    fun `the README's docs' call, blocking and in suspend form`() {
        for (main in listOf("co.seam.examples.DocsCallKt", "co.seam.examples.DocsCallSuspendingKt")) {
            fake.reset()
            val run = runMain(main, mapOf("SEAM_ENDPOINT" to fake.url))
            assertEquals(0, run.exitCode, run.stderr)
            assertEquals("Multi Phone Sync Credential now belongs to $USER\n", run.stdout)
            assertEquals(1, fake.count(ASSIGN))
        }
    }

    @Test
    fun `the docs' example reads a personal access token and workspace from the environment`() {
        val run = runMain(
            "co.seam.examples.AssignKt",
            mapOf("SEAM_PERSONAL_ACCESS_TOKEN" to PAT, "SEAM_WORKSPACE_ID" to WORKSPACE, "SEAM_ENDPOINT" to fake.url),
        )
        assertEquals(0, run.exitCode, run.stderr)
        assertEquals(WORKSPACE, notNull(fake.lastRequest()).headers["seam-workspace"])
    }

    @Test
    fun `without credentials the example prints the Config error and sends nothing`() {
        val run = runMain("co.seam.examples.AssignKt", mapOf("SEAM_ENDPOINT" to fake.url))
        assertEquals(1, run.exitCode, run.stdout)
        assertTrue(run.stderr.startsWith("error: "), run.stderr)
        assertTrue(run.stderr.contains("SEAM_API_KEY"), run.stderr)
        assertEquals(0, fake.total())
    }

    @Test
    fun `every Kotlin sample of the README is in examples, and they run`() {
        val module = workspaceRoot().resolve("bindings/kotlin")
        val readme = Files.readString(module.resolve("README.md"))
        // Kotlin blocks are compiled as examples/*.kt; Java blocks as the Java consumer's source.
        for ((language, dir, suffix) in listOf(
            Triple("kotlin", module.resolve("examples"), ".kt"),
            Triple("java", workspaceRoot().resolve("tests/consumers/java/src/main/java"), ".java"),
        )) {
            val blocks = Regex("```$language\n(.*?)```", RegexOption.DOT_MATCHES_ALL).findAll(readme)
                .map { it.groupValues[1] }.toList()
            assertTrue(blocks.isNotEmpty(), "no $language block in the README")
            val sources = Files.walk(dir).use { files ->
                files.filter { it.toString().endsWith(suffix) }.map(Path::toFile).toList().joinToString("\n") { it.readText() }
            }
            val sourceLines = sources.lines().map { it.trim() }.filter { it.isNotEmpty() }
            for (block in blocks) {
                val lines = block.lines().map { it.trim() }.filter { it.isNotEmpty() }
                val found = sourceLines.indices.any { start ->
                    lines.indices.all { i -> sourceLines.getOrNull(start + i) == lines[i] }
                }
                assertTrue(found, "this README block is not in $dir (so it is not compiled):\n$block")
            }
        }

        val run = runMain("co.seam.examples.ReadmeKt", mapOf("SEAM_API_KEY" to API_KEY, "SEAM_ENDPOINT" to fake.url))
        assertEquals(0, run.exitCode, run.stderr)
        val results = run.stdout.lines().filter { it.isNotEmpty() }.associate { it.substringBefore(' ') to it.substringAfter(' ') }
        val lifecycle = notNull(results["lifecycle"], "lifecycle")
        assertTrue(lifecycle.startsWith("[c0ffee00-") && lifecycle.endsWith(", $CLOUD_KEY]"), lifecycle)
        assertEquals(listOf("Akiles PIN", "Warnings PIN", "Front Door PIN").toString(), results["pinNames"])
        assertTrue(notNull(results["truncated"]).startsWith("bad acs_credential_id: "), results["truncated"])
        assertTrue(notNull(results["missing"]).startsWith("no such user (request "), results["missing"])
        assertEquals(listOf(AKILES, WARNINGS_PIN, PIN).toString(), results["mobileApp"])
        assertEquals(CREDENTIAL, results["json"])
        assertTrue(run.stdout.contains("AcsCredential(acsCredentialId=$CREDENTIAL, "), run.stdout)
        assertEquals(List(3) { "Multi Phone Sync Credential" }.toString(), results["configured"])
        assertEquals((SEEDED.size).toString(), results["everyCredential"])
        assertEquals("400", results["webhook"])
    }
}
