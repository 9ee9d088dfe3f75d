//! What a client session may see: its user identity, that identity's ACS users, their
//! credentials, the entrances and systems those reach, its access grants and their access
//! methods, the attempts it made and the events about any of these. Lists are filtered to
//! this; naming anything else by id is a 403.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::attempts::Attempt;
use crate::auth::Principal;
use crate::credential_store::Credential;
use crate::error::ApiError;
use crate::validate::Input;
use crate::workspace::{str_field, Workspace};

pub struct Scope {
    pub client_session_id: String,
    pub identity: Option<String>,
    pub users: BTreeSet<String>,
    pub systems: BTreeSet<String>,
}

/// The id parameters a client session's request is checked against, and what they name.
const ID_PARAMS: &[(&str, Kind)] = &[
    ("acs_user_id", Kind::User),
    ("user_identity_id", Kind::Identity),
    ("acs_credential_id", Kind::Credential),
    ("acs_entrance_id", Kind::Entrance),
    ("acs_system_id", Kind::System),
    ("acs_encoder_id", Kind::Encoder),
    ("acs_access_group_id", Kind::Group),
    ("access_grant_id", Kind::Grant),
    ("access_grant_ids", Kind::Grant),
    ("access_method_id", Kind::Method),
    ("access_method_ids", Kind::Method),
    ("client_session_id", Kind::Session),
];

#[derive(Clone, Copy)]
enum Kind {
    User,
    Identity,
    Credential,
    Entrance,
    System,
    Encoder,
    Group,
    Grant,
    Method,
    Session,
}

impl Scope {
    /// `None` for callers that see the whole workspace.
    pub fn of(ws: &Workspace, principal: &Principal) -> Option<Scope> {
        let client_session_id = principal.client_session_id()?.to_owned();
        let identity = principal.user_identity_id().map(str::to_owned);
        let users: BTreeSet<String> = identity
            .as_deref()
            .map(|i| ws.linked_user_ids(i).into_iter().collect())
            .unwrap_or_default();
        let systems = users
            .iter()
            .filter_map(|u| ws.acs_users.get(u))
            .filter_map(|u| str_field(u, "acs_system_id"))
            .map(str::to_owned)
            .collect();
        Some(Scope {
            client_session_id,
            identity,
            users,
            systems,
        })
    }

    pub fn owns_identity(&self, id: &str) -> bool {
        self.identity.as_deref() == Some(id)
    }

    pub fn owns_user(&self, id: &str) -> bool {
        self.users.contains(id)
    }

    pub fn owns_system(&self, id: &str) -> bool {
        self.systems.contains(id)
    }

    /// Held by one of its users, or by its identity.
    pub fn owns_credential(&self, credential: &Credential) -> bool {
        credential
            .field("acs_user_id")
            .is_some_and(|u| self.owns_user(u))
            || credential
                .field("user_identity_id")
                .is_some_and(|i| self.owns_identity(i))
    }

    /// What its users and their credentials open.
    pub fn entrance_ids(&self, ws: &Workspace) -> BTreeSet<String> {
        let mut ids: BTreeSet<String> = self
            .users
            .iter()
            .flat_map(|u| ws.user_entrance_ids(u))
            .collect();
        for credential in ws.credentials.iter().filter(|c| self.owns_credential(c)) {
            ids.extend(ws.credential_entrance_ids(credential));
        }
        ids
    }

    pub fn owns_grant(&self, ws: &Workspace, id: &str) -> bool {
        ws.access_grants
            .get(id)
            .and_then(|g| str_field(&g.object, "user_identity_id"))
            .is_some_and(|i| self.owns_identity(i))
    }

    pub fn owns_method(&self, ws: &Workspace, id: &str) -> bool {
        ws.grant_of_method(id)
            .is_some_and(|(grant, _)| self.owns_grant(ws, grant))
    }

    pub fn owns_encoder(&self, encoder: &Value) -> bool {
        str_field(encoder, "acs_system_id").is_some_and(|s| self.owns_system(s))
    }

    pub fn owns_group(&self, ws: &Workspace, id: &str) -> bool {
        ws.access_groups
            .get(id)
            .is_some_and(|g| g.user_ids.iter().any(|u| self.owns_user(u)))
    }

    pub fn owns_attempt(&self, ws: &Workspace, attempt: &Attempt) -> bool {
        attempt.client_session_id.as_deref() == Some(self.client_session_id.as_str())
            || attempt
                .subjects
                .get("acs_credential_id")
                .and_then(Value::as_str)
                .and_then(|c| ws.credentials.get(c))
                .is_some_and(|c| self.owns_credential(c))
    }

    /// About its identity, users, credentials, grants, methods or itself.
    pub fn owns_event(&self, ws: &Workspace, event: &Value) -> bool {
        let field = |key| str_field(event, key);
        field("acs_user_id").is_some_and(|u| self.owns_user(u))
            || field("user_identity_id").is_some_and(|i| self.owns_identity(i))
            || field("acs_credential_id")
                .and_then(|c| ws.credentials.get(c))
                .is_some_and(|c| self.owns_credential(c))
            || field("access_grant_id").is_some_and(|g| self.owns_grant(ws, g))
            || field("access_method_id").is_some_and(|m| self.owns_method(ws, m))
            || field("client_session_id") == Some(self.client_session_id.as_str())
    }

    /// A 403 for the first id parameter naming something that exists but is not its own
    /// (what doesn't exist is left to the route's 404).
    pub fn check(&self, ws: &Workspace, path: &str, input: &Input) -> Result<(), ApiError> {
        for (name, kind) in ID_PARAMS {
            let ids: Vec<String> = match input.value(name) {
                Some(Value::String(id)) => vec![id.clone()],
                Some(Value::Array(_)) => input.strings(name),
                _ => continue,
            };
            for id in ids {
                if self.refuses(ws, *kind, &id) {
                    return Err(ApiError::new(
                        403,
                        "forbidden",
                        &format!("This client session cannot use {name} {id} on {path}"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Exists, and is not its own.
    fn refuses(&self, ws: &Workspace, kind: Kind, id: &str) -> bool {
        match kind {
            Kind::User => ws.acs_users.contains_key(id) && !self.owns_user(id),
            Kind::Identity => ws.user_identities.contains_key(id) && !self.owns_identity(id),
            Kind::Credential => ws
                .credentials
                .get(id)
                .is_some_and(|c| !self.owns_credential(c)),
            Kind::Entrance => {
                ws.acs_entrances.contains_key(id) && !self.entrance_ids(ws).contains(id)
            }
            Kind::System => ws.acs_systems.contains_key(id) && !self.owns_system(id),
            Kind::Encoder => ws
                .acs_encoders
                .get(id)
                .is_some_and(|e| !self.owns_encoder(e)),
            Kind::Group => ws.access_groups.contains_key(id) && !self.owns_group(ws, id),
            Kind::Grant => ws.access_grants.contains_key(id) && !self.owns_grant(ws, id),
            Kind::Method => ws.access_methods.contains_key(id) && !self.owns_method(ws, id),
            Kind::Session => ws.client_sessions.contains_key(id) && id != self.client_session_id,
        }
    }
}
