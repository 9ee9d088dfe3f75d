//! `/user_identities/*`: a person across systems. An identity links ACS users (at most one per
//! system); it opens what they open. Unmanaged identities are only seen by `unmanaged/*`.

use serde_json::{json, Map, Value};

use super::client_sessions::{delete_session, new_session, Grant};
use super::users::forget_user;
use super::{found, ok, one, Answer, Ctx, Handler};
use crate::auth::session_identity;
use crate::error::ApiError;
use crate::pagination::Position;
use crate::time;
use crate::validate::Invalid;
use crate::workspace::{in_workspace, str_field};

/// Instant keys stay valid two days.
const INSTANT_KEY_LIFETIME_MS: i64 = 48 * 3600 * 1000;

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "get" => get,
        "list" => list,
        "update" => update,
        "delete" => delete,
        "add_acs_user" => add_acs_user,
        "remove_acs_user" => remove_acs_user,
        "list_acs_users" => list_acs_users,
        "list_acs_systems" => list_acs_systems,
        "list_accessible_entrances" => list_accessible_entrances,
        "merge" => merge,
        "generate_instant_key" => generate_instant_key,
        "unmanaged/get" => unmanaged_get,
        "unmanaged/list" => unmanaged_list,
        "unmanaged/update" => unmanaged_update,
        _ => return None,
    })
}

/// The managed identity named by `user_identity_id` (or `user_identity_key`).
fn identity(ctx: &Ctx) -> Result<String, ApiError> {
    let (ws, workspace) = (&ctx.data.ws, ctx.workspace());
    let object = match (ctx.str("user_identity_id"), ctx.str("user_identity_key")) {
        (Some(id), _) => ws.user_identity(workspace, id),
        (None, Some(key)) => ws.identity_by_key(workspace, key),
        (None, None) => {
            return Err(Invalid::exactly_one(&["user_identity_id", "user_identity_key"]).into())
        }
    };
    let id = str_field(found(object, "user_identity")?, "user_identity_id").unwrap_or_default();
    // A key names an identity as well as an id does: a client session may use only its own.
    if ctx.scope.as_ref().is_some_and(|s| !s.owns_identity(id)) {
        return Err(ApiError::new(
            403,
            "forbidden",
            "This client session cannot use another user identity",
        ));
    }
    Ok(id.to_owned())
}

/// A user identity key is unique in its workspace.
fn key_is_free(ctx: &Ctx, key: &str, except: Option<&str>) -> Result<(), ApiError> {
    let taken = ctx.data.ws.user_identities.values().any(|i| {
        in_workspace(i, ctx.workspace())
            && str_field(i, "user_identity_key") == Some(key)
            && str_field(i, "user_identity_id") != except
    });
    if taken {
        return Err(
            Invalid::field("user_identity_key", "User identity key is already in use").into(),
        );
    }
    Ok(())
}

/// The first of its name, email, phone or key.
fn display_name(fields: &Map<String, Value>) -> String {
    [
        "full_name",
        "email_address",
        "phone_number",
        "user_identity_key",
    ]
    .iter()
    .find_map(|k| fields.get(*k).and_then(Value::as_str))
    .unwrap_or("Unnamed user")
    .to_owned()
}

/// Makes a user identity from create's fields; answers its id.
pub fn create_identity(ctx: &mut Ctx, given: &Map<String, Value>) -> Result<String, ApiError> {
    if let Some(key) = given.get("user_identity_key").and_then(Value::as_str) {
        key_is_free(ctx, key, None)?;
    }
    let id = ctx.new_id("1de01de0");
    let mut fields = Map::new();
    fields.insert("user_identity_id".to_owned(), Value::from(id.as_str()));
    fields.insert("workspace_id".to_owned(), Value::from(ctx.workspace()));
    for key in [
        "user_identity_key",
        "email_address",
        "phone_number",
        "full_name",
    ] {
        fields.insert(
            key.to_owned(),
            given.get(key).cloned().unwrap_or(Value::Null),
        );
    }
    fields.insert(
        "display_name".to_owned(),
        Value::from(display_name(&fields)),
    );
    fields.insert("created_at".to_owned(), Value::from(ctx.now()));
    for key in [
        "merged_user_identity_ids",
        "merged_user_identity_keys",
        "errors",
        "warnings",
    ] {
        fields.insert(key.to_owned(), json!([]));
    }
    ctx.data
        .ws
        .user_identities
        .insert(id.clone(), Value::Object(fields));
    Ok(id)
}

