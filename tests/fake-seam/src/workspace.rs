//! The mutable copy of the seed one server serves: every object by id, plus the bookkeeping
//! the API computes but no object carries (who is in which group, what opens what).
//!
//! API objects stay `serde_json::Value`, so unknown fields travel verbatim.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::attempts::{Attempt, EncoderPlan};
use crate::credential_store::CredentialStore;

#[derive(Clone, Default)]
pub struct Workspace {
    pub connected_accounts: BTreeMap<String, Value>,
    pub acs_systems: BTreeMap<String, Value>,
    pub acs_users: BTreeMap<String, Value>,
    pub user_identities: BTreeMap<String, Value>,
    pub acs_entrances: BTreeMap<String, Value>,
    pub credentials: CredentialStore,
    pub access_groups: BTreeMap<String, AccessGroup>,
    pub acs_encoders: BTreeMap<String, Value>,
    /// ACS user id → entrances granted to it directly (`/acs/entrances/grant_access`).
    pub direct_grants: BTreeMap<String, Vec<String>>,
    pub client_sessions: BTreeMap<String, Value>,
    /// Client sessions whose token no longer authenticates.
    pub revoked_sessions: BTreeSet<String>,
    pub access_grants: BTreeMap<String, AccessGrant>,
    pub access_methods: BTreeMap<String, Value>,
    /// Ids of user identities, access grants and access methods that are unmanaged.
    pub unmanaged: BTreeSet<String>,
    pub instant_keys: BTreeMap<String, Value>,
    pub webhooks: BTreeMap<String, Value>,
    pub action_attempts: BTreeMap<String, Attempt>,
    /// Attempts not yet completed, so that settling them costs what is pending.
    pub pending_attempts: BTreeSet<String>,
    /// What each encoder's next encode or scan will do (`/acs/encoders/simulate/*`).
    pub encoder_plans: BTreeMap<String, EncoderPlan>,
    /// Oldest first.
    pub events: Vec<Value>,
}

#[derive(Clone)]
pub struct AccessGroup {
    pub object: Value,
    pub user_ids: Vec<String>,
    pub entrance_ids: Vec<String>,
}

#[derive(Clone)]
pub struct AccessGrant {
    pub object: Value,
    /// The entrances it opens.
    pub entrance_ids: Vec<String>,
    /// The direct grants it made (ACS user, entrance), withdrawn with it.
    pub granted: Vec<(String, String)>,
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

    /// Managed ones only; see [`Workspace::unmanaged_identity`].
    pub fn user_identity(&self, workspace: &str, id: &str) -> Option<&Value> {
        self.user_identities
            .get(id)
            .filter(|o| in_workspace(o, workspace) && !self.unmanaged.contains(id))
    }

    pub fn unmanaged_identity(&self, workspace: &str, id: &str) -> Option<&Value> {
        self.user_identities
            .get(id)
            .filter(|o| in_workspace(o, workspace) && self.unmanaged.contains(id))
    }

    pub fn identity_by_key(&self, workspace: &str, key: &str) -> Option<&Value> {
        self.user_identities.values().find(|o| {
            in_workspace(o, workspace)
                && str_field(o, "user_identity_key") == Some(key)
                && str_field(o, "user_identity_id").is_some_and(|id| !self.unmanaged.contains(id))
        })
    }

