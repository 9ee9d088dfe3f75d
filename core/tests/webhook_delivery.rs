//! A webhook end to end: fake-seam signs the delivery of an event to a receiver on loopback,
//! and the receiver verifies it with `SeamWebhook` and gets the typed event; a delivery that
//! was tampered with on the way is refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use common::*;
use seam_core::acs::users;
use seam_core::{webhooks, SeamWebhook, WebhookError};

/// Receives one HTTP POST: its headers and body; answers 204.
fn receive(listener: &TcpListener) -> (Vec<(String, String)>, Vec<u8>) {
    let (stream, _) = listener.accept().unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut headers = Vec::new();
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    assert!(request_line.starts_with("POST /hook "), "{request_line}");
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse().unwrap())
        .unwrap();
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let mut stream = stream;
    stream
        .write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .unwrap();
    (headers, body)
}

#[test]
fn a_delivery_from_the_fake_verifies_and_gives_the_typed_event() {
    let fake = fake();
    let seam = client(&fake);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}/hook",
        listener.local_addr().unwrap().port()
    );
    let webhook = seam
        .webhooks()
        .create(&webhooks::CreateParams {
            event_types: vec!["acs_user.created".into()],
            ..webhooks::CreateParams::new(url)
        })
        .unwrap();
    let secret = webhook
        .secret
        .clone()
        .expect("a new webhook has its secret");
    assert!(secret.starts_with("whsec_"));
    assert!(!format!("{webhook:?}").contains(&secret));

    let user = seam
        .acs()
        .users()
        .create(&users::CreateParams::new("Webhook Watcher", ACS_SYSTEM))
        .unwrap();
    let (headers, body) = receive(&listener);

    let verifier = SeamWebhook::new(&secret).unwrap();
    let event = verifier.verify_event(&body, &headers).unwrap();
    assert_eq!(event.event_type.as_str(), "acs_user.created");
    assert_eq!(
        event.acs_user_id.as_deref(),
        Some(user.acs_user_id.as_str())
    );

    let mut tampered = body.clone();
    let last = tampered.len() - 2;
    tampered[last] ^= 0x20;
    assert!(matches!(
        verifier.verify_event(&tampered, &headers),
        Err(WebhookError::NotGenuine { .. })
    ));
    let wrong = SeamWebhook::new("whsec_c2VhbS1jb3JlIHdlYmhvb2sgdGVzdCBrZXkh").unwrap();
    assert!(matches!(
        wrong.verify_event(&body, &headers),
        Err(WebhookError::NotGenuine { .. })
    ));
}