/// An ACS user for the identity in `system`, made with its name.
pub fn make_user(ctx: &mut Ctx, identity: &str, system: &str) -> String {
    let person = ctx
        .data
        .ws
        .user_identities
        .get(identity)
        .cloned()
        .unwrap_or_default();
    let account = ctx
        .data
        .ws
        .acs_systems
        .get(system)
        .and_then(|s| s.get("connected_account_ids"))
        .and_then(|a| a.get(0))
        .cloned()
        .unwrap_or(Value::Null);
    let id = ctx.new_id("acacacac");
    let name = str_field(&person, "display_name").unwrap_or("Unnamed user");
    let mut user = json!({
        "acs_user_id": id,
        "acs_system_id": system,
        "workspace_id": ctx.workspace(),
        "connected_account_id": account,
        "user_identity_id": identity,
        "display_name": name,
        "full_name": name,
        "is_managed": true,
        "is_suspended": false,
        "created_at": ctx.now(),
        "last_successful_sync_at": ctx.now(),
        "errors": [],
        "warnings": [],
        "pending_mutations": [],
    });
    if let (Some(fields), Some(email)) = (
        user.as_object_mut(),
        person.get("email_address").filter(|e| e.is_string()),
    ) {
        fields.insert("email_address".to_owned(), email.clone());
    }
    ctx.data.ws.acs_users.insert(id.clone(), user);
    ctx.event(
        "acs_user.created",
        json!({"acs_user_id": id, "acs_system_id": system, "connected_account_id": account}),
    );
    id
}

fn create(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let systems = ctx.input.strings("acs_system_ids");
    for system in &systems {
        found(
            ctx.data.ws.acs_system(ctx.workspace(), system),
            "acs_system",
        )?;
    }
    let given = ctx.input.values().clone();
    let id = create_identity(ctx, &given)?;
    for system in systems {
        make_user(ctx, &id, &system);
    }
    render(ctx, &id)
}

fn render(ctx: &Ctx, id: &str) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let identity = found(ws.user_identities.get(id), "user_identity")?;
    Ok(one("user_identity", ws.render_identity(identity)))
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = identity(ctx)?;
    render(ctx, &id)
}

fn list_of(ctx: &mut Ctx, managed: bool) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let input = &ctx.input;
    let before = input.str("created_before").and_then(time::parse);
    let search = input.str("search").map(str::to_lowercase);
    let ids = input
        .has("user_identity_ids")
        .then(|| input.strings("user_identity_ids"));
    let manager = input.str("credential_manager_acs_system_id");
    let items: Vec<(Position, Value)> = ws
        .user_identities
        .iter()
        .filter(|(id, i)| {
            in_workspace(i, ctx.workspace())
                && ws.unmanaged.contains(*id) != managed
                && ctx.sees(|s| s.owns_identity(id))
                && ids.as_ref().is_none_or(|ids| ids.contains(id))
                && manager.is_none_or(|m| {
                    ws.linked_users(id)
                        .any(|u| str_field(u, "acs_system_id") == Some(m))
                })
                && before.is_none_or(|b| {
                    str_field(i, "created_at")
                        .and_then(time::parse)
                        .is_some_and(|ms| ms < b)
                })
                && search.as_deref().is_none_or(|needle| {
                    [
                        "full_name",
                        "display_name",
                        "email_address",
                        "phone_number",
                        "user_identity_key",
                        "user_identity_id",
                    ]
                    .iter()
                    .filter_map(|k| str_field(i, k))
                    .any(|t| t.to_lowercase().contains(needle))
                })
        })
        .map(|(_, i)| (Position::of(i, "user_identity_id"), ws.render_identity(i)))
        .collect();
    ctx.page("user_identities", items, 500)
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    list_of(ctx, true)
}

fn update(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = identity(ctx)?;
    if let Some(key) = ctx.str("user_identity_key") {
        key_is_free(ctx, key, Some(&id))?;
    }
    let changes: Vec<(String, Value)> = [
        "user_identity_key",
        "email_address",
        "phone_number",
        "full_name",
    ]
    .iter()
    .filter_map(|k| ctx.input.value(k).map(|v| ((*k).to_owned(), v.clone())))
    .collect();
    if let Some(fields) = ctx
        .data
        .ws
        .user_identities
        .get_mut(&id)
        .and_then(Value::as_object_mut)
    {
        fields.extend(changes);
        let name = display_name(fields);
        fields.insert("display_name".to_owned(), Value::from(name));
    }
    Ok(ok())
}

