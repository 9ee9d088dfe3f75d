//! What the generated command line (`generated.rs`) is made of: the description of an
//! endpoint, and the conversion of its parsed options into the call's parameters (a JSON
//! object of the API's names). Values are not checked here: the core checks them before
//! anything is sent; only text the core takes typed (timestamps, JSON) is read here.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Arg, ArgMatches, Command};
use seam_core::SeamError;
use serde_json::{Map, Number, Value};

use crate::timestamp;

/// One endpoint's command.
#[derive(Debug)]
pub struct Endpoint {
    /// `acs.credentials.assign`: the operation `Seam::call_json` runs.
    pub operation: &'static str,
    /// `["acs", "credentials", "assign"]`: the command's path.
    pub command: &'static [&'static str],
    pub answer: Answer,
}

/// What a call answers, for printing.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    /// Only `ok`: nothing is printed.
    Nothing,
    /// One object of this record.
    One(&'static str),
    /// A list of objects of this record.
    List(&'static str),
    /// A page: its objects under `items`, and its pagination.
    Page {
        items: &'static str,
        record: &'static str,
    },
    /// A value no table is made of.
    #[allow(dead_code)] // for the generator: no endpoint answers one today
    Value,
}

/// How a table shows a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// A string as it is.
    Text,
    /// A moment, in UTC to the second.
    Time,
    /// A list, by its length.
    Count,
    /// Anything else, as JSON.
    Json,
}

/// An enum's values for the help and the completions, without refusing newer ones: a value
/// this tool does not know is sent as given (the core accepts it too).
pub fn open(values: &'static [&'static str]) -> OpenValues {
    OpenValues(values)
}

#[derive(Clone)]
pub struct OpenValues(&'static [&'static str]);

impl TypedValueParser for OpenValues {
    type Value = String;

    fn parse_ref(
        &self,
        command: &Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|v| PossibleValue::new(*v))))
    }
}

/// The parameters of a call, built from its command's options: each option's value goes
/// under its path of API names (`visionline_metadata` → `card_format`); an object is there
/// only when one of its members was given. The generator uses a method per kind of value;
/// some kinds no parameter of today's API has.
pub struct Params<'a> {
    matches: &'a ArgMatches,
    map: Map<String, Value>,
}

#[allow(dead_code)]
impl<'a> Params<'a> {
    pub fn new(matches: &'a ArgMatches) -> Self {
        Self {
            matches,
            map: Map::new(),
        }
    }

    pub fn into_map(self) -> Map<String, Value> {
        self.map
    }

