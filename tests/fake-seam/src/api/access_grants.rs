//! `/access_grants/*`: a user identity's access to entrances, delivered by access methods
//! (one per requested mode). A grant gives the identity an ACS user in each entrance's system
//! (made if missing) and grants it the entrance directly; deleting the grant withdraws that.

use serde_json::{json, Value};

use super::access_methods::{create_method, delete_method};
use super::user_identities::{create_identity, make_user};
use super::{found, ok, one, Answer, Ctx, Handler};
use crate::error::ApiError;
use crate::pagination::Position;
use crate::validate::Invalid;
use crate::workspace::{in_workspace, str_field, AccessGrant};

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "get" => get,
        "list" => list,
        "update" => update,
        "delete" => delete,
        "request_access_methods" => request_access_methods,
        "get_related" => get_related,
        "unmanaged/get" => unmanaged_get,
        "unmanaged/list" => unmanaged_list,
        "unmanaged/update" => unmanaged_update,
        _ => return None,
    })
}

/// The managed grant named by `access_grant_id` or `access_grant_key`.
fn named(ctx: &Ctx) -> Result<String, ApiError> {
    let ws = &ctx.data.ws;
    let id = match ctx
        .input
        .exactly_one(&["access_grant_id", "access_grant_key"])?
    {
        "access_grant_id" => ctx.str("access_grant_id").map(str::to_owned),
        _ => {
            let key = ctx.str("access_grant_key");
            ws.access_grants
                .iter()
                .find(|(id, g)| {
                    str_field(&g.object, "access_grant_key") == key && !ws.unmanaged.contains(*id)
                })
                .map(|(id, _)| id.clone())
        }
    };
    let id = found(id, "access_grant")?;
    found(ws.access_grant(ctx.workspace(), &id), "access_grant")?;
    // A key names a grant as well as an id does: a client session may use only its own.
    if ctx.scope.as_ref().is_some_and(|s| !s.owns_grant(ws, &id)) {
        return Err(ApiError::new(
            403,
            "forbidden",
            "This client session cannot use another user identity's access grant",
        ));
    }
    Ok(id)
}

