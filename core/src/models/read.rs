//! Reading the API's JSON objects by the rule of `docs/reliability.md` ("What a response may
//! contain"): typed where a value reads as its model says, kept as the exact JSON text the API
//! sent where it does not, and an error only for the fields an object cannot do without.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::time::SystemTime;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::timestamp;

/// Why a value could not be read: where (a JSON path below the object being read) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub path: String,
    pub reason: String,
}

impl Problem {
    fn at(name: &str, reason: String) -> Self {
        Self {
            path: name.to_owned(),
            reason,
        }
    }

    /// The same problem, seen from the object that holds `name`.
    pub fn within(mut self, name: &str) -> Self {
        self.path = if self.path.is_empty() {
            name.to_owned()
        } else if self.path.starts_with('[') {
            format!("{name}{}", self.path)
        } else {
            format!("{name}.{}", self.path)
        };
        self
    }
}

/// A type the API sends, read from the exact JSON text of one value.
pub(crate) trait FromJson: Sized {
    /// What the value should be, for messages ("a string", "an object", …).
    const EXPECTED: &'static str;
    fn from_json(raw: &RawValue) -> Result<Self, Problem>;
}

/// The members of one JSON object, each still as the text the API sent, taken out one by one
/// by the reader of the object's model; whatever is left (or did not read) is kept.
pub(crate) struct Members<'a> {
    entries: Vec<(Cow<'a, str>, &'a RawValue)>,
    kept: HashMap<String, String>,
}

impl<'a> Members<'a> {
    pub fn of(raw: &'a RawValue) -> Result<Self, Problem> {
        let mut deserializer = serde_json::Deserializer::from_str(raw.get());
        let entries = deserializer
            .deserialize_map(EntriesVisitor)
            .map_err(|_| mismatch("an object", raw))?;
        Ok(Self {
            entries,
            kept: HashMap::new(),
        })
    }

    fn take(&mut self, name: &str) -> Option<&'a RawValue> {
        let index = self.entries.iter().position(|(key, _)| key == name)?;
        Some(self.entries.swap_remove(index).1)
    }

    /// A member the object cannot do without: missing, null or unreadable is a [`Problem`].
    pub fn required<T: FromJson>(&mut self, name: &str) -> Result<T, Problem> {
        match self.take(name) {
            None => Err(Problem::at(name, "is missing".to_owned())),
            Some(raw) => T::from_json(raw).map_err(|problem| problem.within(name)),
        }
    }

    /// A member that may be left out (absent or null: `absent()`), but that must read when
    /// sent: a list's `pagination`, whose absence means the list is whole.
    pub fn required_or<T: FromJson>(
        &mut self,
        name: &str,
        absent: impl FnOnce() -> T,
    ) -> Result<T, Problem> {
        match self.take(name).filter(|raw| raw.get() != "null") {
            None => Ok(absent()),
            Some(raw) => T::from_json(raw).map_err(|problem| problem.within(name)),
        }
    }

    /// Any other member: absent or null is `None`; a value that does not read is `None` too,
    /// and its text is kept under `name`.
    pub fn optional<T: FromJson>(&mut self, name: &str) -> Option<T> {
        let raw = self.take(name).filter(|raw| raw.get() != "null")?;
        match T::from_json(raw) {
            Ok(value) => Some(value),
            Err(_) => {
                self.kept.insert(name.to_owned(), raw.get().to_owned());
                None
            }
        }
    }

    /// Any member, as the exact JSON text the API sent (absent or null is `None`).
    pub fn text(&mut self, name: &str) -> Option<String> {
        self.take(name)
            .filter(|raw| raw.get() != "null")
            .map(|raw| raw.get().to_owned())
    }

    /// A list: absent or null is empty. The elements that read are returned; if any does not,
    /// the whole list's text is kept under `name`. `required` lists must at least be lists.
    pub fn list<T: FromJson>(&mut self, name: &str, required: bool) -> Result<Vec<T>, Problem> {
        let Some(raw) = self.take(name).filter(|raw| raw.get() != "null") else {
            return Ok(Vec::new());
        };
        let Ok(elements) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
            if required {
                return Err(mismatch("a list", raw).within(name));
            }
            self.kept.insert(name.to_owned(), raw.get().to_owned());
            return Ok(Vec::new());
        };
        let mut read = Vec::with_capacity(elements.len());
        for element in elements {
            match T::from_json(element) {
                Ok(value) => read.push(value),
                Err(_) => {
                    self.kept.insert(name.to_owned(), raw.get().to_owned());
                }
            }
        }
        Ok(read)
    }

    /// A list whose every element the object cannot do without (a page's credentials).
    pub fn required_list<T: FromJson>(&mut self, name: &str) -> Result<Vec<T>, Problem> {
        let raw = self
            .take(name)
            .ok_or_else(|| Problem::at(name, "is missing".to_owned()))?;
        let elements = serde_json::from_str::<Vec<&RawValue>>(raw.get())
            .map_err(|_| mismatch("a list", raw).within(name))?;
        elements
            .into_iter()
            .enumerate()
            .map(|(i, element)| {
                T::from_json(element).map_err(|problem| problem.within(&format!("[{i}]")))
            })
            .collect::<Result<_, _>>()
            .map_err(|problem| problem.within(name))
    }

    /// Members whose name ends in `suffix`, as JSON text (the `<manufacturer>_metadata`
    /// objects that have no model of their own).
    pub fn with_suffix(&mut self, suffix: &str) -> HashMap<String, String> {
        let (matching, rest) = std::mem::take(&mut self.entries)
            .into_iter()
            .partition(|(key, _)| key.ends_with(suffix));
        self.entries = rest;
        matching
            .into_iter()
            .map(|(key, raw): (Cow<'_, str>, &RawValue)| (key.into_owned(), raw.get().to_owned()))
            .collect()
    }

    /// The members not taken yet, in the order the object has them.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &'a RawValue)> + '_ {
        self.entries.iter().map(|(name, raw)| (name.as_ref(), *raw))
    }

    /// What the model did not read, by name, as JSON text.
    pub fn rest(self) -> HashMap<String, String> {
        let mut rest = self.kept;
        for (key, raw) in self.entries {
            rest.entry(key.into_owned())
                .or_insert_with(|| raw.get().to_owned());
        }
        rest
    }
}

