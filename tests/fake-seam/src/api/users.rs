//! `/acs/users/*`: people in one access system. A user opens its direct grants and the
//! entrances of its access groups.

use serde_json::{json, Map, Value};

use super::{found, ok, one, Answer, Ctx, Handler};
use crate::error::ApiError;
use crate::pagination::Position;
use crate::time;
use crate::validate::Invalid;
use crate::workspace::{str_field, Workspace};

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "get" => get,
        "list" => list,
        "update" => update,
        "delete" => delete,
        "suspend" => suspend,
        "unsuspend" => unsuspend,
        "add_to_access_group" => add_to_access_group,
        "remove_from_access_group" => remove_from_access_group,
        "revoke_access_to_all_entrances" => revoke_access_to_all_entrances,
        "list_accessible_entrances" => list_accessible_entrances,
        _ => return None,
    })
}

/// The ACS user a request names: `acs_user_id`, or a user identity's user in `acs_system_id`
/// (its only user when no system is given).
pub fn named_user(ctx: &Ctx) -> Result<String, ApiError> {
    let (ws, workspace) = (&ctx.data.ws, ctx.workspace());
    let system = ctx.str("acs_system_id");
    if let Some(system) = system {
        found(ws.acs_system(workspace, system), "acs_system")?;
    }
    let user = match ctx
        .input
        .exactly_one(&["acs_user_id", "user_identity_id"])?
    {
        "acs_user_id" => {
            let id = ctx.str("acs_user_id").unwrap_or_default();
            found(ws.acs_user(workspace, id), "acs_user")?
        }
        _ => {
            let identity = ctx.str("user_identity_id").unwrap_or_default();
            found(ws.user_identity(workspace, identity), "user_identity")?;
            return identity_user(ws, identity, system);
        }
    };
    if system.is_some_and(|s| str_field(user, "acs_system_id") != Some(s)) {
        return Err(ApiError::not_found("acs_user"));
    }
    Ok(str_field(user, "acs_user_id")
        .unwrap_or_default()
        .to_owned())
}

/// A user identity's ACS user in `system`, or its only one.
pub fn identity_user(
    ws: &Workspace,
    identity: &str,
    system: Option<&str>,
) -> Result<String, ApiError> {
    let users: Vec<&str> = ws
        .linked_users(identity)
        .filter(|u| system.is_none_or(|s| str_field(u, "acs_system_id") == Some(s)))
        .filter_map(|u| str_field(u, "acs_user_id"))
        .collect();
    match users.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => Err(ApiError::not_found("acs_user")),
        _ => Err(Invalid::field(
            "acs_system_id",
            "Required when the user identity has ACS users in several systems",
        )
        .into()),
    }
}

/// `acs_user_id`, or `user_identity_id` standing for its user in `system`.
pub fn user_in_system(ctx: &Ctx, system: &str) -> Result<String, ApiError> {
    let (ws, workspace) = (&ctx.data.ws, ctx.workspace());
    match ctx
        .input
        .exactly_one(&["acs_user_id", "user_identity_id"])?
    {
        "acs_user_id" => {
            let id = ctx.str("acs_user_id").unwrap_or_default();
            let user = found(ws.acs_user(workspace, id), "acs_user")?;
            if str_field(user, "acs_system_id") != Some(system) {
                return Err(Invalid::top_level(&format!(
                    "acs_user {id} is not in acs_system {system}"
                ))
                .into());
            }
            Ok(id.to_owned())
        }
        _ => {
            let identity = ctx.str("user_identity_id").unwrap_or_default();
            found(ws.user_identity(workspace, identity), "user_identity")?;
            identity_user(ws, identity, Some(system))
        }
    }
}