fn create(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let identity = match ctx.str("user_identity_id") {
        Some(id) => {
            found(
                ctx.data.ws.user_identity(ctx.workspace(), id),
                "user_identity",
            )?;
            id.to_owned()
        }
        None => {
            if ctx.scope.is_some() {
                return Err(ApiError::new(
                    403,
                    "forbidden",
                    "A client session may only grant access to its own user identity",
                ));
            }
            let given = ctx
                .input
                .object("user_identity")
                .cloned()
                .unwrap_or_default();
            create_identity(ctx, &given)?
        }
    };
    let mut entrances = ctx.input.strings("acs_entrance_ids");
    if let Some(location) = ctx.input.object("location") {
        let more = location.get("acs_entrance_ids").and_then(Value::as_array);
        entrances.extend(
            more.into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
    }
    entrances.dedup();
    for entrance in &entrances {
        found(
            ctx.data.ws.acs_entrance(ctx.workspace(), entrance),
            "acs_entrance",
        )?;
    }
    let id = ctx.new_id("a6a6a6a6");
    let name = ctx.input.value("name").cloned().unwrap_or(Value::Null);
    let mut object = json!({
        "access_grant_id": id,
        "workspace_id": ctx.workspace(),
        "user_identity_id": identity,
        "name": name,
        "display_name": name.as_str().unwrap_or("Access grant"),
        "access_method_ids": [],
        "requested_access_methods": [],
        "space_ids": ctx.input.strings("space_ids"),
        "location_ids": ctx.input.strings("location_ids"),
        "starts_at": ctx.str("starts_at").map_or_else(|| ctx.now(), str::to_owned),
        "ends_at": ctx.input.value("ends_at").cloned().unwrap_or(Value::Null),
        "display_status": "granted",
        "created_at": ctx.now(),
        "errors": [],
        "warnings": [],
        "pending_mutations": [],
    });
    if let Some(fields) = object.as_object_mut() {
        for key in [
            "access_grant_key",
            "reservation_key",
            "customization_profile_id",
        ] {
            if let Some(value) = ctx.str(key) {
                fields.insert(key.to_owned(), Value::from(value));
            }
        }
    }
    ctx.data.ws.access_grants.insert(
        id.clone(),
        AccessGrant {
            object,
            entrance_ids: entrances.clone(),
            granted: Vec::new(),
        },
    );
    ctx.event("access_grant.created", json!({ "access_grant_id": id }));
    for entrance in entrances {
        open_for(ctx, &id, &identity, &entrance);
    }
    let requested = ctx.input.array("requested_access_methods").to_vec();
    add_methods(ctx, &id, &requested);
    answer_grant(ctx, &id)
}

/// The identity's user in the entrance's system (made if missing) is granted the entrance.
fn open_for(ctx: &mut Ctx, grant: &str, identity: &str, entrance: &str) {
    let system = ctx
        .data
        .ws
        .acs_entrances
        .get(entrance)
        .and_then(|e| str_field(e, "acs_system_id"))
        .unwrap_or_default()
        .to_owned();
    let existing = ctx
        .data
        .ws
        .linked_users(identity)
        .find(|u| str_field(u, "acs_system_id") == Some(&system))
        .and_then(|u| str_field(u, "acs_user_id"))
        .map(str::to_owned);
    let user = match existing {
        Some(user) => user,
        None => make_user(ctx, identity, &system),
    };
    let direct = ctx.data.ws.direct_grants.entry(user.clone()).or_default();
    if !direct.iter().any(|e| e == entrance) {
        direct.push(entrance.to_owned());
        if let Some(grant) = ctx.data.ws.access_grants.get_mut(grant) {
            grant.granted.push((user, entrance.to_owned()));
        }
    }
    ctx.event(
        "access_grant.access_granted_to_door",
        json!({"access_grant_id": grant, "acs_entrance_id": entrance}),
    );
}

/// One access method per requested one, recorded in the grant.
fn add_methods(ctx: &mut Ctx, grant: &str, requested: &[Value]) {
    for request in requested {
        let method = create_method(ctx, grant, request);
        let display = ctx
            .data
            .ws
            .access_methods
            .get(&method)
            .and_then(|m| m.get("display_name"))
            .cloned();
        let mut entry = json!({
            "mode": request.get("mode"),
            "display_name": display,
            "created_at": ctx.now(),
            "created_access_method_ids": [method.as_str()],
        });
        if let Some(fields) = entry.as_object_mut() {
            for key in ["code", "instant_key_max_use_count"] {
                if let Some(value) = request.get(key) {
                    fields.insert(key.to_owned(), value.clone());
                }
            }
        }
        let Some(object) = ctx
            .data
            .ws
            .access_grants
            .get_mut(grant)
            .map(|g| &mut g.object)
        else {
            return;
        };
        for (key, value) in [
            ("access_method_ids", Value::from(method)),
            ("requested_access_methods", entry),
        ] {
            if let Some(Value::Array(list)) = object.get_mut(key) {
                list.push(value);
            }
        }
    }
}

fn answer_grant(ctx: &Ctx, id: &str) -> Result<Answer, ApiError> {
    let grant = found(ctx.data.ws.access_grants.get(id), "access_grant")?;
    Ok(one("access_grant", grant.object.clone()))
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named(ctx)?;
    answer_grant(ctx, &id)
}

fn list_of(ctx: &mut Ctx, managed: bool) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let input = &ctx.input;
    let ids = input
        .has("access_grant_ids")
        .then(|| input.strings("access_grant_ids"));
    // Nothing in this fake is a device, an access code or a customer.
    let unmatchable = ["access_code_id", "device_id", "customer_key"]
        .iter()
        .any(|k| input.has(k));
    let items: Vec<(Position, Value)> = ws
        .access_grants
        .iter()
        .filter(|(id, g)| {
            let field = |k| str_field(&g.object, k);
            let listed = |k: &str, v: &str| {
                g.object
                    .get(k)
                    .and_then(Value::as_array)
                    .is_some_and(|a| a.iter().any(|i| i.as_str() == Some(v)))
            };
            in_workspace(&g.object, ctx.workspace())
                && ws.unmanaged.contains(*id) != managed
                && !unmatchable
                && ctx.sees(|s| s.owns_grant(ws, id))
                && ids.as_ref().is_none_or(|ids| ids.contains(id))
                && ["access_grant_key", "reservation_key", "user_identity_id"]
                    .iter()
                    .all(|k| input.str(k).is_none_or(|v| field(k) == Some(v)))
                && input
                    .str("acs_entrance_id")
                    .is_none_or(|e| g.entrance_ids.iter().any(|i| i == e))
                && input.str("acs_system_id").is_none_or(|s| {
                    g.entrance_ids.iter().any(|e| {
                        ws.acs_entrances
                            .get(e)
                            .and_then(|e| str_field(e, "acs_system_id"))
                            == Some(s)
                    })
                })
                && input.str("space_id").is_none_or(|s| listed("space_ids", s))
                && input
                    .str("location_id")
                    .is_none_or(|l| listed("location_ids", l))
        })
        .map(|(_, g)| (Position::of(&g.object, "access_grant_id"), g.object.clone()))
        .collect();
    ctx.page("access_grants", items, 500)
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    list_of(ctx, true)
}

