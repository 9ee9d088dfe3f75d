//! Webhook deliveries, signed the way Svix signs them (which is how Seam's webhooks arrive):
//! `svix-id`, `svix-timestamp` (Unix seconds) and `svix-signature: v1,<base64 HMAC-SHA256 of
//! "<id>.<timestamp>.<body>">`, keyed by the base64 text after `whsec_` in the secret.
//!
//! This is written from that description, not from the client's verifier, so that a test that
//! verifies our deliveries with the client checks one implementation against another.
//! Only plain-http loopback URLs are delivered to: the fake talks to the test's own listener,
//! never to the network.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::hmac;
use serde_json::{json, Value};

/// Tries per delivery: the first and two retries, as long as the answer is not a 2xx.
const TRIES: usize = 3;
const TIMEOUT: Duration = Duration::from_secs(5);

pub struct Delivery {
    pub message_id: String,
    pub webhook_id: String,
    pub url: String,
    pub secret: String,
    pub event_id: String,
    pub event_type: String,
    pub body: String,
}

/// What `GET /_fake/webhook_deliveries` lists, oldest first.
#[derive(Default)]
pub struct DeliveryLog(Mutex<Vec<Value>>);

impl DeliveryLog {
    fn entries(&self) -> MutexGuard<'_, Vec<Value>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn queued(&self, delivery: &Delivery) {
        self.entries().push(json!({
            "svix_id": delivery.message_id,
            "webhook_id": delivery.webhook_id,
            "url": delivery.url,
            "event_id": delivery.event_id,
            "event_type": delivery.event_type,
            "attempts": [],
            "done": false,
        }));
    }

    /// One try's outcome: the answer's status, or why there was none.
    fn attempted(&self, message_id: &str, outcome: Value, done: bool) {
        let mut entries = self.entries();
        let entry = entries
            .iter_mut()
            .rev()
            .find(|e| e.get("svix_id").and_then(Value::as_str) == Some(message_id));
        if let Some(fields) = entry.and_then(Value::as_object_mut) {
            if let Some(Value::Array(attempts)) = fields.get_mut("attempts") {
                attempts.push(outcome);
            }
            fields.insert("done".to_owned(), Value::Bool(done));
        }
    }

    pub fn clear(&self) {
        self.entries().clear();
    }

    pub fn to_json(&self) -> Value {
        json!({ "deliveries": *self.entries() })
    }
}

/// The delivery thread; it ends when the server (and so the sender) is gone.
pub fn start(log: Arc<DeliveryLog>) -> io::Result<Sender<Delivery>> {
    let (sender, receiver) = mpsc::channel();
    thread::Builder::new()
        .name("fake-seam-webhooks".to_owned())
        .spawn(move || deliver_all(&receiver, &log))?;
    Ok(sender)
}

fn deliver_all(receiver: &Receiver<Delivery>, log: &DeliveryLog) {
    while let Ok(delivery) = receiver.recv() {
        let target = match loopback_target(&delivery.url) {
            Ok(target) => target,
            Err(reason) => {
                log.attempted(&delivery.message_id, json!({ "skipped": reason }), true);
                continue;
            }
        };
        for attempt in 1..=TRIES {
            let outcome = match send(&delivery, &target) {
                Ok(status) => json!({ "status": status }),
                Err(e) => json!({ "error": e }),
            };
            let delivered = outcome
                .get("status")
                .and_then(Value::as_u64)
                .is_some_and(|s| (200..300).contains(&s));
            let done = delivered || attempt == TRIES;
            log.attempted(&delivery.message_id, outcome, done);
            if done {
                break;
            }
            thread::sleep(Duration::from_millis(100 * attempt as u64));
        }
    }
}

/// The svix headers for `body`, sent now.
pub fn sign(secret: &str, message_id: &str, timestamp: u64, body: &str) -> Result<String, String> {
    let key = secret
        .strip_prefix("whsec_")
        .ok_or("the secret does not start with whsec_")?;
    let key = STANDARD
        .decode(key)
        .map_err(|e| format!("the secret is not base64: {e}"))?;
    let key = hmac::Key::new(hmac::HMAC_SHA256, &key);
    let tag = hmac::sign(&key, format!("{message_id}.{timestamp}.{body}").as_bytes());
    Ok(format!("v1,{}", STANDARD.encode(tag.as_ref())))
}

/// One POST; the answer's status.
fn send(delivery: &Delivery, target: &(SocketAddr, String, String)) -> Result<u16, String> {
    let (addr, host, path) = target;
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let signature = sign(
        &delivery.secret,
        &delivery.message_id,
        timestamp,
        &delivery.body,
    )?;
    let mut stream = TcpStream::connect_timeout(addr, TIMEOUT).map_err(|e| e.to_string())?;
    let _ = stream.set_read_timeout(Some(TIMEOUT));
    let _ = stream.set_write_timeout(Some(TIMEOUT));
    let request = format!(
        "POST {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n\
         user-agent: fake-seam\r\nsvix-id: {}\r\nsvix-timestamp: {timestamp}\r\n\
         svix-signature: {signature}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
        delivery.message_id,
        delivery.body.len(),
        delivery.body
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut status_line = String::new();
    BufReader::new(stream)
        .read_line(&mut status_line)
        .map_err(|e| e.to_string())?;
    status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no HTTP status in {status_line:?}"))
}

/// `http://127.0.0.1:PORT/path` (or localhost, or [::1]): its address, host and path.
fn loopback_target(url: &str) -> Result<(SocketAddr, String, String), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// URLs are delivered to")?;
    let (host, path) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, "/"),
    };
    let with_port = if host.contains("]:") || (!host.starts_with('[') && host.contains(':')) {
        host.to_owned()
    } else {
        format!("{host}:80")
    };
    let addr = with_port
        .to_socket_addrs()
        .map_err(|e| e.to_string())?
        .next()
        .ok_or("the host has no address")?;
    if !addr.ip().is_loopback() {
        return Err("only loopback addresses are delivered to".to_owned());
    }
    Ok((addr, host.to_owned(), path.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_like_svix() {
        // Svix's documented example secret, id, timestamp and payload.
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(
            signature.as_deref(),
            Ok("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
        assert!(sign("nope", "msg", 1, "{}").is_err());
    }

    #[test]
    fn delivers_only_to_loopback_http() {
        assert!(loopback_target("http://127.0.0.1:9/hook").is_ok());
        assert!(loopback_target("http://localhost:9").is_ok());
        assert!(loopback_target("https://127.0.0.1:9/hook").is_err());
        assert!(loopback_target("http://192.0.2.1:9/hook").is_err());
    }
}
