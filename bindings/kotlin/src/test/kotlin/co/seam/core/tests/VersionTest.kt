package co.seam.core.tests

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.nio.file.Files

/** `[workspace.package] version` of the workspace's Cargo.toml: the one version of every package. */
fun cargoWorkspaceVersion(): String {
    val lines = Files.readAllLines(configuredPath("seam.cargo.toml", "SEAM_CARGO_TOML", "Cargo.toml"))
    val section = lines.dropWhile { it.trim() != "[workspace.package]" }.drop(1).takeWhile { !it.trim().startsWith("[") }
    val version = section.firstNotNullOfOrNull { Regex("""^\s*version\s*=\s*"([^"]+)"""").find(it)?.groupValues?.get(1) }
    return notNull(version, "[workspace.package] version in Cargo.toml")
}

class VersionTest {
    /**
     * The artifact's version (what Maven builds and installs, passed in by Surefire), Cargo's, and
     * the one the native library sends in `seam-sdk-version` are the same.
     */
    @Test
    fun `the jar, Cargo and the native library have one version`() {
        val artifact = notNull(System.getProperty("seam.artifact.version"), "seam.artifact.version (set by the pom)")
        val cargo = cargoWorkspaceVersion()
        assertEquals(
            cargo, artifact,
            "co.seam:seam-core is $artifact but Cargo.toml says $cargo: build with scripts/package-kotlin " +
                "(or mvn -Drevision=$cargo)",
        )
        FakeSeam().use { fake ->
            fake.client().use { it.acs.credentials.get(CREDENTIAL) }
            assertEquals(cargo, notNull(fake.lastRequest()).headers["seam-sdk-version"])
        }
    }
}
