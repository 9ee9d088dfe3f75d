//! Action attempts: answered `pending`, they complete after a delay (`POST
//! /_fake/action_attempts`) into the outcome decided when they were made. Completion is
//! computed from the clock when the next request comes in, so no thread is needed; its side
//! effects (a credential becomes issued, an event is recorded) happen then, once.

use serde_json::{json, Map, Value};

use crate::credential_store::Credential;
use crate::state::Data;
use crate::time;
use crate::workspace::str_field;

#[derive(Clone)]
pub struct Attempt {
    pub id: String,
    pub action_type: String,
    pub workspace_id: String,
    /// When it completes; `None` while stuck.
    pub due_ms: Option<i64>,
    pub outcome: Outcome,
    pub state: State,
    /// The client session that made it, which may read it back.
    pub client_session_id: Option<String>,
    /// The ids it is about (credential, entrance, encoder, user, access method).
    pub subjects: Map<String, Value>,
}

#[derive(Clone)]
pub enum State {
    Pending,
    Success(Value),
    Error(Value),
}

/// What an attempt turns into when it completes.
#[derive(Clone)]
pub enum Outcome {
    /// The credential becomes issued.
    Encode {
        credential_id: String,
    },
    /// A card credential is made for the access method, which becomes issued.
    EncodeMethod {
        method_id: String,
        system_id: String,
    },
    Scan {
        scenario: String,
        credential_id: Option<String>,
    },
    /// A card credential is made for the user.
    ScanToAssign {
        user_id: String,
    },
    Unlock {
        opens: bool,
    },
    AssignCard {
        method_id: String,
    },
    Fail {
        error_type: String,
        message: String,
    },
}

/// What an encoder's next encode or scan will do (`/acs/encoders/simulate/*`).
#[derive(Clone, Default)]
pub struct EncoderPlan {
    pub next_encode: Option<Plan>,
    pub next_scan: Option<Plan>,
    /// The credential last encoded there: what a scan finds on the card by default.
    pub last_encoded: Option<String>,
}

#[derive(Clone)]
pub enum Plan {
    /// `credential_id`: only the encode (or scan) of that credential fails.
    Fail {
        error_code: String,
        credential_id: Option<String>,
    },
    Succeed {
        scenario: String,
        credential_id: Option<String>,
    },
}

impl Attempt {
    pub fn to_json(&self) -> Value {
        let (status, result, error) = match &self.state {
            State::Pending => ("pending", Value::Null, Value::Null),
            State::Success(result) => ("success", result.clone(), Value::Null),
            State::Error(error) => ("error", Value::Null, error.clone()),
        };
        json!({
            "action_attempt_id": self.id,
            "action_type": self.action_type,
            "status": status,
            "result": result,
            "error": error,
        })
    }
}

/// The error an encoder reports for `code`, in words.
pub fn error_message(code: &str) -> String {
    match code {
        "no_credential_on_encoder" => "No credential was found on the encoder.",
        "encoding_interrupted" => "Encoding was interrupted.",
        "action_attempt_expired" => "The action attempt expired.",
        "credential_deleted" => "The credential was deleted before it was encoded.",
        _ => "The encoder reported an error.",
    }
    .to_owned()
}

/// Makes an attempt, pending unless the delay is zero; answers its JSON.
pub fn start(
    data: &mut Data,
    workspace_id: &str,
    action_type: &str,
    outcome: Outcome,
    subjects: Value,
    client_session_id: Option<&str>,
    now_ms: i64,
) -> Value {
    let id = data.new_id("a7a7a7a7");
    let settings = data.attempts;
    let due_ms = (!settings.stuck)
        .then(|| now_ms.saturating_add(i64::try_from(settings.delay_ms).unwrap_or(i64::MAX)));
    let attempt = Attempt {
        id: id.clone(),
        action_type: action_type.to_owned(),
        workspace_id: workspace_id.to_owned(),
        due_ms,
        outcome,
        state: State::Pending,
        client_session_id: client_session_id.map(str::to_owned),
        subjects: match subjects {
            Value::Object(fields) => fields,
            _ => Map::new(),
        },
    };
    let answer = attempt.to_json();
    data.ws.action_attempts.insert(id.clone(), attempt);
    data.ws.pending_attempts.insert(id.clone());
    if due_ms.is_some_and(|due| due <= now_ms) {
        complete(data, &id, now_ms);
    }
    answer
}

