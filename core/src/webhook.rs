//! Checking that a webhook delivery really comes from Seam, and that it carries an event.
//!
//! Seam signs its deliveries the Svix way. Each request carries three headers:
//!
//! - `svix-id`: the delivery's id (the same on every retry of it);
//! - `svix-timestamp`: when it was signed, in seconds since 1970 (UTC);
//! - `svix-signature`: one or more entries separated by spaces, each `<version>,<base64>`.
//!   A `v1` entry is the base64 of HMAC-SHA256 over `<svix-id>.<svix-timestamp>.<body>`, keyed
//!   with the bytes whose base64 follows `whsec_` in the webhook's secret. Several entries
//!   appear while a secret is being rotated; versions other than `v1` are skipped.
//!
//! [`SeamWebhook::verify`] checks, in this order:
//!
//! 1. the three headers are there (names in any case; a header repeated with another value
//!    is refused);
//! 2. `svix-timestamp` is a whole number of seconds;
//! 3. that time is within the tolerance of the receiver's clock (5 minutes by default), in
//!    the past or in the future, so that a delivery recorded by someone else cannot be
//!    replayed later;
//! 4. one of the `v1` entries is the signature of this id, time and body under the secret,
//!    compared in constant time (`ring::hmac::verify`);
//! 5. only then, the body is an event: a JSON object with string `event_id` and `event_type`.
//!
//! Everything a stranger can send without knowing the secret is refused by steps 1 to 4,
//! which only read headers and compute one HMAC per entry. The body of a forged or replayed
//! request is therefore never parsed: a JSON parser is the largest piece of code here, and
//! it only ever sees bytes Seam signed.
//!
//! The two failures mean different things to a receiver. [`WebhookError::NotGenuine`]: the
//! request cannot be trusted, answer it with an error (400 or 401) and act on nothing in it.
//! [`WebhookError::NotAnEvent`]: Seam did send it, but the body is not an event this SDK can
//! read; answering with an error would only make Seam send it again, so acknowledge it
//! (2xx), log it and drop it.
//!
//! Neither the secret nor a signature ever appears in an error text or a `Debug` output.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ring::hmac;

use crate::error::SeamError;
use crate::models::Event;

/// How far a delivery's `svix-timestamp` may be from the receiver's clock, either way.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Most `v1` entries one `svix-signature` header may carry. Svix sends one per active secret
/// (two while a secret is rotated); the limit keeps a forged header with thousands of
/// entries from costing thousands of HMACs over the body.
const MAX_V1_ENTRIES: usize = 16;

const SECRET_PREFIX: &str = "whsec_";
const ID_HEADER: &str = "svix-id";
const TIMESTAMP_HEADER: &str = "svix-timestamp";
const SIGNATURE_HEADER: &str = "svix-signature";

/// Why a webhook delivery was refused.
///
/// The reasons name what failed; they never contain the secret or a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
// The UDL's `Traits=(Display)` (see `SeamError`).
#[uniffi::export_for_udl_derive(Display)]
pub enum WebhookError {
    /// The delivery cannot be shown to come from Seam: a header is missing or malformed, its
    /// time is outside the tolerance, or no signature matches. Answer 400 or 401 and act on
    /// nothing in it.
    #[error("webhook delivery refused as not genuine: {reason}")]
    NotGenuine {
        /// Which check failed, and how.
        reason: String,
    },

    /// The signature is good, but the body is not a Seam event (not JSON, not an object, or
    /// without a string `event_id` or `event_type`). Seam sent it: acknowledge it so it is
    /// not sent again, and drop it.
    #[error("webhook delivery is signed by Seam but is not an event: {reason}")]
    NotAnEvent {
        /// What the body lacks.
        reason: String,
    },
}

// For Python, whose generator skips `Display` on errors (as `SeamError::display`).
#[uniffi::export]
impl WebhookError {
    /// The error's sentence.
    pub fn display(&self) -> String {
        self.to_string()
    }
}

impl WebhookError {
    fn not_genuine(reason: impl Into<String>) -> Self {
        Self::NotGenuine {
            reason: reason.into(),
        }
    }

    fn not_an_event(reason: impl Into<String>) -> Self {
        Self::NotAnEvent {
            reason: reason.into(),
        }
    }
}

