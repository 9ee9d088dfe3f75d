{{ header }}
//
// One class per namespace of the API, blocking and non-blocking, each over UniFFI's `Native…`
// object of its name: every endpoint a method with the same arguments, with `@JvmOverloads` so
// that Java passes only the arguments it needs. Checks, messages and defaults are the core's.

package co.seam.core

import java.time.Instant
{%- for n in namespaces %}

{{ n.doc }}
class {{ n.name }} internal constructor(private val native: Native{{ n.name }}) : AutoCloseable {
{%- for c in n.children %}
{{ c.doc }}
    val {{ c.name }}: {{ c.ty }}
        get() = {{ c.ty }}(native.{{ c.name }}())

{{ c.fun_doc }}
    fun {{ c.name }}(): {{ c.ty }} = {{ c.name }}
{% endfor %}
{%- for m in n.methods %}
{{ m }}
{% endfor %}
    /** Frees this handle now (optional); the client and other handles stay open. */
    override fun close() = native.close()
}

{{ n.async_doc }}
class Async{{ n.name }} internal constructor(private val native: NativeAsync{{ n.name }}) : AutoCloseable {
{%- for c in n.children %}
{{ c.doc }}
    val {{ c.name }}: Async{{ c.ty }}
        get() = Async{{ c.ty }}(native.{{ c.name }}())

{{ c.fun_doc }}
    fun {{ c.name }}(): Async{{ c.ty }} = {{ c.name }}
{% endfor %}
{%- for m in n.async_methods %}
{{ m }}
{% endfor %}
    /** Frees this handle now (optional); the client and other handles stay open. */
    override fun close() = native.close()
}
{%- endfor %}
