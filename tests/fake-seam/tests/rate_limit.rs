// Test support code outside #[test] fns: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The rate-limit mode: N requests a second per credential, then 429 with `Retry-After`.

mod common;

use std::time::Duration;

use common::*;
use fake_seam::{ids, FakeSeam};
use serde_json::json;

#[test]
fn over_the_limit_is_a_429_with_retry_after_counted_apart() {
    let fake = FakeSeam::start().unwrap();
    let url = fake.url();
    let list = |auth: &Headers| call_as(url, auth, "GET", ids::LIST_ROUTE, &json!({}));
    // One a second: the second request of the same second is refused, however slow the machine.
    assert_eq!(
        control(url, "POST", "/_fake/rate_limit", &json!({"per_second": 1})),
        json!({"ok": true, "per_second": 1.0})
    );
    assert_eq!(list(&api_key()).status, 200);
    let refused = list(&api_key());
    assert_eq!(refused.status, 429);
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert!(refused.header("seam-request-id").is_some());
    let (_, error_type, _) = error_of(&refused);
    assert_eq!(error_type, "rate_limited");
    // Each credential has its own budget; /health has none.
    assert_eq!(list(&pat()).status, 200);
    for _ in 0..5 {
        assert_eq!(call(url, "GET", "/health", &[], "").status, 200);
    }
    let log = requests(url);
    assert_eq!(log["counts"][format!("GET {}", ids::LIST_ROUTE)], 2);
    assert_eq!(log["rate_limited"][format!("GET {}", ids::LIST_ROUTE)], 1);

    // Waiting as told is enough.
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(list(&api_key()).status, 200);

    // null lifts it.
    control(
        url,
        "POST",
        "/_fake/rate_limit",
        &json!({"per_second": null}),
    );
    for _ in 0..10 {
        assert_eq!(list(&api_key()).status, 200);
    }
    let bad = call(
        url,
        "POST",
        "/_fake/rate_limit",
        &[],
        &json!({"per_second": 0}).to_string(),
    );
    assert_eq!(bad.status, 400);
}
