use serde_json::{json, Value};

use crate::credentials::{self, Endpoint};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::http::{Request, Response};
use crate::state::{App, Data};

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
        let queued = serde_json::from_slice(body)
            .map_err(|e| e.to_string())
            .and_then(|spec| self.queue_faults(spec));
        match queued {
            Ok(pending) => Response::json(200, &json!({ "ok": true, "pending": pending })),
            Err(e) => {
                ApiError::new(400, "invalid_input", &format!("Invalid fault: {e}")).response()
            }
        }
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
}

fn route(app: &App, data: &mut Data, request: &Request) -> Response {
    let method = request.method.as_str();
    match (method, request.path()) {
        ("GET" | "HEAD" | "POST", "/health") => ok(),
        (_, path) => match Endpoint::from_path(path).and_then(|e| Some((e, e.source(method)?))) {
            Some((endpoint, source)) => credentials::serve(app, data, endpoint, source, request),
            None => not_found(),
        },
    }
}

fn ok() -> Response {
    Response::json(200, &json!({ "ok": true }))
}

/// The vendor's fake answers unknown routes (and methods) with a bare `404`, not JSON;
/// clients must cope.
fn not_found() -> Response {
    Response::new(404, "text/plain", b"404".to_vec())
}
