//! `/access_methods/*`: how a grant's person gets in (a code, a card, a mobile or cloud key).
//! Codes and keys are issued at once; cards wait to be encoded (or a card number assigned).

use serde_json::{json, Value};

use super::access_grants::{grant_exists, wanted, wrong_mode};
use super::client_sessions::{new_session, Grant};
use super::{found, ok, one, Answer, Ctx, Handler};
use crate::attempts::{self, error_message, Outcome, Plan};
use crate::error::ApiError;
use crate::pagination::Position;
use crate::workspace::{in_workspace, str_field};

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "get" => get,
        "list" => list,
        "delete" => delete,
        "get_related" => get_related,
        "encode" => encode,
        "assign_card" => assign_card,
        "unlock_door" => unlock_door,
        "unmanaged/get" => unmanaged_get,
        "unmanaged/list" => unmanaged_list,
        _ => return None,
    })
}

/// Makes the access method `request` (`{mode, code?, …}`) asks for, for `grant`; its id.
pub fn create_method(ctx: &mut Ctx, grant: &str, request: &Value) -> String {
    let mode = request
        .get("mode")
        .and_then(Value::as_str)
        .unwrap_or("code")
        .to_owned();
    let id = ctx.new_id("a3a3a3a3");
    let now = ctx.now();
    let display_name = match mode.as_str() {
        "code" => "PIN Code",
        "card" => "Card",
        "mobile_key" => "Mobile Key",
        _ => "Cloud Key",
    };
    let issued = mode != "card";
    let mut method = json!({
        "access_method_id": id,
        "workspace_id": ctx.workspace(),
        "mode": mode,
        "display_name": display_name,
        "display_status": if issued { "issued" } else { "encoding_required" },
        "is_issued": issued,
        "issued_at": if issued { Value::from(now.as_str()) } else { Value::Null },
        "created_at": now,
        "errors": [],
        "warnings": [],
        "pending_mutations": [],
    });
    let identity = ctx
        .data
        .ws
        .access_grants
        .get(grant)
        .and_then(|g| str_field(&g.object, "user_identity_id"))
        .map(str::to_owned);
    let mut code = None;
    if let Some(fields) = method.as_object_mut() {
        match mode.as_str() {
            "code" => {
                let given = request
                    .get("code")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let pin =
                    given.unwrap_or_else(|| format!("{:06}", ctx.data.serial * 7919 % 1_000_000));
                code = Some(pin.clone());
                fields.insert("code".to_owned(), Value::from(pin));
            }
            "card" => {
                for flag in ["is_encoding_required", "is_ready_for_encoding"] {
                    fields.insert(flag.to_owned(), Value::Bool(true));
                }
            }
            // A phone opens doors with a client session for the grant's person.
            "mobile_key" => {
                let session = new_session(
                    ctx,
                    Grant {
                        user_identity_id: identity,
                        user_identifier_key: None,
                        expires_at: None,
                    },
                );
                fields.insert(
                    "client_session_token".to_owned(),
                    session.get("token").cloned().unwrap_or_default(),
                );
                let url = format!("https://ik.seam.co/{}", crate::random::hex::<8>());
                fields.insert("instant_key_url".to_owned(), Value::from(url));
            }
            _ => {}
        }
    }
    ctx.data.ws.access_methods.insert(id.clone(), method);
    let subject = |extra: Option<&str>| {
        let mut subject = json!({"access_method_id": id, "access_grant_ids": [grant]});
        if let (Some(fields), Some(code)) = (subject.as_object_mut(), extra) {
            fields.insert("code".to_owned(), Value::from(code));
        }
        subject
    };
    ctx.event("access_method.created", subject(None));
    match issued {
        true => ctx.event("access_method.issued", subject(code.as_deref())),
        false => ctx.event("access_method.card_encoding_required", subject(None)),
    }
    id
}

/// Removes it from its grant too; records `access_method.deleted`.
pub fn delete_method(ctx: &mut Ctx, id: &str) {
    if ctx.data.ws.access_methods.remove(id).is_none() {
        return;
    }
    let mut grants = Vec::new();
    for (grant_id, grant) in ctx.data.ws.access_grants.iter_mut() {
        if let Some(Value::Array(ids)) = grant.object.get_mut("access_method_ids") {
            let before = ids.len();
            ids.retain(|m| m.as_str() != Some(id));
            if ids.len() != before {
                grants.push(grant_id.clone());
            }
        }
    }
    ctx.data.ws.unmanaged.remove(id);
    ctx.event(
        "access_method.deleted",
        json!({"access_method_id": id, "access_grant_ids": grants}),
    );
}

