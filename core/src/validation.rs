//! Checks on arguments, done before anything is sent: each one the API's schema implies, each
//! failure an [`SeamError::InvalidInput`] that names the parameter.

use crate::error::SeamError;

/// Longest excerpt of a rejected value quoted back in an error.
const QUOTE_LIMIT: usize = 40;

/// An id parameter: a UUID in the canonical form.
pub(crate) fn id(parameter: &str, value: &str) -> Result<(), SeamError> {
    check_uuid(value).map_err(|reason| SeamError::invalid_input(parameter, reason))
}

/// An optional id parameter.
pub(crate) fn optional_id(parameter: &str, value: Option<&str>) -> Result<(), SeamError> {
    value.map_or(Ok(()), |value| id(parameter, value))
}

/// A PIN code: decimal digits only (the schema's `^\d+$`).
pub(crate) fn digits(parameter: &str, value: &str) -> Result<(), SeamError> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    let reason = match value.chars().find(|c| !c.is_ascii_digit()) {
        None => "is empty; expected one or more digits such as \"1234\"".to_owned(),
        Some(c) => format!(
            "contains {c:?}, which is not a digit: {}; expected digits only, such as \"1234\"",
            quote(value)
        ),
    };
    Err(SeamError::invalid_input(parameter, reason))
}

/// A search text: at least one character (the schema's `minLength: 1`).
pub(crate) fn not_empty(parameter: &str, value: &str) -> Result<(), SeamError> {
    if value.is_empty() {
        return Err(SeamError::invalid_input(
            parameter,
            "is empty; expected at least one character",
        ));
    }
    Ok(())
}

/// A page size: a positive number.
pub(crate) fn positive(parameter: &str, value: i64) -> Result<(), SeamError> {
    if value <= 0 {
        return Err(SeamError::invalid_input(
            parameter,
            format!("must be a positive number, got {value}"),
        ));
    }
    Ok(())
}

/// Exactly one of two alternatives; returns the one given, by its parameter name.
pub(crate) fn exactly_one<'a>(
    (first, first_value): (&'static str, Option<&'a str>),
    (second, second_value): (&'static str, Option<&'a str>),
) -> Result<(&'static str, &'a str), SeamError> {
    match (first_value, second_value) {
        (Some(value), None) => Ok((first, value)),
        (None, Some(value)) => Ok((second, value)),
        (Some(_), Some(_)) => Err(SeamError::invalid_input(
            first,
            format!("{first} and {second} were both given; pass only one of them"),
        )),
        (None, None) => Err(SeamError::invalid_input(
            first,
            format!("neither {first} nor {second} was given; pass one of them"),
        )),
    }
}

/// Checks that `value` is a UUID in the canonical 8-4-4-4-12 hexadecimal form (either
/// case). On failure, says what is wrong with it.
pub(crate) fn check_uuid(value: &str) -> Result<(), String> {
    const EXAMPLE: &str = "33333333-3333-3333-3333-333333333333";
    // The common case without allocating; the rest explains what is wrong.
    if value.len() == 36
        && value.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
    {
        return Ok(());
    }
    if value.is_empty() {
        return Err(format!("is empty; expected a UUID such as {EXAMPLE}"));
    }
    if value.trim().is_empty() {
        return Err(format!("is blank; expected a UUID such as {EXAMPLE}"));
    }
    let lengths: Vec<usize> = value.split('-').map(|g| g.chars().count()).collect();
    let length = value.chars().count();
    let hex_and_hyphens = value.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    let what = if value.chars().any(char::is_control) {
        "contains a control character".to_owned()
    } else if let Some(c) = value.chars().find(|c| !c.is_ascii()) {
        format!(
            "contains the non-ASCII character {c:?} (U+{:04X})",
            u32::from(c)
        )
    } else if lengths == [8, 4, 4, 4, 12] {
        "contains a character that is not a hexadecimal digit".to_owned()
    } else if hex_and_hyphens && lengths.len() == 5 && length < 36 {
        format!(
            "has groups of {} characters; a UUID has 8-4-4-4-12 (is it truncated?)",
            lengths
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join("-")
        )
    } else {
        format!("is not in the 8-4-4-4-12 form ({length} characters)")
    };
    Err(format!(
        "{what}: {}; expected a UUID such as {EXAMPLE}",
        quote(value)
    ))
}