/// Completes every attempt whose time has come.
pub fn settle(data: &mut Data, now_ms: i64) {
    let due: Vec<String> = data
        .ws
        .pending_attempts
        .iter()
        .filter(|id| {
            data.ws
                .action_attempts
                .get(*id)
                .and_then(|a| a.due_ms)
                .is_some_and(|due| due <= now_ms)
        })
        .cloned()
        .collect();
    for id in due {
        complete(data, &id, now_ms);
    }
}

/// Turns the attempt into its outcome, with the outcome's side effects.
pub fn complete(data: &mut Data, id: &str, now_ms: i64) {
    let Some(attempt) = data.ws.action_attempts.get(id).cloned() else {
        return;
    };
    let state = outcome_state(data, &attempt, now_ms);
    data.ws.pending_attempts.remove(id);
    if attempt.action_type == "UNLOCK_DOOR" {
        let (event, status) = match state {
            State::Success(_) => ("action_attempt.unlock_door.succeeded", "success"),
            _ => ("action_attempt.unlock_door.failed", "error"),
        };
        data.record_event(
            &attempt.workspace_id,
            event,
            json!({"action_attempt_id": id, "action_type": "UNLOCK_DOOR", "status": status}),
            now_ms,
        );
    }
    if let Some(stored) = data.ws.action_attempts.get_mut(id) {
        stored.state = state;
        stored.due_ms = Some(now_ms);
    }
}

/// Sets an attempt as `/_fake/update_action_attempt` asks: `pending` holds it, `success`
/// completes it (with the given result, or its own), `error` fails it.
pub fn force(
    data: &mut Data,
    id: &str,
    status: &str,
    result: Option<Value>,
    error: Option<Value>,
    now_ms: i64,
) -> Result<Value, String> {
    if !data.ws.action_attempts.contains_key(id) {
        return Err("action_attempt not found".to_owned());
    }
    match (status, result) {
        ("pending", _) => {
            data.ws.pending_attempts.insert(id.to_owned());
            if let Some(attempt) = data.ws.action_attempts.get_mut(id) {
                attempt.state = State::Pending;
                attempt.due_ms = None;
            }
        }
        ("success", None) => {
            if let Some(attempt) = data.ws.action_attempts.get_mut(id) {
                if matches!(attempt.outcome, Outcome::Fail { .. }) {
                    // Asked to succeed what was planned to fail: succeed without side effects.
                    attempt.state = State::Success(json!({}));
                    data.ws.pending_attempts.remove(id);
                    return Ok(attempt.to_json());
                }
            }
            complete(data, id, now_ms);
        }
        ("success", Some(result)) => set_final(data, id, State::Success(result)),
        ("error", _) => {
            let error = error.unwrap_or_else(
                || json!({"type": "uncategorized_error", "message": "The action attempt failed."}),
            );
            set_final(data, id, State::Error(error));
        }
        (other, _) => return Err(format!("unknown status {other:?}")),
    }
    Ok(data
        .ws
        .action_attempts
        .get(id)
        .map(Attempt::to_json)
        .unwrap_or_default())
}

fn set_final(data: &mut Data, id: &str, state: State) {
    data.ws.pending_attempts.remove(id);
    if let Some(attempt) = data.ws.action_attempts.get_mut(id) {
        attempt.state = state;
    }
}

fn failure(error_type: &str, message: &str) -> State {
    State::Error(json!({ "type": error_type, "message": message }))
}

