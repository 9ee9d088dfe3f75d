//! Client configuration: explicit options, then environment variables, then defaults.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use ureq::http::{HeaderName, HeaderValue};

use crate::error::SeamError;
use crate::validation::check_uuid;
use crate::wait::WaitOptions;

/// The production API.
pub const DEFAULT_ENDPOINT: &str = "https://connect.getseam.com";
/// Bound on one call, retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Retries of rate-limited or unavailable responses.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// More retries than this would only hide an outage.
pub const MAX_RETRIES_LIMIT: u32 = 10;

const ENV_API_KEY: &str = "SEAM_API_KEY";
const ENV_PERSONAL_ACCESS_TOKEN: &str = "SEAM_PERSONAL_ACCESS_TOKEN";
const ENV_WORKSPACE_ID: &str = "SEAM_WORKSPACE_ID";
const ENV_ENDPOINT: &str = "SEAM_ENDPOINT";

/// Options for [`crate::Seam::from_config`]. Every field is optional: when no credential is
/// given, `SEAM_API_KEY`, `SEAM_PERSONAL_ACCESS_TOKEN` and `SEAM_WORKSPACE_ID` are read;
/// `SEAM_ENDPOINT` when no endpoint is given; then the defaults apply.
#[derive(Clone, Default)]
pub struct Config {
    /// An API key (`seam_…`).
    pub api_key: Option<String>,
    /// A personal access token (`seam_at…`); needs `workspace_id`.
    pub personal_access_token: Option<String>,
    /// A client session token (`seam_cst…`): what a mobile app holds instead of an API key,
    /// made by the app's backend for one user. Never read from the environment.
    pub client_session_token: Option<String>,
    /// The workspace a personal access token acts in.
    pub workspace_id: Option<String>,
    /// API base URL; plain `http://` only for loopback hosts.
    pub endpoint: Option<String>,
    /// Bound on one call, retries included (default 30 s).
    pub timeout: Option<Duration>,
    /// Retries of rate-limited or unavailable responses (default 2, at most 10).
    pub max_retries: Option<u32>,
    /// Whether ids are checked to be UUIDs before anything is sent (default `true`). Turn it
    /// off only to call a server whose ids are not UUIDs, such as the vendor's own fake.
    pub check_id_format: Option<bool>,
    /// Whether calls that answer an action attempt wait for it to end, and how long (default:
    /// wait up to [`crate::DEFAULT_WAIT_TIMEOUT`], polling every
    /// [`crate::DEFAULT_POLLING_INTERVAL`]). Each such call can say otherwise.
    pub wait_for_action_attempt: Option<WaitOptions>,
}

// Secrets are never printed, whatever formats a Config.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("api_key", &self.api_key.as_ref().map(|_| Redacted))
            .field(
                "personal_access_token",
                &self.personal_access_token.as_ref().map(|_| Redacted),
            )
            .field(
                "client_session_token",
                &self.client_session_token.as_ref().map(|_| Redacted),
            )
            .field("workspace_id", &self.workspace_id)
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("check_id_format", &self.check_id_format)
            .field("wait_for_action_attempt", &self.wait_for_action_attempt)
            .finish()
    }
}

pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A configuration that has been checked and completed.
#[derive(Clone)]
pub(crate) struct ResolvedConfig {
    /// `Bearer …`, built once as the header value every request sends (ureq would check and
    /// copy text again on every request).
    pub authorization: HeaderValue,
    /// The header that goes with the credential: `seam-workspace` for a personal access
    /// token, `client-session-token` for a client session.
    pub scope: Option<(HeaderName, HeaderValue)>,
    /// Base URL without a trailing slash.
    pub endpoint: String,
    pub timeout: Duration,
    pub max_retries: u32,
    pub check_id_format: bool,
    /// The client's waits for action attempts, completed from the defaults.
    pub wait: WaitOptions,
}

impl Config {
    /// Completes the configuration from the process environment.
    pub(crate) fn resolve(self) -> Result<ResolvedConfig, SeamError> {
        self.resolve_with(|name| std::env::var(name).ok())
    }

