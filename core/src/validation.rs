//! Checks on arguments, done before anything is sent: each one the API's schema implies, each
//! failure an [`SeamError::InvalidInput`] that names the parameter.

use crate::error::SeamError;
use crate::models::OpenEnum;

/// Longest excerpt of a rejected value quoted back in an error.
const QUOTE_LIMIT: usize = 40;

/// An id parameter: a UUID in the canonical form.
pub(crate) fn id(parameter: &str, value: &str) -> Result<(), SeamError> {
    check_uuid(value).map_err(|reason| SeamError::invalid_input(parameter, reason))
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
#[cfg(test)]
fn exactly_one<'a>(
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

/// The checks of one call's parameters, as the generated `check` functions run them. Each
/// takes the parameter's name and its value (one value, an optional one, or a list, whose
/// elements are named `name[i]`).
pub(crate) struct Checks {
    /// Whether ids must be UUIDs (the client's `check_id_format`).
    ids: bool,
}

impl Checks {
    pub fn of(http: &crate::transport::HttpTransport) -> Self {
        Self {
            ids: http.config().check_id_format,
        }
    }

    pub fn id(&self, parameter: &str, value: &impl Texts) -> Result<(), SeamError> {
        if !self.ids {
            return Ok(());
        }
        value.each(parameter, id)
    }

    pub fn digits(&self, parameter: &str, value: &impl Texts) -> Result<(), SeamError> {
        value.each(parameter, digits)
    }

    pub fn min_length(
        &self,
        parameter: &str,
        value: &impl Texts,
        min: usize,
    ) -> Result<(), SeamError> {
        value.each(parameter, |name, text| {
            let length = text.chars().count();
            match (length, min) {
                (0, 1) => not_empty(name, text),
                (length, min) if length < min => Err(SeamError::invalid_input(
                    name,
                    format!("has {length} characters; at least {min} are needed"),
                )),
                _ => Ok(()),
            }
        })
    }

    pub fn max_length(
        &self,
        parameter: &str,
        value: &impl Texts,
        max: usize,
    ) -> Result<(), SeamError> {
        value.each(parameter, |name, text| {
            let length = text.chars().count();
            if length > max {
                return Err(SeamError::invalid_input(
                    name,
                    format!("has {length} characters; at most {max} are allowed"),
                ));
            }
            Ok(())
        })
    }

    pub fn minimum(&self, parameter: &str, value: &impl Number, min: f64) -> Result<(), SeamError> {
        match value.number() {
            Some(n) if n < min && min == 1.0 => positive(parameter, n as i64),
            Some(n) if n < min => Err(SeamError::invalid_input(
                parameter,
                format!("must be at least {min}, got {n}"),
            )),
            _ => Ok(()),
        }
    }

    // Emitted by the generator for a parameter whose schema states a maximum; no selected
    // parameter has one in this API version.
    #[allow(dead_code)]
    pub fn maximum(&self, parameter: &str, value: &impl Number, max: f64) -> Result<(), SeamError> {
        match value.number() {
            Some(n) if n > max => Err(SeamError::invalid_input(
                parameter,
                format!("must be at most {max}, got {n}"),
            )),
            _ => Ok(()),
        }
    }

    pub fn min_items<T>(&self, parameter: &str, value: &[T], min: usize) -> Result<(), SeamError> {
        if !value.is_empty() && value.len() < min {
            return Err(SeamError::invalid_input(
                parameter,
                format!("has {} elements; at least {min} are needed", value.len()),
            ));
        }
        Ok(())
    }

    pub fn max_items<T>(&self, parameter: &str, value: &[T], max: usize) -> Result<(), SeamError> {
        if value.len() > max {
            return Err(SeamError::invalid_input(
                parameter,
                format!("has {} elements; at most {max} are allowed", value.len()),
            ));
        }
        Ok(())
    }

    /// An enum value the API accepts: a value this SDK does not know is refused, so that a
    /// typo never reaches the API.
    pub fn known(&self, parameter: &str, value: &impl Known) -> Result<(), SeamError> {
        value.check(parameter)
    }

    /// A boolean the API accepts with one value only.
    pub fn constant(
        &self,
        parameter: &str,
        value: &impl Flag,
        only: bool,
    ) -> Result<(), SeamError> {
        match value.flag() {
            Some(given) if given != only => Err(SeamError::invalid_input(
                parameter,
                format!("must be {only} (the API accepts no other value)"),
            )),
            _ => Ok(()),
        }
    }

    /// Exactly one of a group was given.
    pub fn exactly_one(&self, group: &[(&str, bool)]) -> Result<(), SeamError> {
        let given: Vec<&str> = group.iter().filter(|(_, g)| *g).map(|(n, _)| *n).collect();
        match (given.as_slice(), group) {
            ([_], _) => Ok(()),
            ([], [(first, _), (second, _)]) => Err(SeamError::invalid_input(
                first,
                format!("neither {first} nor {second} was given; pass one of them"),
            )),
            ([first, second], [_, _]) => Err(SeamError::invalid_input(
                first,
                format!("{first} and {second} were both given; pass only one of them"),
            )),
            _ => Err(SeamError::invalid_input(
                group.first().map(|(n, _)| *n).unwrap_or_default(),
                format!("give exactly one of {}", names(group)),
            )),
        }
    }

    /// At most one of a group was given.
    pub fn at_most_one(&self, group: &[(&str, bool)]) -> Result<(), SeamError> {
        let given: Vec<&str> = group.iter().filter(|(_, g)| *g).map(|(n, _)| *n).collect();
        match given.as_slice() {
            [first, second, ..] => Err(SeamError::invalid_input(
                first,
                format!(
                    "{first} and {second} were both given; pass at most one of {}",
                    names(group)
                ),
            )),
            _ => Ok(()),
        }
    }

    /// When `(name, true)`, each of `needed` must be given too.
    pub fn requires(
        &self,
        (name, given): (&str, bool),
        needed: &[(&str, bool)],
    ) -> Result<(), SeamError> {
        match needed.iter().find(|(_, g)| !g) {
            Some((missing, _)) if given => Err(SeamError::invalid_input(
                missing,
                format!("is required with {name}"),
            )),
            _ => Ok(()),
        }
    }

    /// When both are given, `later` must be after `earlier`.
    pub fn after(
        &self,
        (later, later_value): (&str, Option<std::time::SystemTime>),
        (earlier, earlier_value): (&str, Option<std::time::SystemTime>),
    ) -> Result<(), SeamError> {
        use crate::models::timestamp::format;
        match (later_value, earlier_value) {
            (Some(l), Some(e)) if l <= e => Err(SeamError::invalid_input(
                later,
                format!("is {}, not after {earlier} ({})", format(l), format(e)),
            )),
            _ => Ok(()),
        }
    }
}

fn names(group: &[(&str, bool)]) -> String {
    group.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// Text parameters: one, optional, or a list (each element named by its index).
pub(crate) trait Texts {
    fn each(
        &self,
        parameter: &str,
        check: impl Fn(&str, &str) -> Result<(), SeamError>,
    ) -> Result<(), SeamError>;
}

impl Texts for String {
    fn each(
        &self,
        parameter: &str,
        check: impl Fn(&str, &str) -> Result<(), SeamError>,
    ) -> Result<(), SeamError> {
        check(parameter, self)
    }
}

impl Texts for Option<String> {
    fn each(
        &self,
        parameter: &str,
        check: impl Fn(&str, &str) -> Result<(), SeamError>,
    ) -> Result<(), SeamError> {
        self.as_deref()
            .map_or(Ok(()), |value| check(parameter, value))
    }
}

impl Texts for Vec<String> {
    fn each(
        &self,
        parameter: &str,
        check: impl Fn(&str, &str) -> Result<(), SeamError>,
    ) -> Result<(), SeamError> {
        self.iter()
            .enumerate()
            .try_for_each(|(i, value)| check(&format!("{parameter}[{i}]"), value))
    }
}

/// Number parameters: one or optional.
pub(crate) trait Number {
    fn number(&self) -> Option<f64>;
}

impl Number for i64 {
    fn number(&self) -> Option<f64> {
        Some(*self as f64)
    }
}

impl Number for Option<i64> {
    fn number(&self) -> Option<f64> {
        self.map(|n| n as f64)
    }
}

impl Number for f64 {
    fn number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl Number for Option<f64> {
    fn number(&self) -> Option<f64> {
        *self
    }
}

/// Boolean parameters: one or optional.
pub(crate) trait Flag {
    fn flag(&self) -> Option<bool>;
}

impl Flag for bool {
    fn flag(&self) -> Option<bool> {
        Some(*self)
    }
}

impl Flag for Option<bool> {
    fn flag(&self) -> Option<bool> {
        *self
    }
}

/// Enum parameters: one, optional, or a list.
pub(crate) trait Known {
    fn check(&self, parameter: &str) -> Result<(), SeamError>;
}

fn known<E: OpenEnum>(parameter: &str, value: &E) -> Result<(), SeamError> {
    value.known().map_err(|unknown| {
        SeamError::invalid_input(
            parameter,
            format!(
                "is {}, which is not one of: {}",
                quote(unknown),
                E::values().join(", ")
            ),
        )
    })
}

impl<E: OpenEnum> Known for E {
    fn check(&self, parameter: &str) -> Result<(), SeamError> {
        known(parameter, self)
    }
}

impl<E: OpenEnum> Known for Option<E> {
    fn check(&self, parameter: &str) -> Result<(), SeamError> {
        self.as_ref()
            .map_or(Ok(()), |value| known(parameter, value))
    }
}

impl<E: OpenEnum> Known for Vec<E> {
    fn check(&self, parameter: &str) -> Result<(), SeamError> {
        self.iter()
            .enumerate()
            .try_for_each(|(i, value)| known(&format!("{parameter}[{i}]"), value))
    }
}

/// A parameter object, checked member by member under its own name (`visionline_metadata.…`).
pub(crate) trait Nested {
    fn check(&self, c: &Checks, path: &str) -> Result<(), SeamError>;
}

/// A parameter object, optional, or a list of them.
pub(crate) trait NestedEach {
    fn check_each(&self, c: &Checks, path: &str) -> Result<(), SeamError>;
}

impl<T: Nested> NestedEach for Option<T> {
    fn check_each(&self, c: &Checks, path: &str) -> Result<(), SeamError> {
        self.as_ref().map_or(Ok(()), |value| value.check(c, path))
    }
}

impl<T: Nested> NestedEach for Vec<T> {
    fn check_each(&self, c: &Checks, path: &str) -> Result<(), SeamError> {
        self.iter()
            .enumerate()
            .try_for_each(|(i, value)| value.check(c, &format!("{path}[{i}]")))
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
pub(crate) fn quote(value: &str) -> String {
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
