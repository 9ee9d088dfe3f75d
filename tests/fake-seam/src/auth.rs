//! Who a request acts as: an API key, a personal access token (with `seam-workspace`), a client
//! session token (a phone app's, scoped to one user identity) or a publishable key (which may
//! only make client sessions).

use serde_json::Value;

use crate::http::Request;
use crate::seed::Seed;
use crate::workspace::{str_field, Workspace};

/// Personal access tokens start like this, client session tokens like the next; API keys
/// merely with `seam_`.
const PAT_PREFIX: &str = "seam_at";
const CLIENT_SESSION_PREFIX: &str = "seam_cst";

pub struct Principal {
    pub workspace_id: String,
    pub caller: Caller,
}

pub enum Caller {
    /// An API key or a personal access token: the whole workspace.
    Workspace,
    ClientSession {
        client_session_id: String,
        /// The one user identity it may act for, if any.
        user_identity_id: Option<String>,
    },
    PublishableKey,
}

impl Principal {
    pub fn is_client_session(&self) -> bool {
        matches!(self.caller, Caller::ClientSession { .. })
    }

    pub fn is_publishable_key(&self) -> bool {
        matches!(self.caller, Caller::PublishableKey)
    }

    /// For a client session: the user identity it is scoped to.
    pub fn user_identity_id(&self) -> Option<&str> {
        match &self.caller {
            Caller::ClientSession {
                user_identity_id, ..
            } => user_identity_id.as_deref(),
            _ => None,
        }
    }

    pub fn client_session_id(&self) -> Option<&str> {
        match &self.caller {
            Caller::ClientSession {
                client_session_id, ..
            } => Some(client_session_id),
            _ => None,
        }
    }
}

/// What rate limiting keys a request by, before it is authenticated.
pub fn presented_token(request: &Request) -> String {
    request
        .header("authorization")
        .or_else(|| request.header("seam-publishable-key"))
        .unwrap_or_default()
        .to_owned()
}

/// The caller, or the message of a 401.
pub fn authenticate(
    seed: &Seed,
    ws: &Workspace,
    request: &Request,
    now_ms: i64,
) -> Result<Principal, &'static str> {
    let Some(header) = request.header("authorization") else {
        return match request.header("seam-publishable-key") {
            Some(key) => publishable(seed, key),
            None => Err("No Authorization header"),
        };
    };
    let token = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or("Authorization header must be \"Bearer <token>\"")?;
    let in_workspace = |workspace_id: &str| Principal {
        workspace_id: workspace_id.to_owned(),
        caller: Caller::Workspace,
    };

    // The JavaScript SDK sends a client session token twice; either one alone is a mistake.
    let session_header = request.header("client-session-token");
    if token.starts_with(CLIENT_SESSION_PREFIX) || session_header.is_some() {
        match session_header {
            None => return Err("A client session token needs the client-session-token header too"),
            Some(other) if other != token => {
                return Err(
                    "The client-session-token header does not match the Authorization header",
                )
            }
            Some(_) => {}
        }
        return client_session(ws, token, now_ms);
    }

    if token.starts_with(PAT_PREFIX) {
        let pat = seed
            .personal_access_tokens
            .iter()
            .find(|p| p.token == token)
            .ok_or("Personal access token not found")?;
        let workspace = request
            .header("seam-workspace")
            .ok_or("A personal access token needs the seam-workspace header")?;
        return pat
            .workspace_ids
            .iter()
            .find(|w| *w == workspace)
            .map(|w| in_workspace(w))
            .ok_or("Workspace not found or not accessible with this token");
    }

    seed.api_keys
        .iter()
        .find(|k| k.token == token)
        .map(|k| in_workspace(&k.workspace_id))
        .ok_or("API Key not found")
}

fn client_session(ws: &Workspace, token: &str, now_ms: i64) -> Result<Principal, &'static str> {
    let (id, session) = ws
        .client_sessions
        .iter()
        .find(|(_, s)| str_field(s, "token") == Some(token))
        .ok_or("Client session token not found")?;
    if ws.revoked_sessions.contains(id) {
        return Err("Client session has been revoked");
    }
    let expired = str_field(session, "expires_at")
        .and_then(crate::time::parse)
        .is_some_and(|expires| expires <= now_ms);
    if expired {
        return Err("Client session has expired");
    }
    Ok(Principal {
        workspace_id: str_field(session, "workspace_id")
            .unwrap_or_default()
            .to_owned(),
        caller: Caller::ClientSession {
            client_session_id: id.clone(),
            user_identity_id: session_identity(session).map(str::to_owned),
        },
    })
}

/// `user_identity_id`, or the first (and only) of `user_identity_ids`.
pub fn session_identity(session: &Value) -> Option<&str> {
    str_field(session, "user_identity_id").or_else(|| {
        session
            .get("user_identity_ids")
            .and_then(Value::as_array)
            .and_then(|ids| ids.first())
            .and_then(Value::as_str)
    })
}

fn publishable(seed: &Seed, key: &str) -> Result<Principal, &'static str> {
    seed.publishable_keys
        .iter()
        .find(|k| k.key == key)
        .map(|k| Principal {
            workspace_id: k.workspace_id.clone(),
            caller: Caller::PublishableKey,
        })
        .ok_or("Publishable key not found")
}