    /// Completes the configuration from `env` (a test seam for the environment).
    pub(crate) fn resolve_with(
        self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ResolvedConfig, SeamError> {
        let env = |name: &str| env(name).filter(|v| !v.is_empty());
        let explicit = self.api_key.is_some()
            || self.personal_access_token.is_some()
            || self.client_session_token.is_some();
        let (api_key, token, workspace_id, source) = if explicit {
            (
                self.api_key,
                self.personal_access_token,
                self.workspace_id.or_else(|| env(ENV_WORKSPACE_ID)),
                Source::Arguments,
            )
        } else {
            (
                env(ENV_API_KEY),
                env(ENV_PERSONAL_ACCESS_TOKEN),
                self.workspace_id.or_else(|| env(ENV_WORKSPACE_ID)),
                Source::Environment,
            )
        };

        let session = self.client_session_token;
        let given = [api_key.is_some(), token.is_some(), session.is_some()];
        if given.iter().filter(|g| **g).count() > 1 {
            return Err(SeamError::config(source.several_credentials()));
        }
        let (authorization, scope) = match (api_key, token, session) {
            (Some(key), _, _) => {
                check_secret("api_key", &key)?;
                refuse_other_credentials(&key)?;
                (secret(format!("Bearer {key}"))?, None)
            }
            (_, Some(token), _) => {
                check_secret("personal_access_token", &token)?;
                let Some(workspace_id) = workspace_id else {
                    return Err(SeamError::config(format!(
                        "a personal access token needs a workspace: pass workspace_id or set \
                         {ENV_WORKSPACE_ID}"
                    )));
                };
                check_uuid(&workspace_id).map_err(|why| {
                    SeamError::config(format!("workspace_id is not a workspace id: {why}"))
                })?;
                (
                    secret(format!("Bearer {token}"))?,
                    Some((
                        HeaderName::from_static("seam-workspace"),
                        secret(workspace_id)?,
                    )),
                )
            }
            (_, _, Some(session)) => {
                check_secret("client_session_token", &session)?;
                if !session.starts_with(CLIENT_SESSION_TOKEN_PREFIX) {
                    return Err(SeamError::config(
                        "client_session_token is not a client session token (those start with \
                         seam_cst); an API key goes in api_key",
                    ));
                }
                (
                    secret(format!("Bearer {session}"))?,
                    Some((
                        HeaderName::from_static("client-session-token"),
                        secret(session)?,
                    )),
                )
            }
            (None, None, None) => {
                return Err(SeamError::config(format!(
                    "no credentials: pass api_key, or personal_access_token with workspace_id, \
                     or client_session_token, or set {ENV_API_KEY}, or \
                     {ENV_PERSONAL_ACCESS_TOKEN} with {ENV_WORKSPACE_ID} (read {ENV_API_KEY}, \
                     {ENV_PERSONAL_ACCESS_TOKEN}, {ENV_WORKSPACE_ID}: none is set)"
                )))
            }
        };

        let endpoint = self
            .endpoint
            .or_else(|| env(ENV_ENDPOINT))
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(SeamError::config("timeout must be greater than zero"));
        }
        let max_retries = self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES);
        if max_retries > MAX_RETRIES_LIMIT {
            return Err(SeamError::config(format!(
                "max_retries must be at most {MAX_RETRIES_LIMIT}, got {max_retries}"
            )));
        }

        let wait = WaitOptions::DEFAULT.overridden_by(self.wait_for_action_attempt.as_ref());
        wait.check().map_err(|(what, why)| {
            SeamError::config(format!("wait_for_action_attempt.{what} {why}"))
        })?;

        Ok(ResolvedConfig {
            authorization,
            scope,
            endpoint: check_endpoint(&endpoint)?,
            timeout,
            max_retries,
            check_id_format: self.check_id_format.unwrap_or(true),
            wait,
        })
    }
}

#[derive(Clone, Copy)]
enum Source {
    Arguments,
    Environment,
}

impl Source {
    fn several_credentials(self) -> String {
        match self {
            Source::Arguments => "more than one of api_key, personal_access_token and \
                                  client_session_token was given: pass only one"
                .to_owned(),
            Source::Environment => format!(
                "both {ENV_API_KEY} and {ENV_PERSONAL_ACCESS_TOKEN} are set: unset one of them"
            ),
        }
    }
}

/// Client session tokens start like this (`api-conventions.md`).
const CLIENT_SESSION_TOKEN_PREFIX: &str = "seam_cst";

/// What an `api_key` must not be: other kinds of Seam credentials, each named so that the
/// caller knows where it belongs. The value is never echoed.
fn refuse_other_credentials(key: &str) -> Result<(), SeamError> {
    let refusal = if key.starts_with(CLIENT_SESSION_TOKEN_PREFIX) {
        "api_key holds a client session token (seam_cst…): pass it as client_session_token"
    } else if key.starts_with("seam_pk") {
        "api_key holds a publishable key (seam_pk…), which only makes client sessions on your \
         backend; pass an API key"
    } else if key.starts_with("ey") {
        "api_key holds a JWT (ey…), which is not an API key; pass an API key, or a personal \
         access token as personal_access_token"
    } else if key.starts_with("seam_at") {
        "api_key holds a personal access token (seam_at…): pass it as personal_access_token, \
         with workspace_id"
    } else {
        return Ok(());
    };
    Err(SeamError::config(refusal))
}

