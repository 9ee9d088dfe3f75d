{{ header }}
//
// The SDK's spelling `seam.acs.credentials`, `seam.userIdentities.unmanaged`, … for both
// clients. Swift cannot declare a property `acs` beside a method `acs()`, so core/uniffi.toml
// gives UniFFI's accessors other names (`acsNamespace()`) and these properties forward to them.
// The objects they return share the client (an `Arc` clone): a property costs one FFI call,
// never a new client.
{%- for n in namespaces %}

extension {{ n.name }} {
{%- for c in n.children %}
{{ c.doc }}
    public var {{ c.property }}: {{ c.ty }} { {{ c.accessor }} }
{%- if !loop.last %}
{% endif %}
{%- endfor %}
}

extension {{ n.async_name }} {
{%- for c in n.children %}
{{ c.doc }}
    public var {{ c.property }}: Async{{ c.ty }} { {{ c.accessor }} }
{%- if !loop.last %}
{% endif %}
{%- endfor %}
}
{%- endfor %}
