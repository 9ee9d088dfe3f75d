{{ header }}
//
// The API's spelling of every open enum's values, both ways: `method.apiValue` and
// `AccessMethod.fromApiValue("code")` in Kotlin, `ApiValues.apiValue(method)` and
// `ApiValues.accessMethodFromApiValue("code")` in Java. A value this version does not know is
// `Other(value)`, kept as the API spelled it.

package co.seam.core
{%- for e in enums %}

/** The API's spelling of this value (what `toString()` prints). */
val {{ e.name }}.apiValue: String
    get() = when (this) {
{%- for (variant, api) in e.values %}
        {{ e.name }}.{{ variant }} -> {{ api }}
{%- endfor %}
        is {{ e.name }}.Other -> this.value
    }

/** The value the API spells [value]; one this version does not know is [{{ e.name }}.Other]. */
fun {{ e.name }}.Companion.fromApiValue(value: String): {{ e.name }} = when (value) {
{%- for (variant, api) in e.values %}
    {{ api }} -> {{ e.name }}.{{ variant }}
{%- endfor %}
    else -> {{ e.name }}.Other(value)
}
{%- endfor %}

/** The API's spelling of the enums' values, for Java: `ApiValues.apiValue(method)`, `ApiValues.accessMethodFromApiValue("code")`. */
object ApiValues {
{%- for e in enums %}
    /** The API's spelling of [value]. */
    @JvmStatic
    fun apiValue(value: {{ e.name }}): String = value.apiValue

    /** The `{{ e.name }}` the API spells [value] ([{{ e.name }}.Other] when unknown). */
    @JvmStatic
    fun {{ e.prefix }}FromApiValue(value: String): {{ e.name }} = {{ e.name }}.fromApiValue(value)
{%- if !loop.last %}
{% endif %}
{%- endfor %}
}
