//! `/client_sessions/*`: short-lived tokens (`seam_cst…`) a phone app holds instead of an API
//! key, each scoped to one user identity. A publishable key may make them for a
//! `user_identifier_key`: the session then stands for the user identity with that key, if any.

use serde_json::{json, Value};

use super::{found, ok, one, Answer, Ctx, Handler};
use crate::auth::session_identity;
use crate::error::ApiError;
use crate::validate::Invalid;
use crate::workspace::{in_workspace, str_field};

/// A day, when `expires_at` isn't given.
const LIFETIME_MS: i64 = 24 * 3600 * 1000;

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "get_or_create" => get_or_create,
        "get" => get,
        "list" => list,
        "grant_access" => grant_access,
        "revoke" => revoke,
        "delete" => delete,
        _ => return None,
    })
}

/// What a new session is for.
pub struct Grant {
    pub user_identity_id: Option<String>,
    pub user_identifier_key: Option<String>,
    pub expires_at: Option<String>,
}

/// A new session and its token.
pub fn new_session(ctx: &mut Ctx, grant: Grant) -> Value {
    let id = ctx.new_id("c5c5c5c5");
    let token = format!("seam_cst{}_{}", ctx.data.serial, crate::random::hex::<16>());
    let expires_at = grant
        .expires_at
        .unwrap_or_else(|| crate::time::format_ms(ctx.now_ms + LIFETIME_MS));
    let identities: Vec<&str> = grant.user_identity_id.iter().map(String::as_str).collect();
    let mut session = json!({
        "client_session_id": id,
        "workspace_id": ctx.workspace(),
        "token": token,
        "user_identifier_key": grant.user_identifier_key,
        "user_identity_ids": identities,
        "connected_account_ids": ctx.input.strings("connected_account_ids"),
        "connect_webview_ids": ctx.input.strings("connect_webview_ids"),
        "device_count": 0,
        "created_at": ctx.now(),
        "expires_at": expires_at,
    });
    if let Some(fields) = session.as_object_mut() {
        if let Some(identity) = &grant.user_identity_id {
            fields.insert(
                "user_identity_id".to_owned(),
                Value::from(identity.as_str()),
            );
        }
        if let Some(customer) = ctx.str("customer_key") {
            fields.insert("customer_key".to_owned(), Value::from(customer));
        }
    }
    ctx.data.ws.client_sessions.insert(id, session.clone());
    session
}