fn outcome_state(data: &mut Data, attempt: &Attempt, now_ms: i64) -> State {
    let now = time::format_ms(now_ms);
    let encoder = attempt
        .subjects
        .get("acs_encoder_id")
        .and_then(Value::as_str)
        .map(str::to_owned);
    match &attempt.outcome {
        Outcome::Fail {
            error_type,
            message,
        } => failure(error_type, message),
        Outcome::Encode { credential_id } => {
            let issued = data.ws.credentials.edit(credential_id, |fields| {
                fields.insert("is_issued".to_owned(), Value::Bool(true));
                fields.insert("issued_at".to_owned(), Value::from(now.as_str()));
            });
            let Some(issued) = issued.map(|c| c.object().clone()) else {
                return failure("credential_deleted", &error_message("credential_deleted"));
            };
            if let Some(encoder) = encoder {
                data.ws
                    .encoder_plans
                    .entry(encoder)
                    .or_default()
                    .last_encoded = Some(credential_id.clone());
            }
            credential_issued(data, &attempt.workspace_id, &issued, now_ms);
            State::Success(issued)
        }
        Outcome::EncodeMethod {
            method_id,
            system_id,
        } => {
            if !data.ws.access_methods.contains_key(method_id) {
                return failure("uncategorized_error", "The access method was deleted.");
            }
            mark_method_issued(data, &attempt.workspace_id, method_id, now_ms);
            let grant_user = grant_user_in(data, method_id, system_id);
            let credential = new_card(data, &attempt.workspace_id, system_id, grant_user, now_ms);
            if let Some(encoder) = encoder {
                let id = str_field(&credential, "acs_credential_id").map(str::to_owned);
                data.ws
                    .encoder_plans
                    .entry(encoder)
                    .or_default()
                    .last_encoded = id;
            }
            State::Success(credential)
        }
        Outcome::ScanToAssign { user_id } => {
            let system = data
                .ws
                .acs_users
                .get(user_id)
                .and_then(|u| str_field(u, "acs_system_id"))
                .unwrap_or_default()
                .to_owned();
            State::Success(new_card(
                data,
                &attempt.workspace_id,
                &system,
                Some(user_id.clone()),
                now_ms,
            ))
        }
        Outcome::Scan {
            scenario,
            credential_id,
        } => {
            let found = credential_id
                .clone()
                .or_else(|| {
                    encoder
                        .as_ref()
                        .and_then(|e| data.ws.encoder_plans.get(e))
                        .and_then(|p| p.last_encoded.clone())
                })
                .and_then(|id| data.ws.credentials.get(&id))
                .map(|c| c.object().clone());
            State::Success(scan_result(scenario, found, &now))
        }
        Outcome::Unlock { opens: true } => State::Success(json!({"was_confirmed_by_device": true})),
        Outcome::Unlock { opens: false } => failure(
            "uncategorized_error",
            "The credential does not open this entrance.",
        ),
        Outcome::AssignCard { method_id } => {
            match mark_method_issued(data, &attempt.workspace_id, method_id, now_ms) {
                Some(method) => State::Success(method),
                None => failure("credential_not_found", "The access method was deleted."),
            }
        }
    }
}

/// What a scan reads off the card, and the matching credential on Seam, per scenario.
fn scan_result(scenario: &str, on_seam: Option<Value>, now: &str) -> Value {
    let warning =
        |code: &str, message: &str| json!([{"warning_code": code, "warning_message": message}]);
    let card_of = |credential: &Value| {
        json!({
            "card_number": credential.get("card_number").cloned().unwrap_or(Value::Null),
            "created_at": credential.get("created_at").cloned().unwrap_or(Value::Null),
            "starts_at": credential.get("starts_at").cloned().unwrap_or(Value::Null),
            "ends_at": credential.get("ends_at").cloned().unwrap_or(Value::Null),
            "is_issued": true,
        })
    };
    let empty = json!({"card_number": null, "created_at": null, "starts_at": null, "ends_at": null, "is_issued": null});
    match (scenario, on_seam) {
        ("credential_on_encoder_is_empty", _) => {
            json!({"acs_credential_on_encoder": empty, "acs_credential_on_seam": null, "warnings": []})
        }
        ("credential_on_encoder_needs_update", Some(credential)) => json!({
            "acs_credential_on_encoder": card_of(&credential),
            "acs_credential_on_seam": credential,
            "warnings": warning("acs_credential_on_encoder_out_of_sync",
                "The card holds older data than the credential on Seam."),
        }),
        ("credential_exists_on_seam", Some(credential)) => json!({
            "acs_credential_on_encoder": card_of(&credential),
            "acs_credential_on_seam": credential,
            "warnings": [],
        }),
        _ => json!({
            "acs_credential_on_encoder": {"card_number": "0099887766", "created_at": now,
                "starts_at": now, "ends_at": null, "is_issued": true},
            "acs_credential_on_seam": null,
            "warnings": warning("acs_credential_on_seam_not_found",
                "No credential on Seam matches the card."),
        }),
    }
}

