//! The test table every language runs over every endpoint (`tests/endpoints.json`): each
//! operation with complete, well-formed parameters naming objects that do not exist, the
//! argument to spoil for the bad-input case, and whether the API answers not-found.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::ir::{Api, Check, EndpointDef, Param, Returns, Ty};
use crate::Output;

/// An id no seeded object has (a valid UUID).
pub const UNKNOWN_ID: &str = "12345678-1234-4234-8234-1234567890ab";

#[derive(Serialize)]
struct Case {
    operation: String,
    path: String,
    method: String,
    /// The call's parameters: every required one, and one of each either-or group.
    params: Map<String, Value>,
    /// The parameter to spoil, and with what, for the bad-input case (absent when the call
    /// takes nothing that can be wrong).
    #[serde(skip_serializing_if = "Option::is_none")]
    bad: Option<Bad>,
    /// Whether the API answers an `…_not_found` error for these parameters.
    not_found: bool,
    paginated: bool,
    action_attempt: bool,
    /// The retry class: read, repeatable or create (docs/reliability.md).
    retry: &'static str,
    answers: &'static str,
    /// The member of the answer and the model (its schema name) it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<Answer>,
}

#[derive(Serialize)]
struct Answer {
    key: String,
    model: String,
    list: bool,
}

fn answer(api: &Api, returns: &Returns) -> Option<Answer> {
    let (key, ty, list) = match returns {
        Returns::Nothing => return None,
        Returns::One {
            key,
            ty: Ty::List(item),
        } => (key.clone(), item.as_ref(), true),
        Returns::One { key, ty } => (key.clone(), ty, false),
        Returns::Page { key, item, .. } => {
            let model = api.record(item)?.api_name()?.to_owned();
            return Some(Answer {
                key: key.clone(),
                model,
                list: true,
            });
        }
        Returns::ActionAttempt => (
            "action_attempt".to_owned(),
            &Ty::Record(String::new()),
            false,
        ),
    };
    let model = match ty {
        Ty::Record(name) if name.is_empty() => "action_attempt".to_owned(),
        Ty::Record(name) => api.record(name)?.api_name()?.to_owned(),
        _ => return None,
    };
    Some(Answer { key, model, list })
}

#[derive(Serialize)]
struct Bad {
    parameter: String,
    value: Value,
}

fn sample(api: &Api, param: &Param) -> Value {
    let element = |ty: &Ty| -> Value {
        match ty {
            Ty::String if param.checks.contains(&Check::Id) => json!(UNKNOWN_ID),
            Ty::String if param.checks.contains(&Check::Digits) => json!("1234"),
            Ty::String if param.api == "url" => json!("https://example.com/seam-webhook"),
            Ty::String if param.api.contains("email") => json!("jane@example.com"),
            Ty::String => json!("example"),
            Ty::Bool => json!(param.checks.contains(&Check::Constant(true))),
            Ty::Int => json!(1),
            Ty::Float => json!(1.0),
            Ty::Timestamp => json!("2030-01-01T00:00:00.000Z"),
            Ty::Enum(name) => json!(api
                .enums
                .iter()
                .find(|e| &e.name == name)
                .and_then(|e| e.values.first())
                .map(|v| v.api.clone())
                .unwrap_or_default()),
            Ty::Record(_) => {
                let members: Map<String, Value> = param
                    .nested
                    .iter()
                    .filter(|m| m.required)
                    .map(|m| (m.api.clone(), sample(api, m)))
                    .collect();
                Value::Object(members)
            }
            Ty::List(_) => json!([]),
        }
    };
    match &param.ty {
        Ty::List(item) => json!([element(item)]),
        other => element(other),
    }
}

fn case(api: &Api, endpoint: &EndpointDef) -> Case {
    // Every required parameter, and the first of each group (the object the call acts on).
    let first_of = |groups: &[Vec<String>], name: &str| {
        groups
            .iter()
            .any(|group| group.first().is_some_and(|n| n == name))
    };
    let mut chosen: Vec<&Param> = endpoint
        .params
        .iter()
        .filter(|p| {
            p.required
                || first_of(&endpoint.one_of, &p.api)
                || first_of(&endpoint.at_most_one, &p.api)
                || endpoint.requires.iter().any(|(given, needed)| {
                    needed.contains(&p.api) && first_of(&endpoint.one_of, given)
                })
        })
        .collect();
    // A call naming one object by its id answers not-found for an id nobody has.
    let not_found = chosen
        .iter()
        .any(|p| !p.ty.is_list() && p.api.ends_with("_id") && p.ty == Ty::String);
    let spoil = |p: &&Param| {
        !p.ty.is_list()
            && (p.checks.contains(&Check::Id)
                || p.checks.contains(&Check::Known)
                || p.checks.contains(&Check::MinLength(1)))
    };
    let bad_param = chosen
        .iter()
        .copied()
        .find(spoil)
        .or_else(|| endpoint.params.iter().find(spoil));
    if let Some(param) = bad_param {
        if !chosen.iter().any(|p| p.api == param.api) {
            chosen.push(param);
        }
    }
    let params: Map<String, Value> = chosen
        .iter()
        .map(|p| (p.api.clone(), sample(api, p)))
        .collect();
    let bad = bad_param.map(|p| Bad {
        parameter: p.api.clone(),
        value: if p.checks.contains(&Check::Id) {
            json!("not-a-uuid")
        } else if p.checks.contains(&Check::Known) {
            json!("not-a-value")
        } else {
            json!("")
        },
    });
    Case {
        operation: endpoint.operation(),
        path: endpoint.path.clone(),
        method: endpoint.method.clone(),
        params,
        bad,
        not_found,
        paginated: endpoint.is_page(),
        action_attempt: endpoint.action_attempt.is_some(),
        retry: endpoint.retry.name(),
        answers: match endpoint.returns {
            Returns::Nothing => "nothing",
            Returns::One {
                ty: Ty::List(_), ..
            } => "list",
            Returns::One { .. } => "object",
            Returns::Page { .. } => "page",
            Returns::ActionAttempt => "action_attempt",
        },
        answer: answer(api, &endpoint.returns),
    }
}

pub fn generate(api: &Api) -> Result<Vec<Output>, String> {
    let cases: Vec<Case> = api.endpoints.iter().map(|e| case(api, e)).collect();
    let mut text = serde_json::to_string_pretty(&json!({
        "generated": "by seam-core-generator from generator/api/ (facts and selection): do not edit",
        "unknown_id": UNKNOWN_ID,
        "cases": cases,
    }))
    .map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(vec![Output {
        path: "tests/endpoints.json".to_owned(),
        text,
    }])
}
