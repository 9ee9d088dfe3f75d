{{ header }}
{{ module_doc }}
#![allow(unused_imports)]

use std::collections::HashMap;
use std::time::SystemTime;

use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::models::read::{FromJson, Members, Problem};
use crate::models::*;
{% for r in records %}
{{ r.doc }}
#[derive({{ r.derives }})]
pub struct {{ r.name }} {
{%- for f in r.fields %}
{{ f.doc }}
    pub {{ f.ident }}: {{ f.ty }},
{%- endfor %}
{%- if !r.results.is_empty() %}
    /// What the attempt produced, for the kinds this SDK types: absent while it is pending,
    /// when it failed, or when the result did not read (then its text is in `unknown_fields`).
    pub result: Option<ActionAttemptResult>,
{%- endif %}
{%- if r.other_metadata %}
    /// Every other `<manufacturer>_metadata` object, by field name, as exact JSON text.
    pub other_metadata: HashMap<String, String>,
{%- endif %}
    /// Members this SDK does not model, or that did not read, by name, as the exact JSON
    /// text the API sent.
    pub unknown_fields: HashMap<String, String>,
}

impl FromJson for {{ r.name }} {
    const EXPECTED: &'static str = "{{ r.expected }}";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let mut m = Members::of(raw)?;
{%- if r.results.is_empty() %}
        Ok(Self {
{%- for f in r.fields %}
            {{ f.ident }}: {{ f.read }},
{%- endfor %}
{%- if r.other_metadata %}
            other_metadata: m.with_suffix("_metadata"),
{%- endif %}
            unknown_fields: m.rest(),
        })
{%- else %}
        let mut read = Self {
{%- for f in r.fields %}
            {{ f.ident }}: {{ f.read }},
{%- endfor %}
            result: None,
            unknown_fields: HashMap::new(),
        };
        read.result = ActionAttemptResult::read(&mut m, read.action_type.as_str());
        read.unknown_fields = m.rest();
        Ok(read)
{%- endif %}
    }
}

impl Serialize for {{ r.name }} {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = JsonObject::new(s.serialize_map(None)?, &self.unknown_fields);
{%- for f in r.fields %}
        {{ f.write }};
{%- endfor %}
{%- if !r.results.is_empty() %}
        o.optional("result", &self.result)?;
{%- endif %}
        o.end({% if r.other_metadata %}Some(&self.other_metadata){% else %}None{% endif %})
    }
}
{%- if r.secret %}

// Written by hand in the generator, not derived: the secret fields show only their prefix.
impl std::fmt::Debug for {{ r.name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("{{ r.name }}")
{%- for f in r.fields %}
{%- if f.secret %}
            .field("{{ f.ident }}", &Redacted(&self.{{ f.ident }}))
{%- else %}
            .field("{{ f.ident }}", &self.{{ f.ident }})
{%- endif %}
{%- endfor %}
            .field("unknown_fields", &self.unknown_fields)
            .finish()
    }
}

impl std::fmt::Display for {{ r.name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}
{%- endif %}
{%- if !r.results.is_empty() %}

/// What an action attempt produced, by its kind.
// The foreign APIs carry each result whole (UDL enums cannot box a variant).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, {{ r.derives.trim_start_matches("Debug, ") }})]
pub enum ActionAttemptResult {
{%- for (action_type, variant, ty) in r.results %}
    /// The result of a successful `{{ action_type }}`.
    {{ variant }} {
        /// The result.
        value: {{ ty }},
    },
{%- endfor %}
    /// The result of a kind this SDK does not type, as exact JSON text.
    Other {
        /// The `result` object as the API sent it.
        json: String,
    },
}

impl ActionAttemptResult {
    fn read(m: &mut Members<'_>, action_type: &str) -> Option<Self> {
        match action_type {
{%- for (action_type, variant, ty) in r.results %}
            "{{ action_type }}" => m.optional("result").map(|value| Self::{{ variant }} { value }),
{%- endfor %}
            _ => m.text("result").map(|json| Self::Other { json }),
        }
    }
}

impl Serialize for ActionAttemptResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
{%- for (action_type, variant, ty) in r.results %}
            Self::{{ variant }} { value } => value.serialize(s),
{%- endfor %}
            Self::Other { json } => RawJson(json).serialize(s),
        }
    }
}
{%- endif %}
{% endfor -%}
