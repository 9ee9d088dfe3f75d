//! The client: configuration, one connection pool, and the request loop every call goes
//! through (deadline, retries, response size cap, error mapping).

use std::fmt;
use std::io;
use std::time::{Duration, Instant, SystemTime};

use ureq::http::{header, StatusCode};

use crate::acs::Acs;
use crate::config::{Config, Redacted, Resolved};
use crate::error::SeamError;
use crate::models::AcsCredential;
use crate::resolver::CachingResolver;

const SDK_NAME: &str = "seam-core";
const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");
const USER_AGENT: &str = concat!("seam-core/", env!("CARGO_PKG_VERSION"), " (Rust)");
const REQUEST_ID_HEADER: &str = "seam-request-id";

/// Larger bodies are refused: no Seam response comes near it, and memory stays bounded.
pub const MAX_RESPONSE_BYTES: u64 = 4 * 1024 * 1024;
/// First retry delay; each further retry doubles it (with jitter).
const BACKOFF_BASE: Duration = Duration::from_millis(200);
/// Longest wait between two tries, whatever the server asks for in `Retry-After`.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(10);

/// A client of the Seam Connect API.
///
/// Build one and share it (it is `Send + Sync`): calls from many threads reuse its
/// connection pool.
///
/// ```no_run
/// use seam_core::{Config, Seam};
///
/// let seam = Seam::from_config(Config {
///     api_key: Some("seam_apikey1_token".into()),
///     ..Config::default()
/// })?;
/// let credential = seam.acs().credentials().assign(
///     "33333333-3333-3333-3333-333333333333",
///     "66666666-6666-6666-6666-666666666666",
/// )?;
/// println!("{}", credential.display_name);
/// # Ok::<(), seam_core::SeamError>(())
/// ```
pub struct Seam {
    agent: ureq::Agent,
    config: Resolved,
}

impl fmt::Debug for Seam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Seam")
            .field("endpoint", &self.config.endpoint)
            .field("authorization", &Redacted)
            .field("workspace_id", &self.config.workspace_id)
            .field("timeout", &self.config.timeout)
            .field("max_retries", &self.config.max_retries)
            .finish()
    }
}

impl Seam {
    /// Creates a client from `config`, completed from the environment (see [`Config`]).
    pub fn from_config(config: Config) -> Result<Self, SeamError> {
        let config = config.resolve()?;
        let agent_config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // A redirect could carry the credentials elsewhere: it is reported, not followed.
            .max_redirects(0)
            .user_agent(USER_AGENT)
            .max_idle_connections_per_host(32)
            .timeout_global(Some(config.timeout))
            .build();
        let agent = ureq::Agent::with_parts(
            agent_config,
            ureq::unversioned::transport::DefaultConnector::new(),
            CachingResolver::default(),
        );
        Ok(Self { agent, config })
    }

    /// The constructor every foreign language sees: each argument is a field of [`Config`].
    pub fn new(
        api_key: Option<String>,
        personal_access_token: Option<String>,
        workspace_id: Option<String>,
        endpoint: Option<String>,
        timeout: Option<Duration>,
        max_retries: Option<u32>,
    ) -> Result<Self, SeamError> {
        Self::from_config(Config {
            api_key,
            personal_access_token,
            workspace_id,
            endpoint,
            timeout,
            max_retries,
        })
    }

    /// The API base URL this client calls.
    pub fn endpoint(&self) -> String {
        self.config.endpoint.clone()
    }

