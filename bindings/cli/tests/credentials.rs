//! Every `seam-core acs credentials` command, run as a process against fake-seam over real
//! sockets: what it prints is the object the fake holds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::HashSet;

use common::*;
use serde_json::{json, Value};

#[test]
fn the_docs_call_prints_the_assigned_credential_as_the_api_holds_it() {
    let fake = fake();
    let printed = run_with_key(&fake, DOCS_ASSIGN).json();
    assert_eq!(
        counts(&fake),
        json!({"PATCH /acs/credentials/assign": 1}),
        "one call, as the docs make it"
    );
    assert_eq!(
        last_body(&fake),
        json!({"acs_user_id": ACS_USER, "acs_credential_id": MOBILE_KEY_CREDENTIAL})
    );
    assert_eq!(printed["acs_user_id"], ACS_USER);
    assert_eq!(printed["display_name"], "Multi Phone Sync Credential");
    assert_same(&printed, &raw_credential(&fake, MOBILE_KEY_CREDENTIAL));
}

#[test]
fn get_prints_every_seeded_credential_as_the_api_holds_it() {
    let fake = fake();
    let held = raw_credentials(&fake);
    assert!(held.len() >= 9, "the seed has nine credentials: {held:?}");
    for credential in &held {
        let id = credential["acs_credential_id"].as_str().unwrap();
        let printed = run_with_key(&fake, &credentials("get", &["--acs-credential-id", id])).json();
        assert_same(&printed, credential);
    }
}

#[test]
fn what_the_model_does_not_know_is_printed_as_the_api_sent_it() {
    let fake = fake();
    let odd = run_with_key(
        &fake,
        &credentials("get", &["--acs-credential-id", ODD_VALUES_CREDENTIAL]),
    );
    // Byte for byte: a number past f64's precision, a time that does not read.
    assert!(
        odd.stdout.contains("18446744073709551615"),
        "{}",
        odd.stdout
    );
    let odd = odd.json();
    assert_eq!(odd["ends_at"], "next tuesday");
    assert_eq!(odd["visionline_metadata"]["door_zone"], "west");

    let future = run_with_key(
        &fake,
        &credentials("get", &["--acs-credential-id", FUTURE_CREDENTIAL]),
    )
    .json();
    assert_eq!(future["access_method"], "quantum_link");
    assert_eq!(future["warnings"][0]["warning_code"], "brand_new_warning");
    assert_eq!(future["external_type"], "quantum_key");
    assert_eq!(future["brand_new_field"], json!({"nested": [1, 2]}));
    assert_eq!(future["salto_space_metadata"]["zones"], json!(["A", "B"]));
}

#[test]
fn list_prints_the_page_with_its_pagination() {
    let fake = fake();
    let page = run_with_key(&fake, &credentials("list", &["--limit", "2"])).json();
    let held = raw_get(&fake, &format!("{LIST_ROUTE}?limit=2"));
    assert_eq!(page["pagination"]["has_next_page"], true);
    assert!(page["pagination"]["next_page_cursor"].is_string());
    assert_same(&page["acs_credentials"], &held["acs_credentials"]);

    let cursor = page["pagination"]["next_page_cursor"].as_str().unwrap();
    let next = run_with_key(
        &fake,
        &credentials("list", &["--limit", "2", "--page-cursor", cursor]),
    )
    .json();
    let expected: Vec<Value> = raw_credentials(&fake)[2..4].to_vec();
    assert_same(&next["acs_credentials"], &Value::Array(expected));
}

