{{ header }}
//
// The two clients: thin classes over UniFFI's NativeSeam and NativeAsyncSeam, so that the
// constructor has overloads for Java (`new Seam()`, `new Seam(apiKey)`) and declares
// SeamException, and each namespace is this layer's class of the same name.

package co.seam.core

import java.time.Duration

/**
 * A blocking client of the Seam Connect API. Make one and share it: it is safe from many
 * threads at once, and it reuses connections across calls. Each call blocks its thread until the
 * API answers; use [AsyncSeam] where that thread must not wait (a UI thread, a coroutine).
 *
 * Authenticate with one of: [apiKey]; [personalAccessToken] plus [workspaceId];
 * [clientSessionToken] (what a mobile app holds, made by its backend for one user). When none is
 * given, `SEAM_API_KEY`, `SEAM_PERSONAL_ACCESS_TOKEN` and `SEAM_WORKSPACE_ID` are read (a client
 * session token never is). A credential of the wrong kind, or one that cannot go in a header, is
 * [SeamException.Config].
 *
 * `AutoCloseable`: `use { }` or try-with-resources frees the native client at the end of the
 * block; after [close] a call throws [IllegalStateException]; a client never closed is freed by
 * the cleaner once unreachable.
 *
 * @param apiKey The API key (`seam_…`).
 * @param personalAccessToken A personal access token; give [workspaceId] with it.
 * @param workspaceId The workspace a personal access token acts in.
 * @param clientSessionToken A client session token, made by the app's backend for one user.
 * @param endpoint The API base URL (default `SEAM_ENDPOINT`, then `https://connect.getseam.com`;
 *   plain `http://` only for a loopback host).
 * @param timeout The bound of each call, retries included (default 30 s).
 * @param maxRetries How many times a rate-limited or unavailable call is retried (default 2, at
 *   most 10; 0 turns retries off).
 * @param checkIdFormat Whether every id is checked to be a UUID before anything is sent (default
 *   true; turn it off only for a server whose ids are not UUIDs).
 * @param waitForActionAttempt Whether calls that start an action attempt wait for it, and how long
 *   (default: up to 10 s, polling every 0.5 s).
 * @throws SeamException.Config when the settings are refused.
 */
class Seam @JvmOverloads @Throws(SeamException::class) constructor(
    apiKey: String? = null,
    personalAccessToken: String? = null,
    workspaceId: String? = null,
    clientSessionToken: String? = null,
    endpoint: String? = null,
    timeout: Duration? = null,
    maxRetries: Int? = null,
    checkIdFormat: Boolean? = null,
    waitForActionAttempt: WaitOptions? = null,
) : AutoCloseable {
    internal val native: NativeSeam = NativeSeam(
        apiKey, personalAccessToken, workspaceId, clientSessionToken, endpoint, timeout, maxRetries,
        checkIdFormat, waitForActionAttempt,
    )

    /** The API base URL this client calls. */
    fun endpoint(): String = native.endpoint()
{%- for c in children %}

{{ c.doc }}
    val {{ c.name }}: {{ c.ty }}
        get() = {{ c.ty }}(native.{{ c.name }}())

{{ c.fun_doc }}
    fun {{ c.name }}(): {{ c.ty }} = {{ c.name }}
{%- endfor %}

    /** Frees the native client now; closing twice does nothing. */
    override fun close() = native.close()
}

/**
 * The non-blocking client: the calls of [Seam] as `suspend` functions. A call runs on one of the
 * client's worker threads and never blocks the caller's thread, so it is safe on
 * `Dispatchers.Main`; cancelling the coroutine returns at once (a call still waiting for a worker
 * is never sent, one already sent runs to its end).
 *
 * The arguments are [Seam]'s, plus [workerThreads]: how many calls may run at once (default 64,
 * from 1 to 1024), which is also how many connections the client keeps open.
 *
 * @throws SeamException.Config when the settings are refused.
 */
class AsyncSeam @JvmOverloads @Throws(SeamException::class) constructor(
    apiKey: String? = null,
    personalAccessToken: String? = null,
    workspaceId: String? = null,
    clientSessionToken: String? = null,
    endpoint: String? = null,
    timeout: Duration? = null,
    maxRetries: Int? = null,
    checkIdFormat: Boolean? = null,
    waitForActionAttempt: WaitOptions? = null,
    workerThreads: Int? = null,
) : AutoCloseable {
    internal val native: NativeAsyncSeam = NativeAsyncSeam(
        apiKey, personalAccessToken, workspaceId, clientSessionToken, endpoint, timeout, maxRetries,
        checkIdFormat, waitForActionAttempt, workerThreads,
    )

    /** The API base URL this client calls. */
    fun endpoint(): String = native.endpoint()

    /** What the worker threads are doing now: how many exist, are busy, and how many calls wait. */
    fun workerStats(): WorkerStats = native.workerStats()
{%- for c in children %}

{{ c.doc }}
    val {{ c.name }}: Async{{ c.ty }}
        get() = Async{{ c.ty }}(native.{{ c.name }}())

{{ c.fun_doc }}
    fun {{ c.name }}(): Async{{ c.ty }} = {{ c.name }}
{%- endfor %}

    /** Frees the native client now; closing twice does nothing. */
    override fun close() = native.close()
}