fn credential_issued(data: &mut Data, workspace_id: &str, credential: &Value, now_ms: i64) {
    let subject = json!({
        "acs_credential_id": credential.get("acs_credential_id"),
        "acs_system_id": credential.get("acs_system_id"),
        "connected_account_id": credential.get("connected_account_id"),
    });
    data.record_event(workspace_id, "acs_credential.issued", subject, now_ms);
}

/// The access method, now issued; records `access_method.issued`.
fn mark_method_issued(
    data: &mut Data,
    workspace_id: &str,
    method_id: &str,
    now_ms: i64,
) -> Option<Value> {
    let method = data.ws.access_methods.get_mut(method_id)?;
    if let Some(fields) = method.as_object_mut() {
        fields.insert("is_issued".to_owned(), Value::Bool(true));
        fields.insert("issued_at".to_owned(), Value::from(time::format_ms(now_ms)));
        fields.insert("display_status".to_owned(), Value::from("issued"));
        for flag in [
            "is_encoding_required",
            "is_assignment_required",
            "is_ready_for_encoding",
            "is_ready_for_assignment",
        ] {
            if fields.contains_key(flag) {
                fields.insert(flag.to_owned(), Value::Bool(false));
            }
        }
    }
    let method = method.clone();
    let grants: Vec<Value> = data
        .ws
        .grant_of_method(method_id)
        .map(|(id, _)| Value::from(id.as_str()))
        .into_iter()
        .collect();
    data.record_event(
        workspace_id,
        "access_method.issued",
        json!({"access_method_id": method_id, "access_grant_ids": grants}),
        now_ms,
    );
    Some(method)
}

/// The ACS user in `system` of the identity the method's grant is for.
fn grant_user_in(data: &Data, method_id: &str, system: &str) -> Option<String> {
    let (_, grant) = data.ws.grant_of_method(method_id)?;
    let identity = str_field(&grant.object, "user_identity_id")?;
    data.ws
        .linked_users(identity)
        .find(|u| str_field(u, "acs_system_id") == Some(system))
        .and_then(|u| str_field(u, "acs_user_id"))
        .map(str::to_owned)
}

/// A card credential, issued now, in `system`, held by `user` when there is one.
fn new_card(
    data: &mut Data,
    workspace_id: &str,
    system: &str,
    user: Option<String>,
    now_ms: i64,
) -> Value {
    let id = data.new_id("c0ffee00");
    let now = time::format_ms(now_ms);
    let connected_account = data
        .ws
        .acs_systems
        .get(system)
        .and_then(|s| s.get("connected_account_ids"))
        .and_then(|ids| ids.get(0))
        .cloned()
        .unwrap_or(Value::Null);
    let card_number = format!("{:010}", data.serial);
    let mut object = json!({
        "acs_credential_id": id,
        "workspace_id": workspace_id,
        "acs_system_id": system,
        "connected_account_id": connected_account,
        "display_name": "Card Credential",
        "access_method": "card",
        "card_number": card_number,
        "is_managed": true,
        "is_issued": true,
        "issued_at": now,
        "created_at": now,
        "errors": [],
        "warnings": [],
    });
    if let (Some(fields), Some(user)) = (object.as_object_mut(), user) {
        let identity = data
            .ws
            .acs_users
            .get(&user)
            .and_then(|u| str_field(u, "user_identity_id"))
            .map(str::to_owned);
        fields.insert("acs_user_id".to_owned(), Value::from(user));
        if let Some(identity) = identity {
            fields.insert("user_identity_id".to_owned(), Value::from(identity));
        }
    }
    data.ws
        .credentials
        .insert(Credential::new(object.clone(), Vec::new()));
    credential_issued(data, workspace_id, &object, now_ms);
    object
}