#[test]
fn list_filters_reach_the_api() {
    let fake = fake();
    let page = run_with_key(
        &fake,
        &credentials(
            "list",
            &[
                "--acs-user-id",
                ACS_USER,
                "--acs-system-id",
                ACS_SYSTEM,
                "--is-multi-phone-sync-credential",
                "false",
                "--created-before",
                "2030-01-01T00:00:00+01:00",
                "--search",
                "PIN",
            ],
        ),
    )
    .json();
    let target = fake.requests()["last"]["target"]
        .as_str()
        .unwrap()
        .to_owned();
    for part in [
        "acs_user_id=33333333-3333-3333-3333-333333333333",
        "acs_system_id=11111111-1111-1111-1111-111111111111",
        "is_multi_phone_sync_credential=false",
        "created_before=2029-12-31T23%3A00%3A00.000Z",
        "search=PIN",
    ] {
        assert!(target.contains(part), "{part} not in {target}");
    }
    let names: HashSet<&str> = page["acs_credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, HashSet::from(["Front Door PIN", "Warnings PIN"]));
}

#[test]
fn list_all_prints_every_credential_once_one_per_line() {
    let fake = fake();
    let lines = run_with_key(&fake, &credentials("list", &["--all", "--limit", "1"])).json_lines();
    let held = raw_credentials(&fake);
    let ids: Vec<&str> = lines
        .iter()
        .map(|c| c["acs_credential_id"].as_str().unwrap())
        .collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "a credential came twice: {ids:?}");
    assert_eq!(lines.len(), held.len());
    // One page per credential, and the same objects in the same order.
    assert_eq!(count(&fake, LIST_ROUTE), 1 + held.len() as u64);
    assert_same(&Value::Array(lines), &Value::Array(held));
}

#[test]
fn the_full_lifecycle() {
    let fake = fake();
    let created = run_with_key(
        &fake,
        &credentials(
            "create",
            &[
                "--access-method",
                "code",
                "--acs-user-id",
                ACS_USER,
                "--acs-system-id",
                ACS_SYSTEM,
                "--allowed-acs-entrance-id",
                LOBBY_ENTRANCE,
                "--allowed-acs-entrance-id",
                ROOM_101_ENTRANCE,
                "--code",
                "1357",
                "--starts-at",
                "2030-01-01T00:00:00Z",
                "--ends-at",
                "2030-01-08T00:00:00+02:00",
            ],
        ),
    )
    .json();
    assert_eq!(
        last_body(&fake),
        json!({
            "access_method": "code",
            "acs_user_id": ACS_USER,
            "acs_system_id": ACS_SYSTEM,
            "allowed_acs_entrance_ids": [LOBBY_ENTRANCE, ROOM_101_ENTRANCE],
            "code": "1357",
            "starts_at": "2030-01-01T00:00:00.000Z",
            "ends_at": "2030-01-07T22:00:00.000Z",
        })
    );
    let id = created["acs_credential_id"].as_str().unwrap().to_owned();
    let id = id.as_str();
    assert_eq!(created["code"], "1357");
    assert_eq!(created["acs_user_id"], ACS_USER);
    assert_same(&created, &raw_credential(&fake, id));

    let assigned = run_with_key(
        &fake,
        &credentials(
            "assign",
            &["--acs-user-id", OTHER_ACS_USER, "--acs-credential-id", id],
        ),
    )
    .json();
    assert_eq!(assigned["acs_user_id"], OTHER_ACS_USER);

    let got = run_with_key(&fake, &credentials("get", &["--acs-credential-id", id])).json();
    assert_same(&got, &raw_credential(&fake, id));
    assert_eq!(got["acs_user_id"], OTHER_ACS_USER);

    let listed = run_with_key(
        &fake,
        &credentials("list", &["--acs-user-id", OTHER_ACS_USER]),
    )
    .json();
    let listed: Vec<&Value> = listed["acs_credentials"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["acs_credential_id"] == id)
        .collect();
    assert_eq!(listed.len(), 1);
    assert_same(listed[0], &got);

    let updated = run_with_key(
        &fake,
        &credentials(
            "update",
            &[
                "--acs-credential-id",
                id,
                "--code",
                "2468",
                "--ends-at",
                "2030-02-01T00:00:00Z",
            ],
        ),
    )
    .json();
    assert_eq!(updated["code"], "2468");
    assert_eq!(updated["ends_at"], "2030-02-01T00:00:00.000Z");
    assert_same(&updated, &raw_credential(&fake, id));

    let entrances = run_with_key(
        &fake,
        &credentials("list-accessible-entrances", &["--acs-credential-id", id]),
    )
    .json();
    let held = raw_get(
        &fake,
        &format!("{LIST_ACCESSIBLE_ENTRANCES_ROUTE}?acs_credential_id={id}"),
    );
    assert_same(&entrances, &held["acs_entrances"]);
    let entrance_ids: Vec<&str> = entrances
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["acs_entrance_id"].as_str().unwrap())
        .collect();
    assert_eq!(entrance_ids, [LOBBY_ENTRANCE, ROOM_101_ENTRANCE]);

    let unassigned = run_with_key(
        &fake,
        &credentials(
            "unassign",
            &["--acs-user-id", OTHER_ACS_USER, "--acs-credential-id", id],
        ),
    )
    .json();
    assert!(unassigned.get("acs_user_id").is_none(), "{unassigned:#}");

    let deleted = run_with_key(&fake, &credentials("delete", &["--acs-credential-id", id]));
    assert_eq!(
        (deleted.code, deleted.stdout.as_str()),
        (0, ""),
        "{deleted:?}"
    );
    assert_eq!(count(&fake, DELETE_ROUTE), 1);

    let gone = run_with_key(&fake, &credentials("get", &["--acs-credential-id", id]));
    assert_eq!(gone.code, 6, "{gone:?}");
    assert_eq!(gone.stdout, "");
    assert!(gone.stderr.contains("acs_credential_not_found"), "{gone:?}");
}

