//! The routes the fake serves and what each one takes, read from `routes.json`: a file the
//! generator writes from the API's facts (never edited by hand), so that the fake refuses what
//! the API's schemas refuse without a hand-written table per route.

use std::collections::HashMap;
use std::io;

use serde::Deserialize;

const ROUTES_JSON: &str = include_str!("routes.json");

#[derive(Deserialize)]
struct RoutesFile {
    routes: Vec<Route>,
}

#[derive(Debug, Deserialize)]
pub struct Route {
    pub path: String,
    /// POST always, and the document's semantic method when it has one.
    pub methods: Vec<String>,
    pub params: Vec<Param>,
    /// Groups of parameters of which exactly one must be given.
    #[serde(default)]
    pub one_of: Vec<Vec<String>>,
    #[serde(default)]
    pub client_session: bool,
    #[serde(default)]
    pub publishable_key: bool,
}

#[derive(Debug, Deserialize)]
pub struct Param {
    pub name: String,
    #[serde(default)]
    pub required: bool,
    pub schema: Schema,
}

/// The facts of one JSON Schema the validator acts on; descriptive keys (`deprecated`,
/// `undocumented`, `default`) are ignored.
#[derive(Debug, Default, Deserialize)]
pub struct Schema {
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(rename = "enum", default)]
    pub allowed: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    pub nullable: bool,
    #[serde(default)]
    pub min_length: Option<usize>,
    #[serde(default)]
    pub max_length: Option<usize>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub minimum: Option<f64>,
    #[serde(default)]
    pub maximum: Option<f64>,
    #[serde(default)]
    pub items: Option<Box<Schema>>,
    #[serde(default)]
    pub min_items: Option<usize>,
    #[serde(default)]
    pub max_items: Option<usize>,
    #[serde(default)]
    pub properties: Option<Vec<Param>>,
}

impl Route {
    pub fn allows(&self, method: &str) -> bool {
        self.methods.iter().any(|m| m == method)
    }
}

pub struct Catalog {
    routes: HashMap<String, Route>,
}

impl Catalog {
    pub fn load() -> io::Result<Catalog> {
        let file: RoutesFile = serde_json::from_str(ROUTES_JSON)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("routes.json: {e}")))?;
        Ok(Catalog {
            routes: file
                .routes
                .into_iter()
                .map(|r| (r.path.clone(), r))
                .collect(),
        })
    }

    pub fn route(&self, path: &str) -> Option<&Route> {
        self.routes.get(path)
    }

    #[cfg(test)]
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.routes.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_parses_and_allows_post() {
        let catalog = Catalog::load().ok().unwrap_or_else(|| unreachable!());
        assert!(catalog.paths().count() > 0);
        for path in catalog.paths() {
            let route = catalog.route(path).unwrap_or_else(|| unreachable!());
            assert!(route.allows("POST"), "{path}");
        }
    }
}