/// A receiver's verifier of Seam webhook deliveries, built from the webhook's secret.
///
/// ```
/// # use seam_core::{SeamWebhook, WebhookError};
/// # fn handle(body: &[u8], headers: &[(String, String)]) -> Result<u16, seam_core::SeamError> {
/// let webhook = SeamWebhook::new("whsec_c2VhbS1jb3JlIHdlYmhvb2sgdGVzdCBrZXkh")?;
/// let status = match webhook.verify(body, headers) {
///     Ok(event_json) => 200, // act on the event
///     Err(WebhookError::NotGenuine { .. }) => 401,
///     Err(WebhookError::NotAnEvent { .. }) => 200, // from Seam, but nothing to act on
/// };
/// # Ok(status)
/// # }
/// ```
///
/// The secret's text is not kept, only the HMAC key made from it; `Debug` shows neither.
#[derive(Clone)]
pub struct SeamWebhook {
    key: hmac::Key,
    tolerance: Duration,
    clock: Arc<dyn Fn() -> SystemTime + Send + Sync>,
}

impl SeamWebhook {
    /// A verifier for the webhook whose secret is `secret`: `whsec_` then base64 (standard
    /// alphabet, with padding), as Seam gives it.
    ///
    /// Any other text is [`SeamError::Config`], whose reason says what is wrong without
    /// repeating any of the secret.
    pub fn new(secret: &str) -> Result<Self, SeamError> {
        let key = decode_secret(secret)?;
        Ok(Self {
            key: hmac::Key::new(hmac::HMAC_SHA256, &key),
            tolerance: DEFAULT_TOLERANCE,
            clock: Arc::new(SystemTime::now),
        })
    }

    /// The largest accepted distance between a delivery's `svix-timestamp` and the clock, in
    /// the past or in the future (default [`DEFAULT_TOLERANCE`], 5 minutes).
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The clock deliveries are compared with (default `SystemTime::now`): for tests, and for
    /// receivers that check deliveries after the fact against the time they were received.
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Checks one delivery: `payload` is the request body exactly as received (before any
    /// JSON parsing), `headers` the request's headers as (name, value) pairs.
    ///
    /// Returns the event's JSON text, which is `payload` as UTF-8, when the delivery is
    /// genuine and carries an event. See the module documentation for the checks and their
    /// order.
    pub fn verify(
        &self,
        payload: &[u8],
        headers: &[(String, String)],
    ) -> Result<String, WebhookError> {
        let id = header(headers, ID_HEADER)?;
        let timestamp_text = header(headers, TIMESTAMP_HEADER)?;
        let signatures = header(headers, SIGNATURE_HEADER)?;
        let timestamp = parse_timestamp(timestamp_text)?;
        self.check_time(timestamp)?;
        self.check_signature(id, timestamp_text, signatures, payload)?;
        check_event(payload)?;
        String::from_utf8(payload.to_vec())
            .map_err(|_| WebhookError::not_an_event("the body is not UTF-8 text"))
    }

    fn check_time(&self, timestamp: u64) -> Result<(), WebhookError> {
        // A clock before 1970 cannot happen on a receiver; read it as 1970 rather than fail.
        let now = (self.clock)()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let (distance, direction) = if timestamp <= now {
            (now - timestamp, "old")
        } else {
            (timestamp - now, "in the future")
        };
        if Duration::from_secs(distance) > self.tolerance {
            return Err(WebhookError::not_genuine(format!(
                "the {TIMESTAMP_HEADER} is {distance} s {direction}; at most {} is accepted",
                seconds(self.tolerance)
            )));
        }
        Ok(())
    }

    fn check_signature(
        &self,
        id: &str,
        timestamp: &str,
        signatures: &str,
        payload: &[u8],
    ) -> Result<(), WebhookError> {
        let v1: Vec<&str> = signatures
            .split_ascii_whitespace()
            .filter_map(|entry| entry.split_once(','))
            .filter(|(version, _)| *version == "v1")
            .map(|(_, signature)| signature)
            .collect();
        if v1.is_empty() {
            return Err(WebhookError::not_genuine(format!(
                "the {SIGNATURE_HEADER} header has no v1 entry"
            )));
        }
        if v1.len() > MAX_V1_ENTRIES {
            return Err(WebhookError::not_genuine(format!(
                "the {SIGNATURE_HEADER} header has {} v1 entries; at most {MAX_V1_ENTRIES} are tried",
                v1.len()
            )));
        }
        let signed = signed_content(id, timestamp, payload);
        let mut not_base64 = 0;
        for signature in &v1 {
            match STANDARD.decode(signature) {
                Ok(tag) => {
                    if hmac::verify(&self.key, &signed, &tag).is_ok() {
                        return Ok(());
                    }
                }
                Err(_) => not_base64 += 1,
            }
        }
        let detail = match (not_base64, v1.len()) {
            (0, _) => String::new(),
            (1, 1) => "; it is not base64".to_owned(),
            (bad, total) => format!("; {bad} of the {total} are not base64"),
        };
        Err(WebhookError::not_genuine(format!(
            "no v1 entry of the {SIGNATURE_HEADER} header matches this delivery under this \
             secret (another secret signed it, or its body, {ID_HEADER} or {TIMESTAMP_HEADER} \
             was changed){detail}"
        )))
    }
}

impl fmt::Debug for SeamWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SeamWebhook")
            .field("secret", &"whsec_…")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl SeamWebhook {
    /// [`SeamWebhook::verify`], then the event read by the SDK's rules: the typed [`Event`], with
    /// what it does not model kept in its `unknown_fields`.
    pub fn verify_event(
        &self,
        payload: &[u8],
        headers: &[(String, String)],
    ) -> Result<Event, WebhookError> {
        let json = self.verify(payload, headers)?;
        crate::response::read_object::<Event>(&json).map_err(|e| match e {
            SeamError::InvalidInput { reason, .. } => WebhookError::not_an_event(reason),
            other => WebhookError::not_an_event(other.to_string()),
        })
    }
}

/// The `v1,<base64>` signature entry of a delivery: what Seam puts in `svix-signature`.
/// For tests and the fake server; a receiver only needs [`SeamWebhook::verify`].
#[doc(hidden)]
pub fn sign(
    secret: &str,
    msg_id: &str,
    timestamp: u64,
    payload: &[u8],
) -> Result<String, SeamError> {
    let key = hmac::Key::new(hmac::HMAC_SHA256, &decode_secret(secret)?);
    let tag = hmac::sign(
        &key,
        &signed_content(msg_id, &timestamp.to_string(), payload),
    );
    Ok(format!("v1,{}", STANDARD.encode(tag.as_ref())))
}

/// Checks that a body whose signature is good is an event: a JSON object with a string
/// `event_id` and a string `event_type`. Called last, so only on bytes Seam signed.
fn check_event(payload: &[u8]) -> Result<(), WebhookError> {
    let text = std::str::from_utf8(payload)
        .map_err(|_| WebhookError::not_an_event("the body is not UTF-8 text"))?;
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| WebhookError::not_an_event(format!("the body is not JSON ({e})")))?;
    let serde_json::Value::Object(object) = value else {
        return Err(WebhookError::not_an_event(format!(
            "the body is JSON {}, not an object",
            kind(&value)
        )));
    };
    for field in ["event_id", "event_type"] {
        match object.get(field) {
            Some(serde_json::Value::String(_)) => {}
            None => {
                return Err(WebhookError::not_an_event(format!(
                    "the body has no {field}"
                )))
            }
            Some(other) => {
                return Err(WebhookError::not_an_event(format!(
                    "the body's {field} is {}, not a string",
                    kind(other)
                )))
            }
        }
    }
    Ok(())
}

