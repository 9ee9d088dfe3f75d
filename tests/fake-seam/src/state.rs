use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use serde_json::{json, Map, Value};

use crate::faults::FaultQueue;
use crate::http::Request;
use crate::pagination::Cursors;
use crate::seed::Seed;
use crate::workspace::Workspace;

/// Everything one server knows. The seed is read-only; what requests change lives behind one
/// mutex, held only for the bookkeeping of a request, never while sleeping or writing.
pub struct App {
    pub seed: Seed,
    /// `http://127.0.0.1:PORT` (or https), for `next_page_url`.
    pub base_url: String,
    data: Mutex<Data>,
    next_request: AtomicU64,
}

pub struct Data {
    pub workspace: Workspace,
    pub faults: FaultQueue,
    pub log: RequestLog,
    /// Kept by reset: a cursor names a place in the order, which a reset doesn't move.
    pub cursors: Cursors,
    /// Credentials created so far, reset or not, so that no id is handed out twice.
    pub created: u64,
}

impl App {
    pub fn new(base_url: String) -> io::Result<App> {
        let seed = Seed::load()?;
        let data = Data {
            workspace: seed.fresh_workspace(),
            faults: FaultQueue::default(),
            log: RequestLog::default(),
            cursors: Cursors::default(),
            created: 0,
        };
        Ok(App {
            seed,
            base_url,
            data: Mutex::new(data),
            next_request: AtomicU64::new(1),
        })
    }

    /// `request1`, `request2`, … like the vendor's fake; never reset, so ids stay unique.
    pub fn next_request_id(&self) -> String {
        format!(
            "request{}",
            self.next_request.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// A panic elsewhere must not wedge the fake for the remaining tests, so poisoning is ignored.
    pub fn data(&self) -> MutexGuard<'_, Data> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn reset(&self) {
        let mut data = self.data();
        data.workspace = self.seed.fresh_workspace();
        data.faults = FaultQueue::default();
        data.log = RequestLog::default();
    }
}

/// What `GET /_fake/requests` reports about the non-control requests.
#[derive(Default)]
pub struct RequestLog {
    counts: BTreeMap<String, u64>,
    last: Option<Value>,
}

impl RequestLog {
    pub fn record(&mut self, request: &Request) {
        let key = format!("{} {}", request.method, request.path());
        *self.counts.entry(key).or_default() += 1;

        let mut headers = Map::new();
        for (name, value) in &request.headers {
            let joined = match headers.get(name).and_then(Value::as_str) {
                Some(previous) => format!("{previous}, {value}"),
                None => value.clone(),
            };
            headers.insert(name.clone(), Value::String(joined));
        }
        self.last = Some(json!({
            "method": request.method,
            "path": request.path(),
            "target": request.target,
            "headers": headers,
            "body": String::from_utf8_lossy(&request.body),
        }));
    }

    pub fn to_json(&self) -> Value {
        json!({ "counts": self.counts, "last": self.last })
    }
}
