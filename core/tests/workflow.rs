//! A property manager's workflow, from onboarding to checkout, through the typed Rust API
//! against fake-seam: a person (user identity and ACS user), a group, a card encoded on an
//! encoder with its action attempt, what the person can open, the phone's client session and
//! its view, then unassign, revoke, suspend and delete. And the waits for action attempts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use seam_core::acs::{credentials, encoders, users};
use seam_core::{
    client_sessions, events, user_identities, AccessMethod, ActionAttemptResult,
    ActionAttemptStatus, Config, Seam, SeamError, WaitOptions,
};

fn entrances(seam: &Seam, acs_user_id: &str) -> Vec<String> {
    let mut ids: Vec<String> = seam
        .acs()
        .users()
        .list_accessible_entrances(&users::ListAccessibleEntrancesParams {
            acs_user_id: Some(acs_user_id.into()),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|e| e.acs_entrance_id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn onboarding_to_checkout() {
    let fake = fake();
    let seam = client(&fake);

    // Onboarding: the person, their user in the building's system, the staff group.
    let identity = seam
        .user_identities()
        .create(&user_identities::CreateParams {
            full_name: Some("Jane Guest".into()),
            email_address: Some("jane.guest@example.com".into()),
            ..Default::default()
        })
        .unwrap();
    let user = seam
        .acs()
        .users()
        .create(&users::CreateParams {
            user_identity_id: Some(identity.user_identity_id.clone()),
            ..users::CreateParams::new("Jane Guest", ACS_SYSTEM)
        })
        .unwrap();
    assert_eq!(user.acs_system_id.as_deref(), Some(ACS_SYSTEM));
    assert!(entrances(&seam, &user.acs_user_id).is_empty());
    seam.acs()
        .users()
        .add_to_access_group(STAFF_ACCESS_GROUP, &user.acs_user_id)
        .unwrap();
    assert_eq!(
        entrances(&seam, &user.acs_user_id),
        [LOBBY_ENTRANCE, GYM_ENTRANCE]
    );
    let members = seam
        .acs()
        .access_groups()
        .list_users(STAFF_ACCESS_GROUP)
        .unwrap();
    assert!(members.iter().any(|u| u.acs_user_id == user.acs_user_id));

    // A card, encoded on the encoder: the call waits for its action attempt.
    let card = seam
        .acs()
        .credentials()
        .create(&credentials::CreateParams {
            acs_user_id: Some(user.acs_user_id.clone()),
            ..credentials::CreateParams::new(AccessMethod::Card)
        })
        .unwrap();
    let attempt = seam
        .acs()
        .encoders()
        .encode_credential(&encoders::EncodeCredentialParams {
            acs_credential_id: Some(card.acs_credential_id.clone()),
            ..encoders::EncodeCredentialParams::new(ACS_ENCODER)
        })
        .unwrap();
    assert_eq!(attempt.status, ActionAttemptStatus::Success);
    match attempt.result {
        Some(ActionAttemptResult::EncodeCredential { value }) => {
            assert_eq!(value.acs_credential_id, card.acs_credential_id);
            assert_eq!(value.is_issued, Some(true));
        }
        other => panic!("expected the encoded credential, got {other:?}"),
    }
    let doors = seam
        .acs()
        .credentials()
        .list_accessible_entrances(&card.acs_credential_id)
        .unwrap();
    assert!(doors.iter().any(|d| d.acs_entrance_id == LOBBY_ENTRANCE));

    // The phone: a client session for the identity, and what its token may see and do.
    let session = seam
        .client_sessions()
        .create(&client_sessions::CreateParams {
            user_identity_id: Some(identity.user_identity_id.clone()),
            ..Default::default()
        })
        .unwrap();
    let token = session.token.clone().expect("a client session has a token");
    assert!(token.starts_with("seam_cst"));
    assert!(!format!("{session:?}").contains(&token));
    let phone = client_with(
        &fake,
        Config {
            client_session_token: Some(token),
            ..Config::default()
        },
    );
    let seen = phone.acs().users().list(&Default::default()).unwrap();
    assert_eq!(
        seen.acs_users
            .iter()
            .map(|u| u.acs_user_id.as_str())
            .collect::<Vec<_>>(),
        [user.acs_user_id.as_str()]
    );
    let cards = phone.acs().credentials().list(&Default::default()).unwrap();
    assert!(cards
        .acs_credentials
        .iter()
        .all(|c| c.acs_user_id.as_deref() == Some(&user.acs_user_id)));
    match phone.acs().access_groups().list(&Default::default()) {
        Err(SeamError::Api {
            status_code: 403, ..
        }) => {}
        other => panic!("a client session may not list access groups: {other:?}"),
    }

    // Checkout.
    seam.acs()
        .credentials()
        .unassign(&user.acs_user_id, &card.acs_credential_id)
        .unwrap();
    seam.acs()
        .users()
        .revoke_access_to_all_entrances(&users::RevokeAccessToAllEntrancesParams {
            acs_user_id: Some(user.acs_user_id.clone()),
            ..Default::default()
        })
        .unwrap();
    assert!(entrances(&seam, &user.acs_user_id).is_empty());
    let by_user = users::SuspendParams {
        acs_user_id: Some(user.acs_user_id.clone()),
        ..Default::default()
    };
    seam.acs().users().suspend(&by_user).unwrap();
    let suspended = seam
        .acs()
        .users()
        .get(&users::GetParams {
            acs_user_id: Some(user.acs_user_id.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(suspended.is_suspended, Some(true));
    seam.client_sessions()
        .revoke(&session.client_session_id)
        .unwrap();
    assert!(matches!(
        phone.acs().users().list(&Default::default()),
        Err(SeamError::Unauthorized { .. })
    ));
    seam.acs()
        .users()
        .delete(&users::DeleteParams {
            acs_user_id: Some(user.acs_user_id.clone()),
            ..Default::default()
        })
        .unwrap();
    seam.user_identities()
        .delete(&identity.user_identity_id)
        .unwrap();
    let gone = seam.user_identities().get(&user_identities::GetParams {
        user_identity_id: Some(identity.user_identity_id.clone()),
        ..Default::default()
    });
    assert_eq!(api_code(gone), (404, "user_identity_not_found".to_owned()));

    // What happened is in the events.
    let recorded: Vec<String> = seam
        .events()
        .list(&events::ListParams::default())
        .unwrap()
        .into_iter()
        .map(|e| e.event_type.to_string())
        .collect();
    for kind in [
        "acs_user.created",
        "acs_credential.issued",
        "acs_user.deleted",
    ] {
        assert!(
            recorded.iter().any(|r| r == kind),
            "no {kind} event in {recorded:?}"
        );
    }
}

fn encode(seam: &Seam, wait: Option<WaitOptions>) -> Result<seam_core::ActionAttempt, SeamError> {
    seam.acs()
        .encoders()
        .encode_credential(&encoders::EncodeCredentialParams {
            acs_credential_id: Some(PIN_CREDENTIAL.into()),
            wait_for_action_attempt: wait,
            ..encoders::EncodeCredentialParams::new(ACS_ENCODER)
        })
}

#[test]
fn a_failing_encoder_raises_the_attempt_with_its_error_type() {
    let fake = fake();
    let seam = client(&fake);
    seam.acs()
        .encoders()
        .simulate()
        .next_credential_encode_will_fail(&encoders::simulate::NextCredentialEncodeWillFailParams {
            error_code: Some("no_credential_on_encoder".into()),
            ..encoders::simulate::NextCredentialEncodeWillFailParams::new(ACS_ENCODER)
        })
        .unwrap();
    match encode(&seam, None) {
        Err(e @ SeamError::ActionAttemptFailed { .. }) => {
            let text = e.to_string();
            let SeamError::ActionAttemptFailed {
                action_attempt,
                code,
                ..
            } = e
            else {
                unreachable!()
            };
            assert_eq!(code, "no_credential_on_encoder");
            assert_eq!(action_attempt.status, ActionAttemptStatus::Error);
            assert!(text.contains(&action_attempt.action_attempt_id), "{text}");
        }
        other => panic!("expected ActionAttemptFailed, got {other:?}"),
    }
}

#[test]
fn a_stuck_encoder_times_out_within_the_deadline_and_one_poll() {
    let fake = fake();
    fake.set_action_attempts(0, true);
    let seam = client(&fake);
    let wait = WaitOptions {
        wait: true,
        timeout: Some(Duration::from_millis(600)),
        polling_interval: Some(Duration::from_millis(100)),
    };
    let started = Instant::now();
    match encode(&seam, Some(wait)) {
        Err(SeamError::ActionAttemptTimeout { action_attempt, .. }) => {
            assert_eq!(action_attempt.status, ActionAttemptStatus::Pending)
        }
        other => panic!("expected ActionAttemptTimeout, got {other:?}"),
    }
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(600), "{took:?}");
    assert!(took < Duration::from_millis(600 + 100 + 300), "{took:?}");
    let polls = count(&fake, "/action_attempts/get");
    assert!(
        (4..=7).contains(&polls),
        "{polls} polls in 600 ms at 100 ms"
    );
}

#[test]
fn not_waiting_returns_the_pending_attempt() {
    let fake = fake();
    fake.set_action_attempts(200, false);
    let seam = client(&fake);
    let pending = encode(
        &seam,
        Some(WaitOptions {
            wait: false,
            ..WaitOptions::default()
        }),
    )
    .unwrap();
    assert_eq!(pending.status, ActionAttemptStatus::Pending);
    assert!(pending.result.is_none());
    assert_eq!(count(&fake, "/action_attempts/get"), 0);
    std::thread::sleep(Duration::from_millis(300));
    let later = seam
        .action_attempts()
        .get(&pending.action_attempt_id)
        .unwrap();
    assert_eq!(later.status, ActionAttemptStatus::Success);
}

#[test]
fn a_429_while_polling_is_retried() {
    let fake = fake();
    fake.set_action_attempts(150, false);
    fault_on(
        &fake,
        "/action_attempts/get",
        serde_json::json!({"status": 429, "headers": {"retry-after": "0"},
            "body": "{\"error\":{\"type\":\"rate_limited\",\"message\":\"slow down\"},\"ok\":false}"}),
    );
    let seam = client(&fake);
    let done = encode(&seam, None).unwrap();
    assert_eq!(done.status, ActionAttemptStatus::Success);
    assert_eq!(
        count(&fake, "/acs/encoders/encode_credential"),
        1,
        "the encode is never repeated"
    );
}

#[test]
fn a_wait_that_would_never_end_is_refused_before_anything_is_sent() {
    let fake = fake();
    let seam = client(&fake);
    let busy = WaitOptions {
        polling_interval: Some(Duration::ZERO),
        ..WaitOptions::default()
    };
    let (parameter, _) = invalid_input(encode(&seam, Some(busy)));
    assert_eq!(parameter, "wait_for_action_attempt.polling_interval");
    assert_eq!(total(&fake), 0);
    let refused = Seam::from_config(Config {
        api_key: Some(API_KEY.into()),
        endpoint: Some(fake.url().to_owned()),
        wait_for_action_attempt: Some(busy),
        ..Config::default()
    });
    assert!(matches!(refused, Err(SeamError::Config { .. })));
}