/// `<id>.<timestamp>.<body>`: the bytes a `v1` signature is computed over.
fn signed_content(id: &str, timestamp: &str, payload: &[u8]) -> Vec<u8> {
    let mut signed = Vec::with_capacity(id.len() + timestamp.len() + payload.len() + 2);
    signed.extend_from_slice(id.as_bytes());
    signed.push(b'.');
    signed.extend_from_slice(timestamp.as_bytes());
    signed.push(b'.');
    signed.extend_from_slice(payload);
    signed
}

/// The value of the header `name`, matched in any case, without surrounding spaces. Missing,
/// empty or repeated with different values, it is refused.
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Result<&'a str, WebhookError> {
    let mut found: Option<&str> = None;
    for (header_name, value) in headers {
        if !header_name.eq_ignore_ascii_case(name) {
            continue;
        }
        let value = value.trim_matches([' ', '\t']);
        match found {
            Some(first) if first != value => {
                return Err(WebhookError::not_genuine(format!(
                    "the {name} header is sent more than once, with different values"
                )))
            }
            _ => found = Some(value),
        }
    }
    match found {
        None => Err(WebhookError::not_genuine(format!(
            "the {name} header is missing"
        ))),
        Some("") => Err(WebhookError::not_genuine(format!(
            "the {name} header is empty"
        ))),
        Some(value) => Ok(value),
    }
}

