//! What a command prints on stdout: the API's JSON as the core answered it (pretty, or one
//! object per line for a streamed list and bulk mode), or an aligned table of a model's main
//! fields for people (`--format table`, columns from `generated::TABLES`).
//!
//! The core's JSON is never parsed to be printed: it is re-indented as text, so that field
//! order, numbers past f64's precision and what the model does not know are printed exactly
//! as the API sent them.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::value::RawValue;
use serde_json::Value;
use time::format_description::well_known::{Iso8601, Rfc3339};
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

use crate::generated::TABLES;
use crate::options::{Answer, Column};

/// JSON text, pretty-printed (two spaces, as `serde_json::to_writer_pretty`).
pub fn json(out: &mut impl Write, text: &str) -> io::Result<()> {
    let mut pretty = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.trim().chars().peekable();
    let newline = |pretty: &mut String, depth: usize| {
        pretty.push('\n');
        pretty.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            pretty.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                pretty.push(c);
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                pretty.push(c);
                if chars.peek() == Some(&close) {
                    chars.next();
                    pretty.push(close);
                } else {
                    depth += 1;
                    newline(&mut pretty, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut pretty, depth);
                pretty.push(c);
            }
            ',' => {
                pretty.push(',');
                newline(&mut pretty, depth);
            }
            ':' => pretty.push_str(": "),
            c if c.is_whitespace() => {}
            c => pretty.push(c),
        }
    }
    pretty.push('\n');
    out.write_all(pretty.as_bytes())
}

/// JSON text on one line (JSON Lines); the core's JSON has no line breaks outside strings,
/// but what it kept as the API sent it might.
pub fn json_line(out: &mut impl Write, text: &str) -> io::Result<()> {
    if text.contains('\n') {
        let compact: Value = serde_json::from_str(text).map_err(io::Error::other)?;
        serde_json::to_writer(&mut *out, &compact)?;
    } else {
        out.write_all(text.as_bytes())?;
    }
    out.write_all(b"\n")
}

/// The objects of a page's JSON, each as its exact text; and whether another page follows,
/// with its cursor.
pub struct Page {
    pub items: Vec<Box<RawValue>>,
    pub next_cursor: Option<String>,
}

pub fn page(text: &str, items: &str) -> io::Result<Page> {
    let mut members: HashMap<String, Box<RawValue>> =
        serde_json::from_str(text).map_err(io::Error::other)?;
    let items = match members.remove(items) {
        Some(raw) => serde_json::from_str(raw.get()).map_err(io::Error::other)?,
        None => Vec::new(),
    };
    let pagination: Value = members
        .remove("pagination")
        .map(|raw| serde_json::from_str(raw.get()))
        .transpose()
        .map_err(io::Error::other)?
        .unwrap_or(Value::Null);
    let next_cursor = (pagination.get("has_next_page") == Some(&Value::Bool(true)))
        .then(|| {
            pagination
                .get("next_page_cursor")?
                .as_str()
                .map(str::to_owned)
        })
        .flatten();
    Ok(Page { items, next_cursor })
}

/// An answer as `--format` says.
pub fn answer(out: &mut impl Write, answer: Answer, text: &str, table: bool) -> io::Result<()> {
    match (answer, table) {
        (Answer::Nothing, _) => Ok(()),
        (_, false) | (Answer::Value, true) => json(out, text),
        (Answer::One(record), true) => {
            let value: Value = serde_json::from_str(text).map_err(io::Error::other)?;
            Table::new(record, std::slice::from_ref(&value)).write(out)
        }
        (Answer::List(record), true) => {
            let values: Vec<Value> = serde_json::from_str(text).map_err(io::Error::other)?;
            Table::new(record, &values).write(out)
        }
        (Answer::Page { items, record }, true) => {
            let page = page(text, items)?;
            let values = values(&page.items)?;
            Table::new(record, &values).write(out)?;
            if let Some(cursor) = page.next_cursor {
                writeln!(out, "\nnext page: --page-cursor {}", printable(&cursor))?;
            }
            Ok(())
        }
    }
}

pub fn values(items: &[Box<RawValue>]) -> io::Result<Vec<Value>> {
    items
        .iter()
        .map(|raw| serde_json::from_str(raw.get()).map_err(io::Error::other))
        .collect()
}

