//! Every request's way in: control routes (`/_fake/*`), the rate limit, the request log, faults,
//! then the API route (see `api/`).

use std::time::Instant;

use serde_json::json;

use crate::error::ApiError;
use crate::faults::Fault;
use crate::http::{Request, Response};
use crate::state::{App, Data};
use crate::{api, attempts, auth, ratelimit, time};

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
        let mut reply = match request.path().strip_prefix("/_fake/") {
            Some(control) => Reply::Send(self.control(control, request)),
            None => {
                let mut data = self.data();
                let reply = self.serve(&mut data, request);
                self.send_outbox(&mut data);
                reply
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

    fn serve(&self, data: &mut Data, request: &Request) -> Reply {
        let path = request.path();
        if path != "/health" {
            if let Err(wait) = data
                .rate_limit
                .take(&auth::presented_token(request), Instant::now())
            {
                data.log.record_rate_limited(request);
                return Reply::Send(rate_limited(wait, data.rate_limit.per_second()));
            }
        }
        data.log.record(request);
        match data.faults.take(path) {
            None => Reply::Send(route(self, data, request)),
            Some(fault) => {
                let response = if fault.replaces_answer() || !fault.needs_answer() {
                    fault.answer()
                } else {
                    route(self, data, request)
                };
                Reply::Fault(fault, response)
            }
        }
    }
}

fn route(app: &App, data: &mut Data, request: &Request) -> Response {
    let method = request.method.as_str();
    let path = request.path();
    if path == "/health" && matches!(method, "GET" | "HEAD" | "POST") {
        return ok();
    }
    let served = app
        .catalog
        .route(path)
        .filter(|route| route.allows(method))
        .and_then(|route| Some((route, api::handler(path)?)));
    let Some((route, handler)) = served else {
        return not_found();
    };
    let now_ms = time::now_ms();
    attempts::settle(data, now_ms);
    api::serve(app, data, route, handler, request, now_ms)
}

/// 429 with the standard envelope and a `Retry-After` the clients honour.
fn rate_limited(wait: std::time::Duration, per_second: Option<f64>) -> Response {
    let message = format!(
        "Rate limit exceeded: {} requests per second",
        per_second.unwrap_or_default()
    );
    let mut response = ApiError::new(429, "rate_limited", &message).response();
    response.set_header("retry-after", &ratelimit::retry_after(wait).to_string());
    response
}

pub fn ok() -> Response {
    Response::json(200, &json!({ "ok": true }))
}

/// The vendor's fake answers unknown routes (and methods) with a bare `404`, not JSON;
/// clients must cope.
pub fn not_found() -> Response {
    Response::new(404, "text/plain", b"404".to_vec())
}
