// A Java-friendly way to make a blocking client with only the settings it needs, by name. The
// builder forwards to the constructor unchanged: the defaults and every check are the core's.

package co.seam.core

import java.time.Duration

/**
 * Builds a [Seam] client from Java, naming each setting:
 *
 * ```java
 * try (Seam seam = new SeamBuilder().apiKey(System.getenv("SEAM_API_KEY")).build()) {
 *     AcsCredential credential = seam.acs().credentials().assign(
 *         "33333333-3333-3333-3333-333333333333", "66666666-6666-6666-6666-666666666666");
 * }
 * ```
 *
 * Every setting left unset (or set to `null`) is the constructor's default; see [Seam] for
 * what each one means and which environment variables are read.
 */
class SeamBuilder {
    private var apiKey: String? = null
    private var personalAccessToken: String? = null
    private var workspaceId: String? = null
    private var clientSessionToken: String? = null
    private var endpoint: String? = null
    private var timeout: Duration? = null
    private var maxRetries: Int? = null
    private var checkIdFormat: Boolean? = null
    private var waitForActionAttempt: WaitOptions? = null

    /** The API key (`seam_…`). */
    fun apiKey(value: String?): SeamBuilder = apply { apiKey = value }

    /** A personal access token; give [workspaceId] with it. */
    fun personalAccessToken(value: String?): SeamBuilder = apply { personalAccessToken = value }

    /** The workspace a personal access token acts in. */
    fun workspaceId(value: String?): SeamBuilder = apply { workspaceId = value }

    /** A client session token, made by the app's backend for one user. */
    fun clientSessionToken(value: String?): SeamBuilder = apply { clientSessionToken = value }

    /** The API base URL. */
    fun endpoint(value: String?): SeamBuilder = apply { endpoint = value }

    /** The bound of each call, retries included. */
    fun timeout(value: Duration?): SeamBuilder = apply { timeout = value }

    /** How many times a call may be retried. */
    fun maxRetries(value: Int?): SeamBuilder = apply { maxRetries = value }

    /** Whether ids are checked to be UUIDs before anything is sent. */
    fun checkIdFormat(value: Boolean?): SeamBuilder = apply { checkIdFormat = value }

    /** Whether and how long calls that start an action attempt wait for it. */
    fun waitForActionAttempt(value: WaitOptions?): SeamBuilder = apply { waitForActionAttempt = value }

    /** The client, or [SeamException.Config] when the settings are refused. */
    @Throws(SeamException::class)
    fun build(): Seam = Seam(
        apiKey = apiKey,
        personalAccessToken = personalAccessToken,
        workspaceId = workspaceId,
        clientSessionToken = clientSessionToken,
        endpoint = endpoint,
        timeout = timeout,
        maxRetries = maxRetries,
        checkIdFormat = checkIdFormat,
        waitForActionAttempt = waitForActionAttempt,
    )
}
