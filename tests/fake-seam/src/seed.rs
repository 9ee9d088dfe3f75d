//! `seed.json`, parsed and checked once per server. Tokens never change while serving; the
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

use crate::workspace::{str_field, Credential, Workspace};

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
    client_sessions: Vec<ClientSession>,
    connected_accounts: Vec<Value>,
    acs_systems: Vec<Value>,
    acs_users: Vec<Value>,
    user_identities: Vec<Value>,
    acs_entrances: Vec<Value>,
    acs_credentials: Vec<Value>,
    /// Credential id → the entrances it opens; the API computes this, so no object has it.
    accessible_entrances: BTreeMap<String, Vec<String>>,
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

/// A client session token, scoped to one user identity (and so to its ACS users).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientSession {
    pub token: String,
    pub workspace_id: String,
    pub user_identity_id: String,
}

pub struct Seed {
    pub api_keys: Vec<ApiKey>,
    pub personal_access_tokens: Vec<PersonalAccessToken>,
    pub client_sessions: Vec<ClientSession>,
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
        let credentials = by_id(file.acs_credentials, "acs_credential_id")?
            .into_iter()
            .map(|(id, object)| {
                let entrance_ids = accessible.remove(&id).unwrap_or_default();
                (
                    id,
                    Credential {
                        object,
                        entrance_ids,
                    },
                )
            })
            .collect();
        let workspace = Workspace {
            acs_systems: by_id(file.acs_systems, "acs_system_id")?,
            acs_users: by_id(file.acs_users, "acs_user_id")?,
            user_identities: by_id(file.user_identities, "user_identity_id")?,
            acs_entrances: by_id(file.acs_entrances, "acs_entrance_id")?,
            credentials,
        };
        Ok(Seed {
            api_keys: file.api_keys,
            personal_access_tokens: file.personal_access_tokens,
            client_sessions: file.client_sessions,
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
        let identities = ids(&self.user_identities, "user_identity_id");
        let entrances = ids(&self.acs_entrances, "acs_entrance_id");
        let credentials = ids(&self.acs_credentials, "acs_credential_id");
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
            .chain(&self.acs_credentials);
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
            .filter_map(|u| str_field(u, "user_identity_id"));
        let scoped = self
            .client_sessions
            .iter()
            .map(|s| s.user_identity_id.as_str());
        for identity in linked.chain(scoped) {
            if !identities.contains(identity) {
                return missing("user_identity", identity);
            }
        }
        for (credential, opens) in &self.accessible_entrances {
            if !credentials.contains(credential.as_str()) {
                return missing("acs_credential", credential);
            }
            if let Some(entrance) = opens.iter().find(|e| !entrances.contains(e.as_str())) {
                return missing("acs_entrance", entrance);
            }
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