#[test]
fn assign_and_unassign_take_a_user_identity_instead() {
    let fake = fake();
    let assigned = run_with_key(
        &fake,
        &credentials(
            "assign",
            &[
                "--user-identity-id",
                USER_IDENTITY,
                "--acs-credential-id",
                VISIONLINE_CREDENTIAL,
            ],
        ),
    )
    .json();
    assert_eq!(
        last_body(&fake),
        json!({"user_identity_id": USER_IDENTITY, "acs_credential_id": VISIONLINE_CREDENTIAL})
    );
    assert_eq!(assigned["acs_user_id"], ACS_USER);
    assert_eq!(assigned["user_identity_id"], USER_IDENTITY);

    let unassigned = run_with_key(
        &fake,
        &credentials(
            "unassign",
            &[
                "--user-identity-id",
                USER_IDENTITY,
                "--acs-credential-id",
                VISIONLINE_CREDENTIAL,
            ],
        ),
    )
    .json();
    assert!(unassigned.get("acs_user_id").is_none(), "{unassigned:#}");
    assert_eq!(count(&fake, UNASSIGN_ROUTE), 1);
}

#[test]
fn create_sends_every_option_of_the_body() {
    let fake = fake();
    let created = run_with_key(
        &fake,
        &credentials(
            "create",
            &[
                "--access-method",
                "card",
                "--user-identity-id",
                USER_IDENTITY,
                "--acs-system-id",
                ACS_SYSTEM,
                "--is-multi-phone-sync-credential",
                "false",
                "--credential-manager-acs-system-id",
                ACS_SYSTEM,
                "--visionline-card-function-type",
                "staff",
                "--visionline-card-format",
                "rfid48",
                "--visionline-auto-join",
                "--visionline-override",
                "false",
                "--visionline-joiner-acs-credential-id",
                VISIONLINE_CREDENTIAL,
                "--assa-abloy-vostio-auto-join",
                "--assa-abloy-vostio-join-all-guest-acs-entrances",
                "false",
                "--assa-abloy-vostio-override-all-guest-acs-entrances",
                "true",
                "--assa-abloy-vostio-override-guest-acs-entrance-id",
                GYM_ENTRANCE,
                "--salto-space-assign-new-key",
            ],
        ),
    )
    .json();
    assert_eq!(
        last_body(&fake),
        json!({
            "access_method": "card",
            "user_identity_id": USER_IDENTITY,
            "acs_system_id": ACS_SYSTEM,
            "is_multi_phone_sync_credential": false,
            "credential_manager_acs_system_id": ACS_SYSTEM,
            "visionline_metadata": {
                "auto_join": true,
                "card_format": "rfid48",
                "card_function_type": "staff",
                "joiner_acs_credential_ids": [VISIONLINE_CREDENTIAL],
                "override": false,
            },
            "assa_abloy_vostio_metadata": {
                "auto_join": true,
                "join_all_guest_acs_entrances": false,
                "override_all_guest_acs_entrances": true,
                "override_guest_acs_entrance_ids": [GYM_ENTRANCE],
            },
            "salto_space_metadata": {"assign_new_key": true},
        })
    );
    let id = created["acs_credential_id"].as_str().unwrap();
    assert_same(&created, &raw_credential(&fake, id));
    assert_eq!(created["acs_user_id"], ACS_USER);
}

