//! Property tests of the credential model: objects generated from the schema's shapes (with
//! optional members left out, values that do not read, and unknown keys at every level)
//! always read, and every value the API sent is reachable: written back (`Serialize`), the
//! credential is the object that was sent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::OffsetDateTime;

/// What is sent, and what reading it must give back.
#[derive(Debug, Clone)]
struct Sent {
    input: Value,
    expected: Value,
}

impl Sent {
    fn same(value: Value) -> Self {
        Self {
            input: value.clone(),
            expected: value,
        }
    }
}

/// A moment between 1970 and 2100, written in one of the ISO 8601 forms the API accepts;
/// read back, it is the same moment in the SDK's form.
fn timestamp() -> impl Strategy<Value = Sent> {
    (0i64..4_102_444_800_000, 0..5u8).prop_map(|(millis, form)| {
        let moment =
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000).unwrap();
        let (input, moment) = match form {
            0 => (moment.format(&Rfc3339).unwrap(), moment),
            1 => {
                let local = moment.to_offset(time::UtcOffset::from_hms(2, 0, 0).unwrap());
                (local.format(&Rfc3339).unwrap(), moment)
            }
            2 => (
                moment
                    .format(format_description!(
                        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]+0000"
                    ))
                    .unwrap(),
                moment,
            ),
            3 => (
                moment
                    .format(format_description!(
                        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]"
                    ))
                    .unwrap(),
                moment,
            ),
            _ => {
                let midnight = moment.replace_time(time::Time::MIDNIGHT);
                (
                    midnight
                        .format(format_description!("[year]-[month]-[day]"))
                        .unwrap(),
                    midnight,
                )
            }
        };
        let expected = moment
            .format(format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
            ))
            .unwrap();
        Sent {
            input: Value::String(input),
            expected: Value::String(expected),
        }
    })
}

/// An optional timestamp: left out, null, readable, or text that is no timestamp (kept).
fn optional_timestamp() -> impl Strategy<Value = Option<Sent>> {
    prop_oneof![
        2 => Just(None),
        1 => Just(Some(Sent::same(Value::Null))),
        4 => timestamp().prop_map(Some),
        1 => "[a-z ]{1,12}".prop_map(|junk| Some(Sent::same(Value::String(junk)))),
    ]
}

/// Any JSON value, as an unknown member might hold (large integers and exact decimals too).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Keys no model has: `x_…` cannot be a field of the schema.
fn unknown_members() -> impl Strategy<Value = Vec<(String, Value)>> {
    prop::collection::vec(("x_[a-z]{1,8}", any_json()), 0..3)
}

/// A value of the expected kind, or sometimes one of another (which the model keeps as text).
fn string_or_wrong() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => any::<String>().prop_map(Value::String),
        1 => any::<i64>().prop_map(Value::from),
    ]
}

fn bool_or_wrong() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => any::<bool>().prop_map(Value::Bool),
        1 => "[a-z]{1,4}".prop_map(Value::String),
    ]
}

fn strings() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => prop::collection::vec("[0-9a-f-]{1,36}", 0..3)
            .prop_map(|v| Value::Array(v.into_iter().map(Value::String).collect())),
        1 => Just(json!([1, "a"])),
    ]
}