fn create(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let (ws, workspace) = (&ctx.data.ws, ctx.workspace());
    let system_id = ctx.str("acs_system_id").unwrap_or_default();
    let system = found(ws.acs_system(workspace, system_id), "acs_system")?;
    if let Some(identity) = ctx.str("user_identity_id") {
        found(ws.user_identity(workspace, identity), "user_identity")?;
    }
    let groups = ctx.input.strings("acs_access_group_ids");
    for group in &groups {
        let group = found(ws.access_group(workspace, group), "acs_access_group")?;
        if str_field(&group.object, "acs_system_id") != Some(system_id) {
            return Err(Invalid::field(
                "acs_access_group_ids",
                "Access groups must be in the user's acs_system",
            )
            .into());
        }
    }
    let full_name = ctx.str("full_name").unwrap_or_default().to_owned();
    let mut object = json!({
        "acs_system_id": system_id,
        "workspace_id": workspace,
        "connected_account_id": system.get("connected_account_ids").and_then(|a| a.get(0)),
        "display_name": full_name,
        "full_name": full_name,
        "is_managed": true,
        "is_suspended": false,
        "created_at": ctx.now(),
        "last_successful_sync_at": ctx.now(),
        "errors": [],
        "warnings": [],
        "pending_mutations": [],
    });
    if let Some(fields) = object.as_object_mut() {
        contact_details(ctx, fields);
        if let Some(identity) = ctx.str("user_identity_id") {
            fields.insert("user_identity_id".to_owned(), Value::from(identity));
        }
    }
    let id = ctx.new_id("acacacac");
    if let Some(fields) = object.as_object_mut() {
        fields.insert("acs_user_id".to_owned(), Value::from(id.as_str()));
    }
    for group in groups {
        if let Some(group) = ctx.data.ws.access_groups.get_mut(&group) {
            group.user_ids.push(id.clone());
        }
    }
    ctx.data.ws.acs_users.insert(id, object.clone());
    ctx.event("acs_user.created", user_subject(&object));
    Ok(one("acs_user", ctx.data.ws.render_user(&object)))
}

/// The ids an `acs_user.*` event carries.
fn user_subject(user: &Value) -> Value {
    json!({
        "acs_user_id": user.get("acs_user_id"),
        "acs_system_id": user.get("acs_system_id"),
        "connected_account_id": user.get("connected_account_id"),
    })
}

/// What create and update take about the person; `email` is the deprecated name of
/// `email_address`.
fn contact_details(ctx: &Ctx, fields: &mut Map<String, Value>) {
    if let Some(name) = ctx.str("full_name") {
        fields.insert("full_name".to_owned(), Value::from(name));
        fields.insert("display_name".to_owned(), Value::from(name));
    }
    if let Some(email) = ctx.str("email_address").or_else(|| ctx.str("email")) {
        fields.insert("email_address".to_owned(), Value::from(email));
    }
    if let Some(phone) = ctx.str("phone_number") {
        fields.insert("phone_number".to_owned(), Value::from(phone));
    }
    if let Some(hid) = ctx.str("hid_acs_system_id") {
        fields.insert("hid_acs_system_id".to_owned(), Value::from(hid));
    }
    if let Some(schedule) = ctx.input.object("access_schedule") {
        let starts_at = schedule
            .get("starts_at")
            .cloned()
            .unwrap_or_else(|| Value::from(ctx.now()));
        let ends_at = schedule.get("ends_at").cloned().unwrap_or(Value::Null);
        fields.insert(
            "access_schedule".to_owned(),
            json!({"starts_at": starts_at, "ends_at": ends_at}),
        );
    }
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named_user(ctx)?;
    let user = found(ctx.data.ws.acs_users.get(&id), "acs_user")?;
    Ok(one("acs_user", ctx.data.ws.render_user(user)))
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let input = &ctx.input;
    let identity = input.str("user_identity_id").map(|i| ws.linked_user_ids(i));
    let by_contact = |key: &str, field: &str| {
        input.str(key).map(|wanted| {
            ws.user_identities
                .values()
                .filter(|i| str_field(i, field) == Some(wanted))
                .filter_map(|i| str_field(i, "user_identity_id"))
                .flat_map(|i| ws.linked_user_ids(i))
                .collect::<Vec<String>>()
        })
    };
    let by_email = by_contact("user_identity_email_address", "email_address");
    let by_phone = by_contact("user_identity_phone_number", "phone_number");
    let before = input.str("created_before").and_then(time::parse);
    let search = input.str("search").map(str::to_lowercase);
    let items: Vec<(Position, Value)> = ws
        .acs_users
        .values()
        .filter(|u| {
            let id = str_field(u, "acs_user_id").unwrap_or_default().to_owned();
            let among =
                |ids: &Option<Vec<String>>| ids.as_ref().is_none_or(|ids| ids.contains(&id));
            crate::workspace::in_workspace(u, ctx.workspace())
                && ctx.sees(|s| s.owns_user(&id))
                && input
                    .str("acs_system_id")
                    .is_none_or(|s| str_field(u, "acs_system_id") == Some(s))
                && among(&identity)
                && among(&by_email)
                && among(&by_phone)
                && before.is_none_or(|b| {
                    str_field(u, "created_at")
                        .and_then(time::parse)
                        .is_some_and(|ms| ms < b)
                })
                && search.as_deref().is_none_or(|needle| {
                    [
                        "display_name",
                        "full_name",
                        "email_address",
                        "phone_number",
                        "acs_user_id",
                    ]
                    .iter()
                    .filter_map(|k| str_field(u, k))
                    .any(|t| t.to_lowercase().contains(needle))
                })
        })
        .map(|u| (Position::of(u, "acs_user_id"), ws.render_user(u)))
        .collect();
    ctx.page("acs_users", items, 500)
}