fn method_id(ctx: &Ctx) -> String {
    ctx.str("access_method_id").unwrap_or_default().to_owned()
}

/// The managed method named by `access_method_id`.
fn method(ctx: &Ctx) -> Result<Value, ApiError> {
    let id = method_id(ctx);
    found(
        ctx.data.ws.access_method(ctx.workspace(), &id),
        "access_method",
    )
    .cloned()
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    Ok(one("access_method", method(ctx)?))
}

/// The methods of `grants` (all grants when `None`), managed or not, that open `entrance`.
fn methods_of(ctx: &Ctx, grants: Option<Vec<String>>, managed: bool) -> Vec<(Position, Value)> {
    let ws = &ctx.data.ws;
    let entrance = ctx.str("acs_entrance_id");
    // Nothing in this fake is a device, a space or an access code.
    let unmatchable = ["device_id", "space_id", "access_code_id"]
        .iter()
        .any(|k| ctx.input.has(k));
    ws.access_methods
        .iter()
        .filter(|(id, m)| {
            let grant = ws.grant_of_method(id);
            in_workspace(m, ctx.workspace())
                && ws.unmanaged.contains(*id) != managed
                && !unmatchable
                && ctx.sees(|s| s.owns_method(ws, id))
                && grants
                    .as_ref()
                    .is_none_or(|g| grant.is_some_and(|(gid, _)| g.contains(gid)))
                && entrance.is_none_or(|e| {
                    grant.is_some_and(|(_, g)| g.entrance_ids.iter().any(|i| i == e))
                })
        })
        .map(|(_, m)| (Position::of(m, "access_method_id"), m.clone()))
        .collect()
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let mut grants: Option<Vec<String>> = None;
    if let Some(id) = ctx.str("access_grant_id") {
        grant_exists(ctx, id, true)?;
        grants = Some(vec![id.to_owned()]);
    }
    if let Some(key) = ctx.str("access_grant_key") {
        let keyed: Vec<String> = ctx
            .data
            .ws
            .access_grants
            .iter()
            .filter(|(_, g)| str_field(&g.object, "access_grant_key") == Some(key))
            .map(|(id, _)| id.clone())
            .collect();
        grants = Some(match grants {
            Some(before) => before.into_iter().filter(|g| keyed.contains(g)).collect(),
            None => keyed,
        });
    }
    let items = methods_of(ctx, grants, true);
    ctx.page("access_methods", items, 500)
}

/// By method, by grant (all its methods) or by reservation key (all its grants' methods).
fn delete(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let doomed: Vec<String> =
        match ctx
            .input
            .exactly_one(&["access_method_id", "access_grant_id", "reservation_key"])?
        {
            "access_method_id" => {
                vec![str_field(&method(ctx)?, "access_method_id")
                    .unwrap_or_default()
                    .to_owned()]
            }
            by => {
                let wanted = ctx.str(by).unwrap_or_default();
                let field = if by == "access_grant_id" {
                    "access_grant_id"
                } else {
                    "reservation_key"
                };
                let grants: Vec<&Value> = ws
                    .access_grants
                    .iter()
                    .filter(|(id, g)| {
                        ws.access_grant(ctx.workspace(), id).is_some()
                            && str_field(&g.object, field) == Some(wanted)
                    })
                    .map(|(_, g)| &g.object)
                    .collect();
                if grants.is_empty() {
                    return Err(ApiError::not_found("access_grant"));
                }
                grants
                    .iter()
                    .filter_map(|g| g.get("access_method_ids").and_then(Value::as_array))
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            }
        };
    for id in doomed {
        delete_method(ctx, &id);
    }
    Ok(ok())
}

