//! `/acs/systems/*`: the access systems of the workspace's connected accounts.

use serde_json::{json, Value};

use super::{found, ok, one, Answer, Ctx, Handler};
use crate::error::ApiError;
use crate::pagination::Position;
use crate::workspace::{in_workspace, str_field};

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "get" => get,
        "list" => list,
        "list_compatible_credential_manager_acs_systems" => list_compatible,
        "report_devices" => report_devices,
        _ => return None,
    })
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = ctx.str("acs_system_id").unwrap_or_default();
    let system = found(ctx.data.ws.acs_system(ctx.workspace(), id), "acs_system")?;
    Ok(one("acs_system", system.clone()))
}

/// Newest first, like every list.
fn sorted(mut systems: Vec<&Value>) -> Vec<Value> {
    systems.sort_by_key(|s| Position::of(s, "acs_system_id"));
    systems.into_iter().cloned().collect()
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let account = ctx.str("connected_account_id");
    let search = ctx.str("search").map(str::to_lowercase);
    let customer = ctx.str("customer_key");
    let systems: Vec<&Value> = ctx
        .data
        .ws
        .acs_systems
        .values()
        .filter(|s| {
            let id = str_field(s, "acs_system_id").unwrap_or_default();
            in_workspace(s, ctx.workspace())
                && ctx.sees(|scope| scope.owns_system(id))
                && account.is_none_or(|a| {
                    s.get("connected_account_ids")
                        .and_then(Value::as_array)
                        .is_some_and(|ids| ids.iter().any(|i| i.as_str() == Some(a)))
                })
                && customer.is_none_or(|c| str_field(s, "customer_key") == Some(c))
                && search.as_deref().is_none_or(|needle| {
                    str_field(s, "name").is_some_and(|n| n.to_lowercase().contains(needle))
                })
        })
        .collect();
    Ok(one("acs_systems", Value::from(sorted(systems))))
}

/// The credential managers a system's credentials can be issued through: the workspace's.
fn list_compatible(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = ctx.str("acs_system_id").unwrap_or_default();
    found(ctx.data.ws.acs_system(ctx.workspace(), id), "acs_system")?;
    let managers: Vec<&Value> = ctx
        .data
        .ws
        .acs_systems
        .values()
        .filter(|s| {
            in_workspace(s, ctx.workspace())
                && str_field(s, "acs_system_id") != Some(id)
                && s.get("is_credential_manager").and_then(Value::as_bool) == Some(true)
        })
        .collect();
    Ok(one("acs_systems", Value::from(sorted(managers))))
}

/// Hotek-style device reports: each entry adds an encoder or entrance (or, with
/// `is_removed`, removes the one of that number), recording `acs_encoder.added`/`removed`
/// and `acs_entrance.added`/`removed`.
fn report_devices(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let system_id = ctx.str("acs_system_id").unwrap_or_default().to_owned();
    let system = found(
        ctx.data.ws.acs_system(ctx.workspace(), &system_id),
        "acs_system",
    )?;
    let account = system
        .get("connected_account_ids")
        .and_then(|a| a.get(0))
        .cloned()
        .unwrap_or(Value::Null);
    let encoders = ctx.input.array("acs_encoders").to_vec();
    let entrances = ctx.input.array("acs_entrances").to_vec();
    for (kind, reports) in [("acs_encoder", encoders), ("acs_entrance", entrances)] {
        for report in reports {
            let metadata = report.get("hotek_metadata").cloned().unwrap_or(Value::Null);
            let removed = report.get("is_removed").and_then(Value::as_bool) == Some(true);
            report_one(ctx, kind, &system_id, &account, metadata, removed);
        }
    }
    Ok(ok())
}

fn report_one(
    ctx: &mut Ctx,
    kind: &str,
    system: &str,
    account: &Value,
    metadata: Value,
    removed: bool,
) {
    let id_key = format!("{kind}_id");
    let same = |o: &Value| {
        str_field(o, "acs_system_id") == Some(system) && o.get("hotek_metadata") == Some(&metadata)
    };
    let table = match kind {
        "acs_encoder" => &mut ctx.data.ws.acs_encoders,
        _ => &mut ctx.data.ws.acs_entrances,
    };
    let existing = table
        .iter()
        .find(|(_, o)| same(o))
        .map(|(id, _)| id.clone());
    let subject = |id: &str| json!({ id_key.as_str(): id, "acs_system_id": system, "connected_account_id": account });
    match (existing, removed) {
        (Some(id), true) => {
            table.remove(&id);
            ctx.event(&format!("{kind}.removed"), subject(&id));
        }
        (None, false) => {
            let id = ctx.new_id(if kind == "acs_encoder" {
                "ec0ec0ec"
            } else {
                "e0e0e0e0"
            });
            let name = [
                "room_number",
                "common_area_name",
                "common_area_number",
                "encoder_number",
            ]
            .iter()
            .find_map(|k| metadata.get(k).and_then(Value::as_str))
            .unwrap_or("Reported device")
            .to_owned();
            let mut object = json!({
                id_key.as_str(): id,
                "acs_system_id": system,
                "connected_account_id": account,
                "display_name": name,
                "created_at": ctx.now(),
                "hotek_metadata": metadata,
                "errors": [],
            });
            // Entrances belong to their system's workspace; encoders name theirs.
            if let Some(fields) = object.as_object_mut() {
                if kind == "acs_entrance" {
                    fields.insert("space_ids".to_owned(), json!([]));
                    fields.insert("warnings".to_owned(), json!([]));
                } else {
                    fields.insert("workspace_id".to_owned(), Value::from(ctx.workspace()));
                }
            }
            let table = match kind {
                "acs_encoder" => &mut ctx.data.ws.acs_encoders,
                _ => &mut ctx.data.ws.acs_entrances,
            };
            table.insert(id.clone(), object);
            ctx.event(&format!("{kind}.added"), subject(&id));
        }
        _ => {}
    }
}
