//! `seed.json`, parsed and checked once per server. Keys never change while serving; the
//! workspace is copied into the mutable state by [`Seed::fresh_workspace`].
//!
//! API objects stay `serde_json::Value`, so unknown fields travel verbatim. That includes odd
//! numbers: serde_json keeps every integer up to `u64::MAX` exactly (only larger ones would
//! become f64), and a test pins the "Odd Values" credential's text.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;

use crate::credential_store::Credential;
use crate::workspace::{str_field, AccessGrant, AccessGroup, Workspace};

/// The file's shape. Only the bookkeeping is typed; a typo in it fails loudly.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    /// For people and for other languages' tests that read the file; the fake needs neither.
    #[serde(rename = "description")]
    _description: IgnoredAny,
    #[serde(rename = "workspace_id")]
    _workspace_id: IgnoredAny,
    api_keys: Vec<ApiKey>,
    personal_access_tokens: Vec<PersonalAccessToken>,
    publishable_keys: Vec<PublishableKey>,
    client_sessions: Vec<Value>,
    connected_accounts: Vec<Value>,
    acs_systems: Vec<Value>,
    acs_users: Vec<Value>,
    user_identities: Vec<Value>,
    acs_access_groups: Vec<Value>,
    acs_encoders: Vec<Value>,
    access_grants: Vec<Value>,
    access_methods: Vec<Value>,
    acs_entrances: Vec<Value>,
    acs_credentials: Vec<Value>,
    /// Credential id → the entrances it was made for; the API computes this, so no object has it.
    accessible_entrances: BTreeMap<String, Vec<String>>,
    access_group_users: BTreeMap<String, Vec<String>>,
    access_group_entrances: BTreeMap<String, Vec<String>>,
    access_grant_entrances: BTreeMap<String, Vec<String>>,
    unmanaged: BTreeSet<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    pub token: String,
    pub workspace_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalAccessToken {
    pub token: String,
    pub workspace_ids: Vec<String>,
}

/// What a phone app holds before it has a client session (`seam-publishable-key`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishableKey {
    pub key: String,
    pub workspace_id: String,
}

pub struct Seed {
    pub api_keys: Vec<ApiKey>,
    pub personal_access_tokens: Vec<PersonalAccessToken>,
    pub publishable_keys: Vec<PublishableKey>,
    workspace: Workspace,
}

impl Seed {
    pub fn load() -> io::Result<Seed> {
        let invalid =
            |e: String| io::Error::new(io::ErrorKind::InvalidData, format!("seed.json: {e}"));
        let file: SeedFile =
            serde_json::from_str(crate::SEED_JSON).map_err(|e| invalid(e.to_string()))?;
        file.check().map_err(invalid)?;

        let mut accessible = file.accessible_entrances;
        let mut workspace = Workspace::default();
        for (id, object) in by_id(file.acs_credentials, "acs_credential_id")? {
            let entrance_ids = accessible.remove(&id).unwrap_or_default();
            workspace
                .credentials
                .insert(Credential::new(object, entrance_ids));
        }
        let (mut members, mut opens) = (file.access_group_users, file.access_group_entrances);
        workspace.access_groups = by_id(file.acs_access_groups, "acs_access_group_id")?
            .into_iter()
            .map(|(id, object)| {
                let group = AccessGroup {
                    object,
                    user_ids: members.remove(&id).unwrap_or_default(),
                    entrance_ids: opens.remove(&id).unwrap_or_default(),
                };
                (id, group)
            })
            .collect();
        let mut grant_entrances = file.access_grant_entrances;
        workspace.access_grants = by_id(file.access_grants, "access_grant_id")?
            .into_iter()
            .map(|(id, object)| {
                let grant = AccessGrant {
                    object,
                    entrance_ids: grant_entrances.remove(&id).unwrap_or_default(),
                    granted: Vec::new(),
                };
                (id, grant)
            })
            .collect();
        workspace.connected_accounts = by_id(file.connected_accounts, "connected_account_id")?;
        workspace.acs_systems = by_id(file.acs_systems, "acs_system_id")?;
        workspace.acs_users = by_id(file.acs_users, "acs_user_id")?;
        workspace.user_identities = by_id(file.user_identities, "user_identity_id")?;
        workspace.acs_entrances = by_id(file.acs_entrances, "acs_entrance_id")?;
        workspace.acs_encoders = by_id(file.acs_encoders, "acs_encoder_id")?;
        workspace.access_methods = by_id(file.access_methods, "access_method_id")?;
        workspace.client_sessions = by_id(file.client_sessions, "client_session_id")?;
        workspace.unmanaged = file.unmanaged;
        Ok(Seed {
            api_keys: file.api_keys,
            personal_access_tokens: file.personal_access_tokens,
            publishable_keys: file.publishable_keys,
            workspace,
        })
    }