fn update(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named(ctx)?;
    let mut changes: Vec<(&str, Value)> = Vec::new();
    for key in ["name", "starts_at", "ends_at"] {
        if let Some(value) = ctx.input.value(key) {
            changes.push((key, value.clone()));
        }
    }
    let times_changed = changes.iter().any(|(k, _)| *k != "name");
    let Some(grant) = ctx.data.ws.access_grants.get_mut(&id) else {
        return Err(ApiError::not_found("access_grant"));
    };
    if let Some(fields) = grant.object.as_object_mut() {
        for (key, value) in changes {
            if key == "name" {
                let display = value.as_str().unwrap_or("Access grant").to_owned();
                fields.insert("display_name".to_owned(), Value::from(display));
            }
            fields.insert(key.to_owned(), value);
        }
    }
    let object = grant.object.clone();
    if times_changed {
        let mut subject = json!({
            "access_grant_id": id,
            "starts_at": object.get("starts_at"),
            "ends_at": object.get("ends_at"),
        });
        if let (Some(fields), Some(key)) = (subject.as_object_mut(), object.get("access_grant_key"))
        {
            fields.insert("access_grant_key".to_owned(), key.clone());
        }
        ctx.event("access_grant.access_times_changed", subject);
    }
    Ok(ok())
}

fn delete(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = ctx.str("access_grant_id").unwrap_or_default().to_owned();
    found(
        ctx.data.ws.access_grant(ctx.workspace(), &id),
        "access_grant",
    )?;
    delete_grant(ctx, &id);
    Ok(ok())
}