fn update(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named_user(ctx)?;
    let mut user = found(ctx.data.ws.acs_users.get(&id), "acs_user")?.clone();
    if let Some(fields) = user.as_object_mut() {
        contact_details(ctx, fields);
    }
    ctx.data.ws.acs_users.insert(id, user);
    Ok(ok())
}

/// Deleting a user deletes its credentials and takes it out of its groups.
fn delete(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named_user(ctx)?;
    let Some(user) = ctx.data.ws.acs_users.remove(&id) else {
        return Err(ApiError::not_found("acs_user"));
    };
    forget_user(ctx, &id);
    ctx.event("acs_user.deleted", user_subject(&user));
    Ok(ok())
}

/// What goes with a deleted user: its credentials, memberships and grants.
pub fn forget_user(ctx: &mut Ctx, id: &str) {
    let held: Vec<String> = ctx
        .data
        .ws
        .credentials
        .iter()
        .filter(|c| c.field("acs_user_id") == Some(id))
        .filter_map(|c| c.field("acs_credential_id"))
        .map(str::to_owned)
        .collect();
    for credential in held {
        if let Some(removed) = ctx.data.ws.credentials.remove(&credential) {
            let subject = super::credentials::deleted_subject(removed.object());
            ctx.event("acs_credential.deleted", subject);
        }
    }
    for group in ctx.data.ws.access_groups.values_mut() {
        group.user_ids.retain(|u| u != id);
    }
    ctx.data.ws.direct_grants.remove(id);
}

fn set_suspended(ctx: &mut Ctx, suspended: bool) -> Result<Answer, ApiError> {
    let id = named_user(ctx)?;
    if let Some(fields) = ctx
        .data
        .ws
        .acs_users
        .get_mut(&id)
        .and_then(Value::as_object_mut)
    {
        fields.insert("is_suspended".to_owned(), Value::Bool(suspended));
    }
    Ok(ok())
}

fn suspend(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    set_suspended(ctx, true)
}

fn unsuspend(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    set_suspended(ctx, false)
}

/// Both must exist, in the same system.
fn group_and_user(ctx: &Ctx) -> Result<(String, String), ApiError> {
    let (ws, workspace) = (&ctx.data.ws, ctx.workspace());
    let group_id = ctx.str("acs_access_group_id").unwrap_or_default();
    let group = found(ws.access_group(workspace, group_id), "acs_access_group")?;
    let system = str_field(&group.object, "acs_system_id").unwrap_or_default();
    Ok((group_id.to_owned(), user_in_system(ctx, system)?))
}

pub fn join_group(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let (group, user) = group_and_user(ctx)?;
    if let Some(group) = ctx.data.ws.access_groups.get_mut(&group) {
        if !group.user_ids.contains(&user) {
            group.user_ids.push(user);
        }
    }
    Ok(ok())
}

pub fn leave_group(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let (group, user) = group_and_user(ctx)?;
    if let Some(group) = ctx.data.ws.access_groups.get_mut(&group) {
        group.user_ids.retain(|u| *u != user);
    }
    Ok(ok())
}

fn add_to_access_group(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    join_group(ctx)
}

fn remove_from_access_group(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    leave_group(ctx)
}

/// Out of every group, and every direct grant withdrawn.
fn revoke_access_to_all_entrances(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named_user(ctx)?;
    for group in ctx.data.ws.access_groups.values_mut() {
        group.user_ids.retain(|u| *u != id);
    }
    ctx.data.ws.direct_grants.remove(&id);
    Ok(ok())
}

fn list_accessible_entrances(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named_user(ctx)?;
    let ws = &ctx.data.ws;
    let entrances = ws.entrances(&ws.user_entrance_ids(&id));
    Ok(one("acs_entrances", Value::from(entrances)))
}
