//! fake-seam's routes (`tests/fake-seam/src/routes.json`): what each endpoint takes, as facts
//! plus the selection's rules, so that the fake refuses what the API refuses. The fake's
//! behaviour per resource is hand-written; this is only its request validation.

use serde::Serialize;

use crate::facts::{Facts, Property};
use crate::selection::Selection;
use crate::Output;

#[derive(Serialize)]
struct Route<'a> {
    path: &'a str,
    methods: &'a [String],
    params: &'a [Property],
    /// Groups of which exactly one must be given (the document's and the selection's).
    one_of: Vec<Vec<String>>,
    /// The member of the answer that carries the result.
    response: Option<&'a str>,
    paginated: bool,
    action_attempt: Option<&'a str>,
    /// Whether a client session may call it.
    client_session: bool,
    /// Whether a publishable key may call it.
    publishable_key: bool,
}

pub fn routes(facts: &Facts, selection: &Selection) -> Result<Output, String> {
    let mut routes = Vec::new();
    for chosen in &selection.endpoints {
        let endpoint = facts
            .endpoints
            .iter()
            .find(|e| e.path == chosen.path)
            .ok_or_else(|| format!("{} is selected but not in the facts", chosen.path))?;
        let mut one_of = chosen.one_of.clone();
        if endpoint.alternatives.iter().all(|a| a.len() == 1) && !endpoint.alternatives.is_empty() {
            one_of.push(endpoint.alternatives.iter().flatten().cloned().collect());
        }
        routes.push(Route {
            path: &endpoint.path,
            methods: &endpoint.methods,
            params: &endpoint.params,
            one_of,
            response: endpoint
                .response
                .as_ref()
                .map(|r| r.key.as_str())
                .or(chosen.returns.as_deref().filter(|r| !r.is_empty())),
            paginated: endpoint.paginated,
            action_attempt: endpoint.action_attempt.as_deref(),
            client_session: endpoint
                .security
                .iter()
                .any(|s| s.starts_with("client_session")),
            publishable_key: endpoint.security.iter().any(|s| s == "publishable_key"),
        });
    }
    let mut text = serde_json::to_string_pretty(&serde_json::json!({
        "generated": "by seam-core-generator from generator/api/facts.json and selection.toml: do not edit",
        "routes": routes,
    }))
    .map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(Output {
        path: "tests/fake-seam/src/routes.json".to_owned(),
        text,
    })
}