#[test]
fn tables_show_the_main_fields_aligned() {
    let fake = fake();
    let one = run_with_key(
        &fake,
        &credentials(
            "get",
            &["--acs-credential-id", PIN_CREDENTIAL, "--format", "table"],
        ),
    );
    assert_eq!(one.code, 0, "{one:?}");
    let lines: Vec<&str> = one.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", one.stdout);
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        [
            "acs_credential_id",
            "display_name",
            "access_method",
            "acs_user_id",
            "code",
            "starts_at",
            "ends_at",
            "warnings"
        ]
    );
    let row = lines[1];
    for value in [PIN_CREDENTIAL, "Front Door PIN", "code", ACS_USER, "123456"] {
        assert!(row.contains(value), "{value} not in {row}");
    }
    // Columns line up: every value starts where its header does.
    let column = lines[0].find("access_method").unwrap();
    assert_eq!(row.find("code").unwrap(), column, "{}", one.stdout);

    let all = run_with_key(
        &fake,
        &credentials("list", &["--all", "--limit", "3", "--format", "table"]),
    );
    assert_eq!(all.code, 0, "{all:?}");
    let held = raw_credentials(&fake);
    assert_eq!(all.stdout.lines().count(), 1 + held.len(), "{}", all.stdout);
    for credential in &held {
        let id = credential["acs_credential_id"].as_str().unwrap();
        assert_eq!(all.stdout.matches(id).count(), 1, "{id}: {}", all.stdout);
    }
    // A value that did not read is shown as the API sent it.
    assert!(all.stdout.contains("\"next tuesday\""), "{}", all.stdout);

    let page = run_with_key(
        &fake,
        &credentials("list", &["--limit", "2", "--format", "table"]),
    );
    assert!(
        page.stdout.contains("next page: --page-cursor "),
        "{}",
        page.stdout
    );

    let entrances = run_with_key(
        &fake,
        &credentials(
            "list-accessible-entrances",
            &[
                "--acs-credential-id",
                MOBILE_KEY_CREDENTIAL,
                "--format",
                "table",
            ],
        ),
    );
    let lines: Vec<&str> = entrances.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", entrances.stdout);
    assert!(lines[0].starts_with("acs_entrance_id") && lines[1].contains("Lobby"));
    assert!(lines[2].contains("Room 101"));
}

#[test]
fn a_personal_access_token_and_the_options_configure_the_client() {
    let fake = fake();
    let get = credentials("get", &["--acs-credential-id", PIN_CREDENTIAL]);
    let token = [
        ("SEAM_PERSONAL_ACCESS_TOKEN", PERSONAL_ACCESS_TOKEN),
        ("SEAM_WORKSPACE_ID", WORKSPACE),
        ("SEAM_ENDPOINT", fake.url()),
    ];
    assert_eq!(
        run(&token, &get).json()["acs_credential_id"],
        PIN_CREDENTIAL
    );
    assert_eq!(
        fake.requests()["last"]["headers"]["seam-workspace"],
        WORKSPACE
    );

    // --workspace-id instead of SEAM_WORKSPACE_ID; --endpoint over SEAM_ENDPOINT.
    let dead = "http://127.0.0.1:9";
    let env = [
        ("SEAM_PERSONAL_ACCESS_TOKEN", PERSONAL_ACCESS_TOKEN),
        ("SEAM_ENDPOINT", dead),
    ];
    let mut args = vec!["--workspace-id", WORKSPACE, "--endpoint", fake.url()];
    args.extend(&get);
    assert_eq!(run(&env, &args).json()["acs_credential_id"], PIN_CREDENTIAL);
    // Global options also go after the command.
    let mut args = get.clone();
    args.extend([
        "--workspace-id",
        WORKSPACE,
        "--endpoint",
        fake.url(),
        "--timeout",
        "5",
    ]);
    assert_eq!(run(&env, &args).json()["acs_credential_id"], PIN_CREDENTIAL);
}
