//! The webhook verification cases: one table, run twice. The unit tests (`src/webhook.rs`)
//! run it against the module, and `tests/webhook.rs` against the public API. The file only
//! uses `std`, so both can include it; each runner turns its result into an [`Outcome`] and
//! hands it to [`check`].
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    dead_code
)]

use std::time::Duration;

/// The secret most cases sign and verify with (32 random bytes).
pub const SECRET: &str = "whsec_ByT3/dKBaSwVf17oDUbgOSmK8IKCRzOS4BY6q8pWtbQ=";
/// Another webhook's secret.
pub const OTHER_SECRET: &str = "whsec_mk8ZT2YrqoSHkPj4P42yeyFhtqOSHTxO";
/// The receiver's clock in most cases, in seconds since 1970.
pub const NOW: u64 = 1_700_000_000;
pub const MSG_ID: &str = "msg_2yBqkTHx0V6Jb9yWbA7dG3ZpQ1L";
/// An event as Seam delivers one.
pub const EVENT: &str = r#"{"event_id":"b0ff5a02-4d2c-4a38-a2b9-3f2f0f8d7c11","event_type":"acs_credential.issued","workspace_id":"398d80b7-3f96-47c2-b85a-6f8ba21d07be","acs_credential_id":"66666666-6666-6666-6666-666666666666","created_at":"2025-06-01T12:00:00.000Z","occurred_at":"2025-06-01T12:00:00.000Z"}"#;

// The test vector Svix publishes with its libraries: the Python library's
// `test_sign_function` signs this payload with this secret, id and time and expects this
// entry (https://github.com/svix/svix-webhooks/blob/main/python/tests/test_webhooks.py;
// the Standard Webhooks specification reuses the same values). Checked again here with
// Python's own `hmac` and `base64` modules. The payload has no `event_id`, so a verifier
// that accepts the signature must answer NotAnEvent.
pub const SVIX_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
pub const SVIX_MSG_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
pub const SVIX_TIMESTAMP: u64 = 1_614_265_330;
pub const SVIX_PAYLOAD: &str = r#"{"test": 2432232314}"#;
pub const SVIX_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// A second fixed vector, an event this time, signed outside this crate with Python's `hmac`
// and `base64` modules (the key is the text "seam-core webhook test key!"), so that a
// mistake shared by `sign` and `verify` cannot hide.
const PY_SECRET: &str = "whsec_c2VhbS1jb3JlIHdlYmhvb2sgdGVzdCBrZXkh";
const PY_TIMESTAMP: u64 = 1_748_779_200;
const PY_SIGNATURE: &str = "v1,Rj5IUOI3QFo4FJAhzPEiRxrG7knYHjSN/bZ3uY5n6XA=";

