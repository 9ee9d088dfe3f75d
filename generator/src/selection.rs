//! The selection (`generator/api/selection.toml`): what seam-core exposes of the API, with the
//! docs in our own words and what the schema cannot say (either-or rules, retry classes,
//! client-side checks, names that differ per language). One `[[endpoint]]` block per endpoint.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// Docs of the namespaces (`acs.users`), one sentence each.
    #[serde(default)]
    pub namespaces: BTreeMap<String, String>,
    /// Docs of parameters and fields that many calls and models share, by name; an endpoint's
    /// or a model's own doc of one wins.
    #[serde(default)]
    pub common: BTreeMap<String, String>,
    /// The models, by schema name, in the order the generated files list them.
    #[serde(default)]
    pub model: BTreeMap<String, ModelSelection>,
    /// Names and docs of the enums, by the type name the generator gives them.
    #[serde(default, rename = "enum")]
    pub enums: BTreeMap<String, EnumSelection>,
    /// Records the generator makes of nested objects, by type name.
    #[serde(default)]
    pub record: BTreeMap<String, RecordSelection>,
    #[serde(default, rename = "endpoint")]
    pub endpoints: Vec<EndpointSelection>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointSelection {
    pub path: String,
    /// What the call does, in one or two sentences of our own.
    pub doc: String,
    /// Parameters first in this order (languages that pass arguments by position); the rest
    /// follow required first, then by name.
    #[serde(default)]
    pub order: Vec<String>,
    /// Groups of parameters of which exactly one must be given.
    #[serde(default)]
    pub one_of: Vec<Vec<String>>,
    /// Groups of parameters of which at most one may be given.
    #[serde(default)]
    pub at_most_one: Vec<Vec<String>>,
    /// `a = ["b"]`: when `a` is given, `b` must be too.
    #[serde(default)]
    pub requires: BTreeMap<String, Vec<String>>,
    /// `ends_at = "starts_at"`: when both are given, the first must be later.
    #[serde(default)]
    pub after: BTreeMap<String, String>,
    /// Client-side checks the schema does not state: `code = "digits"`, `search = "not_empty"`.
    #[serde(default)]
    pub check: BTreeMap<String, String>,
    /// The member of the answer to return when the document names none (`acs_credential` for
    /// assign), or `""` to return nothing.
    #[serde(default)]
    pub returns: Option<String>,
    /// The model to read the answer as, when the document's schema is a variant of one.
    #[serde(default)]
    pub model: Option<String>,
    /// `read`, `repeatable` or `create` (default: from the method; see the generator).
    #[serde(default)]
    pub retry: Option<String>,
    /// Parameters left out (a draft or undocumented one is left out anyway).
    #[serde(default)]
    pub skip: Vec<String>,
    /// Parameter types the document states too loosely: `starts_at = "timestamp"`.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Type names of nested parameter objects and their enums, by path
    /// (`visionline_metadata`, `visionline_metadata.card_format`).
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Identifiers of parameters whose API name is a keyword somewhere (`override`).
    #[serde(default)]
    pub renames: BTreeMap<String, String>,
    /// Docs of parameters, by path; others get a sentence made from the name.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// Extra Rust methods taking these parameters by position (`assign_user_identity`).
    #[serde(default)]
    pub rust: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSelection {
    /// The type name (default: the schema name in PascalCase).
    #[serde(default)]
    pub name: Option<String>,
    pub doc: String,
    /// The fields an object cannot do without: missing or unreadable, they fail the call.
    #[serde(default)]
    pub identify: Vec<String>,
    /// Fields first in this order; the rest follow by name.
    #[serde(default)]
    pub order: Vec<String>,
    /// Whether `<manufacturer>_metadata` members that `typed` does not name are kept whole,
    /// as JSON text, in `other_metadata`.
    #[serde(default)]
    pub other_metadata: bool,
    /// `<manufacturer>_metadata` members that get a record of their own.
    #[serde(default)]
    pub typed: Vec<String>,
    /// Fields left out (kept in `unknown_fields` when the API sends them).
    #[serde(default)]
    pub skip: Vec<String>,
    /// Type names of nested objects and enums, by path (`warnings`, `warnings.warning_code`).
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Field types the document states too loosely (`starts_at = "timestamp"`), or `json`
    /// for a value kept as JSON text.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Identifiers of fields whose API name is a keyword somewhere (`type` → `error_type`).
    #[serde(default)]
    pub renames: BTreeMap<String, String>,
    /// The value of a boolean field the API leaves out (`is_managed = true`).
    #[serde(default)]
    pub defaults: BTreeMap<String, bool>,
    /// Fields that hold a secret: never printed whole.
    #[serde(default)]
    pub secret: Vec<String>,
    /// Docs of fields, by path; others get a sentence made from the name.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Discriminated unions: the typed members beyond those every variant has.
    #[serde(default)]
    pub union_fields: Vec<String>,
    /// Action attempts: the typed result of each kind, by action type.
    #[serde(default)]
    pub results: BTreeMap<String, String>,
    /// The columns of the command line's `--format table` (default: the identifying fields,
    /// then the name fields).
    #[serde(default)]
    pub table: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumSelection {
    pub doc: String,
    /// Docs of values, by the API's spelling.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSelection {
    pub doc: String,
    /// Fields first in this order; the rest follow by name.
    #[serde(default)]
    pub order: Vec<String>,
}

impl Selection {
    pub fn read(text: &str) -> Result<Selection, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    pub fn paths(&self) -> Vec<String> {
        self.endpoints.iter().map(|e| e.path.clone()).collect()
    }
}
