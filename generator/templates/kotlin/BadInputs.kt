{{ header }}
//
// One bad argument of every endpoint (and of every walker), every other argument valid: the
// call made with the blocking client and with the non-blocking one, and the parameter the
// core's InvalidInput must name. EveryEndpointInputTest runs them and checks that this table
// covers every method of every namespace.

package co.seam.core.tests

import co.seam.core.*
import java.time.Instant

/** One bad argument of one endpoint; [operation] is its Kotlin path (`acs.credentials.assign`). */
class EndpointBadInput(
    val operation: String,
    val parameter: String,
    val blocking: (Seam) -> Any?,
    val suspending: suspend (AsyncSeam) -> Any?,
)

/** Every endpoint and walker of the API, each with one bad argument. */
val ENDPOINT_BAD_INPUTS: List<EndpointBadInput> = listOf(
{%- for c in cases %}
    EndpointBadInput(
        "{{ c.operation }}", "{{ c.parameter }}",
        { it.{{ c.call }} },
        { it.{{ c.call }} },
    ),
{%- endfor %}
)

/** The endpoints with no argument the core checks (or none at all): nothing to refuse. */
val ENDPOINTS_WITHOUT_BAD_INPUT: List<String> = listOf(
{%- for o in unrefusable %}
    "{{ o }}",
{%- endfor %}
)
