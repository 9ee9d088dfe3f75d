//! The `/_fake/*` control routes (no auth): faults, the request log, reset, how action attempts
//! complete, the rate limit, bulk credentials for benchmarks, the webhook deliveries made, and
//! signatures of any payload.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::attempts;
use crate::credential_store::Credential;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::http::{Request, Response};
use crate::routes::{not_found, ok};
use crate::state::{App, AttemptSettings};
use crate::time;
use crate::workspace::str_field;

impl App {
    pub fn control(&self, name: &str, request: &Request) -> Response {
        let answer = match (request.method.as_str(), name) {
            ("POST", "faults") => self.add_faults(&request.body),
            ("DELETE", "faults") => {
                self.data().faults = Default::default();
                Ok(ok())
            }
            ("GET", "requests") => Ok(Response::json(200, &self.data().log.to_json())),
            ("POST", "reset") => {
                self.reset();
                Ok(ok())
            }
            ("GET" | "POST", "action_attempts") => self.attempt_settings(request),
            ("POST" | "PATCH", "update_action_attempt") => {
                self.update_action_attempt(&request.body)
            }
            ("POST", "rate_limit") => self.rate_limit(&request.body),
            ("POST", "seed_credentials") => self.seed_credentials(&request.body),
            ("GET", "webhook_deliveries") => Ok(Response::json(200, &self.delivery_log.to_json())),
            ("POST", "sign_webhook") => sign_webhook(&request.body),
            _ => return not_found(),
        };
        answer.unwrap_or_else(|message| ApiError::new(400, "invalid_input", &message).response())
    }

    fn add_faults(&self, body: &[u8]) -> Result<Response, String> {
        let spec = serde_json::from_slice(body).map_err(|e| format!("Invalid fault: {e}"))?;
        let pending = self
            .queue_faults(spec)
            .map_err(|e| format!("Invalid fault: {e}"))?;
        Ok(Response::json(
            200,
            &json!({ "ok": true, "pending": pending }),
        ))
    }

    /// Queues one fault object or an array of them (all or none); returns how many are now
    /// pending.
    pub fn queue_faults(&self, spec: Value) -> Result<usize, String> {
        let faults: Vec<Fault> = match spec {
            Value::Array(items) => items
                .into_iter()
                .map(serde_json::from_value)
                .collect::<Result<_, _>>(),
            single => serde_json::from_value(single).map(|f| vec![f]),
        }
        .map_err(|e| e.to_string())?;
        for fault in &faults {
            fault.check()?;
        }
        let mut data = self.data();
        for fault in faults {
            data.faults.push(fault);
        }
        Ok(data.faults.len())
    }

