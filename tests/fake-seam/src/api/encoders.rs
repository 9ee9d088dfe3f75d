//! `/acs/encoders/*`: card encoders. Encoding and scanning answer pending action attempts;
//! `simulate/*` decides what an encoder's next encode or scan does (one-shot: the next one
//! uses it up; `*_will_succeed` clears it).

use serde_json::{json, Value};

use super::users::user_in_system;
use super::{found, ok, one, Answer, Ctx, Handler};
use crate::attempts::{self, error_message, Outcome, Plan};
use crate::error::ApiError;
use crate::pagination::Position;
use crate::validate::Invalid;
use crate::workspace::str_field;

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "get" => get,
        "list" => list,
        "encode_credential" => encode_credential,
        "scan_credential" => scan_credential,
        "scan_to_assign_credential" => scan_to_assign_credential,
        "simulate/next_credential_encode_will_fail" => encode_will_fail,
        "simulate/next_credential_encode_will_succeed" => encode_will_succeed,
        "simulate/next_credential_scan_will_fail" => scan_will_fail,
        "simulate/next_credential_scan_will_succeed" => scan_will_succeed,
        _ => return None,
    })
}

/// The named encoder's id and system.
fn encoder(ctx: &Ctx) -> Result<(String, String), ApiError> {
    let id = ctx.str("acs_encoder_id").unwrap_or_default();
    let encoder = found(ctx.data.ws.acs_encoder(ctx.workspace(), id), "acs_encoder")?;
    let system = str_field(encoder, "acs_system_id").unwrap_or_default();
    Ok((id.to_owned(), system.to_owned()))
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let (id, _) = encoder(ctx)?;
    let encoder = found(ctx.data.ws.acs_encoders.get(&id), "acs_encoder")?;
    Ok(one("acs_encoder", encoder.clone()))
}

fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let ids = ctx
        .input
        .has("acs_encoder_ids")
        .then(|| ctx.input.strings("acs_encoder_ids"));
    let mut systems = ctx
        .input
        .has("acs_system_ids")
        .then(|| ctx.input.strings("acs_system_ids"));
    if let Some(system) = ctx.str("acs_system_id") {
        systems.get_or_insert_with(Vec::new).push(system.to_owned());
    }
    let items: Vec<(Position, Value)> = ctx
        .data
        .ws
        .acs_encoders
        .iter()
        .filter(|(id, e)| {
            let system = str_field(e, "acs_system_id").unwrap_or_default().to_owned();
            crate::workspace::in_workspace(e, ctx.workspace())
                && ctx.sees(|s| s.owns_encoder(e))
                && ids.as_ref().is_none_or(|ids| ids.contains(id))
                && systems.as_ref().is_none_or(|s| s.contains(&system))
        })
        .map(|(_, e)| (Position::of(e, "acs_encoder_id"), e.clone()))
        .collect();
    ctx.page("acs_encoders", items, 500)
}

/// The encoder's next encode plan, used up if it applies to `credential`.
fn take_encode_plan(ctx: &mut Ctx, encoder: &str, credential: Option<&str>) -> Option<Plan> {
    let plan = ctx
        .data
        .ws
        .encoder_plans
        .entry(encoder.to_owned())
        .or_default();
    let applies = match &plan.next_encode {
        Some(Plan::Fail {
            credential_id: Some(only),
            ..
        }) => credential == Some(only.as_str()),
        _ => true,
    };
    if applies {
        plan.next_encode.take()
    } else {
        None
    }
}

fn fail(error_code: &str) -> Outcome {
    Outcome::Fail {
        error_type: error_code.to_owned(),
        message: error_message(error_code),
    }
}

fn start(
    ctx: &mut Ctx,
    action_type: &str,
    outcome: Outcome,
    subjects: Value,
) -> Result<Answer, ApiError> {
    let attempt = attempts::start(
        ctx.data,
        &ctx.principal.workspace_id,
        action_type,
        outcome,
        subjects,
        ctx.principal.client_session_id(),
        ctx.now_ms,
    );
    Ok(one("action_attempt", attempt))
}

