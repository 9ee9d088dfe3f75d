{{ header }}
//! One module per namespace of the API.

{%- for (module, type_name, doc) in namespaces %}
pub(crate) mod {{ module }};
{%- endfor %}
pub(crate) mod json;
pub(crate) mod readers;

/// The types the namespaces define (parameter objects, pages), by their plain names.
pub(crate) mod exports {
{%- for (module, types) in exports %}
    pub use super::{{ module }}::{ {%- for t in types %}{{ t }}{% if !loop.last %}, {% endif %}{% endfor -%} };
{%- endfor %}
}

/// The namespaces as Rust modules: `seam_core::acs::users::CreateParams`.
pub mod tree {
{{ tree }}
}