/// The grant, its access methods and the direct grants it made.
pub fn delete_grant(ctx: &mut Ctx, id: &str) {
    let methods: Vec<String> = ctx
        .data
        .ws
        .access_grants
        .get(id)
        .and_then(|g| g.object.get("access_method_ids"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    for method in methods {
        delete_method(ctx, &method);
    }
    let Some(grant) = ctx.data.ws.access_grants.remove(id) else {
        return;
    };
    for (user, entrance) in grant.granted {
        if let Some(direct) = ctx.data.ws.direct_grants.get_mut(&user) {
            direct.retain(|e| *e != entrance);
        }
        ctx.event(
            "access_grant.access_to_door_lost",
            json!({"access_grant_id": id, "acs_entrance_id": entrance}),
        );
    }
    ctx.data.ws.unmanaged.remove(id);
    ctx.event("access_grant.deleted", json!({ "access_grant_id": id }));
}

fn request_access_methods(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = ctx.str("access_grant_id").unwrap_or_default().to_owned();
    found(
        ctx.data.ws.access_grant(ctx.workspace(), &id),
        "access_grant",
    )?;
    let requested = ctx.input.array("requested_access_methods").to_vec();
    add_methods(ctx, &id, &requested);
    answer_grant(ctx, &id)
}

/// Whether a batch includes `kind`: `include` (all when absent) less `exclude`.
pub fn wanted(ctx: &Ctx, kind: &str) -> bool {
    let named = |list: &str| ctx.input.strings(list).iter().any(|k| k == kind);
    (!ctx.input.has("include") || named("include")) && !named("exclude")
}

/// The grants, and what they are about, as a `batch`.
fn get_related(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let ids = ctx.input.strings("access_grant_ids");
    let keys = ctx.input.strings("access_grant_keys");
    let grants: Vec<&AccessGrant> = ws
        .access_grants
        .iter()
        .filter(|(id, g)| {
            ws.access_grant(ctx.workspace(), id).is_some()
                && (ids.contains(id)
                    || str_field(&g.object, "access_grant_key")
                        .is_some_and(|k| keys.iter().any(|w| w == k)))
        })
        .map(|(_, g)| g)
        .collect();
    let mut batch = serde_json::Map::new();
    batch.insert(
        "access_grants".to_owned(),
        Value::from(grants.iter().map(|g| g.object.clone()).collect::<Vec<_>>()),
    );
    let entrance_ids: Vec<String> =
        crate::workspace::dedup(grants.iter().flat_map(|g| g.entrance_ids.iter()));
    let entrances = ws.entrances(&entrance_ids);
    let mut systems: Vec<Value> = Vec::new();
    for entrance in &entrances {
        let system = str_field(entrance, "acs_system_id").and_then(|s| ws.acs_systems.get(s));
        if let Some(system) = system.filter(|s| !systems.contains(s)) {
            systems.push(system.clone());
        }
    }
    let methods: Vec<Value> = grants
        .iter()
        .flat_map(|g| {
            g.object
                .get("access_method_ids")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter_map(|m| m.as_str().and_then(|m| ws.access_methods.get(m)))
        .cloned()
        .collect();
    let identities: Vec<Value> = grants
        .iter()
        .filter_map(|g| str_field(&g.object, "user_identity_id"))
        .filter_map(|i| ws.user_identities.get(i))
        .map(|i| ws.render_identity(i))
        .collect();
    let related = [
        ("acs_entrances", Value::from(entrances)),
        ("acs_systems", Value::from(systems)),
        ("access_methods", Value::from(methods)),
        ("user_identities", Value::from(identities)),
        ("acs_access_groups", json!([])),
        ("connected_accounts", json!([])),
        ("spaces", json!([])),
        ("devices", json!([])),
    ];
    for (kind, items) in related {
        if wanted(ctx, kind) {
            batch.insert(kind.to_owned(), items);
        }
    }
    Ok(one("batch", Value::Object(batch)))
}

fn unmanaged(ctx: &Ctx) -> Result<String, ApiError> {
    let id = ctx.str("access_grant_id").unwrap_or_default();
    let exists = ctx.data.ws.access_grants.get(id).is_some_and(|g| {
        in_workspace(&g.object, ctx.workspace()) && ctx.data.ws.unmanaged.contains(id)
    });
    if !exists {
        return Err(ApiError::not_found("access_grant"));
    }
    Ok(id.to_owned())
}

fn unmanaged_get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = unmanaged(ctx)?;
    answer_grant(ctx, &id)
}

fn unmanaged_list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    list_of(ctx, false)
}

/// `is_managed: true` makes the grant, and its access methods, managed.
fn unmanaged_update(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = unmanaged(ctx)?;
    let key = ctx.str("access_grant_key").map(str::to_owned);
    let ws = &mut ctx.data.ws;
    let Some(grant) = ws.access_grants.get_mut(&id) else {
        return Err(ApiError::not_found("access_grant"));
    };
    if let (Some(fields), Some(key)) = (grant.object.as_object_mut(), key) {
        fields.insert("access_grant_key".to_owned(), Value::from(key));
    }
    let methods: Vec<String> = grant
        .object
        .get("access_method_ids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    ws.unmanaged.remove(&id);
    for method in methods {
        ws.unmanaged.remove(&method);
    }
    Ok(ok())
}

/// For access methods: which grant is `access_grant_id` (managed or not) naming.
pub fn grant_exists(ctx: &Ctx, id: &str, managed: bool) -> Result<(), ApiError> {
    let ws = &ctx.data.ws;
    let exists = ws.access_grants.get(id).is_some_and(|g| {
        in_workspace(&g.object, ctx.workspace()) && ws.unmanaged.contains(id) != managed
    });
    if exists {
        Ok(())
    } else {
        Err(ApiError::not_found("access_grant"))
    }
}

/// `Invalid` for a mode an operation can't take.
pub fn wrong_mode(what: &str, mode: &str) -> ApiError {
    Invalid::top_level(&format!(
        "Only card access methods can be {what}; this one is {mode}"
    ))
    .into()
}