/// With it go its ACS users (and their credentials), the credentials it holds, its client
/// sessions and its access grants.
fn delete(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = identity(ctx)?;
    for user in ctx.data.ws.linked_user_ids(&id) {
        if let Some(removed) = ctx.data.ws.acs_users.remove(&user) {
            forget_user(ctx, &user);
            ctx.event(
                "acs_user.deleted",
                json!({
                    "acs_user_id": user,
                    "acs_system_id": removed.get("acs_system_id"),
                    "connected_account_id": removed.get("connected_account_id"),
                }),
            );
        }
    }
    let held: Vec<String> = ctx
        .data
        .ws
        .credentials
        .iter()
        .filter(|c| c.field("user_identity_id") == Some(id.as_str()))
        .filter_map(|c| c.field("acs_credential_id"))
        .map(str::to_owned)
        .collect();
    for credential in held {
        if let Some(removed) = ctx.data.ws.credentials.remove(&credential) {
            let subject = super::credentials::deleted_subject(removed.object());
            ctx.event("acs_credential.deleted", subject);
        }
    }
    let sessions: Vec<String> = ctx
        .data
        .ws
        .client_sessions
        .iter()
        .filter(|(_, s)| session_identity(s) == Some(id.as_str()))
        .map(|(sid, _)| sid.clone())
        .collect();
    for session in sessions {
        delete_session(ctx, &session);
    }
    let grants: Vec<String> = ctx
        .data
        .ws
        .access_grants
        .iter()
        .filter(|(_, g)| str_field(&g.object, "user_identity_id") == Some(id.as_str()))
        .map(|(gid, _)| gid.clone())
        .collect();
    for grant in grants {
        super::access_grants::delete_grant(ctx, &grant);
    }
    ctx.data.ws.user_identities.remove(&id);
    Ok(ok())
}

fn add_acs_user(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = identity(ctx)?;
    let user_id = ctx.str("acs_user_id").unwrap_or_default().to_owned();
    let user = found(ctx.data.ws.acs_user(ctx.workspace(), &user_id), "acs_user")?;
    if let Some(other) = str_field(user, "user_identity_id").filter(|o| *o != id) {
        return Err(Invalid::top_level(&format!(
            "acs_user {user_id} already belongs to user_identity {other}"
        ))
        .into());
    }
    let system = str_field(user, "acs_system_id").unwrap_or_default();
    let taken = ctx.data.ws.linked_users(&id).any(|u| {
        str_field(u, "acs_system_id") == Some(system)
            && str_field(u, "acs_user_id") != Some(&user_id)
    });
    if taken {
        return Err(Invalid::top_level(&format!(
            "user_identity {id} already has an acs_user in acs_system {system}"
        ))
        .into());
    }
    if let Some(fields) = ctx
        .data
        .ws
        .acs_users
        .get_mut(&user_id)
        .and_then(Value::as_object_mut)
    {
        fields.insert("user_identity_id".to_owned(), Value::from(id));
    }
    Ok(ok())
}

fn remove_acs_user(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = identity(ctx)?;
    let user_id = ctx.str("acs_user_id").unwrap_or_default().to_owned();
    let user = found(ctx.data.ws.acs_user(ctx.workspace(), &user_id), "acs_user")?;
    if str_field(user, "user_identity_id") != Some(id.as_str()) {
        return Err(ApiError::not_found("acs_user"));
    }
    if let Some(fields) = ctx
        .data
        .ws
        .acs_users
        .get_mut(&user_id)
        .and_then(Value::as_object_mut)
    {
        fields.remove("user_identity_id");
    }
    Ok(ok())
}

fn list_acs_users(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = identity(ctx)?;
    let ws = &ctx.data.ws;
    let users: Vec<Value> = ws.linked_users(&id).map(|u| ws.render_user(u)).collect();
    Ok(one("acs_users", Value::from(users)))
}

fn list_acs_systems(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = identity(ctx)?;
    let ws = &ctx.data.ws;
    let mut systems: Vec<&Value> = Vec::new();
    for user in ws.linked_users(&id) {
        let system = str_field(user, "acs_system_id").and_then(|s| ws.acs_systems.get(s));
        if let Some(system) = system.filter(|s| !systems.contains(s)) {
            systems.push(system);
        }
    }
    let systems: Vec<Value> = systems.into_iter().cloned().collect();
    Ok(one("acs_systems", Value::from(systems)))
}

fn list_accessible_entrances(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = identity(ctx)?;
    let ws = &ctx.data.ws;
    let entrances = ws.entrances(&ws.identity_entrance_ids(&id));
    Ok(one("acs_entrances", Value::from(entrances)))
}

