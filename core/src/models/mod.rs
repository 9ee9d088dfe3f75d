//! The API's objects, as every language sees them (see `udl/seam_core.udl`).
//!
//! Every object is read by one rule (`docs/reliability.md`, "What a response may contain"):
//! values are typed where they read as the model says; whatever does not read, and whatever
//! the model does not know, is kept as the exact JSON text the API sent, in the
//! `unknown_fields` of the object that holds it; only the fields an object cannot do without
//! fail the call. Each model also writes itself back as the API's JSON (`Serialize`), which is
//! what the command line prints.

mod credential;
mod entrance;
mod page;
pub(crate) mod read;
pub(crate) mod timestamp;

pub use credential::{
    AccessMethod, AcsCredential, AcsCredentialError, AcsCredentialWarning,
    AcsCredentialWarningCode, AkilesMetadata, AssaAbloyVostioMetadata, ExternalType,
    VisionlineCardFunctionType, VisionlineMetadata,
};
pub use entrance::{AcsEntrance, AcsEntranceError, AcsEntranceWarning, AcsEntranceWarningCode};
pub use page::{AcsCredentialsPage, Pagination};

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

        impl $crate::models::read::FromJson for $name {
            const EXPECTED: &'static str = "a string";
            fn from_json(
                raw: &serde_json::value::RawValue,
            ) -> Result<Self, $crate::models::read::Problem> {
                String::from_json(raw).map(Self::from)
            }
        }
    };
}
pub(crate) use open_enum;

/// Writes a model back as the API's JSON object: its typed fields, then what was kept as
/// text. A field kept as text (it did not read) is written from that text, not from the model.
pub(crate) struct JsonObject<'a, M: serde::ser::SerializeMap> {
    map: M,
    kept: &'a std::collections::HashMap<String, String>,
}

impl<'a, M: serde::ser::SerializeMap> JsonObject<'a, M> {
    pub fn new(map: M, kept: &'a std::collections::HashMap<String, String>) -> Self {
        Self { map, kept }
    }

    pub fn field<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), M::Error> {
        if self.kept.contains_key(name) {
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

    /// JSON texts by name (metadata kept whole), then the kept texts; ends the object.
    pub fn end(
        mut self,
        texts: &[&std::collections::HashMap<String, String>],
    ) -> Result<M::Ok, M::Error> {
        for group in texts.iter().copied().chain([self.kept]) {
            let mut names: Vec<&String> = group.keys().collect();
            names.sort();
            for name in names {
                if let Some(text) = group.get(name) {
                    self.map.serialize_entry(name, &RawJson(text))?;
                }
            }
        }
        self.map.end()
    }
}

/// JSON text written as it is (it came from the API, so it is valid JSON).
struct RawJson<'a>(&'a str);

impl serde::Serialize for RawJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match serde_json::from_str::<&serde_json::value::RawValue>(self.0) {
            Ok(raw) => raw.serialize(s),
            // Texts are only ever made from parsed JSON; a hand-made one is written as a string.
            Err(_) => s.serialize_str(self.0),
        }
    }
}