/// Rows of the API's field names and values, printed in aligned columns.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// The objects of `record`, in its columns (every top-level member, if it has none).
    pub fn new(record: &str, values: &[Value]) -> Self {
        let columns: Vec<(String, Column)> = match TABLES.iter().find(|(name, _)| *name == record) {
            Some((_, columns)) if !columns.is_empty() => columns
                .iter()
                .map(|(name, column)| ((*name).to_owned(), *column))
                .collect(),
            _ => values
                .first()
                .and_then(Value::as_object)
                .map(|o| o.keys().map(|k| (k.clone(), Column::Json)).collect())
                .unwrap_or_default(),
        };
        let rows = values
            .iter()
            .map(|value| {
                columns
                    .iter()
                    .map(|(name, column)| cell(value.get(name), *column))
                    .collect()
            })
            .collect();
        Self {
            headers: columns.into_iter().map(|(name, _)| name).collect(),
            rows,
        }
    }

    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| row.iter().map(|cell| printable(cell)).collect())
            .collect();
        let mut widths: Vec<usize> = self.headers.iter().map(String::len).collect();
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        for row in std::iter::once(&self.headers).chain(&rows) {
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

/// A value as a table shows it: a string as it is, a moment in UTC to the second, a list by
/// its length, absent as `-`; what is not of its column's kind (a time that does not read) as
/// the API sent it, in JSON.
fn cell(value: Option<&Value>, column: Column) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    match (value, column) {
        (None | Some(Value::Null), Column::Count) => "0".to_owned(),
        (None | Some(Value::Null), _) => "-".to_owned(),
        (Some(Value::String(text)), Column::Text) => text.clone(),
        (Some(Value::String(text)), Column::Time) => OffsetDateTime::parse(text, &Rfc3339)
            .or_else(|_| OffsetDateTime::parse(text, &Iso8601::PARSING))
            .ok()
            .and_then(|t| t.to_offset(UtcOffset::UTC).format(&format).ok())
            .unwrap_or_else(|| Value::String(text.clone()).to_string()),
        (Some(Value::Array(items)), Column::Count) => items.len().to_string(),
        (Some(other), _) => other.to_string(),
    }
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
    use serde_json::json;

    fn pretty(text: &str) -> String {
        let mut out = Vec::new();
        json(&mut out, text).unwrap_or_default();
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn json_is_indented_as_serde_does_it_keeping_the_text() {
        let text = r#"{"b":[1,{"x":"a,b:{c}\"]"}],"a":{},"n":18446744073709551615123,"e":[ ]}"#;
        let value: Value = serde_json::from_str(text).unwrap_or_default();
        let expected = serde_json::to_string_pretty(&value).unwrap_or_default();
        // serde_json's map is sorted; the text keeps the API's order and digits.
        assert_eq!(
            pretty(text),
            "{\n  \"b\": [\n    1,\n    {\n      \"x\": \"a,b:{c}\\\"]\"\n    }\n  ],\n  \"a\": {},\n  \
             \"n\": 18446744073709551615123,\n  \"e\": []\n}\n"
        );
        assert!(expected.contains("\"a\": {}"));
        assert_eq!(pretty("[]"), "[]\n");
        assert_eq!(pretty("null"), "null\n");
    }

    #[test]
    fn tables_align_columns_and_escape_control_characters() {
        let table = Table {
            headers: vec!["id".into(), "name".into()],
            rows: vec![
                vec!["1".into(), "Lobby".into()],
                vec!["22222".into(), "evil\u{1b}[2J".into()],
            ],
        };
        let mut out = Vec::new();
        table.write(&mut out).unwrap_or_default();
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "id     name\n1      Lobby\n22222  evil\\u{1b}[2J\n"
        );
    }

    #[test]
    fn cells_show_each_kind() {
        assert_eq!(cell(None, Column::Text), "-");
        assert_eq!(cell(None, Column::Count), "0");
        assert_eq!(cell(Some(&json!([1, 2])), Column::Count), "2");
        assert_eq!(
            cell(Some(&json!("2024-04-12T05:56:22.396+02:00")), Column::Time),
            "2024-04-12T03:56:22Z"
        );
        assert_eq!(
            cell(Some(&json!("next tuesday")), Column::Time),
            "\"next tuesday\""
        );
        assert_eq!(cell(Some(&json!(true)), Column::Json), "true");
    }
}
