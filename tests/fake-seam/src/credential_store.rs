//! Credentials, kept in list order with each one's JSON text cached: bulk-read benchmarks page
//! through tens of thousands of them, and a page must cost what it holds, not what the
//! workspace holds. A page is a range of the ordered index (no sort, no copy of the rest) and
//! its body a concatenation of cached texts.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use serde_json::{Map, Value};

use crate::pagination::Position;
use crate::workspace::str_field;

#[derive(Clone)]
pub struct Credential {
    /// The API object, unknown fields included.
    object: Value,
    /// `object` serialized; refreshed by every change.
    text: String,
    /// What `list_accessible_entrances` answers besides its user's entrances; not a field of
    /// the object.
    entrance_ids: Vec<String>,
}

impl Credential {
    pub fn new(object: Value, entrance_ids: Vec<String>) -> Credential {
        let text = object.to_string();
        Credential {
            object,
            text,
            entrance_ids,
        }
    }

    pub fn object(&self) -> &Value {
        &self.object
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn entrance_ids(&self) -> &[String] {
        &self.entrance_ids
    }

    pub fn field(&self, key: &str) -> Option<&str> {
        str_field(&self.object, key)
    }
}

#[derive(Clone, Default)]
pub struct CredentialStore {
    ordered: BTreeMap<Position, Credential>,
    positions: HashMap<String, Position>,
}

impl CredentialStore {
    pub fn insert(&mut self, credential: Credential) {
        let position = Position::of(&credential.object, "acs_credential_id");
        let id = credential
            .field("acs_credential_id")
            .unwrap_or_default()
            .to_owned();
        if let Some(old) = self.positions.insert(id, position.clone()) {
            self.ordered.remove(&old);
        }
        self.ordered.insert(position, credential);
    }

    pub fn get(&self, id: &str) -> Option<&Credential> {
        self.ordered.get(self.positions.get(id)?)
    }

    pub fn remove(&mut self, id: &str) -> Option<Credential> {
        let position = self.positions.remove(id)?;
        self.ordered.remove(&position)
    }

    /// Edits the object's fields (never its id or `created_at`, which place it) and refreshes
    /// the cached text.
    pub fn edit(
        &mut self,
        id: &str,
        edit: impl FnOnce(&mut Map<String, Value>),
    ) -> Option<&Credential> {
        let position = self.positions.get(id)?;
        let credential = self.ordered.get_mut(position)?;
        if let Some(fields) = credential.object.as_object_mut() {
            edit(fields);
        }
        credential.text = credential.object.to_string();
        Some(credential)
    }

    /// In list order, newest first.
    pub fn iter(&self) -> impl Iterator<Item = &Credential> {
        self.ordered.values()
    }

    /// In list order, from just after `after`.
    pub fn after<'a>(
        &'a self,
        after: Option<&'a Position>,
    ) -> impl Iterator<Item = (&'a Position, &'a Credential)> + 'a {
        let start = match after {
            Some(position) => Bound::Excluded(position),
            None => Bound::Unbounded,
        };
        self.ordered.range((start, Bound::Unbounded))
    }

    pub fn len(&self) -> usize {
        self.ordered.len()
    }
}