    fn one<T: Clone + Send + Sync + 'static>(&self, id: &str) -> Option<T> {
        self.matches.try_get_one::<T>(id).ok().flatten().cloned()
    }

    fn many<T: Clone + Send + Sync + 'static>(&self, id: &str) -> Vec<T> {
        self.matches
            .try_get_many::<T>(id)
            .ok()
            .flatten()
            .map(|values| values.cloned().collect())
            .unwrap_or_default()
    }

    fn put(&mut self, path: &[&str], value: Value) {
        let Some((last, parents)) = path.split_last() else {
            return;
        };
        let mut map = &mut self.map;
        for parent in parents {
            let entry = map
                .entry((*parent).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            let Value::Object(inner) = entry else { return };
            map = inner;
        }
        map.insert((*last).to_owned(), value);
    }

    fn put_list(&mut self, path: &[&str], values: Vec<Value>) {
        if !values.is_empty() {
            self.put(path, Value::Array(values));
        }
    }

    pub fn text(&mut self, id: &str, path: &[&str]) {
        if let Some(text) = self.one::<String>(id) {
            self.put(path, Value::String(text));
        }
    }

    pub fn texts(&mut self, id: &str, path: &[&str]) {
        let values = self
            .many::<String>(id)
            .into_iter()
            .map(Value::String)
            .collect();
        self.put_list(path, values);
    }

    pub fn int(&mut self, id: &str, path: &[&str]) {
        if let Some(n) = self.one::<i64>(id) {
            self.put(path, Value::from(n));
        }
    }

    pub fn ints(&mut self, id: &str, path: &[&str]) {
        let values = self.many::<i64>(id).into_iter().map(Value::from).collect();
        self.put_list(path, values);
    }

    pub fn float(&mut self, id: &str, path: &[&str]) {
        if let Some(n) = self.one::<f64>(id).and_then(Number::from_f64) {
            self.put(path, Value::Number(n));
        }
    }

    pub fn floats(&mut self, id: &str, path: &[&str]) {
        let values = self
            .many::<f64>(id)
            .into_iter()
            .filter_map(Number::from_f64)
            .map(Value::Number)
            .collect();
        self.put_list(path, values);
    }

    pub fn flag(&mut self, id: &str, path: &[&str]) {
        if let Some(b) = self.one::<bool>(id) {
            self.put(path, Value::Bool(b));
        }
    }

    /// A moment given as `option`, read here (with an offset), sent in RFC 3339.
    pub fn time(&mut self, id: &str, option: &str, path: &[&str]) -> Result<(), SeamError> {
        if let Some(text) = self.one::<String>(id) {
            let moment = timestamp::parse(option, &text)?;
            self.put(path, Value::String(timestamp::format(moment)));
        }
        Ok(())
    }

    pub fn times(&mut self, id: &str, option: &str, path: &[&str]) -> Result<(), SeamError> {
        let values = self
            .many::<String>(id)
            .iter()
            .map(|text| timestamp::parse(option, text).map(|m| Value::String(timestamp::format(m))))
            .collect::<Result<Vec<_>, _>>()?;
        self.put_list(path, values);
        Ok(())
    }

    pub fn json(&mut self, id: &str, option: &str, path: &[&str]) -> Result<(), SeamError> {
        if let Some(text) = self.one::<String>(id) {
            let value = read_json(option, &text)?;
            self.put(path, value);
        }
        Ok(())
    }

    /// A list given as JSON: each option one element, or an array of several.
    pub fn jsons(&mut self, id: &str, option: &str, path: &[&str]) -> Result<(), SeamError> {
        let mut values = Vec::new();
        for text in self.many::<String>(id) {
            match read_json(option, &text)? {
                Value::Array(items) => values.extend(items),
                one => values.push(one),
            }
        }
        self.put_list(path, values);
        Ok(())
    }
}

fn read_json(option: &str, text: &str) -> Result<Value, SeamError> {
    serde_json::from_str(text).map_err(|e| SeamError::InvalidInput {
        parameter: option.to_owned(),
        reason: format!("not JSON ({e})"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ArgAction;
    use serde_json::json;

    fn matches(args: &[&str]) -> ArgMatches {
        Command::new("t")
            .arg(Arg::new("a").long("a"))
            .arg(
                Arg::new("o.b")
                    .long("o-b")
                    .value_parser(clap::value_parser!(bool)),
            )
            .arg(Arg::new("o.c").long("o-c").action(ArgAction::Append))
            .arg(Arg::new("j").long("j").action(ArgAction::Append))
            .arg(Arg::new("t").long("t"))
            .try_get_matches_from(std::iter::once("t").chain(args.iter().copied()))
            .unwrap_or_else(|e| e.exit())
    }

    fn params(args: &[&str]) -> Result<Value, SeamError> {
        let m = matches(args);
        let mut p = Params::new(&m);
        p.text("a", &["a"]);
        p.flag("o.b", &["o", "b"]);
        p.texts("o.c", &["o", "c"]);
        p.jsons("j", "--j", &["j"])?;
        p.time("t", "--t", &["t"])?;
        Ok(Value::Object(p.into_map()))
    }

    #[test]
    fn options_become_the_api_parameters_and_objects_only_when_given() {
        assert_eq!(params(&[]).ok(), Some(json!({})));
        assert_eq!(
            params(&[
                "--a",
                "x",
                "--o-b",
                "false",
                "--o-c",
                "1",
                "--o-c",
                "2",
                "--j",
                "{\"k\": 1}",
                "--j",
                "[2, 3]",
                "--t",
                "2030-01-01T02:00:00+02:00"
            ])
            .ok(),
            Some(json!({
                "a": "x",
                "o": {"b": false, "c": ["1", "2"]},
                "j": [{"k": 1}, 2, 3],
                "t": "2030-01-01T00:00:00Z",
            }))
        );
    }

    #[test]
    fn text_that_does_not_read_names_its_option() {
        for (args, message) in [
            (&["--j", "{oops"][..], "invalid --j: not JSON"),
            (
                &["--t", "2030-01-01"][..],
                "invalid --t: \"2030-01-01\" is a date",
            ),
        ] {
            let error = params(args)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(error.starts_with(message), "{error}");
        }
    }
}
