//! The mutable copy of the seed one server serves: lookups scoped to the caller's workspace.

use std::collections::BTreeMap;

use serde_json::Value;

#[derive(Clone)]
pub struct Workspace {
    pub acs_systems: BTreeMap<String, Value>,
    pub acs_users: BTreeMap<String, Value>,
    pub user_identities: BTreeMap<String, Value>,
    pub acs_entrances: BTreeMap<String, Value>,
    pub credentials: BTreeMap<String, Credential>,
}

#[derive(Clone)]
pub struct Credential {
    /// The API object, unknown fields included.
    pub object: Value,
    /// What `list_accessible_entrances` answers; not a field of the object.
    pub entrance_ids: Vec<String>,
}

impl Credential {
    pub fn field(&self, key: &str) -> Option<&str> {
        str_field(&self.object, key)
    }
}

impl Workspace {
    pub fn acs_system(&self, workspace: &str, id: &str) -> Option<&Value> {
        self.acs_systems
            .get(id)
            .filter(|o| in_workspace(o, workspace))
    }

    pub fn acs_user(&self, workspace: &str, id: &str) -> Option<&Value> {
        self.acs_users
            .get(id)
            .filter(|o| in_workspace(o, workspace))
    }

    pub fn user_identity(&self, workspace: &str, id: &str) -> Option<&Value> {
        self.user_identities
            .get(id)
            .filter(|o| in_workspace(o, workspace))
    }

    /// The ACS users a user identity is linked to (by their `user_identity_id`), any system.
    pub fn linked_users<'a>(&'a self, identity: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.acs_users
            .values()
            .filter(move |u| str_field(u, "user_identity_id") == Some(identity))
    }

    /// Entrances carry no workspace id: they belong to their system's workspace.
    pub fn acs_entrance(&self, workspace: &str, id: &str) -> Option<&Value> {
        self.acs_entrances.get(id).filter(|e| {
            str_field(e, "acs_system_id").is_some_and(|s| self.acs_system(workspace, s).is_some())
        })
    }

    pub fn credential(&self, workspace: &str, id: &str) -> Option<&Credential> {
        self.credentials
            .get(id)
            .filter(|c| in_workspace(&c.object, workspace))
    }

    pub fn credential_mut(&mut self, workspace: &str, id: &str) -> Option<&mut Credential> {
        self.credentials
            .get_mut(id)
            .filter(|c| in_workspace(&c.object, workspace))
    }
}

fn in_workspace(object: &Value, workspace: &str) -> bool {
    str_field(object, "workspace_id") == Some(workspace)
}

pub fn str_field<'a>(object: &'a Value, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}
