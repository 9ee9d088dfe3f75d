//! Timestamps given on the command line (`--starts-at`, `--ends-at`, `--created-before`).
//!
//! The text is read here, before any call, and handed to the core in RFC 3339 (UTC). It reads
//! RFC 3339, or ISO 8601 with an offset (`2024-04-12T05:56:22+02:00`, `20240412T035622Z`). A
//! time without an offset is refused rather than guessed: on a command line it is ambiguous
//! (local time or UTC?), and a credential that opens a door an hour early is not a safe guess.

use std::time::SystemTime;

use seam_core::SeamError;
use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Longest excerpt of a rejected value quoted back in an error.
const QUOTE_LIMIT: usize = 40;

const EXAMPLE: &str = "2024-04-12T03:56:22Z";

/// Reads `text`, given as `option`; the error names the option.
pub fn parse(option: &str, text: &str) -> Result<SystemTime, SeamError> {
    let iso = &Iso8601::PARSING;
    if let Ok(moment) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(moment.into());
    }
    if let Ok(moment) = OffsetDateTime::parse(text, iso) {
        return Ok(moment.into());
    }
    let what = if PrimitiveDateTime::parse(text, iso).is_ok() {
        "has no UTC offset; add Z or +hh:mm"
    } else if Date::parse(text, iso).is_ok() {
        "is a date without a time; add a time and a UTC offset"
    } else {
        "is not an RFC 3339 / ISO 8601 date and time"
    };
    Err(SeamError::InvalidInput {
        parameter: option.to_owned(),
        reason: format!("{} {what}, as in {EXAMPLE}", quote(text)),
    })
}

/// A moment as the core reads a parameter: RFC 3339 in UTC.
pub fn format(moment: SystemTime) -> String {
    let utc = OffsetDateTime::from(moment).to_offset(UtcOffset::UTC);
    utc.format(&Rfc3339).unwrap_or_else(|_| utc.to_string())
}

/// `"text"`, cut after [`QUOTE_LIMIT`] characters.
fn quote(text: &str) -> String {
    let mut excerpt: String = text.chars().take(QUOTE_LIMIT).collect();
    if excerpt.len() < text.len() {
        excerpt.push('…');
    }
    format!("{excerpt:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn at(millis: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(millis)
    }

    #[test]
    fn reads_rfc_3339_and_iso_8601_with_an_offset() {
        let moment = at(1_712_894_182_396);
        for text in [
            "2024-04-12T03:56:22.396Z",
            "2024-04-12T05:56:22.396+02:00",
            "2024-04-12T03:56:22.396+0000",
        ] {
            assert_eq!(parse("--ends-at", text), Ok(moment), "{text}");
        }
        assert_eq!(
            parse("--ends-at", "20240412T035622Z"),
            Ok(at(1_712_894_182_000))
        );
    }

    #[test]
    fn refuses_other_text_naming_the_option() {
        for (text, why) in [
            ("next tuesday", "is not an RFC 3339"),
            ("2024-04-12T03:56:22", "no UTC offset"),
            ("2024-04-12", "date without a time"),
            ("2024-13-01T00:00:00Z", "is not an RFC 3339"),
            ("", "is not an RFC 3339"),
        ] {
            match parse("--starts-at", text) {
                Err(SeamError::InvalidInput { parameter, reason }) => {
                    assert_eq!(parameter, "--starts-at");
                    assert!(reason.contains(why), "{text}: {reason}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        let long = "x".repeat(100);
        let message = parse("--ends-at", &long).unwrap_err().to_string();
        assert!(
            message.contains('…') && !message.contains(&long),
            "{message}"
        );
    }
}