/// The identity and key a create names. With a publishable key, `user_identifier_key` is
/// required and the identity is the one with that key.
fn requested(ctx: &Ctx) -> Result<Grant, ApiError> {
    let (ws, workspace) = (&ctx.data.ws, ctx.workspace());
    let key = ctx.str("user_identifier_key").map(str::to_owned);
    if ctx.principal.is_publishable_key() {
        if key.is_none() {
            return Err(
                Invalid::field("user_identifier_key", "Required with a publishable key").into(),
            );
        }
        // A phone app names its user by key; naming identities is the backend's business.
        if ctx.input.has("user_identity_id") || ctx.input.has("user_identity_ids") {
            return Err(ApiError::new(
                403,
                "forbidden",
                "A publishable key may only name a user_identifier_key",
            ));
        }
    }
    let named = ctx
        .str("user_identity_id")
        .map(str::to_owned)
        .or_else(|| ctx.input.strings("user_identity_ids").into_iter().next());
    let identity = match named {
        Some(id) => Some(
            found(ws.user_identity(workspace, &id), "user_identity")?
                .get("user_identity_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        ),
        None => key
            .as_deref()
            .and_then(|k| ws.identity_by_key(workspace, k))
            .and_then(|i| str_field(i, "user_identity_id"))
            .map(str::to_owned),
    };
    Ok(Grant {
        user_identity_id: identity,
        user_identifier_key: key,
        expires_at: ctx.str("expires_at").map(str::to_owned),
    })
}

fn create(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let grant = requested(ctx)?;
    Ok(one("client_session", new_session(ctx, grant)))
}

/// The live session of the same user identifier key (or, without one, of the same user
/// identity), else a new one. An `expires_at` given also moves an existing session's expiry,
/// before it is answered, as the API documents.
fn get_or_create(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let grant = requested(ctx)?;
    let ws = &ctx.data.ws;
    let existing = ws.client_sessions.iter().find_map(|(id, s)| {
        let live = !ws.revoked_sessions.contains(id)
            && str_field(s, "expires_at")
                .and_then(crate::time::parse)
                .is_some_and(|e| e > ctx.now_ms);
        let same = match &grant.user_identifier_key {
            Some(key) => str_field(s, "user_identifier_key") == Some(key),
            None => {
                grant.user_identity_id.is_some()
                    && session_identity(s) == grant.user_identity_id.as_deref()
            }
        };
        (in_workspace(s, ctx.workspace()) && live && same).then(|| id.clone())
    });
    if let Some(session) = existing.and_then(|id| ctx.data.ws.client_sessions.get_mut(&id)) {
        if let (Some(expires_at), Some(fields)) = (grant.expires_at, session.as_object_mut()) {
            fields.insert("expires_at".to_owned(), Value::from(expires_at));
        }
        return Ok(one("client_session", session.clone()));
    }
    Ok(one("client_session", new_session(ctx, grant)))
}

/// By id or user identifier key; a client session with neither reads itself.
fn named(ctx: &Ctx) -> Result<String, ApiError> {
    let ws = &ctx.data.ws;
    if let Some(id) = ctx.str("client_session_id") {
        found(ws.client_session(ctx.workspace(), id), "client_session")?;
        return Ok(id.to_owned());
    }
    if let Some(key) = ctx.str("user_identifier_key") {
        let session = ws.client_sessions.iter().find(|(_, s)| {
            in_workspace(s, ctx.workspace()) && str_field(s, "user_identifier_key") == Some(key)
        });
        let (id, _) = found(session, "client_session")?;
        if ctx
            .scope
            .as_ref()
            .is_some_and(|s| s.client_session_id != *id)
        {
            return Err(ApiError::new(
                403,
                "forbidden",
                "This client session cannot read another client session",
            ));
        }
        return Ok(id.clone());
    }
    match ctx.principal.client_session_id() {
        Some(own) => Ok(own.to_owned()),
        None => Err(Invalid::exactly_one(&["client_session_id", "user_identifier_key"]).into()),
    }
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named(ctx)?;
    let session = found(ctx.data.ws.client_sessions.get(&id), "client_session")?;
    Ok(one("client_session", session.clone()))
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let input = &ctx.input;
    let mut sessions: Vec<&Value> = ws
        .client_sessions
        .values()
        .filter(|s| {
            let ids = |key| s.get(key).and_then(Value::as_array);
            in_workspace(s, ctx.workspace())
                && input
                    .str("client_session_id")
                    .is_none_or(|id| str_field(s, "client_session_id") == Some(id))
                && input
                    .str("user_identifier_key")
                    .is_none_or(|k| str_field(s, "user_identifier_key") == Some(k))
                && input
                    .str("user_identity_id")
                    .is_none_or(|i| session_identity(s) == Some(i))
                && input.str("connect_webview_id").is_none_or(|w| {
                    ids("connect_webview_ids")
                        .is_some_and(|ids| ids.iter().any(|i| i.as_str() == Some(w)))
                })
                && (input.bool("without_user_identifier_key") != Some(true)
                    || str_field(s, "user_identifier_key").is_none())
        })
        .collect();
    sessions.sort_by_key(|s| crate::pagination::Position::of(s, "client_session_id"));
    let sessions: Vec<Value> = sessions.into_iter().cloned().collect();
    Ok(one("client_sessions", Value::from(sessions)))
}

/// Adds user identities, connected accounts or webviews to a session.
fn grant_access(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named(ctx)?;
    let mut identities = ctx.input.strings("user_identity_ids");
    identities.extend(ctx.str("user_identity_id").map(str::to_owned));
    for identity in &identities {
        found(
            ctx.data.ws.user_identity(ctx.workspace(), identity),
            "user_identity",
        )?;
    }
    let accounts = ctx.input.strings("connected_account_ids");
    let webviews = ctx.input.strings("connect_webview_ids");
    let session = found(ctx.data.ws.client_sessions.get_mut(&id), "client_session")?;
    for (key, added) in [
        ("user_identity_ids", identities),
        ("connected_account_ids", accounts),
        ("connect_webview_ids", webviews),
    ] {
        let Some(Value::Array(list)) = session.get_mut(key) else {
            continue;
        };
        for id in added {
            if !list.iter().any(|i| i.as_str() == Some(&id)) {
                list.push(Value::from(id));
            }
        }
    }
    let first = session
        .get("user_identity_ids")
        .and_then(|ids| ids.get(0))
        .cloned();
    if let (Some(fields), Some(first)) = (session.as_object_mut(), first) {
        fields.entry("user_identity_id").or_insert(first);
    }
    Ok(one("client_session", session.clone()))
}

/// Its token stops working; the session can still be read.
fn revoke(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named(ctx)?;
    ctx.data.ws.revoked_sessions.insert(id);
    Ok(ok())
}

fn delete(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named(ctx)?;
    delete_session(ctx, &id);
    Ok(ok())
}

pub fn delete_session(ctx: &mut Ctx, id: &str) {
    if ctx.data.ws.client_sessions.remove(id).is_some() {
        ctx.data.ws.revoked_sessions.remove(id);
        ctx.event("client_session.deleted", json!({ "client_session_id": id }));
    }
}
