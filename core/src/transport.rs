//! The request loop every call goes through: one deadline per call, retries by the call's
//! retry class, the response size cap, and the mapping of transport failures to
//! [`SeamError`]. See `docs/reliability.md`.

use std::fmt;
use std::io;
use std::time::{Duration, Instant, SystemTime};

use once_cell::sync::Lazy;
use ureq::http::{header, StatusCode};
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{ConnectionDetails, Connector, DefaultConnector, Transport};

use crate::config::{Redacted, ResolvedConfig};
use crate::error::SeamError;
use crate::resolver::CachingResolver;
use crate::response::{self, Reader};
use crate::SDK_VERSION;

const SDK_NAME: &str = "seam-core";
const USER_AGENT: &str = concat!("seam-core/", env!("CARGO_PKG_VERSION"), " (Rust)");
const REQUEST_ID_HEADER: &str = "seam-request-id";

/// Larger bodies are refused: no Seam response comes near it, and memory stays bounded.
pub const MAX_RESPONSE_BYTES: u64 = 4 * 1024 * 1024;
/// First retry delay; each further retry doubles it (with jitter).
const BACKOFF_BASE: Duration = Duration::from_millis(200);
/// Longest wait between two tries, whatever the server asks for in `Retry-After`.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(10);

/// One connector for the whole process, so that the TLS configuration (with its parsed root
/// store) is built once, on the first TLS connection, and every client shares it: making a
/// client then costs microseconds.
static CONNECTOR: Lazy<DefaultConnector> = Lazy::new(DefaultConnector::new);

#[derive(Debug)]
struct SharedConnector;

impl Connector<()> for SharedConnector {
    type Out = Box<dyn Transport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        CONNECTOR.connect(details, chained)
    }
}

/// The HTTP method the official SDKs send for an endpoint (`api-conventions.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

/// What may be repeated after a failure without changing the outcome; see the retry table in
/// `docs/reliability.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryClass {
    /// get, list, list_accessible_entrances: retried like the official SDKs retry GETs, on
    /// 429 and every 5xx, and on connection failures.
    Read,
    /// assign, unassign, update, delete: the same request twice leaves the same state, so
    /// they are retried on 429, 502, 503, 504 and when nothing was sent.
    Repeatable,
    /// create: a second try could make a second credential, so only a request that never
    /// reached the server, or one refused by rate limiting (429), is retried.
    Create,
}

/// One request: method, path, and what goes with it.
pub(crate) struct Request<'a> {
    pub method: Method,
    pub path: &'a str,
    /// A query string (GET, DELETE) or a JSON body (POST, PATCH), already encoded by serde.
    pub payload: String,
    pub retry: RetryClass,
}

/// The HTTP side of a client: one connection pool, the configuration, the request loop.
pub(crate) struct HttpTransport {
    agent: ureq::Agent,
    config: ResolvedConfig,
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("endpoint", &self.config.endpoint)
            .field("authorization", &Redacted)
            .field("scope", &self.config.scope.as_ref().map(|(name, _)| name))
            .field("timeout", &self.config.timeout)
            .field("max_retries", &self.config.max_retries)
            .finish()
    }
}

impl HttpTransport {
    pub fn new(config: ResolvedConfig, max_idle_connections: usize) -> Self {
        let agent_config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // A redirect could carry the credentials elsewhere: it is reported, not followed.
            .max_redirects(0)
            .user_agent(USER_AGENT)
            .max_idle_connections_per_host(max_idle_connections)
            .max_idle_connections(max_idle_connections)
            .timeout_global(Some(config.timeout))
            .build();
        let agent = ureq::Agent::with_parts(
            agent_config,
            SharedConnector,
            CachingResolver::<DefaultResolver>::default(),
        );
        Self { agent, config }
    }

    pub fn config(&self) -> &ResolvedConfig {
        &self.config
    }

