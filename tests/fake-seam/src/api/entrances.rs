//! `/acs/entrances/*`: the doors of an access system, who can open them, and unlocking one.

use serde_json::{json, Value};

use super::users::user_in_system;
use super::{found, ok, one, Answer, Ctx, Handler};
use crate::attempts::{self, Outcome};
use crate::error::ApiError;
use crate::pagination::Position;
use crate::workspace::str_field;

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "get" => get,
        "list" => list,
        "grant_access" => grant_access,
        "list_credentials_with_access" => list_credentials_with_access,
        "unlock" => unlock,
        _ => return None,
    })
}

fn entrance_id(ctx: &Ctx) -> String {
    ctx.str("acs_entrance_id").unwrap_or_default().to_owned()
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = entrance_id(ctx);
    let entrance = found(
        ctx.data.ws.acs_entrance(ctx.workspace(), &id),
        "acs_entrance",
    )?;
    Ok(one("acs_entrance", entrance.clone()))
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let (ws, workspace) = (&ctx.data.ws, ctx.workspace());
    // Filters that name another object narrow to what it opens.
    let mut only: Option<Vec<String>> = None;
    if let Some(id) = ctx.str("acs_credential_id") {
        let credential = found(ws.credential(workspace, id), "acs_credential")?;
        only = Some(ws.credential_entrance_ids(credential));
    }
    if let Some(id) = ctx.str("access_method_id") {
        found(ws.access_method(workspace, id), "access_method")?;
        let opens = ws
            .grant_of_method(id)
            .map(|(_, g)| g.entrance_ids.clone())
            .unwrap_or_default();
        only = Some(match only {
            Some(before) => before.into_iter().filter(|e| opens.contains(e)).collect(),
            None => opens,
        });
    }
    let listed = ctx
        .input
        .has("acs_entrance_ids")
        .then(|| ctx.input.strings("acs_entrance_ids"));
    let visible = ctx.scope.as_ref().map(|s| s.entrance_ids(ws));
    let search = ctx.str("search").map(str::to_lowercase);
    let items: Vec<(Position, Value)> = ws
        .acs_entrances
        .iter()
        .filter(|(id, e)| {
            let among = |ids: &Option<Vec<String>>| ids.as_ref().is_none_or(|ids| ids.contains(id));
            ws.acs_entrance(workspace, id).is_some()
                && visible.as_ref().is_none_or(|v| v.contains(*id))
                && among(&only)
                && among(&listed)
                && ["acs_system_id", "connected_account_id", "customer_key"]
                    .iter()
                    .all(|k| ctx.str(k).is_none_or(|want| str_field(e, k) == Some(want)))
                && ["space_id", "location_id"].iter().all(|k| {
                    ctx.str(k).is_none_or(|want| {
                        e.get(format!("{k}s"))
                            .and_then(Value::as_array)
                            .is_some_and(|ids| ids.iter().any(|i| i.as_str() == Some(want)))
                    })
                })
                && search.as_deref().is_none_or(|needle| {
                    str_field(e, "display_name").is_some_and(|n| n.to_lowercase().contains(needle))
                })
        })
        .map(|(_, e)| (Position::of(e, "acs_entrance_id"), e.clone()))
        .collect();
    ctx.page("acs_entrances", items, 900)
}

fn grant_access(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = entrance_id(ctx);
    let entrance = found(
        ctx.data.ws.acs_entrance(ctx.workspace(), &id),
        "acs_entrance",
    )?;
    let system = str_field(entrance, "acs_system_id")
        .unwrap_or_default()
        .to_owned();
    let user = user_in_system(ctx, &system)?;
    let granted = ctx.data.ws.direct_grants.entry(user).or_default();
    if !granted.contains(&id) {
        granted.push(id);
    }
    Ok(ok())
}

fn list_credentials_with_access(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = entrance_id(ctx);
    let ws = &ctx.data.ws;
    found(ws.acs_entrance(ctx.workspace(), &id), "acs_entrance")?;
    let valid_only = ctx
        .input
        .strings("include_if")
        .iter()
        .any(|c| c == "visionline_metadata.is_valid");
    let credentials: Vec<Value> = ws
        .credentials
        .iter()
        .filter(|c| {
            c.field("workspace_id") == Some(ctx.workspace())
                && ctx.sees(|s| s.owns_credential(c))
                && ws.credential_entrance_ids(c).contains(&id)
                && (!valid_only
                    || c.object()
                        .pointer("/visionline_metadata/is_valid")
                        .and_then(Value::as_bool)
                        == Some(true))
        })
        .map(|c| c.object().clone())
        .collect();
    Ok(one("acs_credentials", Value::from(credentials)))
}

/// An `UNLOCK_DOOR` attempt: it succeeds if the credential opens the entrance.
fn unlock(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = entrance_id(ctx);
    let credential_id = ctx.str("acs_credential_id").unwrap_or_default().to_owned();
    let ws = &ctx.data.ws;
    found(ws.acs_entrance(ctx.workspace(), &id), "acs_entrance")?;
    let credential = found(
        ws.credential(ctx.workspace(), &credential_id),
        "acs_credential",
    )?;
    let opens = ws.credential_entrance_ids(credential).contains(&id);
    let attempt = attempts::start(
        ctx.data,
        &ctx.principal.workspace_id,
        "UNLOCK_DOOR",
        Outcome::Unlock { opens },
        json!({"acs_entrance_id": id, "acs_credential_id": credential_id}),
        ctx.principal.client_session_id(),
        ctx.now_ms,
    );
    Ok(one("action_attempt", attempt))
}