    /// `{"delay_ms": N, "stuck": bool}`, both optional: how new attempts complete. GET (or an
    /// empty body) reads the settings.
    fn attempt_settings(&self, request: &Request) -> Result<Response, String> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Settings {
            delay_ms: Option<u64>,
            stuck: Option<bool>,
        }
        let mut data = self.data();
        if request.method == "POST" && !request.body.iter().all(u8::is_ascii_whitespace) {
            let given: Settings =
                serde_json::from_slice(&request.body).map_err(|e| e.to_string())?;
            data.attempts = AttemptSettings {
                delay_ms: given.delay_ms.unwrap_or(data.attempts.delay_ms),
                stuck: given.stuck.unwrap_or(data.attempts.stuck),
            };
        }
        let AttemptSettings { delay_ms, stuck } = data.attempts;
        Ok(Response::json(
            200,
            &json!({"ok": true, "delay_ms": delay_ms, "stuck": stuck}),
        ))
    }

    /// The vendor's control route: `{action_attempt_id, status, result?, error?}`.
    fn update_action_attempt(&self, body: &[u8]) -> Result<Response, String> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Update {
            action_attempt_id: String,
            status: String,
            result: Option<Value>,
            error: Option<Value>,
        }
        let update: Update = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        let mut data = self.data();
        let now_ms = time::now_ms();
        attempts::settle(&mut data, now_ms);
        let attempt = attempts::force(
            &mut data,
            &update.action_attempt_id,
            &update.status,
            update.result,
            update.error,
            now_ms,
        )?;
        self.send_outbox(&mut data);
        Ok(Response::json(
            200,
            &json!({"ok": true, "action_attempt": attempt}),
        ))
    }

    /// `{"per_second": N}` limits each credential to N requests a second; `null` lifts it.
    fn rate_limit(&self, body: &[u8]) -> Result<Response, String> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Limit {
            per_second: Option<f64>,
        }
        let limit: Limit = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        if limit
            .per_second
            .is_some_and(|n| !(n > 0.0 && n.is_finite()))
        {
            return Err("per_second must be a positive number or null".to_owned());
        }
        self.set_rate_limit(limit.per_second);
        Ok(Response::json(
            200,
            &json!({"ok": true, "per_second": limit.per_second}),
        ))
    }

    pub fn set_rate_limit(&self, per_second: Option<f64>) {
        self.data().rate_limit.set(per_second);
    }

    /// `{"count": N, "acs_user_id"?: …}`: N PIN credentials in the seed's workspace, made in
    /// one go for bulk-read benchmarks (held by the user, in its system, when one is named).
    fn seed_credentials(&self, body: &[u8]) -> Result<Response, String> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Bulk {
            count: u32,
            acs_user_id: Option<String>,
        }
        let bulk: Bulk = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        let total = self.add_credentials(bulk.count, bulk.acs_user_id.as_deref())?;
        Ok(Response::json(
            200,
            &json!({"ok": true, "created": bulk.count, "acs_credentials": total}),
        ))
    }

    /// Makes `count` PIN credentials (held by `acs_user_id` when given); answers how many
    /// credentials there are now.
    pub fn add_credentials(&self, count: u32, acs_user_id: Option<&str>) -> Result<usize, String> {
        let workspace = self
            .seed
            .api_keys
            .first()
            .map(|k| k.workspace_id.clone())
            .unwrap_or_default();
        let mut data = self.data();
        let user = match acs_user_id {
            None => None,
            Some(id) => Some(
                data.ws
                    .acs_user(&workspace, id)
                    .cloned()
                    .ok_or_else(|| format!("acs_user {id} not found"))?,
            ),
        };
        let system = user
            .as_ref()
            .and_then(|u| str_field(u, "acs_system_id"))
            .map(str::to_owned)
            .or_else(|| {
                data.ws
                    .acs_systems
                    .values()
                    .find(|s| str_field(s, "workspace_id") == Some(workspace.as_str()))
                    .and_then(|s| str_field(s, "acs_system_id"))
                    .map(str::to_owned)
            })
            .ok_or("the workspace has no acs_system")?;
        let connected_account = data
            .ws
            .acs_systems
            .get(&system)
            .and_then(|s| s.get("connected_account_ids"))
            .and_then(|ids| ids.get(0))
            .cloned()
            .unwrap_or(Value::Null);
        let now = time::now();
        for n in 0..count {
            let id = data.new_id("c0ffee00");
            let mut object = json!({
                "acs_credential_id": id,
                "workspace_id": workspace,
                "acs_system_id": system,
                "connected_account_id": connected_account,
                "display_name": format!("Seeded Credential {n}"),
                "access_method": "code",
                "code": format!("{:06}", n % 1_000_000),
                "is_multi_phone_sync_credential": false,
                "is_managed": true,
                "created_at": now,
                "errors": [],
                "warnings": [],
            });
            if let (Some(fields), Some(user)) = (object.as_object_mut(), &user) {
                for key in ["acs_user_id", "user_identity_id"] {
                    if let Some(value) = user.get(key) {
                        fields.insert(key.to_owned(), value.clone());
                    }
                }
            }
            data.ws
                .credentials
                .insert(Credential::new(object, Vec::new()));
        }
        Ok(data.ws.credentials.len())
    }
}

/// `{"secret", "payload", "msg_id"?, "timestamp"?}`: the three svix headers of a delivery of
/// `payload` signed with `secret` at `timestamp` (default now), so that a test in a language
/// without HMAC at hand (Swift on Linux) can make genuine, old and forged deliveries.
fn sign_webhook(body: &[u8]) -> Result<Response, String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Spec {
        secret: String,
        payload: String,
        msg_id: Option<String>,
        timestamp: Option<u64>,
    }
    let spec: Spec =
        serde_json::from_slice(body).map_err(|e| format!("Invalid signing request: {e}"))?;
    let msg_id = spec.msg_id.unwrap_or_else(|| "msg_fake".to_owned());
    let timestamp = spec
        .timestamp
        .unwrap_or_else(|| time::now_ms().unsigned_abs() / 1000);
    let signature = crate::delivery::sign(&spec.secret, &msg_id, timestamp, &spec.payload)?;
    Ok(Response::json(
        200,
        &json!({
            "svix-id": msg_id,
            "svix-timestamp": timestamp.to_string(),
            "svix-signature": signature,
        }),
    ))
}