    /// Access control systems: `seam.acs().credentials().assign(…)`.
    pub fn acs(&self) -> Acs<'_> {
        Acs::new(self)
    }

    /// `seam.acs().credentials().assign(…)` as one method, the form the FFI exports
    /// (foreign languages rebuild the `acs.credentials` path without native objects).
    pub fn acs_credentials_assign(
        &self,
        acs_user_id: String,
        acs_credential_id: String,
    ) -> Result<AcsCredential, SeamError> {
        self.acs()
            .credentials()
            .assign(&acs_user_id, &acs_credential_id)
    }

    /// POSTs `body` to `path` and reads the answer with `parse` (status, body, request
    /// id), retrying rate-limited and unavailable answers within the client's timeout.
    pub(crate) fn post<T>(&self, path: &str, body: &str, parse: Parser<T>) -> Result<T, SeamError> {
        let url = format!("{}{path}", self.config.endpoint);
        let deadline = Instant::now() + self.config.timeout;
        let mut retries = 0;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            let (error, server_wait) = match self.attempt(&url, body, parse, remaining) {
                Attempt::Done(result) => return result,
                Attempt::Retryable { error, server_wait } => (error, server_wait),
            };
            if retries >= self.config.max_retries {
                return Err(error);
            }
            let wait = server_wait
                .unwrap_or_else(|| backoff(retries))
                .min(MAX_RETRY_WAIT);
            // A retry that cannot finish before the deadline would only turn this error
            // into a timeout.
            if Instant::now() + wait >= deadline {
                return Err(error);
            }
            std::thread::sleep(wait);
            retries += 1;
        }
    }

    fn attempt<T>(
        &self,
        url: &str,
        body: &str,
        parse: Parser<T>,
        remaining: Duration,
    ) -> Attempt<T> {
        if remaining.is_zero() {
            return Attempt::Done(Err(self.timeout_error()));
        }
        let mut request = self
            .agent
            .post(url)
            .config()
            .timeout_global(Some(remaining))
            .build()
            .header(header::AUTHORIZATION, &self.config.authorization)
            .header(header::CONTENT_TYPE, "application/json")
            .header("seam-sdk-name", SDK_NAME)
            .header("seam-sdk-version", SDK_VERSION);
        if let Some(workspace_id) = &self.config.workspace_id {
            request = request.header("seam-workspace", workspace_id);
        }
        let mut response = match request.send(body) {
            Ok(response) => response,
            Err(e) => {
                let retryable = never_sent(&e);
                let error = self.transport_error(e);
                return if retryable {
                    Attempt::Retryable {
                        error,
                        server_wait: None,
                    }
                } else {
                    Attempt::Done(Err(error))
                };
            }
        };

        let status = response.status();
        let headers = response.headers();
        let request_id = header_text(headers, REQUEST_ID_HEADER);
        if status.is_redirection() {
            let location = header_text(headers, header::LOCATION.as_str());
            return Attempt::Done(Err(redirect_error(status, location, request_id)));
        }
        let server_wait = retry_after(headers);
        let bytes = match response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()
        {
            Ok(bytes) => bytes,
            Err(ureq::Error::BodyExceedsLimit(_)) => {
                return Attempt::Done(Err(SeamError::InvalidResponse {
                    status_code: status.as_u16(),
                    reason: format!(
                        "the body is larger than {} MiB; it was not read further",
                        MAX_RESPONSE_BYTES / (1024 * 1024)
                    ),
                    request_id,
                }))
            }
            Err(e) => return Attempt::Done(Err(self.transport_error(e))),
        };

        let result = parse(status.as_u16(), &bytes, request_id);
        if is_retryable_status(status) {
            if let Err(error) = result {
                return Attempt::Retryable { error, server_wait };
            }
        }
        Attempt::Done(result)
    }

    fn timeout_error(&self) -> SeamError {
        SeamError::Timeout {
            reason: format!(
                "no complete answer from {} within the client's timeout of {:?}",
                self.config.endpoint, self.config.timeout
            ),
        }
    }

    fn transport_error(&self, e: ureq::Error) -> SeamError {
        let host = &self.config.endpoint;
        match e {
            ureq::Error::Timeout(_) => self.timeout_error(),
            ureq::Error::Io(e) if is_timeout(&e) => self.timeout_error(),
            ureq::Error::Io(e) if is_tls(&e) => SeamError::Network {
                reason: format!("TLS with {host} failed: {e}"),
            },
            ureq::Error::Io(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                SeamError::Network {
                    reason: format!("could not connect to {host}: connection refused"),
                }
            }
            ureq::Error::Io(e) => SeamError::Network {
                reason: format!("the connection to {host} failed: {e}"),
            },
            ureq::Error::HostNotFound => SeamError::Network {
                reason: format!("could not resolve the host of {host}"),
            },
            ureq::Error::Rustls(e) => SeamError::Network {
                reason: format!("TLS with {host} failed: {e}"),
            },
            ureq::Error::Tls(e) => SeamError::Network {
                reason: format!("TLS with {host} failed: {e}"),
            },
            other => SeamError::Network {
                reason: format!("the request to {host} failed: {other}"),
            },
        }
    }
}

/// Reads one endpoint's answer: HTTP status, body, request id.
pub(crate) type Parser<T> = fn(u16, &[u8], Option<String>) -> Result<T, SeamError>;

enum Attempt<T> {
    Done(Result<T, SeamError>),
    Retryable {
        error: SeamError,
        server_wait: Option<Duration>,
    },
}

/// Failures that happen before the request leaves this machine; repeating it cannot apply
/// the assignment twice.
fn never_sent(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => true,
        ureq::Error::Io(e) => e.kind() == io::ErrorKind::ConnectionRefused,
        _ => false,
    }
}

/// Rate limiting and gateway or availability failures; see `docs/reliability.md`.
fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// rustls reports handshake failures (an untrusted certificate, say) as I/O errors.
fn is_tls(e: &io::Error) -> bool {
    e.get_ref()
        .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some())
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// Exponential backoff with jitter: 200 ms, 400 ms, 800 ms, … each scaled by 0.5–1.0.
fn backoff(retry: u32) -> Duration {
    let exponential = BACKOFF_BASE.saturating_mul(2u32.saturating_pow(retry.min(16)));
    exponential.mul_f64(0.5 + fastrand::f64() / 2.0)
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &ureq::http::HeaderMap) -> Option<Duration> {
    let value = header_text(headers, header::RETRY_AFTER.as_str())?;
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

fn header_text(headers: &ureq::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn redirect_error(
    status: StatusCode,
    location: Option<String>,
    request_id: Option<String>,
) -> SeamError {
    SeamError::Api {
        status_code: status.as_u16(),
        code: "redirect".to_owned(),
        reason: format!(
            "the server redirected to {}; redirects are not followed, so that credentials \
             are never sent to another host",
            location.as_deref().unwrap_or("(no Location header)")
        ),
        request_id,
        validation_errors: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_jittered() {
        for retry in 0..5 {
            let full = BACKOFF_BASE * 2u32.pow(retry);
            let wait = backoff(retry);
            assert!(wait >= full / 2 && wait <= full, "{retry}: {wait:?}");
        }
        assert!(backoff(u32::MAX) > Duration::ZERO);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = ureq::http::HeaderMap::new();
        headers.insert(header::RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(60));
        headers.insert(header::RETRY_AFTER, later.parse().unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(55) && wait <= Duration::from_secs(60));
        headers.insert(header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn debug_hides_the_credentials() {
        let seam = Seam::new(
            Some("seam_apikey1_token".into()),
            None,
            None,
            Some("http://127.0.0.1:9".into()),
            None,
            None,
        )
        .unwrap();
        let debug = format!("{seam:?}");
        assert!(!debug.contains("seam_apikey1_token"), "{debug}");
        assert!(debug.contains("127.0.0.1:9"), "{debug}");
    }
}