    /// Sends `request` and reads the answer with `read`, retrying what its retry class
    /// allows within the client's timeout.
    pub fn send<T>(&self, request: &Request<'_>, read: Reader<T>) -> Result<T, SeamError> {
        let mut url = String::with_capacity(
            self.config.endpoint.len() + request.path.len() + request.payload.len() + 1,
        );
        url.push_str(&self.config.endpoint);
        url.push_str(request.path);
        if matches!(request.method, Method::Get | Method::Delete) && !request.payload.is_empty() {
            url.push('?');
            url.push_str(&request.payload);
        }
        let deadline = Instant::now() + self.config.timeout;
        let mut retries = 0;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            let (error, server_wait) = match self.attempt(&url, request, read, remaining) {
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
        request: &Request<'_>,
        read: Reader<T>,
        remaining: Duration,
    ) -> Attempt<T> {
        if remaining.is_zero() {
            return Attempt::Done(Err(self.timeout_error()));
        }
        let sent = match request.method {
            Method::Get => self.with_headers(self.agent.get(url), remaining).call(),
            Method::Delete => self.with_headers(self.agent.delete(url), remaining).call(),
            Method::Post => self
                .with_headers(self.agent.post(url), remaining)
                .header(header::CONTENT_TYPE, "application/json")
                .send(request.payload.as_bytes()),
            Method::Patch => self
                .with_headers(self.agent.patch(url), remaining)
                .header(header::CONTENT_TYPE, "application/json")
                .send(request.payload.as_bytes()),
        };
        let mut response = match sent {
            Ok(response) => response,
            Err(e) => {
                let retryable = request.retry.after_failure(&e);
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

        let result = response::parse(status.as_u16(), &bytes, request_id, read);
        match result {
            Err(error) if request.retry.after_status(status) => {
                Attempt::Retryable { error, server_wait }
            }
            result => Attempt::Done(result),
        }
    }

    fn with_headers<B>(
        &self,
        builder: ureq::RequestBuilder<B>,
        remaining: Duration,
    ) -> ureq::RequestBuilder<B> {
        let mut builder = builder
            .config()
            .timeout_global(Some(remaining))
            .build()
            .header(header::AUTHORIZATION, &self.config.authorization)
            .header("seam-sdk-name", SDK_NAME)
            .header("seam-sdk-version", SDK_VERSION);
        if let Some((name, value)) = &self.config.scope {
            builder = builder.header(*name, value);
        }
        builder
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

enum Attempt<T> {
    Done(Result<T, SeamError>),
    Retryable {
        error: SeamError,
        server_wait: Option<Duration>,
    },
}

impl RetryClass {
    fn after_status(self, status: StatusCode) -> bool {
        let status = status.as_u16();
        match self {
            RetryClass::Read => status == 429 || (500..=599).contains(&status),
            RetryClass::Repeatable => matches!(status, 429 | 502 | 503 | 504),
            RetryClass::Create => status == 429,
        }
    }

    fn after_failure(self, e: &ureq::Error) -> bool {
        match self {
            // A read changes nothing: whatever failed on the way, asking again is safe.
            RetryClass::Read => !matches!(e, ureq::Error::Timeout(_)) && !is_timeout_error(e),
            RetryClass::Repeatable | RetryClass::Create => never_sent(e),
        }
    }
}

/// Failures that happen before the request leaves this machine; repeating it cannot apply
/// anything twice.
fn never_sent(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => true,
        ureq::Error::Io(e) => e.kind() == io::ErrorKind::ConnectionRefused,
        _ => false,
    }
}

fn is_timeout_error(e: &ureq::Error) -> bool {
    matches!(e, ureq::Error::Io(e) if is_timeout(e))
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
    fn each_retry_class_retries_what_it_may() {
        let table = [
            (429, [true, true, true]),
            (500, [true, false, false]),
            (502, [true, true, false]),
            (503, [true, true, false]),
            (504, [true, true, false]),
            (400, [false, false, false]),
            (404, [false, false, false]),
        ];
        for (status, expected) in table {
            let status = StatusCode::from_u16(status).unwrap();
            let got = [RetryClass::Read, RetryClass::Repeatable, RetryClass::Create]
                .map(|class| class.after_status(status));
            assert_eq!(got, expected, "{status}");
        }
    }
}
