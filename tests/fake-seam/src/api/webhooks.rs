//! `/webhooks/*`: where events are delivered (see `delivery.rs`), each with the secret that
//! signs its deliveries.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use super::{found, ok, one, Answer, Ctx, Handler};
use crate::error::ApiError;
use crate::workspace::in_workspace;

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "get" => get,
        "list" => list,
        "update" => update,
        "delete" => delete,
        _ => return None,
    })
}

/// `whsec_` and the base64 of 24 random bytes, the shape Svix secrets have.
fn new_secret() -> String {
    format!("whsec_{}", STANDARD.encode(crate::random::bytes::<24>()))
}

/// `event_types` as given; the schema's default, `["*"]`, means every type.
fn create(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = ctx.new_id("3eb03eb0");
    let event_types = match ctx.input.has("event_types") {
        true => ctx.input.strings("event_types"),
        false => vec!["*".to_owned()],
    };
    let webhook = json!({
        "webhook_id": id,
        "workspace_id": ctx.workspace(),
        "url": ctx.str("url"),
        "event_types": event_types,
        "secret": new_secret(),
    });
    ctx.data.ws.webhooks.insert(id, webhook.clone());
    Ok(one("webhook", public(&webhook)))
}

/// The API object: the workspace is our bookkeeping.
fn public(webhook: &Value) -> Value {
    let mut shown = webhook.clone();
    if let Some(fields) = shown.as_object_mut() {
        fields.remove("workspace_id");
    }
    shown
}

fn named(ctx: &Ctx) -> Result<String, ApiError> {
    let id = ctx.str("webhook_id").unwrap_or_default();
    let webhook = ctx
        .data
        .ws
        .webhooks
        .get(id)
        .filter(|w| in_workspace(w, ctx.workspace()));
    found(webhook, "webhook")?;
    Ok(id.to_owned())
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named(ctx)?;
    let webhook = found(ctx.data.ws.webhooks.get(&id), "webhook")?;
    Ok(one("webhook", public(webhook)))
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let webhooks: Vec<Value> = ctx
        .data
        .ws
        .webhooks
        .values()
        .filter(|w| in_workspace(w, ctx.workspace()))
        .map(public)
        .collect();
    Ok(one("webhooks", Value::from(webhooks)))
}

fn update(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named(ctx)?;
    let event_types = ctx.input.strings("event_types");
    if let Some(fields) = ctx
        .data
        .ws
        .webhooks
        .get_mut(&id)
        .and_then(Value::as_object_mut)
    {
        fields.insert("event_types".to_owned(), Value::from(event_types));
    }
    Ok(ok())
}

fn delete(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = named(ctx)?;
    ctx.data.ws.webhooks.remove(&id);
    Ok(ok())
}
