//! The API's objects, as every language sees them (see `udl/seam_core.udl`).
//!
//! The models themselves are generated from the API's facts (`generated/`); this module is the
//! runtime they stand on. Every object is read by one rule (`docs/reliability.md`, "What a
//! response may contain"): values are typed where they read as the model says; whatever does
//! not read, and whatever the model does not know, is kept as the exact JSON text the API
//! sent, in the `unknown_fields` of the object that holds it; only the fields an object cannot
//! do without fail the call. Each model also writes itself back: as the API's JSON
//! (`Serialize`), or in the normalized form the Python binding reads ([`normalized`]).

mod generated;
mod page;
pub(crate) mod read;
pub(crate) mod timestamp;

use std::cell::Cell;
use std::collections::HashMap;

pub use generated::*;
pub use page::Pagination;

/// Declares a string enum that keeps values it does not know in `Other`.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        // The UDL's `Traits=(Display)`, which UniFFI 0.32's UDL scaffolding does not export
        // itself (it does export Eq and Hash).
        #[uniffi::export_for_udl_derive(Display)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version of the SDK does not know yet, kept as the API sent it.
            Other {
                /// The value as the API sent it.
                value: String,
            },
        }

        impl $name {
            /// Every value this version of the SDK knows, as the API spells it.
            pub const VALUES: &'static [&'static str] = &[$($text,)*];

            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Other { value } => value,
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($text => Self::$variant,)*
                    _ => Self::Other { value },
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(Self::from)
            }
        }

        impl $crate::models::read::FromJson for $name {
            const EXPECTED: &'static str = "a string";
            fn from_json(
                raw: &serde_json::value::RawValue,
            ) -> Result<Self, $crate::models::read::Problem> {
                String::from_json(raw).map(Self::from)
            }
        }

        impl $crate::api::args::Arg for $name {
            fn arg(raw: &serde_json::value::RawValue, name: &str) -> Result<Self, $crate::error::SeamError> {
                String::arg(raw, name).map(Self::from)
            }
        }

        impl $crate::models::OpenEnum for $name {
            fn known(&self) -> Result<(), &str> {
                match self {
                    Self::Other { value } => Err(value),
                    _ => Ok(()),
                }
            }

            fn values() -> &'static [&'static str] {
                Self::VALUES
            }
        }
    };
}
pub(crate) use open_enum;

/// What the checks of parameters need of an enum: whether a value is one the API accepts.
pub(crate) trait OpenEnum {
    /// `Err(value)` for a value this SDK does not know.
    fn known(&self) -> Result<(), &str>;
    fn values() -> &'static [&'static str];
}

/// How a model is written out as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The API's object: what was kept as text is spliced back in as the API sent it.
    Api,
    /// Typed fields only, with what was kept as text under `unknown_fields` and
    /// `other_metadata` (maps of name to JSON text): what the Python models read.
    Normalized,
}

thread_local! {
    /// The form of the model being written on this thread (nested models follow their parent).
    static FORM: Cell<Form> = const { Cell::new(Form::Api) };
}

/// The JSON of `value` in `form`.
pub(crate) fn written<T: serde::Serialize + ?Sized>(value: &T, form: Form) -> String {
    let previous = FORM.with(|current| current.replace(form));
    let text = serde_json::to_string(value);
    FORM.with(|current| current.set(previous));
    // Models hold only strings, numbers, booleans and valid kept JSON: writing cannot fail.
    text.unwrap_or_default()
}

/// The normalized JSON of `value` (see [`Form::Normalized`]).
pub(crate) fn normalized<T: serde::Serialize + ?Sized>(value: &T) -> String {
    written(value, Form::Normalized)
}

/// Writes a model as a JSON object, in the form of the current [`FORM`]: its typed fields,
/// then what was kept as text.
pub(crate) struct JsonObject<'a, M: serde::ser::SerializeMap> {
    map: M,
    kept: &'a HashMap<String, String>,
    form: Form,
}

impl<'a, M: serde::ser::SerializeMap> JsonObject<'a, M> {
    pub fn new(map: M, kept: &'a HashMap<String, String>) -> Self {
        Self {
            map,
            kept,
            form: FORM.with(Cell::get),
        }
    }

    /// A typed field. In the API's form, a field kept as text (it did not read) is written
    /// from that text instead, at the end.
    pub fn field<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), M::Error> {
        if self.form == Form::Api && self.kept.contains_key(name) {
            return Ok(());
        }
        self.map.serialize_entry(name, value)
    }

    pub fn optional<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.field(name, value),
            None => Ok(()),
        }
    }

    pub fn time(&mut self, name: &str, value: &std::time::SystemTime) -> Result<(), M::Error> {
        self.field(name, &timestamp::format(*value))
    }

    pub fn optional_time(
        &mut self,
        name: &str,
        value: &Option<std::time::SystemTime>,
    ) -> Result<(), M::Error> {
        self.optional(name, &value.map(timestamp::format))
    }

    /// A list the API may leave out: written only when it has elements.
    pub fn list<T: serde::Serialize>(&mut self, name: &str, value: &[T]) -> Result<(), M::Error> {
        if value.is_empty() {
            return Ok(());
        }
        self.field(name, value)
    }

    /// Ends the object with what was kept as text: the metadata objects kept whole, then the
    /// members that were not modeled or did not read.
    pub fn end(
        mut self,
        other_metadata: Option<&HashMap<String, String>>,
    ) -> Result<M::Ok, M::Error> {
        match self.form {
            Form::Api => {
                for group in other_metadata.into_iter().chain([self.kept]) {
                    for (name, text) in sorted(group) {
                        self.map.serialize_entry(name, &RawJson(text))?;
                    }
                }
            }
            Form::Normalized => {
                if let Some(metadata) = other_metadata.filter(|m| !m.is_empty()) {
                    self.map.serialize_entry("other_metadata", metadata)?;
                }
                if !self.kept.is_empty() {
                    self.map.serialize_entry("unknown_fields", self.kept)?;
                }
            }
        }
        self.map.end()
    }
}

fn sorted(group: &HashMap<String, String>) -> Vec<(&String, &String)> {
    let mut entries: Vec<_> = group.iter().collect();
    entries.sort();
    entries
}

/// JSON text written as it is (it came from the API, so it is valid JSON).
pub(crate) struct RawJson<'a>(pub &'a str);

impl serde::Serialize for RawJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match serde_json::from_str::<&serde_json::value::RawValue>(self.0) {
            Ok(raw) => raw.serialize(s),
            // Texts are only ever made from parsed JSON; a hand-made one is written as a string.
            Err(_) => s.serialize_str(self.0),
        }
    }
}

/// A secret, for `Debug`: only its kind's prefix (`seam_cst…`, `whsec_…`), never its value.
pub(crate) struct Redacted<'a, T>(pub &'a T);

impl std::fmt::Debug for Redacted<'_, String> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\"{}…\"", secret_prefix(self.0))
    }
}

impl std::fmt::Debug for Redacted<'_, Option<String>> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(secret) => write!(f, "Some(\"{}…\")", secret_prefix(secret)),
            None => f.write_str("None"),
        }
    }
}

/// The part of a secret that says what kind it is and nothing of its value: `seam_cst`,
/// `whsec_`, or nothing for a secret of a kind this SDK does not know.
pub fn secret_prefix(secret: &str) -> &str {
    const KINDS: [&str; 5] = ["seam_cst", "seam_at", "seam_pk", "whsec_", "seam_"];
    KINDS
        .into_iter()
        .find(|kind| secret.starts_with(kind))
        .unwrap_or_default()
}
