//! Reading a call's parameters from the JSON object a caller by name sends (the Python
//! binding, the command line's bulk lines): each member taken by the generated `from_args` of
//! the call's parameters, typed by the small [`Arg`] readers here. A member of the wrong type,
//! or one the call does not take, is `InvalidInput` naming it; nothing is sent.
//!
//! (serde's derived `Deserialize` would do the same, at the cost of a visitor per parameter
//! struct: several kilobytes of library each, for 94 calls.)

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde_json::value::RawValue;

use crate::error::SeamError;
use crate::models::read::{describe, FromJson};
use crate::models::timestamp;

/// The members of a JSON object not taken yet.
pub(crate) struct Args<'a> {
    entries: Vec<(String, &'a RawValue)>,
    /// Where the object is (`""` at the top, `visionline_metadata` inside it).
    path: String,
}

impl<'a> Args<'a> {
    /// The parameters of a call.
    pub fn of(text: &'a str) -> Result<Self, SeamError> {
        let raw = serde_json::from_str::<&RawValue>(text)
            .map_err(|e| SeamError::invalid_input("parameters", format!("are not JSON: {e}")))?;
        Self::object(raw, String::new())
    }

    /// A parameter object inside the parameters, at `path`.
    pub fn nested(raw: &'a RawValue, path: &str) -> Result<Self, SeamError> {
        Self::object(raw, path.to_owned())
    }

    fn object(raw: &'a RawValue, path: String) -> Result<Self, SeamError> {
        let members: BTreeMap<String, &'a RawValue> =
            serde_json::from_str(raw.get()).map_err(|_| {
                let name = if path.is_empty() { "parameters" } else { &path };
                SeamError::invalid_input(
                    name,
                    format!("expected an object, found {}", describe(raw)),
                )
            })?;
        Ok(Self {
            entries: members.into_iter().collect(),
            path,
        })
    }

    fn name(&self, member: &str) -> String {
        if self.path.is_empty() {
            member.to_owned()
        } else {
            format!("{}.{member}", self.path)
        }
    }

    fn take(&mut self, member: &str) -> Option<&'a RawValue> {
        let index = self.entries.iter().position(|(key, _)| key == member)?;
        Some(self.entries.swap_remove(index).1).filter(|raw| raw.get() != "null")
    }

    /// A parameter the call needs.
    pub fn required<T: Arg>(&mut self, member: &str) -> Result<T, SeamError> {
        let name = self.name(member);
        match self.take(member) {
            Some(raw) => T::arg(raw, &name),
            None => Err(SeamError::invalid_input(&name, "is required")),
        }
    }

    /// A parameter the call may go without.
    pub fn optional<T: Arg>(&mut self, member: &str) -> Result<Option<T>, SeamError> {
        let name = self.name(member);
        self.take(member).map(|raw| T::arg(raw, &name)).transpose()
    }

    /// A list parameter (absent: empty).
    pub fn list<T: Arg>(&mut self, member: &str) -> Result<Vec<T>, SeamError> {
        let name = self.name(member);
        let Some(raw) = self.take(member) else {
            return Ok(Vec::new());
        };
        let elements = serde_json::from_str::<Vec<&RawValue>>(raw.get()).map_err(|_| {
            SeamError::invalid_input(&name, format!("expected a list, found {}", describe(raw)))
        })?;
        elements
            .into_iter()
            .enumerate()
            .map(|(i, element)| T::arg(element, &format!("{name}[{i}]")))
            .collect()
    }

    /// Refuses what the call does not take.
    pub fn finish(self) -> Result<(), SeamError> {
        match self.entries.first() {
            None => Ok(()),
            Some((member, _)) => Err(SeamError::invalid_input(
                &self.name(member),
                "is not a parameter of this call",
            )),
        }
    }
}

/// A value a parameter takes, read from its JSON.
pub(crate) trait Arg: Sized {
    fn arg(raw: &RawValue, name: &str) -> Result<Self, SeamError>;
}

/// Reads by the models' readers: the same types, the same descriptions of what was found.
fn read<T: FromJson>(raw: &RawValue, name: &str) -> Result<T, SeamError> {
    T::from_json(raw).map_err(|problem| SeamError::invalid_input(name, problem.reason))
}

impl Arg for String {
    fn arg(raw: &RawValue, name: &str) -> Result<Self, SeamError> {
        read(raw, name)
    }
}

impl Arg for bool {
    fn arg(raw: &RawValue, name: &str) -> Result<Self, SeamError> {
        read(raw, name)
    }
}

impl Arg for i64 {
    fn arg(raw: &RawValue, name: &str) -> Result<Self, SeamError> {
        read(raw, name)
    }
}

impl Arg for f64 {
    fn arg(raw: &RawValue, name: &str) -> Result<Self, SeamError> {
        read(raw, name)
    }
}

impl Arg for SystemTime {
    fn arg(raw: &RawValue, name: &str) -> Result<Self, SeamError> {
        let text: String = read(raw, name)?;
        timestamp::parse(&text).ok_or_else(|| {
            SeamError::invalid_input(
                name,
                format!("{text:?} is not an ISO 8601 timestamp such as 2024-04-12T03:56:22Z"),
            )
        })
    }
}
