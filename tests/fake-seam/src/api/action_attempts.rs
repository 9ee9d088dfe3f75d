//! `/action_attempts/*`: reading back what encoding, scanning and unlocking started. They
//! complete when their time comes (see `attempts.rs`), whichever request looks first.

use serde_json::Value;

use super::{found, one, Answer, Ctx, Handler};
use crate::attempts::Attempt;
use crate::error::ApiError;
use crate::pagination::Position;

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "get" => get,
        "list" => list,
        _ => return None,
    })
}

fn visible(ctx: &Ctx, attempt: &Attempt) -> bool {
    attempt.workspace_id == ctx.workspace() && ctx.sees(|s| s.owns_attempt(&ctx.data.ws, attempt))
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = ctx.str("action_attempt_id").unwrap_or_default();
    let attempt = found(ctx.data.ws.action_attempts.get(id), "action_attempt")?;
    if attempt.workspace_id != ctx.workspace() {
        return Err(ApiError::not_found("action_attempt"));
    }
    if !visible(ctx, attempt) {
        return Err(ApiError::new(
            403,
            "forbidden",
            &format!("This client session cannot use action_attempt_id {id}"),
        ));
    }
    Ok(one("action_attempt", attempt.to_json()))
}

/// Newest first; attempts have no `created_at`, and their ids grow with time.
fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let ids = ctx
        .input
        .has("action_attempt_ids")
        .then(|| ctx.input.strings("action_attempt_ids"));
    // No attempt of this fake is about a device.
    let by_device = ctx.input.has("device_id");
    let items: Vec<(Position, Value)> = ctx
        .data
        .ws
        .action_attempts
        .values()
        .filter(|a| {
            visible(ctx, a) && !by_device && ids.as_ref().is_none_or(|ids| ids.contains(&a.id))
        })
        .map(|a| {
            let json = a.to_json();
            (Position::of(&json, "action_attempt_id"), json)
        })
        .collect();
    ctx.page("action_attempts", items, 500)
}
