//! `/events/*`: what changed, newest first. Every change of the fake that has an event type in
//! the schema's event union records one (see `Data::record_event`).
//!
//! `since` and `between` are optional here, as in the schema: without either, every event is
//! listed. (The vendor's fake answers 400 "Must specify either since or between"; a client
//! written against the schema must not need that.)

use serde_json::Value;

use super::{found, one, Answer, Ctx, Handler};
use crate::error::ApiError;
use crate::time;
use crate::validate::Invalid;
use crate::workspace::{in_workspace, str_field};

const DEFAULT_LIMIT: usize = 500;

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "get" => get,
        "list" => list,
        _ => return None,
    })
}

fn visible(ctx: &Ctx, event: &Value) -> bool {
    in_workspace(event, ctx.workspace()) && ctx.sees(|s| s.owns_event(&ctx.data.ws, event))
}

/// By id; else the newest of `event_type` (no event of this fake is about a device).
fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let events = &ctx.data.ws.events;
    let event = match (ctx.str("event_id"), ctx.str("event_type")) {
        (Some(id), _) => {
            let event = events
                .iter()
                .find(|e| str_field(e, "event_id") == Some(id) && in_workspace(e, ctx.workspace()));
            let event = found(event, "event")?;
            if !visible(ctx, event) {
                return Err(ApiError::new(
                    403,
                    "forbidden",
                    &format!("This client session cannot use event_id {id}"),
                ));
            }
            event
        }
        (None, Some(kind)) => found(
            events.iter().rev().find(|e| {
                str_field(e, "event_type") == Some(kind)
                    && visible(ctx, e)
                    && !ctx.input.has("device_id")
            }),
            "event",
        )?,
        (None, None) => return Err(Invalid::top_level("Give event_id, or event_type").into()),
    };
    Ok(one("event", event.clone()))
}

/// `since` (inclusive) or `between` (inclusive at both ends), in milliseconds.
fn window(ctx: &Ctx) -> Result<(Option<i64>, Option<i64>), ApiError> {
    let parse = |text: &str, path: &str| {
        time::parse(text).ok_or_else(|| ApiError::from(Invalid::field(path, "Invalid datetime")))
    };
    let mut window = (None, None);
    if let Some(since) = ctx.str("since") {
        window.0 = Some(parse(since, "since")?);
    }
    let between = ctx.input.strings("between");
    if let [from, to] = between.as_slice() {
        window.0 = Some(window.0.unwrap_or(i64::MIN).max(parse(from, "between")?));
        window.1 = Some(parse(to, "between")?);
    }
    Ok(window)
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let (from, to) = window(ctx)?;
    let ws = &ctx.data.ws;
    let input = &ctx.input;
    let identity_users = input.str("user_identity_id").map(|i| ws.linked_user_ids(i));
    let limit = crate::pagination::limit(input, DEFAULT_LIMIT);
    let offset = input
        .number("unstable_offset")
        .map_or(0, |n| n.max(0.0) as usize);
    // (filter, fields of the event that may carry the id)
    let singles = [
        ("access_code_id", "access_code_id"),
        ("access_grant_id", "access_grant_id"),
        ("access_method_id", "access_method_id"),
        ("acs_access_group_id", "acs_access_group_id"),
        ("acs_credential_id", "acs_credential_id"),
        ("acs_encoder_id", "acs_encoder_id"),
        ("acs_entrance_id", "acs_entrance_id"),
        ("acs_system_id", "acs_system_id"),
        ("acs_user_id", "acs_user_id"),
        ("connect_webview_id", "connect_webview_id"),
        ("connected_account_id", "connected_account_id"),
        ("device_id", "device_id"),
        ("space_id", "space_id"),
        ("customer_key", "customer_key"),
        ("event_type", "event_type"),
    ];
    let lists = [
        ("access_code_ids", "access_code_id"),
        ("access_grant_ids", "access_grant_id"),
        ("access_method_ids", "access_method_id"),
        ("acs_system_ids", "acs_system_id"),
        ("device_ids", "device_id"),
        ("space_ids", "space_id"),
        ("event_ids", "event_id"),
        ("event_types", "event_type"),
    ];
    let events: Vec<Value> = ws
        .events
        .iter()
        .rev()
        .filter(|e| {
            let occurred = str_field(e, "occurred_at").and_then(time::parse);
            // An access method's events name their grants in a list.
            let carries = |field: &str, id: &str| {
                str_field(e, field) == Some(id)
                    || (field == "access_grant_id"
                        && e.get("access_grant_ids")
                            .and_then(Value::as_array)
                            .is_some_and(|ids| ids.iter().any(|i| i.as_str() == Some(id))))
            };
            visible(ctx, e)
                && from.is_none_or(|f| occurred.is_some_and(|o| o >= f))
                && to.is_none_or(|t| occurred.is_some_and(|o| o <= t))
                && singles
                    .iter()
                    .all(|(param, field)| input.str(param).is_none_or(|id| carries(field, id)))
                && lists.iter().all(|(param, field)| {
                    !input.has(param) || input.strings(param).iter().any(|id| carries(field, id))
                })
                && identity_users.as_ref().is_none_or(|users| {
                    let id = input.str("user_identity_id").unwrap_or_default();
                    carries("user_identity_id", id)
                        || str_field(e, "acs_user_id").is_some_and(|u| users.iter().any(|x| x == u))
                        || str_field(e, "access_grant_id")
                            .and_then(|g| ws.access_grants.get(g))
                            .is_some_and(|g| str_field(&g.object, "user_identity_id") == Some(id))
                })
        })
        .skip(offset)
        .take(limit)
        .cloned()
        .collect();
    Ok(one("events", Value::from(events)))
}