fn encode_credential(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let (encoder, system) = encoder(ctx)?;
    let which = ctx
        .input
        .exactly_one(&["acs_credential_id", "access_method_id"])?;
    let id = ctx.str(which).unwrap_or_default().to_owned();
    let ws = &ctx.data.ws;
    let outcome = if which == "acs_credential_id" {
        let credential = found(ws.credential(ctx.workspace(), &id), "acs_credential")?;
        if credential.field("acs_system_id") != Some(system.as_str()) {
            return Err(Invalid::top_level(&format!(
                "acs_credential {id} is not in the encoder's acs_system {system}"
            ))
            .into());
        }
        Outcome::Encode {
            credential_id: id.clone(),
        }
    } else {
        found(ws.access_method(ctx.workspace(), &id), "access_method")?;
        Outcome::EncodeMethod {
            method_id: id.clone(),
            system_id: system,
        }
    };
    let outcome = match take_encode_plan(ctx, &encoder, Some(&id)) {
        Some(Plan::Fail { error_code, .. }) => fail(&error_code),
        _ => outcome,
    };
    start(
        ctx,
        "ENCODE_CREDENTIAL",
        outcome,
        json!({"acs_encoder_id": encoder, which: id}),
    )
}

fn scan_credential(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let (encoder, _) = encoder(ctx)?;
    let plan = ctx
        .data
        .ws
        .encoder_plans
        .entry(encoder.clone())
        .or_default()
        .next_scan
        .take();
    let outcome = match plan {
        Some(Plan::Fail { error_code, .. }) => fail(&error_code),
        Some(Plan::Succeed {
            scenario,
            credential_id,
        }) => Outcome::Scan {
            scenario,
            credential_id,
        },
        None => Outcome::Scan {
            scenario: "credential_exists_on_seam".to_owned(),
            credential_id: None,
        },
    };
    start(
        ctx,
        "SCAN_CREDENTIAL",
        outcome,
        json!({"acs_encoder_id": encoder}),
    )
}

fn scan_to_assign_credential(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let (encoder, system) = encoder(ctx)?;
    let user = user_in_system(ctx, &system)?;
    let plan = ctx
        .data
        .ws
        .encoder_plans
        .entry(encoder.clone())
        .or_default()
        .next_scan
        .take();
    let outcome = match plan {
        // The error types this action has.
        Some(Plan::Fail { error_code, .. }) => fail(match error_code.as_str() {
            "no_credential_on_encoder" | "action_attempt_expired" => &error_code,
            _ => "uncategorized_error",
        }),
        _ => Outcome::ScanToAssign {
            user_id: user.clone(),
        },
    };
    start(
        ctx,
        "SCAN_TO_ASSIGN_CREDENTIAL",
        outcome,
        json!({"acs_encoder_id": encoder, "acs_user_id": user}),
    )
}

/// Sets the encoder's next encode (`encode: true`) or scan plan.
fn plan(ctx: &mut Ctx, encode: bool, plan: Option<Plan>) -> Result<Answer, ApiError> {
    let (encoder, _) = encoder(ctx)?;
    for key in ["acs_credential_id", "acs_credential_id_on_seam"] {
        if let Some(id) = ctx.str(key) {
            found(
                ctx.data.ws.credential(ctx.workspace(), id),
                "acs_credential",
            )?;
        }
    }
    let plans = ctx.data.ws.encoder_plans.entry(encoder).or_default();
    if encode {
        plans.next_encode = plan;
    } else {
        plans.next_scan = plan;
    }
    Ok(ok())
}

fn error_code(ctx: &Ctx) -> String {
    ctx.str("error_code")
        .unwrap_or("no_credential_on_encoder")
        .to_owned()
}

fn encode_will_fail(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let failure = Plan::Fail {
        error_code: error_code(ctx),
        credential_id: ctx.str("acs_credential_id").map(str::to_owned),
    };
    plan(ctx, true, Some(failure))
}

fn encode_will_succeed(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    plan(ctx, true, None)
}

fn scan_will_fail(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let failure = Plan::Fail {
        error_code: error_code(ctx),
        credential_id: ctx.str("acs_credential_id_on_seam").map(str::to_owned),
    };
    plan(ctx, false, Some(failure))
}

fn scan_will_succeed(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let success = Plan::Succeed {
        scenario: ctx
            .str("scenario")
            .unwrap_or("credential_exists_on_seam")
            .to_owned(),
        credential_id: ctx.str("acs_credential_id_on_seam").map(str::to_owned),
    };
    plan(ctx, false, Some(success))
}