/// An object of optional members: each present or left out, plus unknown members.
fn object(members: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Sent> {
    let present: Vec<_> = members
        .into_iter()
        .map(|(name, value)| prop::option::of(value).prop_map(move |v| (name, v)))
        .collect();
    (present, unknown_members())
        .prop_map(|(present, unknown)| {
            let mut map = Map::new();
            for (name, value) in present {
                if let Some(value) = value {
                    map.insert(name.to_owned(), value);
                }
            }
            map.extend(unknown);
            Sent::same(Value::Object(map))
        })
        .boxed()
}

fn visionline_metadata() -> BoxedStrategy<Sent> {
    object(vec![
        ("auto_join", bool_or_wrong().boxed()),
        (
            "card_function_type",
            prop_oneof!["guest", "staff", "[a-z]{3,8}"]
                .prop_map(Value::String)
                .boxed(),
        ),
        ("card_id", string_or_wrong().boxed()),
        ("credential_id", string_or_wrong().boxed()),
        ("is_valid", bool_or_wrong().boxed()),
        ("common_acs_entrance_ids", strings().boxed()),
        ("guest_acs_entrance_ids", strings().boxed()),
        ("joiner_acs_credential_ids", strings().boxed()),
    ])
}

fn vostio_metadata() -> BoxedStrategy<Sent> {
    object(vec![
        ("auto_join", bool_or_wrong().boxed()),
        ("door_names", strings().boxed()),
        ("endpoint_id", string_or_wrong().boxed()),
        ("key_id", string_or_wrong().boxed()),
        ("key_issuing_request_id", string_or_wrong().boxed()),
        ("override_guest_acs_entrance_ids", strings().boxed()),
    ])
}

fn akiles_metadata() -> BoxedStrategy<Sent> {
    object(vec![("member_pin_id", string_or_wrong().boxed())])
}

const WARNING_CODES: [&str; 8] = [
    "waiting_to_be_issued",
    "schedule_externally_modified",
    "schedule_modified",
    "being_deleted",
    "unknown_issue_with_acs_credential",
    "needs_to_be_reissued",
    "requested_code_unavailable",
    "a_future_warning",
];

/// A warning of any kind; now and then one without its message, which cannot be typed.
fn warning() -> impl Strategy<Value = Sent> {
    (
        prop::sample::select(&WARNING_CODES[..]),
        prop::option::weighted(0.95, any::<String>()),
        optional_timestamp(),
        prop::option::of(("[0-9]{4}", "[0-9]{4}")),
        unknown_members(),
    )
        .prop_map(|(code, message, created_at, codes, unknown)| {
            let mut input = Map::new();
            input.insert("warning_code".into(), code.into());
            if let Some(message) = message {
                input.insert("message".into(), message.into());
            }
            if let Some((original, new)) = codes {
                input.insert("original_code".into(), original.into());
                input.insert("new_code".into(), new.into());
            }
            input.extend(unknown);
            let mut expected = input.clone();
            if let Some(created_at) = created_at {
                input.insert("created_at".into(), created_at.input);
                expected.insert("created_at".into(), created_at.expected);
            }
            Sent {
                input: Value::Object(input),
                expected: Value::Object(expected),
            }
        })
}

fn error_entry() -> impl Strategy<Value = Sent> {
    (
        "[a-z_]{1,20}",
        any::<String>(),
        optional_timestamp(),
        unknown_members(),
    )
        .prop_map(|(code, message, created_at, unknown)| {
            let mut input = Map::new();
            input.insert("error_code".into(), code.into());
            input.insert("message".into(), message.into());
            input.extend(unknown);
            let mut expected = input.clone();
            if let Some(created_at) = created_at {
                input.insert("created_at".into(), created_at.input);
                expected.insert("created_at".into(), created_at.expected);
            }
            Sent {
                input: Value::Object(input),
                expected: Value::Object(expected),
            }
        })
}

/// A list of objects; if one of them cannot be typed, the list is kept whole, as sent.
fn list(element: impl Strategy<Value = Sent>) -> impl Strategy<Value = Sent> {
    prop::collection::vec(element, 0..4).prop_map(|elements| {
        let input = Value::Array(elements.iter().map(|e| e.input.clone()).collect());
        let readable = elements.iter().all(|e| e.input.get("message").is_some());
        let expected = if readable {
            Value::Array(elements.into_iter().map(|e| e.expected).collect())
        } else {
            input.clone()
        };
        Sent { input, expected }
    })
}

const OPTIONAL_STRINGS: [&str; 9] = [
    "acs_user_id",
    "code",
    "card_number",
    "external_type_display_name",
    "connected_account_id",
    "parent_acs_credential_id",
    "acs_credential_pool_id",
    "user_identity_id",
    "external_type",
];
const OPTIONAL_BOOLS: [&str; 4] = [
    "is_multi_phone_sync_credential",
    "is_issued",
    "is_one_time_use",
    "is_latest_desired_state_synced_with_provider",
];
const OPTIONAL_TIMESTAMPS: [&str; 4] = [
    "starts_at",
    "ends_at",
    "issued_at",
    "latest_desired_state_synced_with_provider_at",
];

/// A whole `acs_credential`: its required members, then every optional one present or not.
fn credential() -> impl Strategy<Value = Sent> {
    let required = (
        "[0-9a-f-]{36}",
        "\\PC{1,30}",
        prop_oneof![
            Just("code".to_owned()),
            Just("card".to_owned()),
            Just("mobile_key".to_owned()),
            Just("cloud_key".to_owned()),
            "[a-z_]{3,12}",
        ],
        timestamp(),
    );
    let strings = prop::collection::vec(prop::option::of(string_or_wrong()), 9);
    let bools = prop::collection::vec(prop::option::of(bool_or_wrong()), 4);
    let times = prop::collection::vec(optional_timestamp(), 4);
    let metadata = (
        prop::option::of(visionline_metadata()),
        prop::option::of(vostio_metadata()),
        prop::option::of(akiles_metadata()),
        prop::option::of(any_json()),
    );
    let lists = (
        prop::option::of(list(error_entry())),
        prop::option::of(list(warning())),
        prop::option::of(any::<bool>()),
        unknown_members(),
    );
    (required, strings, bools, times, metadata, lists).prop_map(
        |(
            (id, name, access_method, created_at),
            strings,
            bools,
            times,
            (visionline, vostio, akiles, latch),
            (errors, warnings, is_managed, unknown),
        )| {
            let mut input = Map::new();
            for (key, value) in [
                ("acs_credential_id", id.clone()),
                ("acs_system_id", id.clone()),
                ("workspace_id", id),
                ("display_name", name),
                ("access_method", access_method),
            ] {
                input.insert(key.into(), value.into());
            }
            for (key, value) in OPTIONAL_STRINGS.iter().zip(strings) {
                if let Some(value) = value {
                    input.insert((*key).into(), value);
                }
            }
            for (key, value) in OPTIONAL_BOOLS.iter().zip(bools) {
                if let Some(value) = value {
                    input.insert((*key).into(), value);
                }
            }
            if let Some(is_managed) = is_managed {
                input.insert("is_managed".into(), is_managed.into());
            }
            if let Some(latch) = latch {
                input.insert("latch_metadata".into(), latch);
            }
            input.extend(unknown);
            let mut expected = input.clone();
            let mut both = |key: &str, sent: Sent| {
                input.insert(key.into(), sent.input);
                expected.insert(key.into(), sent.expected);
            };
            both("created_at", created_at);
            for (key, value) in OPTIONAL_TIMESTAMPS.iter().zip(times) {
                if let Some(value) = value {
                    both(key, value);
                }
            }
            for (key, value) in [
                ("visionline_metadata", visionline),
                ("assa_abloy_vostio_metadata", vostio),
                ("akiles_metadata", akiles),
                ("errors", errors),
                ("warnings", warnings),
            ] {
                if let Some(value) = value {
                    both(key, value);
                }
            }
            // What the model gives when the API leaves these out.
            expected.entry("is_managed").or_insert(Value::Bool(true));
            expected.entry("errors").or_insert(json!([]));
            expected.entry("warnings").or_insert(json!([]));
            Sent {
                input: Value::Object(input),
                expected: Value::Object(expected),
            }
        },
    )
}

/// Null members and empty lists mean "nothing": the model writes neither.
fn normalized(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, v)| {
                    let empty_list = v.as_array().is_some_and(Vec::is_empty);
                    let always_written = matches!(key.as_str(), "errors" | "warnings");
                    !v.is_null() && (always_written || !empty_list)
                })
                .map(|(key, v)| (key.clone(), normalized(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_generated_credential_reads_and_keeps_every_value(sent in credential()) {
        let body = json!({"acs_credential": sent.input, "ok": true}).to_string();
        let credential = seam_core::response::acs_credential(200, body.as_bytes(), None)
            .unwrap_or_else(|e| panic!("{e}\n{body}"));
        // Both sides through the same text parser (serde_json reads some floats 1 ulp off).
        let written: Value = serde_json::from_str(&serde_json::to_string(&credential).unwrap()).unwrap();
        let expected: Value = serde_json::from_str(&sent.expected.to_string()).unwrap();
        prop_assert_eq!(normalized(&written), normalized(&expected), "{}", body);
    }
}

#[test]
fn unknown_values_are_kept_byte_for_byte() {
    let body = r#"{"acs_credential": {"acs_credential_id": "c", "display_name": "d",
        "acs_system_id": "s", "access_method": "code", "workspace_id": "w",
        "created_at": "2024-04-12T03:56:22.396Z", "big": 18446744073709551615,
        "precise": 0.1000000000000000055511151231257827, "nested": {"a": [1.0, 2e3]},
        "visionline_metadata": {"card_function_type": "guest", "zone": 1.50}},
        "ok": true}"#;
    let c = seam_core::response::acs_credential(200, body.as_bytes(), None).unwrap();
    assert_eq!(c.unknown_fields["big"], "18446744073709551615");
    assert_eq!(
        c.unknown_fields["precise"],
        "0.1000000000000000055511151231257827"
    );
    assert_eq!(c.unknown_fields["nested"], r#"{"a": [1.0, 2e3]}"#);
    assert_eq!(
        c.visionline_metadata.unwrap().unknown_fields["zone"],
        "1.50"
    );
}