/// `svix-timestamp`: decimal digits only (no sign, no fraction), seconds since 1970.
fn parse_timestamp(text: &str) -> Result<u64, WebhookError> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WebhookError::not_genuine(format!(
            "the {TIMESTAMP_HEADER} header is not a whole number of seconds since 1970: {}",
            crate::validation::quote(text)
        )));
    }
    text.parse().map_err(|_| {
        WebhookError::not_genuine(format!(
            "the {TIMESTAMP_HEADER} header is too large to be a time: {}",
            crate::validation::quote(text)
        ))
    })
}

/// The key bytes of a `whsec_` secret. The reasons never repeat any of the secret.
fn decode_secret(secret: &str) -> Result<Vec<u8>, SeamError> {
    const EXPECTED: &str = "a webhook secret is \"whsec_\" followed by base64, as Seam gives it";
    let problem = if secret.is_empty() {
        "the webhook secret is empty"
    } else if secret.chars().any(char::is_whitespace) {
        "the webhook secret contains a space or a line break; copy it again without them"
    } else if let Some(key) = secret.strip_prefix(SECRET_PREFIX) {
        if key.is_empty() {
            "the webhook secret has nothing after \"whsec_\""
        } else {
            match STANDARD.decode(key) {
                Ok(key) => return Ok(key),
                Err(base64::DecodeError::InvalidByte(..)) => {
                    "the webhook secret has a character after \"whsec_\" that is not in the \
                     standard base64 alphabet (A-Z, a-z, 0-9, + and /, then = padding)"
                }
                Err(_) => {
                    "the text after \"whsec_\" in the webhook secret is not whole base64: \
                     its length, padding or last character is wrong"
                }
            }
        }
    } else {
        "the webhook secret does not start with \"whsec_\""
    };
    Err(SeamError::config(format!("{problem}; {EXPECTED}")))
}

/// A tolerance as the error texts show it: whole seconds when it is whole.
fn seconds(duration: Duration) -> String {
    if duration.subsec_nanos() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.3} s", duration.as_secs_f64())
    }
}

/// What kind of JSON value this is, for error texts (never the value itself).
fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod cases;

#[cfg(test)]
mod tests {
    use super::*;
    use cases::Outcome;

    fn run(case: &cases::Case) -> (Outcome, Vec<String>) {
        let webhook = match SeamWebhook::new(case.secret) {
            Ok(webhook) => webhook,
            Err(e) => {
                let texts = vec![e.to_string(), format!("{e:?}")];
                return match e {
                    SeamError::Config { reason } => (Outcome::Config(reason), texts),
                    other => panic!("{}: SeamWebhook::new failed with {other:?}", case.name),
                };
            }
        };
        let now = case.now;
        let mut webhook = webhook.with_clock(move || UNIX_EPOCH + now);
        if let Some(tolerance) = case.tolerance {
            webhook = webhook.with_tolerance(tolerance);
        }
        let mut texts = vec![format!("{webhook:?}")];
        let outcome = match webhook.verify(&case.body, &case.headers) {
            Ok(json) => Outcome::Event(json),
            Err(e) => {
                texts.push(e.to_string());
                texts.push(format!("{e:?}"));
                match e {
                    WebhookError::NotGenuine { reason } => Outcome::NotGenuine(reason),
                    WebhookError::NotAnEvent { reason } => Outcome::NotAnEvent(reason),
                }
            }
        };
        (outcome, texts)
    }

    #[test]
    fn every_case_of_the_table() {
        let sign = |secret: &str, id: &str, timestamp: u64, body: &[u8]| {
            sign(secret, id, timestamp, body).unwrap()
        };
        for case in cases::cases(&sign) {
            let (outcome, texts) = run(&case);
            cases::check(&case, &outcome, &texts);
        }
    }

    #[test]
    fn the_signer_reproduces_the_published_svix_vector() {
        assert_eq!(
            sign(
                cases::SVIX_SECRET,
                cases::SVIX_MSG_ID,
                cases::SVIX_TIMESTAMP,
                cases::SVIX_PAYLOAD.as_bytes()
            )
            .unwrap(),
            cases::SVIX_SIGNATURE
        );
    }