    pub fn fresh_workspace(&self) -> Workspace {
        self.workspace.clone()
    }
}

impl SeedFile {
    /// Every reference between seed objects resolves, so the handlers may rely on it; the
    /// Vostio credential's `user_identity_id` is deliberately left dangling (no check there).
    fn check(&self) -> Result<(), String> {
        let accounts = ids(&self.connected_accounts, "connected_account_id");
        let systems = ids(&self.acs_systems, "acs_system_id");
        let users = ids(&self.acs_users, "acs_user_id");
        let identities = ids(&self.user_identities, "user_identity_id");
        let entrances = ids(&self.acs_entrances, "acs_entrance_id");
        let credentials = ids(&self.acs_credentials, "acs_credential_id");
        let groups = ids(&self.acs_access_groups, "acs_access_group_id");
        let grants = ids(&self.access_grants, "access_grant_id");
        let methods = ids(&self.access_methods, "access_method_id");
        let missing = |what: &str, id: &str| Err(format!("unknown {what} {id:?}"));

        for system in &self.acs_systems {
            let own = system
                .get("connected_account_ids")
                .and_then(Value::as_array);
            if own.is_none_or(|a| a.is_empty()) {
                return Err("every acs_system needs connected_account_ids".to_owned());
            }
            for account in own.into_iter().flatten().filter_map(Value::as_str) {
                if !accounts.contains(account) {
                    return missing("connected_account", account);
                }
            }
        }
        let in_systems = self
            .acs_users
            .iter()
            .chain(&self.acs_entrances)
            .chain(&self.acs_credentials)
            .chain(&self.acs_access_groups)
            .chain(&self.acs_encoders);
        for object in in_systems {
            let system = str_field(object, "acs_system_id").unwrap_or_default();
            if !systems.contains(system) {
                return missing("acs_system", system);
            }
        }
        for credential in &self.acs_credentials {
            // Sorting and `created_before` compare these.
            let created_at = str_field(credential, "created_at").unwrap_or_default();
            if crate::time::parse(created_at).is_none() {
                return Err(format!(
                    "credential created_at {created_at:?} is not a date-time"
                ));
            }
        }
        let linked = self
            .acs_users
            .iter()
            .chain(&self.client_sessions)
            .chain(&self.access_grants)
            .filter_map(|o| str_field(o, "user_identity_id"));
        for identity in linked {
            if !identities.contains(identity) {
                return missing("user_identity", identity);
            }
        }
        for grant in &self.access_grants {
            let own = grant.get("access_method_ids").and_then(Value::as_array);
            for method in own.into_iter().flatten().filter_map(Value::as_str) {
                if !methods.contains(method) {
                    return missing("access_method", method);
                }
            }
        }
        let bookkeeping = [
            (
                "acs_credential",
                &credentials,
                &self.accessible_entrances,
                &entrances,
                "acs_entrance",
            ),
            (
                "acs_access_group",
                &groups,
                &self.access_group_users,
                &users,
                "acs_user",
            ),
            (
                "acs_access_group",
                &groups,
                &self.access_group_entrances,
                &entrances,
                "acs_entrance",
            ),
            (
                "access_grant",
                &grants,
                &self.access_grant_entrances,
                &entrances,
                "acs_entrance",
            ),
        ];
        for (owner_kind, owners, map, targets, target_kind) in bookkeeping {
            for (owner, listed) in map {
                if !owners.contains(owner.as_str()) {
                    return missing(owner_kind, owner);
                }
                if let Some(target) = listed.iter().find(|t| !targets.contains(t.as_str())) {
                    return missing(target_kind, target);
                }
            }
        }
        let all: BTreeSet<&str> = identities
            .iter()
            .chain(&grants)
            .chain(&methods)
            .copied()
            .collect();
        if let Some(id) = self.unmanaged.iter().find(|id| !all.contains(id.as_str())) {
            return missing("unmanaged object", id);
        }
        Ok(())
    }
}

fn ids<'a>(objects: &'a [Value], key: &str) -> BTreeSet<&'a str> {
    objects.iter().filter_map(|o| str_field(o, key)).collect()
}

fn by_id(objects: Vec<Value>, key: &str) -> io::Result<BTreeMap<String, Value>> {
    objects
        .into_iter()
        .map(|object| match str_field(&object, key) {
            Some(id) => Ok((id.to_owned(), object)),
            None => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("seed.json: an object without {key}"),
            )),
        })
        .collect()
}