/// The start of a rejected value, escaped, so that a huge or binary value stays readable.
fn quote(value: &str) -> String {
    let count = value.chars().count();
    if count <= QUOTE_LIMIT {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(QUOTE_LIMIT).collect();
        format!("{head:?}… ({count} characters)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uuids_in_either_case_pass() {
        assert!(check_uuid("33333333-3333-3333-3333-333333333333").is_ok());
        assert!(check_uuid("ABCDEF01-2345-6789-abcd-ef0123456789").is_ok());
    }

    #[test]
    fn the_docs_truncated_uuid_is_named_as_truncated() {
        let why = check_uuid("66666666-6666-6666-6666-66666666").unwrap_err();
        assert!(why.contains("8-4-4-4-8"), "{why}");
        assert!(why.contains("truncated"), "{why}");
        assert!(
            why.contains("\"66666666-6666-6666-6666-66666666\""),
            "{why}"
        );
    }

    #[test]
    fn other_forms_are_rejected_with_a_reason() {
        let cases = [
            ("", "is empty"),
            ("   ", "is blank"),
            ("{33333333-3333-3333-3333-333333333333}", "8-4-4-4-12 form"),
            (
                "urn:uuid:33333333-3333-3333-3333-333333333333",
                "8-4-4-4-12 form",
            ),
            ("33333333333333333333333333333333", "8-4-4-4-12 form"),
            ("3333333g-3333-3333-3333-333333333333", "hexadecimal"),
            ("33333333-3333-3333-3333-33333333333\0", "control character"),
            ("33333333-3333-3333-3333-33333333333٣", "non-ASCII"),
        ];
        for (value, expected) in cases {
            let why = check_uuid(value).unwrap_err();
            assert!(why.contains(expected), "{value:?}: {why}");
        }
    }

    #[test]
    fn a_huge_value_is_quoted_short() {
        let why = check_uuid(&"a".repeat(10_000)).unwrap_err();
        assert!(why.len() < 300, "{why}");
        assert!(why.contains("10000 characters"), "{why}");
    }
    #[test]
    fn codes_searches_and_limits_are_checked() {
        let reason = |r: Result<(), SeamError>| match r {
            Err(SeamError::InvalidInput { parameter, reason }) => format!("{parameter}: {reason}"),
            other => panic!("expected InvalidInput, got {other:?}"),
        };
        assert!(digits("code", "0123").is_ok());
        assert!(reason(digits("code", "12a4")).contains("'a'"));
        assert!(reason(digits("code", "")).starts_with("code: is empty"));
        assert!(reason(digits("code", "١٢")).contains("not a digit"));
        assert!(not_empty("search", "x").is_ok());
        assert!(reason(not_empty("search", "")).starts_with("search: is empty"));
        assert!(positive("limit", 1).is_ok());
        assert!(reason(positive("limit", 0)).contains("got 0"));
        assert!(reason(positive("limit", -3)).contains("got -3"));
        assert_eq!(
            exactly_one(("acs_user_id", Some("a")), ("user_identity_id", None)).unwrap(),
            ("acs_user_id", "a")
        );
        let both = exactly_one(("acs_user_id", Some("a")), ("user_identity_id", Some("b")));
        assert!(reason(both.map(drop)).contains("both given"));
        let neither = exactly_one(("acs_user_id", None), ("user_identity_id", None));
        assert!(reason(neither.map(drop)).contains("neither"));
    }
}
