//! `/acs/access_groups/*`: groups of users of one system, each opening a set of entrances.

use serde_json::{json, Value};

use super::users::{join_group, leave_group};
use super::{found, ok, one, Answer, Ctx, Handler};
use crate::error::ApiError;
use crate::pagination::Position;
use crate::workspace::{str_field, AccessGroup};

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "get" => get,
        "list" => list,
        "delete" => delete,
        "add_user" => join_group,
        "remove_user" => leave_group,
        "list_users" => list_users,
        "list_accessible_entrances" => list_accessible_entrances,
        _ => return None,
    })
}

fn group<'a>(ctx: &'a Ctx) -> Result<&'a AccessGroup, ApiError> {
    let id = ctx.str("acs_access_group_id").unwrap_or_default();
    found(
        ctx.data.ws.access_group(ctx.workspace(), id),
        "acs_access_group",
    )
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    Ok(one("acs_access_group", group(ctx)?.object.clone()))
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let members: Option<Vec<String>> = match (ctx.str("acs_user_id"), ctx.str("user_identity_id")) {
        (Some(user), _) => Some(vec![user.to_owned()]),
        (None, Some(identity)) => Some(ws.linked_user_ids(identity)),
        (None, None) => None,
    };
    let search = ctx.str("search").map(str::to_lowercase);
    let mut groups: Vec<(Position, Value)> = ws
        .access_groups
        .iter()
        .filter(|(id, g)| {
            ws.access_group(ctx.workspace(), id).is_some()
                && ctx.sees(|s| s.owns_group(ws, id))
                && ctx
                    .str("acs_system_id")
                    .is_none_or(|s| str_field(&g.object, "acs_system_id") == Some(s))
                && members
                    .as_ref()
                    .is_none_or(|m| g.user_ids.iter().any(|u| m.contains(u)))
                && search.as_deref().is_none_or(|needle| {
                    str_field(&g.object, "name").is_some_and(|n| n.to_lowercase().contains(needle))
                })
        })
        .map(|(_, g)| {
            (
                Position::of(&g.object, "acs_access_group_id"),
                g.object.clone(),
            )
        })
        .collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let groups: Vec<Value> = groups.into_iter().map(|(_, g)| g).collect();
    Ok(one("acs_access_groups", Value::from(groups)))
}

/// Its members lose what it opened.
fn delete(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = group(ctx)?;
    let id = str_field(&id.object, "acs_access_group_id")
        .unwrap_or_default()
        .to_owned();
    if let Some(removed) = ctx.data.ws.access_groups.remove(&id) {
        let object = removed.object;
        ctx.event(
            "acs_access_group.deleted",
            json!({
                "acs_access_group_id": id,
                "acs_system_id": object.get("acs_system_id"),
                "connected_account_id": object.get("connected_account_id"),
            }),
        );
    }
    Ok(ok())
}

fn list_users(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let users: Vec<Value> = group(ctx)?
        .user_ids
        .iter()
        .filter_map(|u| ws.acs_users.get(u))
        .map(|u| ws.render_user(u))
        .collect();
    Ok(one("acs_users", Value::from(users)))
}

fn list_accessible_entrances(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let entrances = ctx.data.ws.entrances(&group(ctx)?.entrance_ids);
    Ok(one("acs_entrances", Value::from(entrances)))
}