/// Folds identities into one: their ACS users, credentials, sessions and grants move to it,
/// their ids and keys are remembered in `merged_user_identity_*`, and they are gone.
fn merge(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let by = ctx
        .input
        .exactly_one(&["user_identity_id", "user_identity_key"])?;
    let (list_name, merged_key) = match by {
        "user_identity_id" => ("merged_user_identity_ids", "user_identity_id"),
        _ => ("merged_user_identity_keys", "user_identity_key"),
    };
    if !ctx.input.has(list_name) {
        return Err(Invalid::field(list_name, &format!("Required with {by}")).into());
    }
    let target = identity(ctx)?;
    let mut merged = Vec::new();
    for named in ctx.input.strings(list_name) {
        let ws = &ctx.data.ws;
        let object = match merged_key {
            "user_identity_id" => ws.user_identity(ctx.workspace(), &named),
            _ => ws.identity_by_key(ctx.workspace(), &named),
        };
        let id = str_field(found(object, "user_identity")?, "user_identity_id")
            .unwrap_or_default()
            .to_owned();
        if id == target {
            return Err(
                Invalid::field(list_name, "An identity cannot be merged into itself").into(),
            );
        }
        merged.push(id);
    }
    for id in merged {
        move_identity(ctx, &id, &target);
    }
    Ok(ok())
}

fn move_identity(ctx: &mut Ctx, from: &str, to: &str) {
    let ws = &mut ctx.data.ws;
    let Some(old) = ws.user_identities.remove(from) else {
        return;
    };
    let relink = |object: &mut Value| {
        if let Some(fields) = object.as_object_mut() {
            if fields.get("user_identity_id").and_then(Value::as_str) == Some(from) {
                fields.insert("user_identity_id".to_owned(), Value::from(to));
            }
            if let Some(Value::Array(ids)) = fields.get_mut("user_identity_ids") {
                for id in ids.iter_mut().filter(|i| i.as_str() == Some(from)) {
                    *id = Value::from(to);
                }
            }
        }
    };
    ws.acs_users.values_mut().for_each(relink);
    ws.client_sessions.values_mut().for_each(relink);
    ws.access_grants
        .values_mut()
        .for_each(|g| relink(&mut g.object));
    let held: Vec<String> = ws
        .credentials
        .iter()
        .filter(|c| c.field("user_identity_id") == Some(from))
        .filter_map(|c| c.field("acs_credential_id"))
        .map(str::to_owned)
        .collect();
    for credential in held {
        ws.credentials.edit(&credential, |fields| {
            fields.insert("user_identity_id".to_owned(), Value::from(to));
        });
    }
    if let Some(fields) = ws
        .user_identities
        .get_mut(to)
        .and_then(Value::as_object_mut)
    {
        for (list, value) in [
            ("merged_user_identity_ids", old.get("user_identity_id")),
            ("merged_user_identity_keys", old.get("user_identity_key")),
        ] {
            let Some(value) = value.filter(|v| v.is_string()) else {
                continue;
            };
            if let Value::Array(items) = fields.entry(list).or_insert_with(|| json!([])) {
                items.push(value.clone());
            }
        }
    }
}

/// A link the person opens on a phone: backed by a client session for the identity.
fn generate_instant_key(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = identity(ctx)?;
    let expires_at = time::format_ms(ctx.now_ms + INSTANT_KEY_LIFETIME_MS);
    let session = new_session(
        ctx,
        Grant {
            user_identity_id: Some(id.clone()),
            user_identifier_key: None,
            expires_at: Some(expires_at.clone()),
        },
    );
    let key_id = ctx.new_id("1c1c1c1c");
    let mut key = json!({
        "instant_key_id": key_id,
        "instant_key_url": format!("https://ik.seam.co/{}", crate::random::hex::<8>()),
        "client_session_id": session.get("client_session_id"),
        "user_identity_id": id,
        "workspace_id": ctx.workspace(),
        "created_at": ctx.now(),
        "expires_at": expires_at,
    });
    if let (Some(fields), Some(profile)) =
        (key.as_object_mut(), ctx.str("customization_profile_id"))
    {
        fields.insert("customization_profile_id".to_owned(), Value::from(profile));
    }
    ctx.data.ws.instant_keys.insert(key_id, key.clone());
    Ok(one("instant_key", key))
}

fn unmanaged(ctx: &Ctx) -> Result<String, ApiError> {
    let id = ctx.str("user_identity_id").unwrap_or_default();
    found(
        ctx.data.ws.unmanaged_identity(ctx.workspace(), id),
        "user_identity",
    )?;
    Ok(id.to_owned())
}

fn unmanaged_get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = unmanaged(ctx)?;
    render(ctx, &id)
}

fn unmanaged_list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    list_of(ctx, false)
}

/// `is_managed: true` (the only value the schema allows) makes it managed.
fn unmanaged_update(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = unmanaged(ctx)?;
    if let Some(key) = ctx.str("user_identity_key") {
        key_is_free(ctx, key, Some(&id))?;
        let key = key.to_owned();
        if let Some(fields) = ctx
            .data
            .ws
            .user_identities
            .get_mut(&id)
            .and_then(Value::as_object_mut)
        {
            fields.insert("user_identity_key".to_owned(), Value::from(key));
        }
    }
    ctx.data.ws.unmanaged.remove(&id);
    Ok(ok())
}