    #[test]
    fn check_event_wants_an_object_with_string_ids() {
        assert_eq!(
            check_event(br#"{"event_id":"e1","event_type":"t"}"#),
            Ok(())
        );
        let reason = |body: &[u8]| match check_event(body) {
            Err(WebhookError::NotAnEvent { reason }) => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason(b"[1]"), "the body is JSON an array, not an object");
        assert_eq!(reason(br#"{"event_type":"t"}"#), "the body has no event_id");
        assert_eq!(
            reason(br#"{"event_id":"e1"}"#),
            "the body has no event_type"
        );
        assert_eq!(
            reason(br#"{"event_id":"e1","event_type":null}"#),
            "the body's event_type is null, not a string"
        );
        assert_eq!(reason(b"\xff{}"), "the body is not UTF-8 text");
        assert!(reason(b"{\"event_id\":").starts_with("the body is not JSON ("));
    }

    #[test]
    fn headers_are_found_in_any_case_and_repeats_must_agree() {
        let h = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            header(&h(&[("SVIX-ID", " msg_1 ")]), "svix-id"),
            Ok("msg_1")
        );
        assert_eq!(
            header(&h(&[("svix-id", "a"), ("Svix-Id", "a")]), "svix-id"),
            Ok("a")
        );
        assert_eq!(
            header(&h(&[("svix-id", "a"), ("Svix-Id", "b")]), "svix-id"),
            Err(WebhookError::not_genuine(
                "the svix-id header is sent more than once, with different values"
            ))
        );
        assert_eq!(
            header(&h(&[("svix-id", "")]), "svix-id"),
            Err(WebhookError::not_genuine("the svix-id header is empty"))
        );
        assert_eq!(
            header(&h(&[("svix-idx", "a")]), "svix-id"),
            Err(WebhookError::not_genuine("the svix-id header is missing"))
        );
    }

    #[test]
    fn timestamps_are_plain_decimal_seconds() {
        assert_eq!(parse_timestamp("1700000000"), Ok(1_700_000_000));
        assert_eq!(parse_timestamp("18446744073709551615"), Ok(u64::MAX));
        for bad in ["+1700000000", "-1", "1.5", "1e9", "0x10", "١٧٠٠"] {
            assert!(parse_timestamp(bad).is_err(), "{bad}");
        }
        assert!(parse_timestamp("18446744073709551616").is_err());
    }

    #[test]
    fn tolerance_is_inclusive_and_reads_whole_seconds_of_the_clock() {
        let at = |secs: u64, millis: u64| {
            let now = UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_millis(millis);
            SeamWebhook::new(cases::SECRET)
                .unwrap()
                .with_clock(move || now)
        };
        // 300.9 s after the timestamp is still "300 s old".
        assert_eq!(at(1_300, 900).check_time(1_000), Ok(()));
        assert!(at(1_301, 0).check_time(1_000).is_err());
        assert_eq!(at(700, 0).check_time(1_000), Ok(()));
        assert!(at(699, 999).check_time(1_000).is_err());
        // A clock before 1970 reads as 1970: nothing panics.
        let before = SeamWebhook::new(cases::SECRET)
            .unwrap()
            .with_clock(|| UNIX_EPOCH - Duration::from_secs(10));
        assert_eq!(before.check_time(0), Ok(()));
        let half = at(1_000, 0).with_tolerance(Duration::from_millis(1_500));
        assert_eq!(
            half.check_time(1_002),
            Err(WebhookError::not_genuine(
                "the svix-timestamp is 2 s in the future; at most 1.500 s is accepted"
            ))
        );
    }

    #[test]
    fn too_many_v1_entries_are_refused_before_any_hmac() {
        let webhook = SeamWebhook::new(cases::SECRET).unwrap();
        let good = sign(cases::SECRET, "msg_1", 1, b"{}").unwrap();
        let many = format!("{} {good}", vec!["v1,AAAA"; MAX_V1_ENTRIES].join(" "));
        assert_eq!(
            webhook.check_signature("msg_1", "1", &many, b"{}"),
            Err(WebhookError::not_genuine(
                "the svix-signature header has 17 v1 entries; at most 16 are tried"
            ))
        );
        let enough = format!("{} {good}", vec!["v1,AAAA"; MAX_V1_ENTRIES - 1].join(" "));
        assert_eq!(
            webhook.check_signature("msg_1", "1", &enough, b"{}"),
            Ok(())
        );
    }

    #[test]
    fn debug_shows_at_most_the_prefix() {
        let webhook = SeamWebhook::new(cases::SECRET).unwrap();
        assert_eq!(
            format!("{webhook:?}"),
            "SeamWebhook { secret: \"whsec_…\", tolerance: 300s }"
        );
    }

    #[test]
    fn a_webhook_is_shared_between_threads() {
        fn send_sync<T: Send + Sync + Clone>() {}
        send_sync::<SeamWebhook>();
    }
}
