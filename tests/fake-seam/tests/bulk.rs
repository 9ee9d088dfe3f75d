// Test support code outside #[test] fns: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Bulk credentials for benchmarks: made in one call, paged like any others.

mod common;

use std::collections::HashSet;

use common::*;
use fake_seam::{ids, FakeSeam};
use serde_json::json;

#[test]
fn seeded_credentials_page_in_list_order_once_each() {
    let fake = FakeSeam::start().unwrap();
    let url = fake.url();
    let made = control(
        url,
        "POST",
        "/_fake/seed_credentials",
        &json!({"count": 1100, "acs_user_id": ids::OTHER_ACS_USER}),
    );
    assert_eq!(
        made,
        json!({"ok": true, "created": 1100, "acs_credentials": 1109})
    );
    assert_eq!(fake.seed_credentials(100, None).unwrap(), 1209);

    let mut seen = Vec::new();
    let mut pages = 0;
    let mut params = json!({"acs_user_id": ids::OTHER_ACS_USER});
    loop {
        let page = ok(url, "GET", ids::LIST_ROUTE, &params);
        pages += 1;
        seen.extend(ids_of(&page));
        match page["pagination"]["next_page_cursor"].as_str() {
            Some(cursor) => params["page_cursor"] = json!(cursor),
            None => break,
        }
    }
    // 1100 seeded for John and his cloud key, in 500s, newest first.
    assert_eq!((seen.len(), pages), (1101, 3));
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len());
    assert_eq!(
        seen.last().map(String::as_str),
        Some(ids::CLOUD_KEY_CREDENTIAL)
    );
    let mut sorted = seen[..1100].to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(sorted, seen[..1100]);

    let one = ok(
        url,
        "GET",
        ids::GET_ROUTE,
        &json!({"acs_credential_id": seen[0]}),
    );
    assert_eq!(one["acs_credential"]["acs_user_id"], ids::OTHER_ACS_USER);
    assert_eq!(one["acs_credential"]["access_method"], "code");

    // The next page's URL carries every parameter, arrays as repeated names.
    let first = sdk_ok(
        url,
        "GET",
        "/acs/entrances/list",
        &json!({"limit": 1, "acs_entrance_ids": [ids::LOBBY_ENTRANCE, ids::GYM_ENTRANCE]}),
    );
    let next = first["pagination"]["next_page_url"].as_str().unwrap();
    assert!(
        next.contains(&format!(
            "acs_entrance_ids={}&acs_entrance_ids={}&limit=1&page_cursor=",
            ids::LOBBY_ENTRANCE,
            ids::GYM_ENTRANCE
        )),
        "{next}"
    );
    let auth = format!("Bearer {API_KEY}");
    let second = call(
        url,
        "GET",
        next.strip_prefix(url).unwrap(),
        &[("authorization", &auth)],
        "",
    )
    .json();
    assert_eq!(
        second["acs_entrances"][0]["acs_entrance_id"],
        ids::LOBBY_ENTRANCE
    );
    assert_eq!(second["pagination"]["has_next_page"], false);

    let bad = call(
        url,
        "POST",
        "/_fake/seed_credentials",
        &[],
        r#"{"count": 1, "acs_user_id": "nobody"}"#,
    );
    assert_eq!(bad.status, 400);
    fake.reset();
    assert_eq!(
        ids_of(&ok(url, "GET", ids::LIST_ROUTE, &json!({}))).len(),
        9
    );
}
