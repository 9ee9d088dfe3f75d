use serde_json::{json, Value};

use crate::auth;
use crate::faults::Fault;
use crate::http::{Request, Response};
use crate::ids::ASSIGN_ROUTE;
use crate::seed::str_field;
use crate::state::{App, Data};
use crate::validate;

pub enum Reply {
    Send(Response),
    /// Deliver the response the way the fault says (for silent/close it is never sent).
    Fault(Fault, Response),
}

impl Reply {
    pub fn status(&self) -> u16 {
        match self {
            Reply::Send(r) | Reply::Fault(_, r) => r.status,
        }
    }
}

impl App {
    pub fn handle(&self, request: &Request) -> Reply {
        let request_id = self.next_request_id();
        let path = request.path();
        let mut reply = match path.strip_prefix("/_fake/") {
            Some(control) => Reply::Send(self.control(control, request)),
            None => {
                let mut data = self.data();
                data.log.record(request);
                match data.faults.take(path) {
                    None => Reply::Send(route(self, &mut data, request)),
                    Some(fault) => {
                        let response = if fault.replaces_answer() || !fault.needs_answer() {
                            fault.answer()
                        } else {
                            route(self, &mut data, request)
                        };
                        Reply::Fault(fault, response)
                    }
                }
            }
        };
        match &mut reply {
            Reply::Send(response) => response.set_header("seam-request-id", &request_id),
            Reply::Fault(fault, response) => {
                response.set_header("seam-request-id", &request_id);
                fault.decorate(response);
            }
        }
        reply
    }

    fn control(&self, name: &str, request: &Request) -> Response {
        match (request.method.as_str(), name) {
            ("POST", "faults") => self.add_faults(&request.body),
            ("DELETE", "faults") => {
                self.data().faults = Default::default();
                ok()
            }
            ("GET", "requests") => Response::json(200, &self.data().log.to_json()),
            ("POST", "reset") => {
                self.reset();
                ok()
            }
            _ => not_found(),
        }
    }

    fn add_faults(&self, body: &[u8]) -> Response {
        let queued = serde_json::from_slice(body).and_then(|spec| self.queue_faults(spec));
        match queued {
            Ok(pending) => Response::json(200, &json!({ "ok": true, "pending": pending })),
            Err(e) => api_error(400, "invalid_input", &format!("Invalid fault: {e}")),
        }
    }

    /// Queues one fault object or an array of them; returns how many are now pending.
    pub fn queue_faults(&self, spec: Value) -> serde_json::Result<usize> {
        let faults: Vec<Fault> = match spec {
            Value::Array(items) => items
                .into_iter()
                .map(serde_json::from_value)
                .collect::<Result<_, _>>()?,
            single => vec![serde_json::from_value(single)?],
        };
        let mut data = self.data();
        for fault in faults {
            data.faults.push(fault);
        }
        Ok(data.faults.len())
    }
}

fn route(app: &App, data: &mut Data, request: &Request) -> Response {
    match (request.method.as_str(), request.path()) {
        ("GET" | "HEAD" | "POST", "/health") => ok(),
        ("POST" | "PATCH", ASSIGN_ROUTE) => assign(app, data, request),
        _ => not_found(),
    }
}

/// Checks in the API's order: auth (401), body (400), then the user before the credential (404).
fn assign(app: &App, data: &mut Data, request: &Request) -> Response {
    let workspace = match auth::authenticate(&app.seed, request) {
        Ok(workspace) => workspace,
        Err(message) => return api_error(401, "unauthorized", message),
    };
    let input = match validate::assign_body(&request.body) {
        Ok(input) => input,
        Err(invalid) => {
            return envelope(
                400,
                "invalid_input",
                &invalid.message,
                Some(invalid.validation_errors),
            )
        }
    };
    let in_workspace = |object: &Value| str_field(object, "workspace_id") == Some(&*workspace);

    if !app
        .seed
        .acs_users
        .get(&input.acs_user_id)
        .is_some_and(in_workspace)
    {
        return api_error(404, "acs_user_not_found", "acs_user not found");
    }
    let Some(credential) = data
        .credentials
        .get_mut(&input.acs_credential_id)
        .filter(|c| in_workspace(c))
    else {
        return api_error(404, "acs_credential_not_found", "acs_credential not found");
    };
    if let Some(fields) = credential.as_object_mut() {
        fields.insert("acs_user_id".to_owned(), Value::String(input.acs_user_id));
    }
    Response::json(200, &json!({ "acs_credential": credential, "ok": true }))
}

fn ok() -> Response {
    Response::json(200, &json!({ "ok": true }))
}

/// The vendor's fake answers unknown routes with a bare `404`, not JSON; clients must cope.
fn not_found() -> Response {
    Response::new(404, "text/plain", b"404".to_vec())
}

pub fn api_error(status: u16, error_type: &str, message: &str) -> Response {
    envelope(status, error_type, message, None)
}

/// The API's error envelope. The `stack` mimics the vendor's fake: clients must ignore it.
fn envelope(
    status: u16,
    error_type: &str,
    message: &str,
    validation_errors: Option<Value>,
) -> Response {
    let mut error = json!({
        "type": error_type,
        "message": message,
        "stack": format!("Error: {message}\n    at fake-seam"),
    });
    if let (Some(errors), Some(fields)) = (validation_errors, error.as_object_mut()) {
        fields.insert("validation_errors".to_owned(), errors);
    }
    Response::json(status, &json!({ "error": error, "ok": false }))
}