/// A secret goes into a header: it must be visible ASCII. The value is never echoed.
fn check_secret(name: &str, value: &str) -> Result<(), SeamError> {
    if value.trim().is_empty() {
        return Err(SeamError::config(format!("{name} is empty")));
    }
    if !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(SeamError::config(format!(
            "{name} contains a character that cannot be sent in an HTTP header \
             (whitespace, control or non-ASCII)"
        )));
    }
    Ok(())
}

/// A checked secret (or id) as a header value, marked sensitive: never shown by the `http`
/// types' Debug. `check_secret` and `check_uuid` have made sure it is visible ASCII.
fn secret(text: String) -> Result<HeaderValue, SeamError> {
    let mut value = HeaderValue::try_from(text)
        .map_err(|_| SeamError::config("a credential cannot be sent in an HTTP header"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Checks an API base URL and returns it without a trailing slash.
fn check_endpoint(endpoint: &str) -> Result<String, SeamError> {
    let bad = |why: &str| SeamError::config(format!("endpoint {why}"));
    let uri: ureq::http::Uri = endpoint
        .parse()
        .map_err(|_| bad("is not a URL (expected for example https://connect.getseam.com)"))?;
    let scheme = uri
        .scheme_str()
        .ok_or_else(|| bad("has no scheme (expected https://…)"))?;
    let authority = uri
        .authority()
        .ok_or_else(|| bad("has no host (expected https://host)"))?;
    // Userinfo could hold a password; it is neither echoed nor sent.
    if authority.as_str().contains('@') {
        return Err(bad("must not contain user information (user:password@)"));
    }
    if uri.query().is_some() || endpoint.contains('#') {
        return Err(bad("must not contain a query or fragment"));
    }
    let host = authority.host();
    match scheme {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(bad(&format!(
                "uses plain http:// for {host}, which would expose the credentials: use https:// \
                 (plain http is accepted only for loopback hosts such as 127.0.0.1 and localhost)"
            )))
        }
        other => return Err(bad(&format!("has scheme {other}: use https://"))),
    }
    let path = uri.path().trim_end_matches('/');
    Ok(format!("{scheme}://{authority}{path}"))
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const WS: &str = "00000000-0000-0000-0000-000000000000";

    fn resolve(config: Config, vars: &[(&str, &str)]) -> Result<ResolvedConfig, SeamError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        config.resolve_with(|name| vars.get(name).cloned())
    }

    /// The scope header as text, to compare.
    fn scope(r: &ResolvedConfig) -> Option<(&str, &str)> {
        let (name, value) = r.scope.as_ref()?;
        Some((name.as_str(), value.to_str().unwrap()))
    }

    fn key(k: &str) -> Config {
        Config {
            api_key: Some(k.into()),
            ..Config::default()
        }
    }

    fn config_reason(r: Result<ResolvedConfig, SeamError>) -> String {
        match r {
            Err(SeamError::Config { reason }) => reason,
            Err(other) => panic!("expected a Config error, got {other:?}"),
            Ok(_) => panic!("expected a Config error, got a configuration"),
        }
    }

    #[test]
    fn an_api_key_gives_a_bearer_header_and_the_defaults() {
        let r = resolve(key("seam_apikey1_token"), &[]).unwrap();
        assert_eq!(r.authorization, "Bearer seam_apikey1_token");
        assert_eq!(scope(&r), None);
        assert_eq!(r.endpoint, DEFAULT_ENDPOINT);
        assert_eq!(r.timeout, DEFAULT_TIMEOUT);
        assert_eq!(r.max_retries, DEFAULT_MAX_RETRIES);
    }

    #[test]
    fn environment_is_read_when_no_credentials_are_given() {
        let r = resolve(
            Config::default(),
            &[
                ("SEAM_PERSONAL_ACCESS_TOKEN", "seam_at1_token"),
                ("SEAM_WORKSPACE_ID", WS),
                ("SEAM_ENDPOINT", "http://127.0.0.1:9/"),
            ],
        )
        .unwrap();
        assert_eq!(r.authorization, "Bearer seam_at1_token");
        assert_eq!(scope(&r), Some(("seam-workspace", WS)));
        assert_eq!(r.endpoint, "http://127.0.0.1:9");
    }

    #[test]
    fn explicit_credentials_win_over_the_environment() {
        let r = resolve(
            key("seam_k"),
            &[("SEAM_PERSONAL_ACCESS_TOKEN", "seam_at_x")],
        )
        .unwrap();
        assert_eq!(r.authorization, "Bearer seam_k");
    }

    #[test]
    fn key_and_token_together_are_refused() {
        let reason = config_reason(resolve(
            Config::default(),
            &[
                ("SEAM_API_KEY", "seam_k"),
                ("SEAM_PERSONAL_ACCESS_TOKEN", "seam_at_t"),
            ],
        ));
        assert!(reason.contains("SEAM_API_KEY") && reason.contains("SEAM_PERSONAL_ACCESS_TOKEN"));
        let both = Config {
            api_key: Some("seam_k".into()),
            personal_access_token: Some("seam_at_t".into()),
            ..Config::default()
        };
        assert!(config_reason(resolve(both, &[])).contains("only one"));
        let with_session = Config {
            client_session_token: Some("seam_cst1_token".into()),
            ..key("seam_k")
        };
        assert!(config_reason(resolve(with_session, &[])).contains("only one"));
    }

    #[test]
    fn a_client_session_token_sends_both_headers_and_ignores_the_environment() {
        let session = Config {
            client_session_token: Some("seam_cst1_token".into()),
            ..Config::default()
        };
        let r = resolve(session, &[("SEAM_API_KEY", "seam_k")]).unwrap();
        assert_eq!(r.authorization, "Bearer seam_cst1_token");
        assert_eq!(scope(&r), Some(("client-session-token", "seam_cst1_token")));
        let not_a_session = Config {
            client_session_token: Some("seam_k".into()),
            ..Config::default()
        };
        assert!(config_reason(resolve(not_a_session, &[])).contains("seam_cst"));
    }

    #[test]
    fn an_api_key_that_is_another_credential_is_refused_by_name() {
        for (value, named) in [
            ("seam_cst1_token", "client session token"),
            ("seam_pk1_key", "publishable key"),
            ("eyJhbGciOiJIUzI1NiJ9.e30.x", "JWT"),
            ("seam_at1_token", "personal access token"),
        ] {
            let reason = config_reason(resolve(key(value), &[]));
            assert!(reason.contains(named), "{value}: {reason}");
            assert!(!reason.contains(value), "{reason}");
        }
    }

    #[test]
    fn no_credentials_names_the_variables_read() {
        let reason = config_reason(resolve(Config::default(), &[("SEAM_API_KEY", "")]));
        for var in [
            "SEAM_API_KEY",
            "SEAM_PERSONAL_ACCESS_TOKEN",
            "SEAM_WORKSPACE_ID",
        ] {
            assert!(reason.contains(var), "{reason}");
        }
    }

    #[test]
    fn a_token_needs_a_workspace() {
        let token = Config {
            personal_access_token: Some("seam_at1_token".into()),
            ..Config::default()
        };
        assert!(config_reason(resolve(token.clone(), &[])).contains("workspace"));
        let bad_ws = Config {
            workspace_id: Some("ws".into()),
            ..token
        };
        assert!(config_reason(resolve(bad_ws, &[])).contains("workspace_id"));
    }

    #[test]
    fn secrets_are_checked_without_being_echoed() {
        for bad in ["", "  ", "seam_a b", "seam_\nx", "seam_é"] {
            let reason = config_reason(resolve(key(bad), &[]));
            assert!(reason.starts_with("api_key"), "{reason}");
            if !bad.trim().is_empty() {
                assert!(!reason.contains(bad));
            }
        }
        let debug = format!("{:?}", key("seam_apikey1_token"));
        assert!(!debug.contains("seam_apikey1_token") && debug.contains("<redacted>"));
    }

    #[test]
    fn endpoints_are_checked() {
        let with = |e: &str| {
            resolve(
                Config {
                    endpoint: Some(e.into()),
                    ..key("seam_k")
                },
                &[],
            )
        };
        assert_eq!(
            with("https://example.com/api/").unwrap().endpoint,
            "https://example.com/api"
        );
        assert_eq!(
            with("http://localhost:8080").unwrap().endpoint,
            "http://localhost:8080"
        );
        assert_eq!(
            with("http://[::1]:8080").unwrap().endpoint,
            "http://[::1]:8080"
        );
        assert!(config_reason(with("http://example.com")).contains("loopback"));
        assert!(config_reason(with("ftp://example.com")).contains("ftp"));
        assert!(config_reason(with("example.com")).contains("endpoint"));
        let reason = config_reason(with("https://user:hunter2@example.com"));
        assert!(!reason.contains("hunter2"));
        assert!(config_reason(with("https://example.com/?a=b")).contains("query"));
    }

    #[test]
    fn timeout_and_retries_are_bounded() {
        let zero = Config {
            timeout: Some(Duration::ZERO),
            ..key("seam_k")
        };
        assert!(config_reason(resolve(zero, &[])).contains("timeout"));
        let many = Config {
            max_retries: Some(11),
            ..key("seam_k")
        };
        assert!(config_reason(resolve(many, &[])).contains("max_retries"));
    }
}