/// The methods, and what they are about, as a `batch`.
fn get_related(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let ids = ctx.input.strings("access_method_ids");
    let methods: Vec<&Value> = ids
        .iter()
        .filter_map(|id| ws.access_method(ctx.workspace(), id))
        .collect();
    let grants: Vec<&crate::workspace::AccessGrant> = ids
        .iter()
        .filter_map(|id| ws.grant_of_method(id).map(|(_, g)| g))
        .collect();
    let entrance_ids = crate::workspace::dedup(grants.iter().flat_map(|g| g.entrance_ids.iter()));
    let sessions: Vec<Value> = methods
        .iter()
        .filter_map(|m| str_field(m, "client_session_token"))
        .filter_map(|t| {
            ws.client_sessions
                .values()
                .find(|s| str_field(s, "token") == Some(t))
        })
        .cloned()
        .collect();
    let mut batch = serde_json::Map::new();
    let related = [
        (
            "access_methods",
            Value::from(methods.into_iter().cloned().collect::<Vec<_>>()),
        ),
        (
            "access_grants",
            Value::from(grants.iter().map(|g| g.object.clone()).collect::<Vec<_>>()),
        ),
        ("acs_entrances", Value::from(ws.entrances(&entrance_ids))),
        ("client_sessions", Value::from(sessions)),
        ("instant_keys", json!([])),
        ("acs_credentials", json!([])),
        ("spaces", json!([])),
        ("devices", json!([])),
    ];
    for (kind, items) in related {
        if kind == "access_methods" || wanted(ctx, kind) {
            batch.insert(kind.to_owned(), items);
        }
    }
    Ok(one("batch", Value::Object(batch)))
}

fn attempt(ctx: &mut Ctx, action_type: &str, outcome: Outcome, subjects: Value) -> Answer {
    let attempt = attempts::start(
        ctx.data,
        &ctx.principal.workspace_id,
        action_type,
        outcome,
        subjects,
        ctx.principal.client_session_id(),
        ctx.now_ms,
    );
    one("action_attempt", attempt)
}

/// A card method encoded on an encoder: an `ENCODE_CREDENTIAL` attempt whose result is the
/// card credential made for it. The encoder's `simulate` plan applies.
fn encode(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let method = method(ctx)?;
    let encoder_id = ctx.str("acs_encoder_id").unwrap_or_default().to_owned();
    let encoder = found(
        ctx.data.ws.acs_encoder(ctx.workspace(), &encoder_id),
        "acs_encoder",
    )?;
    let system = str_field(encoder, "acs_system_id")
        .unwrap_or_default()
        .to_owned();
    let mode = str_field(&method, "mode").unwrap_or_default();
    if mode != "card" {
        return Err(wrong_mode("encoded", mode));
    }
    let id = method_id(ctx);
    let plan = ctx
        .data
        .ws
        .encoder_plans
        .entry(encoder_id.clone())
        .or_default();
    let outcome = match plan.next_encode.take() {
        Some(Plan::Fail { error_code, .. }) => Outcome::Fail {
            message: error_message(&error_code),
            error_type: error_code,
        },
        _ => Outcome::EncodeMethod {
            method_id: id.clone(),
            system_id: system,
        },
    };
    Ok(attempt(
        ctx,
        "ENCODE_CREDENTIAL",
        outcome,
        json!({"access_method_id": id, "acs_encoder_id": encoder_id}),
    ))
}

fn assign_card(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let method = method(ctx)?;
    let mode = str_field(&method, "mode").unwrap_or_default();
    if mode != "card" {
        return Err(wrong_mode("assigned a card", mode));
    }
    let id = method_id(ctx);
    Ok(attempt(
        ctx,
        "ASSIGN_CREDENTIAL",
        Outcome::AssignCard {
            method_id: id.clone(),
        },
        json!({"access_method_id": id}),
    ))
}

/// Succeeds if the method's grant opens the entrance.
fn unlock_door(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    method(ctx)?;
    let id = method_id(ctx);
    let entrance = ctx.str("acs_entrance_id").unwrap_or_default().to_owned();
    found(
        ctx.data.ws.acs_entrance(ctx.workspace(), &entrance),
        "acs_entrance",
    )?;
    let opens = ctx
        .data
        .ws
        .grant_of_method(&id)
        .is_some_and(|(_, g)| g.entrance_ids.contains(&entrance));
    Ok(attempt(
        ctx,
        "UNLOCK_DOOR",
        Outcome::Unlock { opens },
        json!({"access_method_id": id, "acs_entrance_id": entrance}),
    ))
}

fn unmanaged_get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = method_id(ctx);
    let ws = &ctx.data.ws;
    let method = ws
        .access_methods
        .get(&id)
        .filter(|m| in_workspace(m, ctx.workspace()) && ws.unmanaged.contains(&id));
    Ok(one(
        "access_method",
        found(method, "access_method")?.clone(),
    ))
}

fn unmanaged_list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let grant = ctx.str("access_grant_id").unwrap_or_default().to_owned();
    grant_exists(ctx, &grant, false)?;
    let mut items = methods_of(ctx, Some(vec![grant]), false);
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let methods: Vec<Value> = items.into_iter().map(|(_, m)| m).collect();
    Ok(one("access_methods", Value::from(methods)))
}
