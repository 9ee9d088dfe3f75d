//! What a command prints on stdout: the API's objects as JSON (the models' `Serialize`, which
//! writes the API's own field names and keeps what the model does not know), one object per
//! line for a streamed list, or an aligned table of the main fields for people.

use std::collections::HashMap;
use std::io::{self, Write};
use std::time::SystemTime;

use seam_core::{AcsCredential, AcsCredentialsPage, AcsEntrance};
use serde::Serialize;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// An object, pretty-printed.
pub fn json(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// An object on one line (JSON Lines).
pub fn json_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// Rows of the API's field names and values, printed in aligned columns.
pub struct Table {
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
}

const CREDENTIAL_COLUMNS: &[&str] = &[
    "acs_credential_id",
    "display_name",
    "access_method",
    "acs_user_id",
    "code",
    "starts_at",
    "ends_at",
    "warnings",
];

const ENTRANCE_COLUMNS: &[&str] = &[
    "acs_entrance_id",
    "display_name",
    "acs_system_id",
    "is_locked",
    "warnings",
];

impl Table {
    pub fn credentials<'a>(credentials: impl IntoIterator<Item = &'a AcsCredential>) -> Self {
        let rows = credentials
            .into_iter()
            .map(|c| {
                let kept = &c.unknown_fields;
                vec![
                    c.acs_credential_id.clone(),
                    c.display_name.clone(),
                    c.access_method.to_string(),
                    text(c.acs_user_id.as_deref(), kept, "acs_user_id"),
                    text(c.code.as_deref(), kept, "code"),
                    moment(c.starts_at, kept, "starts_at"),
                    moment(c.ends_at, kept, "ends_at"),
                    c.warnings.len().to_string(),
                ]
            })
            .collect();
        Self {
            headers: CREDENTIAL_COLUMNS,
            rows,
        }
    }

    pub fn entrances(entrances: &[AcsEntrance]) -> Self {
        let rows = entrances
            .iter()
            .map(|e| {
                vec![
                    e.acs_entrance_id.clone(),
                    e.display_name.clone(),
                    e.acs_system_id.clone(),
                    e.is_locked.map_or_else(
                        || kept_or_dash(&e.unknown_fields, "is_locked"),
                        |b| b.to_string(),
                    ),
                    e.warnings.len().to_string(),
                ]
            })
            .collect();
        Self {
            headers: ENTRANCE_COLUMNS,
            rows,
        }
    }

    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| row.iter().map(|cell| printable(cell)).collect())
            .collect();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.len()).collect();
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let headers: Vec<String> = self.headers.iter().map(|h| (*h).to_owned()).collect();
        for row in std::iter::once(&headers).chain(&rows) {
            let mut line = String::new();
            for (cell, width) in row.iter().zip(&widths) {
                line.push_str(cell);
                let pad = width.saturating_sub(cell.chars().count());
                line.push_str(&" ".repeat(pad + 2));
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// A page as a table, then where the next page starts.
pub fn page_table(out: &mut impl Write, page: &AcsCredentialsPage) -> io::Result<()> {
    Table::credentials(&page.acs_credentials).write(out)?;
    if let Some(cursor) = page.pagination.next_page_cursor.as_deref() {
        if page.pagination.has_next_page {
            writeln!(out, "\nnext page: --page-cursor {}", printable(cursor))?;
        }
    }
    Ok(())
}

/// A typed text, or the JSON text kept when the API's value did not read, or `-`.
fn text(value: Option<&str>, kept: &HashMap<String, String>, name: &str) -> String {
    value.map_or_else(|| kept_or_dash(kept, name), str::to_owned)
}

/// A timestamp in UTC to the second, or the kept text, or `-`.
fn moment(value: Option<SystemTime>, kept: &HashMap<String, String>, name: &str) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    value.map_or_else(
        || kept_or_dash(kept, name),
        |t| {
            let utc = OffsetDateTime::from(t).to_offset(UtcOffset::UTC);
            utc.format(&format).unwrap_or_else(|_| utc.to_string())
        },
    )
}

fn kept_or_dash(kept: &HashMap<String, String>, name: &str) -> String {
    kept.get(name).cloned().unwrap_or_else(|| "-".to_owned())
}

/// A cell as it may go to a terminal: control characters (escape sequences included) are
/// shown escaped, never sent, whatever the server put in a name.
fn printable(cell: &str) -> String {
    if !cell.chars().any(char::is_control) {
        return cell.to_owned();
    }
    cell.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_columns_and_escape_control_characters() {
        let table = Table {
            headers: &["id", "name"],
            rows: vec![
                vec!["1".into(), "Lobby".into()],
                vec!["22222".into(), "evil\u{1b}[2J".into()],
            ],
        };
        let mut out = Vec::new();
        table.write(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id     name\n1      Lobby\n22222  evil\\u{1b}[2J\n"
        );
    }
}