/// The members of an object in the order sent, values unparsed.
struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Vec<(Cow<'de, str>, &'de RawValue)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(32));
        while let Some(entry) = map.next_entry::<Cow<'de, str>, &'de RawValue>()? {
            entries.push(entry);
        }
        Ok(entries)
    }
}

/// "expected a string, found the number 6".
pub(crate) fn mismatch(expected: &str, raw: &RawValue) -> Problem {
    Problem::at("", format!("expected {expected}, found {}", describe(raw)))
}

/// A JSON value in a few words, quoting it when short.
pub(crate) fn describe(raw: &RawValue) -> String {
    const QUOTE_LIMIT: usize = 40;
    let text = raw.get();
    let kind = match text.as_bytes().first() {
        Some(b'"') => "the string",
        Some(b'{') => "an object",
        Some(b'[') => "a list",
        Some(b't' | b'f') => "the boolean",
        Some(b'n') => return "null".to_owned(),
        _ => "the number",
    };
    if text.chars().count() <= QUOTE_LIMIT {
        format!("{kind} {text}")
    } else {
        let head: String = text.chars().take(QUOTE_LIMIT).collect();
        format!("{kind} {head}…")
    }
}

/// Types serde reads as they are.
macro_rules! from_serde {
    ($($ty:ty => $expected:literal),* $(,)?) => {$(
        impl FromJson for $ty {
            const EXPECTED: &'static str = $expected;
            fn from_json(raw: &RawValue) -> Result<Self, Problem> {
                serde_json::from_str(raw.get()).map_err(|_| mismatch(Self::EXPECTED, raw))
            }
        }
    )*};
}

from_serde! {
    String => "a string",
    bool => "a boolean",
    i64 => "a whole number",
    f64 => "a number",
}

impl<T: FromJson> FromJson for Vec<T> {
    const EXPECTED: &'static str = "a list";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let elements = serde_json::from_str::<Vec<&RawValue>>(raw.get())
            .map_err(|_| mismatch(Self::EXPECTED, raw))?;
        elements
            .into_iter()
            .enumerate()
            .map(|(i, element)| T::from_json(element).map_err(|p| p.within(&format!("[{i}]"))))
            .collect()
    }
}

impl FromJson for SystemTime {
    const EXPECTED: &'static str = "an ISO 8601 timestamp";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let text = String::from_json(raw)?;
        timestamp::parse(&text).ok_or_else(|| mismatch(Self::EXPECTED, raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).unwrap()
    }

    #[test]
    fn unread_members_keep_the_exact_text() {
        let object = raw(r#"{"a": "x", "big": 18446744073709551615, "n": 1.50, "b": 5}"#);
        let mut members = Members::of(&object).unwrap();
        assert_eq!(members.required::<String>("a").unwrap(), "x");
        assert_eq!(members.optional::<String>("b"), None);
        let rest = members.rest();
        assert_eq!(rest["big"], "18446744073709551615");
        assert_eq!(rest["n"], "1.50");
        assert_eq!(rest["b"], "5");
    }

    #[test]
    fn required_members_name_what_is_wrong() {
        let object = raw(r#"{"a": 6, "c": null}"#);
        let mut members = Members::of(&object).unwrap();
        let problem = members.required::<String>("a").unwrap_err();
        assert_eq!(problem.path, "a");
        assert_eq!(problem.reason, "expected a string, found the number 6");
        assert_eq!(
            members.required::<String>("b").unwrap_err().reason,
            "is missing"
        );
        assert_eq!(
            members.required::<String>("c").unwrap_err().reason,
            "expected a string, found null"
        );
    }

    #[test]
    fn a_list_keeps_its_text_when_an_element_does_not_read() {
        let object = raw(r#"{"l": ["a", 2, "c"], "m": 7}"#);
        let mut members = Members::of(&object).unwrap();
        assert_eq!(
            members.list::<String>("l", true).unwrap(),
            ["a".to_owned(), "c".to_owned()]
        );
        assert!(members.list::<String>("m", true).is_err());
        assert_eq!(members.rest()["l"], r#"["a", 2, "c"]"#);
    }

    #[test]
    fn paths_read_from_the_outside_in() {
        let problem = Problem::at("created_at", "is missing".into())
            .within("[2]")
            .within("acs_credentials");
        assert_eq!(problem.path, "acs_credentials[2].created_at");
    }
}
