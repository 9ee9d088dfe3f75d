//! Timestamps as the API writes them (ISO 8601) and as the SDK sends them (RFC 3339).

use std::time::SystemTime;

use time::format_description::well_known::iso8601::{Config, EncodedConfig, TimePrecision};
use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Reads the ISO 8601 forms the API's inputs accept: a date and time with an offset
/// (`2024-04-12T03:56:22.396Z`, `…+02:00`, `…+0200`), without one (read as UTC, as the API
/// does), with or without seconds and fractions, in basic or extended form, or a date alone
/// (midnight UTC).
pub(crate) fn parse(text: &str) -> Option<SystemTime> {
    if let Ok(moment) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(moment.into());
    }
    let iso = &Iso8601::PARSING;
    if let Ok(moment) = OffsetDateTime::parse(text, iso) {
        return Some(moment.into());
    }
    if let Ok(moment) = PrimitiveDateTime::parse(text, iso) {
        return Some(moment.assume_utc().into());
    }
    Date::parse(text, iso)
        .ok()
        .map(|date| date.midnight().assume_utc().into())
}

/// Milliseconds, as the API writes them: `2024-04-12T03:56:22.396Z`.
const MILLIS: EncodedConfig = Config::DEFAULT
    .set_time_precision(TimePrecision::Second {
        decimal_digits: std::num::NonZeroU8::new(3),
    })
    .encode();

/// RFC 3339 in UTC with milliseconds (more digits only when the value has them). A moment
/// less than a microsecond from a whole millisecond is that millisecond: a Swift `Date` (a
/// `Double`) cannot hold the API's milliseconds exactly and crosses the FFI up to a few hundred
/// nanoseconds off, which must not print as `22.395999761Z`.
pub(crate) fn format(moment: SystemTime) -> String {
    let utc = OffsetDateTime::from(moment).to_offset(UtcOffset::UTC);
    let off = i64::from(utc.nanosecond() % 1_000_000);
    let utc = match off {
        1..=999 => utc.checked_sub(time::Duration::nanoseconds(off)),
        999_001..=999_999 => utc.checked_add(time::Duration::nanoseconds(1_000_000 - off)),
        _ => None,
    }
    .unwrap_or(utc);
    let text = if utc.nanosecond() % 1_000_000 == 0 {
        utc.format(&Iso8601::<MILLIS>)
    } else {
        utc.format(&Rfc3339)
    };
    // Formatting a valid UTC moment cannot fail; the fallback only keeps this total.
    text.unwrap_or_else(|_| format!("{utc}"))
}

/// `#[serde(serialize_with)]` for a required timestamp parameter: sent in RFC 3339.
pub(crate) fn serialize<S: serde::Serializer>(value: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(*value))
}

/// `#[serde(serialize_with)]` for an optional timestamp parameter.
pub(crate) fn serialize_option<S: serde::Serializer>(
    value: &Option<SystemTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(moment) => serialize(moment, s),
        None => s.serialize_none(),
    }
}

/// `#[serde(serialize_with)]` for a list of timestamps (a time window).
pub(crate) fn serialize_list<S: serde::Serializer>(
    value: &[SystemTime],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(value.iter().map(|moment| format(*moment)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    const MOMENT: u64 = 1_712_894_182_396;

    fn at(millis: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(millis)
    }

    #[test]
    fn reads_the_iso_8601_forms_the_api_accepts() {
        let cases = [
            ("2024-04-12T03:56:22.396Z", at(MOMENT)),
            ("2024-04-12t03:56:22.396z", at(MOMENT)),
            ("2024-04-12T05:56:22.396+02:00", at(MOMENT)),
            ("2024-04-12T03:56:22.396+0000", at(MOMENT)),
            ("2024-04-12T03:56:22+0000", at(MOMENT - 396)),
            ("2024-04-12T03:56:22.396", at(MOMENT)),
            ("2024-04-12T03:56Z", at(MOMENT - 22_396)),
            ("20240412T035622Z", at(MOMENT - 396)),
            (
                "2024-04-12",
                at(MOMENT - (3 * 3600 + 56 * 60 + 22) * 1000 - 396),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), Some(expected), "{text}");
        }
        for text in [
            "",
            "next tuesday",
            "2024-13-01",
            "1712894182",
            "2024-04-12T25:00Z",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn writes_rfc_3339_in_utc_with_milliseconds() {
        assert_eq!(format(at(MOMENT)), "2024-04-12T03:56:22.396Z");
        assert_eq!(format(at(MOMENT - 396)), "2024-04-12T03:56:22.000Z");
        assert_eq!(
            format(at(MOMENT) + Duration::from_nanos(1_500)),
            "2024-04-12T03:56:22.3960015Z"
        );
        assert_eq!(parse(&format(at(MOMENT))), Some(at(MOMENT)));
        // What a Swift `Date` of the API's milliseconds crosses the FFI as.
        assert_eq!(
            format(at(MOMENT) - Duration::from_nanos(239)),
            "2024-04-12T03:56:22.396Z"
        );
        assert_eq!(
            format(at(MOMENT) + Duration::from_nanos(999)),
            "2024-04-12T03:56:22.396Z"
        );
        assert_eq!(
            format(at(MOMENT - 396) - Duration::from_nanos(1)),
            "2024-04-12T03:56:22.000Z"
        );
        assert_eq!(
            format(at(MOMENT) + Duration::from_nanos(1_000)),
            "2024-04-12T03:56:22.396001Z"
        );
    }
}
