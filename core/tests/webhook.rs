//! SeamWebhook verification through the public API, driven by the table in
//! `src/webhook/cases.rs` (which the unit tests run too).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../src/webhook/cases.rs"]
mod cases;

use std::time::{Duration, UNIX_EPOCH};

use cases::{Case, Outcome};
use seam_core::webhook::sign;
use seam_core::{SeamError, SeamWebhook, WebhookError};

/// Runs one case; returns its outcome and every text it produced (the verifier's Debug, the
/// error's Display and Debug).
fn run(case: &Case) -> (Outcome, Vec<String>) {
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

fn signer(secret: &str, id: &str, timestamp: u64, body: &[u8]) -> String {
    sign(secret, id, timestamp, body).unwrap()
}

#[test]
fn every_case_of_the_table() {
    let cases = cases::cases(&signer);
    assert!(cases.len() >= 40, "the table lost cases: {}", cases.len());
    for case in &cases {
        let (outcome, texts) = run(case);
        cases::check(case, &outcome, &texts);
    }
}

#[test]
fn sign_reproduces_the_published_svix_vector() {
    assert_eq!(
        signer(
            cases::SVIX_SECRET,
            cases::SVIX_MSG_ID,
            cases::SVIX_TIMESTAMP,
            cases::SVIX_PAYLOAD.as_bytes()
        ),
        cases::SVIX_SIGNATURE
    );
}

#[test]
fn the_default_clock_is_the_system_clock() {
    let webhook = SeamWebhook::new(cases::SECRET).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let body = cases::EVENT.as_bytes();
    let headers = |timestamp: u64| {
        vec![
            ("svix-id".to_owned(), cases::MSG_ID.to_owned()),
            ("svix-timestamp".to_owned(), timestamp.to_string()),
            (
                "svix-signature".to_owned(),
                signer(cases::SECRET, cases::MSG_ID, timestamp, body),
            ),
        ]
    };
    assert_eq!(webhook.verify(body, &headers(now)).unwrap(), cases::EVENT);
    // A day-old delivery, genuine but replayed.
    assert!(matches!(
        webhook.verify(body, &headers(now - 86_400)),
        Err(WebhookError::NotGenuine { .. })
    ));
    // The same delivery is accepted by a receiver that allows a day and a minute.
    let lenient = webhook.with_tolerance(Duration::from_secs(86_460));
    assert!(lenient.verify(body, &headers(now - 86_400)).is_ok());
}

#[test]
fn errors_read_as_one_sentence() {
    let e = WebhookError::NotGenuine {
        reason: "the svix-id header is missing".into(),
    };
    assert_eq!(
        e.to_string(),
        "webhook delivery refused as not genuine: the svix-id header is missing"
    );
    let e = WebhookError::NotAnEvent {
        reason: "the body has no event_type".into(),
    };
    assert_eq!(
        e.to_string(),
        "webhook delivery is signed by Seam but is not an event: the body has no event_type"
    );
    let e = SeamWebhook::new("whsec_").unwrap_err();
    assert_eq!(
        e.to_string(),
        "configuration error: the webhook secret has nothing after \"whsec_\"; a webhook \
         secret is \"whsec_\" followed by base64, as Seam gives it"
    );
}
