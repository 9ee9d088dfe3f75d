{{ header }}
//
// The API's JSON of every model, both ways: `credential.toJson()` and
// `AcsCredential.fromJson(text)` in Kotlin, `Json.toJson(credential)` and
// `Json.acsCredentialFromJson(text)` in Java. The reading and writing are the core's.

package co.seam.core
{%- for m in models %}

/** The API's JSON of this `{{ m.name }}`, its unknown fields included as the API sent them. */
fun {{ m.name }}.toJson(): String = {{ m.prefix }}ToJson(this)

/**
 * The `{{ m.name }}` of the API's JSON [json], read by the SDK's rules (what a call's answer
 * would give); what cannot be read throws [SeamException.InvalidInput] on `json`.
 */
@Throws(SeamException::class)
fun {{ m.name }}.Companion.fromJson(json: String): {{ m.name }} = {{ m.prefix }}FromJson(json)
{%- endfor %}

/** The JSON of the models, for Java: `Json.toJson(credential)`, `Json.acsCredentialFromJson(text)`. */
object Json {
{%- for m in models %}
    /** The API's JSON of [value], its unknown fields included as the API sent them. */
    @JvmStatic
    fun toJson(value: {{ m.name }}): String = {{ m.prefix }}ToJson(value)

    /** The `{{ m.name }}` of [json]; what cannot be read throws [SeamException.InvalidInput]. */
    @JvmStatic
    @Throws(SeamException::class)
    fun {{ m.prefix }}FromJson(json: String): {{ m.name }} = co.seam.core.{{ m.prefix }}FromJson(json)
{%- if !loop.last %}
{% endif %}
{%- endfor %}
}
