//! Fault injection: `POST /_fake/faults` queues faults; each one shapes the answer to the next
//! request(s) on its route, whatever the method.

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Read, Write};
use std::time::Duration;

use serde::Deserialize;
use serde_json::json;

use crate::error::ApiError;
use crate::http::{Body, Response};

/// How long a silent fault holds the connection when the fault gives no `delay_ms`.
const SILENT_DEFAULT: Duration = Duration::from_secs(60);

/// Every field but `route` is optional; `null` counts as absent so tests may send full objects.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    pub route: String,
    count: Option<u32>,
    status: Option<u16>,
    headers: Option<BTreeMap<String, String>>,
    body: Option<String>,
    body_bytes: Option<u64>,
    delay_ms: Option<u64>,
    drip_ms: Option<u64>,
    mode: Option<Mode>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Normal,
    /// Read the request, answer nothing, hold the connection, then close it.
    Silent,
    /// Promise a Content-Length, send part of the body, close.
    Reset,
    /// Close without a byte of answer.
    Close,
}

impl Fault {
    /// What serde can't say: `body` and `body_bytes` both replace the body, so one must go.
    pub fn check(&self) -> Result<(), String> {
        if self.body.is_some() && self.body_bytes.is_some() {
            return Err("a fault sets either body or body_bytes, not both".to_owned());
        }
        Ok(())
    }

    pub fn mode(&self) -> Mode {
        self.mode.unwrap_or_default()
    }

    /// Without status/body/body_bytes the real handler answers and the fault only shapes the
    /// delivery (delay, drip, reset), so such a request does take effect.
    pub fn replaces_answer(&self) -> bool {
        self.status.is_some() || self.body.is_some() || self.body_bytes.is_some()
    }

    pub fn needs_answer(&self) -> bool {
        matches!(self.mode(), Mode::Normal | Mode::Reset)
    }

    /// The answer this fault stands in for; no state is read or changed.
    pub fn answer(&self) -> Response {
        let status = self.status.unwrap_or(200);
        if let Some(len) = self.body_bytes {
            let mut response = Response::new(status, "application/json", Vec::new());
            response.body = Body::Filler(len);
            response
        } else if let Some(body) = &self.body {
            Response::new(status, "application/json", body.clone().into_bytes())
        } else if status >= 400 {
            ApiError::new(
                status,
                error_type(status),
                &format!("Injected fault: HTTP {status}"),
            )
            .response()
        } else {
            Response::json(status, &json!({ "ok": true }))
        }
    }

    /// Fault headers win over ours, so a test can even fake the content type or request id.
    pub fn decorate(&self, response: &mut Response) {
        for (name, value) in self.headers.iter().flatten() {
            response.set_header(name, value);
        }
    }
}

/// What the API would call the error for a bare status.
fn error_type(status: u16) -> &'static str {
    match status {
        400 => "invalid_input",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        408 => "request_timeout",
        409 => "conflict",
        429 => "rate_limited",
        500 => "internal_server_error",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        _ => "unknown_error",
    }
}

#[derive(Default)]
pub struct FaultQueue(VecDeque<Fault>);

impl FaultQueue {
    pub fn push(&mut self, fault: Fault) {
        if fault.count != Some(0) {
            self.0.push_back(fault);
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The oldest fault for this route, used up once per matching request.
    pub fn take(&mut self, path: &str) -> Option<Fault> {
        let index = self.0.iter().position(|f| f.route == path)?;
        let fault = self.0.get_mut(index)?;
        let left = fault.count.unwrap_or(1).saturating_sub(1);
        fault.count = Some(left);
        if left == 0 {
            self.0.remove(index)
        } else {
            Some(fault.clone())
        }
    }
}

pub enum After {
    KeepAlive,
    /// Close politely (for TLS: with close_notify).
    Close,
    /// Drop the connection as a crashed server would.
    Abort,
}

/// Sends `response` the way the fault says. `sleep` returns false once the server is stopping,
/// so no fault outlives its server.
pub fn deliver<W: Write>(
    out: &mut W,
    fault: &Fault,
    response: &Response,
    close: bool,
    sleep: &dyn Fn(Duration) -> bool,
) -> io::Result<After> {
    let delay = fault.delay_ms.map(Duration::from_millis);
    match fault.mode() {
        Mode::Silent => {
            sleep(delay.unwrap_or(SILENT_DEFAULT));
            return Ok(After::Abort);
        }
        Mode::Close => {
            if let Some(delay) = delay {
                sleep(delay);
            }
            return Ok(After::Abort);
        }
        Mode::Normal | Mode::Reset => {}
    }
    if let Some(delay) = delay {
        if !sleep(delay) {
            return Ok(After::Abort);
        }
    }

    if fault.mode() == Mode::Reset {
        out.write_all(&response.head(close))?;
        let half = response.body.len() / 2;
        io::copy(&mut response.body.reader().take(half), out)?;
        out.flush()?;
        return Ok(After::Abort);
    }

    match fault.drip_ms.filter(|&ms| ms > 0) {
        None => response.write_to(out, close, false)?,
        Some(ms) => {
            out.write_all(&response.head(close))?;
            out.flush()?;
            let mut body = response.body.reader();
            let mut byte = [0u8; 1];
            while body.read(&mut byte)? == 1 {
                if !sleep(Duration::from_millis(ms)) {
                    return Ok(After::Abort);
                }
                out.write_all(&byte)?;
                out.flush()?;
            }
        }
    }
    Ok(if close {
        After::Close
    } else {
        After::KeepAlive
    })
}