    /// The ACS users a user identity is linked to (by their `user_identity_id`), any system.
    pub fn linked_users<'a>(&'a self, identity: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.acs_users
            .values()
            .filter(move |u| str_field(u, "user_identity_id") == Some(identity))
    }

    pub fn linked_user_ids(&self, identity: &str) -> Vec<String> {
        self.linked_users(identity)
            .filter_map(|u| str_field(u, "acs_user_id"))
            .map(str::to_owned)
            .collect()
    }

    /// Entrances carry no workspace id: they belong to their system's workspace.
    pub fn acs_entrance(&self, workspace: &str, id: &str) -> Option<&Value> {
        self.acs_entrances.get(id).filter(|e| {
            str_field(e, "acs_system_id").is_some_and(|s| self.acs_system(workspace, s).is_some())
        })
    }

    pub fn access_group(&self, workspace: &str, id: &str) -> Option<&AccessGroup> {
        self.access_groups
            .get(id)
            .filter(|g| in_workspace(&g.object, workspace))
    }

    pub fn acs_encoder(&self, workspace: &str, id: &str) -> Option<&Value> {
        self.acs_encoders
            .get(id)
            .filter(|o| in_workspace(o, workspace))
    }

    pub fn credential(
        &self,
        workspace: &str,
        id: &str,
    ) -> Option<&crate::credential_store::Credential> {
        self.credentials
            .get(id)
            .filter(|c| in_workspace(c.object(), workspace))
    }

    pub fn client_session(&self, workspace: &str, id: &str) -> Option<&Value> {
        self.client_sessions
            .get(id)
            .filter(|o| in_workspace(o, workspace))
    }

    /// Managed ones only.
    pub fn access_grant(&self, workspace: &str, id: &str) -> Option<&AccessGrant> {
        self.access_grants
            .get(id)
            .filter(|g| in_workspace(&g.object, workspace) && !self.unmanaged.contains(id))
    }

    pub fn access_method(&self, workspace: &str, id: &str) -> Option<&Value> {
        self.access_methods
            .get(id)
            .filter(|m| in_workspace(m, workspace) && !self.unmanaged.contains(id))
    }

    /// The grant an access method was made for.
    pub fn grant_of_method(&self, method_id: &str) -> Option<(&String, &AccessGrant)> {
        self.access_grants.iter().find(|(_, g)| {
            g.object
                .get("access_method_ids")
                .and_then(Value::as_array)
                .is_some_and(|ids| ids.iter().any(|id| id.as_str() == Some(method_id)))
        })
    }

    /// What an ACS user can open: its direct grants, then the entrances of its groups.
    pub fn user_entrance_ids(&self, user_id: &str) -> Vec<String> {
        let direct = self.direct_grants.get(user_id).into_iter().flatten();
        let grouped = self
            .access_groups
            .values()
            .filter(|g| g.user_ids.iter().any(|u| u == user_id))
            .flat_map(|g| g.entrance_ids.iter());
        dedup(direct.chain(grouped))
    }

    /// What a credential opens: the entrances it was made for, then its user's.
    pub fn credential_entrance_ids(
        &self,
        credential: &crate::credential_store::Credential,
    ) -> Vec<String> {
        let own = credential.entrance_ids().iter();
        let user = credential
            .field("acs_user_id")
            .map(|u| self.user_entrance_ids(u))
            .unwrap_or_default();
        dedup(own.chain(user.iter()))
    }

    /// What all of a user identity's ACS users can open.
    pub fn identity_entrance_ids(&self, identity: &str) -> Vec<String> {
        let per_user: Vec<Vec<String>> = self
            .linked_user_ids(identity)
            .iter()
            .map(|u| self.user_entrance_ids(u))
            .collect();
        dedup(per_user.iter().flatten())
    }

    pub fn entrances(&self, ids: &[String]) -> Vec<Value> {
        ids.iter()
            .filter_map(|id| self.acs_entrances.get(id))
            .cloned()
            .collect()
    }

    /// A user identity as the API answers it: with the ids of its ACS users.
    pub fn render_identity(&self, identity: &Value) -> Value {
        let mut rendered = identity.clone();
        let id = str_field(identity, "user_identity_id").unwrap_or_default();
        let users = self.linked_user_ids(id);
        if let Some(fields) = rendered.as_object_mut() {
            fields.insert("acs_user_ids".to_owned(), Value::from(users));
        }
        rendered
    }

    /// An ACS user as the API answers it: with its identity's contact details.
    pub fn render_user(&self, user: &Value) -> Value {
        let mut rendered = user.clone();
        let identity =
            str_field(user, "user_identity_id").and_then(|i| self.user_identities.get(i));
        if let (Some(fields), Some(identity)) = (rendered.as_object_mut(), identity) {
            for (from, to) in [
                ("full_name", "user_identity_full_name"),
                ("email_address", "user_identity_email_address"),
                ("phone_number", "user_identity_phone_number"),
            ] {
                if let Some(value) = identity.get(from).filter(|v| v.is_string()) {
                    fields.insert(to.to_owned(), value.clone());
                }
            }
        }
        rendered
    }
}

/// In first-seen order, each once.
pub fn dedup<'a>(ids: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    ids.filter(|id| seen.insert(id.as_str())).cloned().collect()
}

pub fn in_workspace(object: &Value, workspace: &str) -> bool {
    str_field(object, "workspace_id") == Some(workspace)
}

pub fn str_field<'a>(object: &'a Value, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}
