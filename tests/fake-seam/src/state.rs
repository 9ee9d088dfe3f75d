use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{json, Map, Value};

use crate::catalog::Catalog;
use crate::delivery::{self, Delivery, DeliveryLog};
use crate::faults::FaultQueue;
use crate::http::Request;
use crate::pagination::Cursors;
use crate::ratelimit::RateLimit;
use crate::seed::Seed;
use crate::workspace::{in_workspace, str_field, Workspace};

/// Everything one server knows. The seed and the routes are read-only; what requests change
/// lives behind one mutex, held only for the bookkeeping of a request, never while sleeping
/// or writing.
pub struct App {
    pub seed: Seed,
    pub catalog: Catalog,
    /// `http://127.0.0.1:PORT` (or https), for `next_page_url`.
    pub base_url: String,
    data: Mutex<Data>,
    next_request: AtomicU64,
    /// Webhook deliveries go to a thread of their own: the answer to the request that caused
    /// an event must not wait on a receiver.
    deliveries: Mutex<Sender<Delivery>>,
    pub delivery_log: Arc<DeliveryLog>,
}

pub struct Data {
    pub ws: Workspace,
    pub faults: FaultQueue,
    pub log: RequestLog,
    /// Kept by reset: a cursor names a place in the order, which a reset doesn't move.
    pub cursors: Cursors,
    /// Objects created so far, reset or not, so that no id is handed out twice.
    pub serial: u64,
    pub attempts: AttemptSettings,
    pub rate_limit: RateLimit,
    /// Webhook deliveries of this request's events, sent once it is answered.
    pub outbox: Vec<Delivery>,
}

/// How new action attempts behave (`POST /_fake/action_attempts`).
#[derive(Clone, Copy)]
pub struct AttemptSettings {
    pub delay_ms: u64,
    /// New attempts stay pending until `/_fake/update_action_attempt` says otherwise.
    pub stuck: bool,
}

impl Default for AttemptSettings {
    fn default() -> AttemptSettings {
        AttemptSettings {
            delay_ms: 100,
            stuck: false,
        }
    }
}

impl App {
    pub fn new(base_url: String) -> io::Result<App> {
        let seed = Seed::load()?;
        let catalog = Catalog::load()?;
        let data = Data {
            ws: seed.fresh_workspace(),
            faults: FaultQueue::default(),
            log: RequestLog::default(),
            cursors: Cursors::default(),
            serial: 0,
            attempts: AttemptSettings::default(),
            rate_limit: RateLimit::default(),
            outbox: Vec::new(),
        };
        let delivery_log = Arc::new(DeliveryLog::default());
        let sender = delivery::start(Arc::clone(&delivery_log))?;
        Ok(App {
            seed,
            catalog,
            base_url,
            data: Mutex::new(data),
            next_request: AtomicU64::new(1),
            deliveries: Mutex::new(sender),
            delivery_log,
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

    /// Hands this request's webhook deliveries to the delivery thread.
    pub fn send_outbox(&self, data: &mut Data) {
        if data.outbox.is_empty() {
            return;
        }
        let sender = self.deliveries.lock().unwrap_or_else(|e| e.into_inner());
        for delivery in data.outbox.drain(..) {
            self.delivery_log.queued(&delivery);
            let _ = sender.send(delivery);
        }
    }

    pub fn reset(&self) {
        let mut data = self.data();
        data.ws = self.seed.fresh_workspace();
        data.faults = FaultQueue::default();
        data.log = RequestLog::default();
        data.attempts = AttemptSettings::default();
        data.rate_limit = RateLimit::default();
        data.outbox.clear();
        self.delivery_log.clear();
    }
}

impl Data {
    /// A canonical UUID, `prefix-0000-4000-8000-<serial>`: the prefix tells the kind apart in
    /// logs, the serial makes later ids sort after earlier ones.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.serial += 1;
        format!("{prefix}-0000-4000-8000-{:012x}", self.serial)
    }

    /// Records an event of a type the schema's event union has, and queues its deliveries to
    /// the webhooks that want it.
    pub fn record_event(
        &mut self,
        workspace_id: &str,
        event_type: &str,
        subject: Value,
        now_ms: i64,
    ) {
        let event_id = self.new_id("e7e7e7e7");
        let now = crate::time::format_ms(now_ms);
        let mut event = Map::new();
        event.insert("event_id".to_owned(), Value::from(event_id.as_str()));
        event.insert("event_type".to_owned(), Value::from(event_type));
        event.insert("workspace_id".to_owned(), Value::from(workspace_id));
        event.insert("created_at".to_owned(), Value::from(now.as_str()));
        event.insert("occurred_at".to_owned(), Value::from(now));
        if let Value::Object(fields) = subject {
            event.extend(fields);
        }
        let event = Value::Object(event);
        let body = event.to_string();
        let wanted: Vec<(String, String, String)> = self
            .ws
            .webhooks
            .values()
            .filter(|w| in_workspace(w, workspace_id) && wants(w, event_type))
            .map(|w| {
                let field = |key| str_field(w, key).unwrap_or_default().to_owned();
                (field("webhook_id"), field("url"), field("secret"))
            })
            .collect();
        for (webhook_id, url, secret) in wanted {
            let serial = self.new_id("00000000");
            let message_id = format!("msg_{}", serial.replace('-', ""));
            self.outbox.push(Delivery {
                message_id,
                webhook_id,
                url,
                secret,
                event_id: event_id.clone(),
                event_type: event_type.to_owned(),
                body: body.clone(),
            });
        }
        self.ws.events.push(event);
    }
}

/// `event_types` empty, absent or `*` mean every type.
fn wants(webhook: &Value, event_type: &str) -> bool {
    let types: Vec<&str> = webhook
        .get("event_types")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    types.is_empty() || types.iter().any(|t| *t == "*" || *t == event_type)
}

/// What `GET /_fake/requests` reports about the non-control requests.
#[derive(Default)]
pub struct RequestLog {
    counts: BTreeMap<String, u64>,
    /// Requests refused by the rate limit, which never reached their route.
    rate_limited: BTreeMap<String, u64>,
    last: Option<Value>,
}

impl RequestLog {
    pub fn record(&mut self, request: &Request) {
        *self.counts.entry(key(request)).or_default() += 1;
        self.remember(request);
    }

    pub fn record_rate_limited(&mut self, request: &Request) {
        *self.rate_limited.entry(key(request)).or_default() += 1;
        self.remember(request);
    }

    fn remember(&mut self, request: &Request) {
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
        json!({ "counts": self.counts, "rate_limited": self.rate_limited, "last": self.last })
    }
}

fn key(request: &Request) -> String {
    format!("{} {}", request.method, request.path())
}