/// What a case must end in; the text is a part of the reason.
#[derive(Debug)]
pub enum Expect {
    /// `verify` returns the body as text.
    Event,
    NotGenuine(&'static str),
    NotAnEvent(&'static str),
    /// `SeamWebhook::new` refuses the secret.
    Config(&'static str),
}

/// What a case ended in, with the reason.
#[derive(Debug)]
pub enum Outcome {
    Event(String),
    NotGenuine(String),
    NotAnEvent(String),
    Config(String),
}

pub struct Case {
    pub name: &'static str,
    /// The receiver's secret.
    pub secret: &'static str,
    /// The receiver's clock, since 1970.
    pub now: Duration,
    /// `None`: the default tolerance.
    pub tolerance: Option<Duration>,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
    pub expect: Expect,
}

/// `sign(secret, msg_id, timestamp, body)`: the crate's signer, as each runner reaches it.
pub type Signer<'a> = &'a dyn Fn(&str, &str, u64, &[u8]) -> String;

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

fn svix(id: &str, timestamp: &str, signature: &str) -> Vec<(String, String)> {
    headers(&[
        ("svix-id", id),
        ("svix-timestamp", timestamp),
        ("svix-signature", signature),
    ])
}

fn case(name: &'static str, body: &[u8], headers: Vec<(String, String)>, expect: Expect) -> Case {
    Case {
        name,
        secret: SECRET,
        now: Duration::from_secs(NOW),
        tolerance: None,
        body: body.to_vec(),
        headers,
        expect,
    }
}

pub fn cases(sign: Signer) -> Vec<Case> {
    use Expect::*;
    let event = EVENT.as_bytes();
    // A delivery of `body` signed with SECRET at `timestamp`.
    let signed = |timestamp: u64, body: &[u8]| {
        svix(
            MSG_ID,
            &timestamp.to_string(),
            &sign(SECRET, MSG_ID, timestamp, body),
        )
    };
    let good = sign(SECRET, MSG_ID, NOW, event);
    let good_base64 = good.trim_start_matches("v1,");
    let now = NOW.to_string();
    // Well-formed signatures that are not this delivery's.
    let other = sign(OTHER_SECRET, MSG_ID, NOW, event);
    let stale = sign(SECRET, MSG_ID, NOW - 1, event);
    let not_json = b"this is not JSON";
    let tampered = EVENT.replace("acs_credential.issued", "acs_credential.deleted");
    let six_minutes_old = NOW - 360;
    let six_minutes_ahead = NOW + 360;

    vec![
        // Genuine deliveries.
        case("a genuine event", event, signed(NOW, event), Event),
        Case {
            secret: SVIX_SECRET,
            now: Duration::from_secs(SVIX_TIMESTAMP),
            ..case(
                "the published Svix vector: the signature passes, the payload is no event",
                SVIX_PAYLOAD.as_bytes(),
                svix(SVIX_MSG_ID, &SVIX_TIMESTAMP.to_string(), SVIX_SIGNATURE),
                NotAnEvent("the body has no event_id"),
            )
        },
        Case {
            secret: PY_SECRET,
            now: Duration::from_secs(PY_TIMESTAMP + 10),
            ..case(
                "an event signed by Python's hmac module",
                event,
                svix(MSG_ID, &PY_TIMESTAMP.to_string(), PY_SIGNATURE),
                Event,
            )
        },
        // Forgeries.
        case(
            "a tampered body",
            tampered.as_bytes(),
            signed(NOW, event),
            NotGenuine("no v1 entry of the svix-signature header matches"),
        ),
        Case {
            secret: OTHER_SECRET,
            ..case(
                "a receiver with another secret",
                event,
                signed(NOW, event),
                NotGenuine("no v1 entry of the svix-signature header matches"),
            )
        },
        case(
            "a signature made for another svix-timestamp",
            event,
            svix(MSG_ID, &now, &stale),
            NotGenuine("no v1 entry of the svix-signature header matches"),
        ),
        case(
            "a signature made for another svix-id",
            event,
            svix("msg_other", &now, &good),
            NotGenuine("no v1 entry of the svix-signature header matches"),
        ),
        case(
            "a forged body that is not JSON is refused before it is parsed",
            not_json,
            signed(NOW, event),
            NotGenuine("no v1 entry of the svix-signature header matches"),
        ),
        // Time.
        case(
            "6 minutes old",
            event,
            signed(six_minutes_old, event),
            NotGenuine("the svix-timestamp is 360 s old; at most 300 s is accepted"),
        ),
        case(
            "6 minutes in the future",
            event,
            signed(six_minutes_ahead, event),
            NotGenuine("the svix-timestamp is 360 s in the future; at most 300 s is accepted"),
        ),
        case("4 minutes old", event, signed(NOW - 240, event), Event),
        case(
            "4 minutes in the future",
            event,
            signed(NOW + 240, event),
            Event,
        ),
        case("exactly 300 s old", event, signed(NOW - 300, event), Event),
        case(
            "301 s old",
            event,
            signed(NOW - 301, event),
            NotGenuine("is 301 s old"),
        ),
        Case {
            tolerance: Some(Duration::from_secs(600)),
            ..case(
                "6 minutes old with a 10 minute tolerance",
                event,
                signed(six_minutes_old, event),
                Event,
            )
        },
        case(
            "the time is checked before the signature",
            event,
            svix(MSG_ID, &six_minutes_old.to_string(), &other),
            NotGenuine("360 s old"),
        ),
        case(
            "the largest timestamp",
            event,
            signed(u64::MAX, event),
            NotGenuine("s in the future"),
        ),
        case(
            "a timestamp that is not a number",
            event,
            svix(MSG_ID, "yesterday", &good),
            NotGenuine("the svix-timestamp header is not a whole number of seconds"),
        ),
        case(
            "a timestamp with a sign",
            event,
            svix(MSG_ID, "+1700000000", &good),
            NotGenuine("the svix-timestamp header is not a whole number of seconds"),
        ),
        case(
            "a timestamp with a fraction",
            event,
            svix(MSG_ID, "1700000000.5", &good),
            NotGenuine("the svix-timestamp header is not a whole number of seconds"),
        ),
        case(
            "a timestamp beyond 64 bits",
            event,
            svix(MSG_ID, "99999999999999999999", &good),
            NotGenuine("the svix-timestamp header is too large"),
        ),
        // Headers.
        case(
            "no svix-id",
            event,
            headers(&[("svix-timestamp", &now), ("svix-signature", &good)]),
            NotGenuine("the svix-id header is missing"),
        ),
        case(
            "no svix-timestamp",
            event,
            headers(&[("svix-id", MSG_ID), ("svix-signature", &good)]),
            NotGenuine("the svix-timestamp header is missing"),
        ),
        case(
            "no svix-signature",
            event,
            headers(&[("svix-id", MSG_ID), ("svix-timestamp", &now)]),
            NotGenuine("the svix-signature header is missing"),
        ),
        case(
            "no headers at all",
            event,
            Vec::new(),
            NotGenuine("the svix-id header is missing"),
        ),
        case(
            "a missing header is reported before a malformed timestamp",
            event,
            headers(&[("svix-id", MSG_ID), ("svix-timestamp", "soon")]),
            NotGenuine("the svix-signature header is missing"),
        ),
        case(
            "an empty svix-signature",
            event,
            svix(MSG_ID, &now, ""),
            NotGenuine("the svix-signature header is empty"),
        ),
        case(
            "header names in upper case",
            event,
            headers(&[
                ("SVIX-ID", MSG_ID),
                ("SVIX-TIMESTAMP", &now),
                ("SVIX-SIGNATURE", &good),
            ]),
            Event,
        ),
        case(
            "header names in mixed case, among other headers",
            event,
            headers(&[
                ("Content-Type", "application/json"),
                ("Svix-Id", MSG_ID),
                ("sViX-tImEsTaMp", &now),
                ("Svix-Signature", &good),
            ]),
            Event,
        ),
        case(
            "header values with spaces around them",
            event,
            svix(
                &format!(" {MSG_ID}"),
                &format!("{now} "),
                &format!(" {good}\t"),
            ),
            Event,
        ),
        case(
            "svix-id twice with the same value",
            event,
            headers(&[
                ("svix-id", MSG_ID),
                ("Svix-Id", MSG_ID),
                ("svix-timestamp", &now),
                ("svix-signature", &good),
            ]),
            Event,
        ),
        case(
            "svix-id twice with different values",
            event,
            headers(&[
                ("svix-id", MSG_ID),
                ("Svix-Id", "msg_other"),
                ("svix-timestamp", &now),
                ("svix-signature", &good),
            ]),
            NotGenuine("the svix-id header is sent more than once, with different values"),
        ),
        case(
            "svix-signature twice with different values",
            event,
            headers(&[
                ("svix-id", MSG_ID),
                ("svix-timestamp", &now),
                ("svix-signature", &other),
                ("svix-signature", &good),
            ]),
            NotGenuine("the svix-signature header is sent more than once"),
        ),
        // Signature lists.
        case(
            "one good v1 entry among bad ones and a v2 entry",
            event,
            svix(
                MSG_ID,
                &now,
                &format!("v2,{good_base64} {other} {stale}  {good} v1,AAAA"),
            ),
            Event,
        ),
        case(
            "only a v2 entry carries the signature",
            event,
            svix(MSG_ID, &now, &format!("v2,{good_base64}")),
            NotGenuine("the svix-signature header has no v1 entry"),
        ),
        case(
            "the signature without its version",
            event,
            svix(MSG_ID, &now, good_base64),
            NotGenuine("the svix-signature header has no v1 entry"),
        ),
        case(
            "a v1 entry that is not base64",
            event,
            svix(MSG_ID, &now, "v1,!!!!****!!!!"),
            NotGenuine("; it is not base64"),
        ),
        case(
            "a v1 entry that is not base64 beside a wrong one",
            event,
            svix(MSG_ID, &now, &format!("v1,!!!!****!!!! {other}")),
            NotGenuine("; 1 of the 2 are not base64"),
        ),
        case(
            "the good signature cut short",
            event,
            svix(MSG_ID, &now, &good[..good.len() - 4]),
            NotGenuine("no v1 entry of the svix-signature header matches"),
        ),
        // Genuine, but not events.
        case(
            "signed but not JSON",
            not_json,
            signed(NOW, not_json),
            NotAnEvent("the body is not JSON ("),
        ),
        case(
            "signed and empty",
            b"",
            signed(NOW, b""),
            NotAnEvent("the body is not JSON ("),
        ),
        case(
            "signed but not UTF-8",
            b"{\"event_id\":\"\xff\"}",
            signed(NOW, b"{\"event_id\":\"\xff\"}"),
            NotAnEvent("the body is not UTF-8 text"),
        ),
        case(
            "signed JSON array",
            b"[]",
            signed(NOW, b"[]"),
            NotAnEvent("the body is JSON an array, not an object"),
        ),
        case(
            "signed JSON without event_type",
            br#"{"event_id":"e1"}"#,
            signed(NOW, br#"{"event_id":"e1"}"#),
            NotAnEvent("the body has no event_type"),
        ),
        case(
            "signed JSON whose event_id is a number",
            br#"{"event_id":1,"event_type":"t"}"#,
            signed(NOW, br#"{"event_id":1,"event_type":"t"}"#),
            NotAnEvent("the body's event_id is a number, not a string"),
        ),
        // Secrets.
        Case {
            secret: "ByT3/dKBaSwVf17oDUbgOSmK8IKCRzOS4BY6q8pWtbQ=",
            ..case(
                "a secret without whsec_",
                event,
                signed(NOW, event),
                Config("the webhook secret does not start with \"whsec_\""),
            )
        },
        Case {
            secret: "WHSEC_ByT3/dKBaSwVf17oDUbgOSmK8IKCRzOS4BY6q8pWtbQ=",
            ..case(
                "a secret with WHSEC_ in upper case",
                event,
                signed(NOW, event),
                Config("the webhook secret does not start with \"whsec_\""),
            )
        },
        Case {
            secret: "whsec_ByT3/dKB*aSwVf17oDUbgOSmK8IKCRzOS4BY6q8pWtbQ=",
            ..case(
                "a secret with a character outside base64",
                event,
                signed(NOW, event),
                Config("not in the standard base64 alphabet"),
            )
        },
        Case {
            secret: "whsec_ByT3_dKBaSwVf17oDUbgOSmK8IKCRzOS4BY6q8pWtbQ=",
            ..case(
                "a secret in the URL-safe alphabet",
                event,
                signed(NOW, event),
                Config("not in the standard base64 alphabet"),
            )
        },
        Case {
            secret: "whsec_ByT3/dKBaSwVf17oDUbgOSmK8IKCRzOS4BY6q8pWtbQ",
            ..case(
                "a secret without its padding",
                event,
                signed(NOW, event),
                Config("is not whole base64"),
            )
        },
        Case {
            secret: "whsec_",
            ..case(
                "a secret with no key",
                event,
                signed(NOW, event),
                Config("the webhook secret has nothing after \"whsec_\""),
            )
        },
        Case {
            secret: "",
            ..case(
                "an empty secret",
                event,
                signed(NOW, event),
                Config("the webhook secret is empty"),
            )
        },
        Case {
            secret: "whsec_ByT3/dKBaSwVf17oDUbgOSmK8IKCRzOS4BY6q8pWtbQ=\n",
            ..case(
                "a secret with a line break",
                event,
                signed(NOW, event),
                Config("the webhook secret contains a space or a line break"),
            )
        },
    ]
}

/// Checks a case's outcome, and that none of `texts` (every error's Display and Debug, and
/// the verifier's Debug) contains a piece of the secret or of a signature.
pub fn check(case: &Case, outcome: &Outcome, texts: &[String]) {
    let name = case.name;
    match (&case.expect, outcome) {
        (Expect::Event, Outcome::Event(json)) => {
            assert_eq!(json.as_bytes(), case.body.as_slice(), "{name}");
        }
        (Expect::NotGenuine(part), Outcome::NotGenuine(reason))
        | (Expect::NotAnEvent(part), Outcome::NotAnEvent(reason))
        | (Expect::Config(part), Outcome::Config(reason)) => {
            assert!(
                reason.contains(part),
                "{name}: the reason {reason:?} does not contain {part:?}"
            );
        }
        (expect, outcome) => panic!("{name}: expected {expect:?}, got {outcome:?}"),
    }

    let mut secrets: Vec<&str> = vec![
        case.secret.strip_prefix("whsec_").unwrap_or(case.secret),
        SECRET.trim_start_matches("whsec_"),
    ];
    for (header, value) in &case.headers {
        if header.eq_ignore_ascii_case("svix-signature") {
            secrets.extend(
                value
                    .split_ascii_whitespace()
                    .map(|entry| entry.split_once(',').map_or(entry, |(_, b64)| b64)),
            );
        }
    }
    for text in texts {
        assert!(!text.contains('\n'), "{name}: {text:?} is more than a line");
        for secret in &secrets {
            let chars: Vec<char> = secret.trim().chars().collect();
            // Every run of 8 characters, or the whole of a shorter one.
            for window in chars.windows(8.min(chars.len()).max(1)) {
                let piece: String = window.iter().collect();
                assert!(
                    piece.trim().is_empty() || !text.contains(&piece),
                    "{name}: {text:?} contains {piece:?}, a piece of a secret or signature"
                );
            }
        }
    }
}
