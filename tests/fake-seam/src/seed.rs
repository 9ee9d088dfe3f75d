use std::collections::HashMap;
use std::io;

use serde::Deserialize;
use serde_json::Value;

/// The parsed seed. Users, keys and systems never change while serving; credentials are
/// copied into the mutable state by [`Seed::fresh_credentials`].
#[derive(Debug, Deserialize)]
pub struct Seed {
    pub api_keys: Vec<ApiKey>,
    pub personal_access_tokens: Vec<PersonalAccessToken>,
    #[serde(deserialize_with = "by_acs_user_id")]
    pub acs_users: HashMap<String, Value>,
    acs_credentials: Vec<Value>,
}

#[derive(Debug, Deserialize)]
pub struct ApiKey {
    pub token: String,
    pub workspace_id: String,
}

#[derive(Debug, Deserialize)]
pub struct PersonalAccessToken {
    pub token: String,
    pub workspace_ids: Vec<String>,
}

impl Seed {
    pub fn load() -> io::Result<Seed> {
        serde_json::from_str(crate::SEED_JSON)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("seed.json: {e}")))
    }

    pub fn fresh_credentials(&self) -> HashMap<String, Value> {
        self.acs_credentials
            .iter()
            .filter_map(|c| Some((str_field(c, "acs_credential_id")?.to_owned(), c.clone())))
            .collect()
    }
}

pub fn str_field<'a>(object: &'a Value, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

fn by_acs_user_id<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<HashMap<String, Value>, D::Error> {
    let users = Vec::<Value>::deserialize(deserializer)?;
    Ok(users
        .into_iter()
        .filter_map(|u| Some((str_field(&u, "acs_user_id")?.to_owned(), u)))
        .collect())
}
