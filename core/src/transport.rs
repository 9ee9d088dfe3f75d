//! The request loop every call goes through: one deadline per call, retries by the call's
//! retry class, the response size cap, and the mapping of transport failures to
//! [`SeamError`]. See `docs/reliability.md`.

use std::fmt;
use std::io;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use once_cell::sync::Lazy;
use ureq::http::{header, HeaderName, HeaderValue, StatusCode};
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::time::Duration as IoDuration;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport,
};

use crate::config::{Redacted, ResolvedConfig};
use crate::error::SeamError;
use crate::resolver::CachingResolver;
use crate::response::{self, Reader};

static SDK_NAME: HeaderValue = HeaderValue::from_static("seam-core");
static SDK_NAME_HEADER: HeaderName = HeaderName::from_static("seam-sdk-name");
static SDK_VERSION: HeaderValue = HeaderValue::from_static(crate::SDK_VERSION);
static SDK_VERSION_HEADER: HeaderName = HeaderName::from_static("seam-sdk-version");
static JSON: HeaderValue = HeaderValue::from_static("application/json");
const USER_AGENT: &str = concat!("seam-core/", env!("CARGO_PKG_VERSION"), " (Rust)");
const REQUEST_ID_HEADER: &str = "seam-request-id";

/// Larger bodies are refused: no Seam response comes near it, and memory stays bounded.
pub const MAX_RESPONSE_BYTES: u64 = 4 * 1024 * 1024;
/// First retry delay; each further retry doubles it (with jitter).
const BACKOFF_BASE: Duration = Duration::from_millis(200);
/// Longest wait between two tries, whatever the server asks for in `Retry-After`.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(10);

/// Longest a read waits before [`IoTransport`] looks at the call's deadline again.
const READ_SLICE: Duration = Duration::from_secs(1);

/// One connector for the whole process, so that the TLS configuration (with its parsed root
/// store) is built once, on the first TLS connection, and every client shares it: making a
/// client then costs microseconds.
static CONNECTOR: Lazy<DefaultConnector> = Lazy::new(DefaultConnector::new);

/// ureq's own connectors (TCP, proxies, TLS), each connection wrapped in an [`IoTransport`].
#[derive(Debug)]
struct SharedConnector;

impl Connector<()> for SharedConnector {
    type Out = Box<dyn Transport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(CONNECTOR
            .connect(details, chained)?
            .map(|inner| Box::new(IoTransport::new(inner)) as Box<dyn Transport>))
    }
}

/// A connection as ureq makes it, with the same bytes sent and the same deadline, in fewer
/// system calls (BENCHMARKS.md measures each change):
///
/// - the request's head and body are held until ureq first waits for the answer, then written
///   at once: ureq writes them separately, which costs a system call on this side and, on the
///   server's, a wake-up for the head and another for the body;
/// - the socket's timeouts stay the same from call to call. ureq passes the time left before
///   the call's deadline, which changes every call, so it would set the socket's timeouts
///   before every read and write. Here a read waits at most [`READ_SLICE`] at a time, until
///   the deadline; a write gets the time left rounded down to whole milliseconds (so at most
///   1 ms early, never late, and only ever for a write the peer does not take).
struct IoTransport {
    inner: Box<dyn Transport>,
    /// Bytes ureq asked to send that have not been written yet.
    pending: Vec<u8>,
}

impl fmt::Debug for IoTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IoTransport")
            .field("inner", &self.inner)
            .field("pending", &self.pending.len())
            .finish()
    }
}

impl IoTransport {
    fn new(inner: Box<dyn Transport>) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes what is pending, in one write.
    fn flush(&mut self, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let amount = self.pending.len();
        if amount == 0 {
            return Ok(());
        }
        let output = self
            .inner
            .buffers()
            .output()
            .get_mut(..amount)
            .ok_or_else(|| {
                ureq::Error::Other("held request larger than the output buffer".into())
            })?;
        output.copy_from_slice(&self.pending);
        self.pending.clear();
        self.inner.transmit_output(amount, whole_millis(timeout))
    }
}

/// `timeout` with its time left rounded down to whole milliseconds: the same value call after
/// call (a call's first write comes microseconds after its start), and never past the deadline.
fn whole_millis(timeout: NextTimeout) -> NextTimeout {
    match timeout.after {
        IoDuration::NotHappening => timeout,
        IoDuration::Exact(left) => NextTimeout {
            after: Duration::from_millis(u64::try_from(left.as_millis()).unwrap_or(u64::MAX))
                .into(),
            ..timeout
        },
    }
}

impl Transport for IoTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let capacity = self.inner.buffers().output().len();
        if self.pending.len() + amount > capacity {
            self.flush(timeout)?;
        }
        let output = self
            .inner
            .buffers()
            .output()
            .get(..amount)
            .ok_or_else(|| ureq::Error::Other("output beyond the output buffer".into()))?;
        self.pending.extend_from_slice(output);
        Ok(())
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        // Whatever ureq reads next answers what it has sent: send it first.
        self.flush(timeout)?;
        if self.inner.buffers().can_use_input() {
            return Ok(true);
        }
        self.await_input(timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush(timeout)?;
        let IoDuration::Exact(left) = timeout.after else {
            return self.inner.await_input(timeout);
        };
        let deadline = Instant::now() + left;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let slice = NextTimeout {
                after: left.min(READ_SLICE).into(),
                ..timeout
            };
            match self.inner.await_input(slice) {
                // The slice is over, not the call: a read that timed out has read nothing.
                Err(ureq::Error::Timeout(_)) if Instant::now() < deadline => {}
                other => return other,
            }
        }
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// The HTTP method the official SDKs send for an endpoint (`api-conventions.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

/// What may be repeated after a failure without changing the outcome; see the retry table in
/// `docs/reliability.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryClass {
    /// get, list, list_accessible_entrances: retried like the official SDKs retry GETs, on
    /// 429 and every 5xx, and on connection failures.
    Read,
    /// assign, unassign, update, delete, suspend, …: the same request twice leaves the same
    /// state, so they are retried on 429, 502, 503, 504 and when nothing was sent.
    Repeatable,
    /// create, encode, unlock, …: a second try could make a second object or command a door
    /// twice, so only a request that never reached the server, or one refused by rate
    /// limiting (429), is retried.
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
    /// Until when the server asked this client to send nothing (a 429's `Retry-After`): the
    /// API limits each credential, so every call of the client waits for it, not only the
    /// one that was refused. Otherwise the calls still running use up what the limit allows
    /// as soon as it allows it, and a refused call's retries can be refused again until its
    /// retries run out.
    rate_limited_until: Mutex<Option<Instant>>,
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
        Self {
            agent,
            config,
            rate_limited_until: Mutex::new(None),
        }
    }

    pub fn config(&self) -> &ResolvedConfig {
        &self.config
    }

    /// Sends `request` and reads the answer with `read`, retrying what its retry class
    /// allows within the client's timeout.
    pub fn send<T>(&self, request: &Request<'_>, read: Reader<T>) -> Result<T, SeamError> {
        self.send_until(request, read, None)
    }

    /// [`Self::send`], ending by `until` when that comes before the client's timeout (the
    /// deadline of a wait for an action attempt).
    pub fn send_until<T>(
        &self,
        request: &Request<'_>,
        read: Reader<T>,
        until: Option<Instant>,
    ) -> Result<T, SeamError> {
        // The request loop is not generic: one copy of it serves every kind of answer.
        let answer = self.exchange(request, until)?;
        response::parse(answer.status, &answer.body, answer.request_id, read)
    }

    fn exchange(&self, request: &Request<'_>, until: Option<Instant>) -> Result<Answer, SeamError> {
        let mut url = String::with_capacity(
            self.config.endpoint.len() + request.path.len() + request.payload.len() + 1,
        );
        url.push_str(&self.config.endpoint);
        url.push_str(request.path);
        if matches!(request.method, Method::Get | Method::Delete) && !request.payload.is_empty() {
            url.push('?');
            url.push_str(&request.payload);
        }
        let timeout_deadline = Instant::now() + self.config.timeout;
        let deadline = until.map_or(timeout_deadline, |until| until.min(timeout_deadline));
        let mut retries = 0;
        loop {
            let held = self.hold_for_rate_limit(deadline);
            // The first attempt has the whole timeout, which the agent's configuration already
            // gives (from the request's start, microseconds after the call's); a retry, a
            // call held back by a rate limit, or a call with an earlier deadline, gets what is
            // left.
            let remaining = (retries > 0 || held || deadline < timeout_deadline)
                .then(|| deadline.saturating_duration_since(Instant::now()));
            let (error, server_wait) = match self.attempt(&url, request, remaining) {
                Attempt::Done(answer) => return answer,
                Attempt::Retryable {
                    error,
                    server_wait,
                    rate_limited,
                } => {
                    if let (true, Some(wait)) = (rate_limited, server_wait) {
                        self.rate_limited_for(wait.min(MAX_RETRY_WAIT));
                    }
                    (error, server_wait)
                }
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

    /// Records that the server asked this client to wait `wait` before sending again.
    fn rate_limited_for(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut held = self
            .rate_limited_until
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if !matches!(*held, Some(later) if later >= until) {
            *held = Some(until);
        }
    }

    /// Waits until the client's rate limit allows a request, unless that is at or after
    /// `deadline` (then the request goes now, and the server's answer decides). Whether it
    /// waited.
    fn hold_for_rate_limit(&self, deadline: Instant) -> bool {
        let until = {
            let mut held = self
                .rate_limited_until
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            match *held {
                Some(until) if until > Instant::now() => until,
                Some(_) => {
                    *held = None;
                    return false;
                }
                None => return false,
            }
        };
        if until >= deadline {
            return false;
        }
        std::thread::sleep(until.saturating_duration_since(Instant::now()));
        true
    }

    /// A transport failure, sending or reading the answer: retried if the call's class allows.
    fn failed(&self, retry: RetryClass, e: ureq::Error) -> Attempt {
        let retryable = retry.after_failure(&e);
        let error = self.transport_error(e);
        if retryable {
            Attempt::Retryable {
                error,
                server_wait: None,
                rate_limited: false,
            }
        } else {
            Attempt::Done(Err(error))
        }
    }

    fn attempt(&self, url: &str, request: &Request<'_>, remaining: Option<Duration>) -> Attempt {
        if remaining.is_some_and(|left| left.is_zero()) {
            return Attempt::Done(Err(self.timeout_error()));
        }
        let sent = match request.method {
            Method::Get => self.with_headers(self.agent.get(url), remaining).call(),
            Method::Delete => self.with_headers(self.agent.delete(url), remaining).call(),
            Method::Post => self
                .with_headers(self.agent.post(url), remaining)
                .header(header::CONTENT_TYPE, JSON.clone())
                .send(request.payload.as_bytes()),
            Method::Patch => self
                .with_headers(self.agent.patch(url), remaining)
                .header(header::CONTENT_TYPE, JSON.clone())
                .send(request.payload.as_bytes()),
            Method::Put => self
                .with_headers(self.agent.put(url), remaining)
                .header(header::CONTENT_TYPE, JSON.clone())
                .send(request.payload.as_bytes()),
        };
        let mut response = match sent {
            Ok(response) => response,
            Err(e) => return self.failed(request.retry, e),
        };

        let status = response.status();
        let headers = response.headers();
        let request_id = header_text(headers, REQUEST_ID_HEADER);
        if status.is_redirection() {
            let location = header_text(headers, header::LOCATION.as_str());
            return Attempt::Done(Err(redirect_error(status, location, request_id)));
        }
        let server_wait = retry_after(headers);
        let body = match response
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
            // The request reached the server: the retry class allows a read to ask again.
            Err(e) => return self.failed(request.retry, e),
        };
        if request.retry.after_status(status) {
            // Only error statuses are retried; what the error says is read now.
            let error = response::parse(status.as_u16(), &body, request_id, response::nothing)
                .err()
                .unwrap_or_else(|| self.timeout_error());
            return Attempt::Retryable {
                error,
                server_wait,
                rate_limited: status == StatusCode::TOO_MANY_REQUESTS,
            };
        }
        Attempt::Done(Ok(Answer {
            status: status.as_u16(),
            body,
            request_id,
        }))
    }

    fn with_headers<B>(
        &self,
        builder: ureq::RequestBuilder<B>,
        remaining: Option<Duration>,
    ) -> ureq::RequestBuilder<B> {
        let builder = match remaining {
            Some(left) => builder.config().timeout_global(Some(left)).build(),
            None => builder,
        };
        let builder = builder
            .header(header::AUTHORIZATION, self.config.authorization.clone())
            .header(SDK_NAME_HEADER.clone(), SDK_NAME.clone())
            .header(SDK_VERSION_HEADER.clone(), SDK_VERSION.clone());
        match &self.config.scope {
            Some((name, value)) => builder.header(name.clone(), value.clone()),
            None => builder,
        }
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

/// An answer as it came: what the call's reader gets.
struct Answer {
    status: u16,
    body: Vec<u8>,
    request_id: Option<String>,
}

enum Attempt {
    Done(Result<Answer, SeamError>),
    Retryable {
        error: SeamError,
        server_wait: Option<Duration>,
        /// A 429: the whole client waits `server_wait` (see `rate_limited_until`).
        rate_limited: bool,
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
            RetryClass::Read => !is_timeout_failure(e),
            RetryClass::Repeatable | RetryClass::Create => never_sent(e),
        }
    }
}

/// The call's time ran out: nothing is left for another try.
fn is_timeout_failure(e: &ureq::Error) -> bool {
    matches!(e, ureq::Error::Timeout(_)) || is_timeout_error(e)
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
    use std::sync::{Arc, Mutex};
    use ureq::unversioned::transport::LazyBuffers;

    /// Records what it is asked to send; answers every read with `answer`.
    #[derive(Debug)]
    struct Recording {
        buffers: LazyBuffers,
        sent: Arc<Mutex<Vec<Vec<u8>>>>,
        answer: &'static [u8],
    }

    impl Transport for Recording {
        fn buffers(&mut self) -> &mut dyn Buffers {
            &mut self.buffers
        }

        fn transmit_output(&mut self, amount: usize, _: NextTimeout) -> Result<(), ureq::Error> {
            let bytes = self.buffers.output()[..amount].to_vec();
            self.sent.lock().unwrap().push(bytes);
            Ok(())
        }

        fn await_input(&mut self, _: NextTimeout) -> Result<bool, ureq::Error> {
            let n = self.answer.len();
            self.buffers.input_append_buf()[..n].copy_from_slice(self.answer);
            self.buffers.input_appended(n);
            Ok(true)
        }

        fn is_open(&mut self) -> bool {
            true
        }
    }

    fn send(transport: &mut IoTransport, bytes: &[u8]) {
        transport.buffers().output()[..bytes.len()].copy_from_slice(bytes);
        transport
            .transmit_output(bytes.len(), NextTimeout::default())
            .unwrap();
    }

    #[test]
    fn head_and_body_go_out_in_one_write_before_the_first_read() {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let mut transport = IoTransport::new(Box::new(Recording {
            buffers: LazyBuffers::new(1024, 1024),
            sent: Arc::clone(&sent),
            answer: b"HTTP/1.1 200 OK\r\n",
        }));
        send(&mut transport, b"PATCH /x HTTP/1.1\r\n\r\n");
        send(&mut transport, b"{}");
        assert!(
            sent.lock().unwrap().is_empty(),
            "nothing is written before a read"
        );
        let timeout = NextTimeout {
            after: Duration::from_secs(30).into(),
            ..NextTimeout::default()
        };
        assert!(transport.maybe_await_input(timeout).unwrap());
        assert_eq!(
            *sent.lock().unwrap(),
            vec![b"PATCH /x HTTP/1.1\r\n\r\n{}".to_vec()]
        );
        assert_eq!(transport.buffers().input(), b"HTTP/1.1 200 OK\r\n");
        // A second request on the connection: the same again, nothing left over.
        transport.buffers().input_consume(17);
        send(&mut transport, b"GET /y HTTP/1.1\r\n\r\n");
        transport.await_input(timeout).unwrap();
        assert_eq!(sent.lock().unwrap().len(), 2);
        assert_eq!(sent.lock().unwrap()[1], b"GET /y HTTP/1.1\r\n\r\n".to_vec());
    }

    #[test]
    fn more_than_the_output_buffer_is_written_as_it_fills() {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let mut transport = IoTransport::new(Box::new(Recording {
            buffers: LazyBuffers::new(64, 16),
            sent: Arc::clone(&sent),
            answer: b"x",
        }));
        for _ in 0..3 {
            send(&mut transport, b"0123456789");
        }
        transport.await_input(NextTimeout::default()).unwrap();
        let sent = sent.lock().unwrap();
        assert_eq!(sent.concat(), b"012345678901234567890123456789".to_vec());
        assert!(sent.iter().all(|write| write.len() <= 16), "{sent:?}");
    }

    #[test]
    fn write_timeouts_are_whole_milliseconds_and_never_later() {
        let timeout = |after: Duration| NextTimeout {
            after: after.into(),
            ..NextTimeout::default()
        };
        let rounded = whole_millis(timeout(Duration::from_micros(29_999_987)));
        assert_eq!(rounded.after, Duration::from_millis(29_999).into());
        assert_eq!(
            whole_millis(timeout(Duration::from_millis(7))).after,
            Duration::from_millis(7).into()
        );
        assert_eq!(
            whole_millis(NextTimeout::default()).after,
            IoDuration::NotHappening
        );
    }

    /// A client of `fake` with `timeout` and no retries.
    fn client(fake: &fake_seam::FakeSeam, timeout: Duration) -> crate::Seam {
        crate::Seam::from_config(crate::Config {
            api_key: Some("seam_apikey1_token".into()),
            endpoint: Some(fake.url().to_owned()),
            timeout: Some(timeout),
            max_retries: Some(0),
            ..crate::Config::default()
        })
        .unwrap()
    }

    const USER: &str = "33333333-3333-3333-3333-333333333333";
    const CREDENTIAL: &str = "66666666-6666-6666-6666-666666666666";

    #[test]
    fn an_answer_slower_than_one_read_slice_arrives() {
        let fake = fake_seam::FakeSeam::start().unwrap();
        let seam = client(&fake, Duration::from_secs(4));
        fake.add_fault(serde_json::json!({"route": "/acs/credentials/assign", "delay_ms": 1600}))
            .unwrap();
        let started = Instant::now();
        let credential = seam.acs().credentials().assign(USER, CREDENTIAL).unwrap();
        assert_eq!(credential.acs_credential_id, CREDENTIAL);
        assert!(started.elapsed() >= Duration::from_millis(1600));
    }

    #[test]
    fn a_rate_limited_client_holds_its_other_calls_until_retry_after() {
        let fake = fake_seam::FakeSeam::start().unwrap();
        let seam = Arc::new(
            crate::Seam::from_config(crate::Config {
                api_key: Some("seam_apikey1_token".into()),
                endpoint: Some(fake.url().to_owned()),
                ..crate::Config::default()
            })
            .unwrap(),
        );
        fake.add_fault(serde_json::json!({
            "route": "/acs/credentials/assign", "status": 429, "headers": {"Retry-After": "1"}
        }))
        .unwrap();
        let started = Instant::now();
        let refused = {
            let seam = Arc::clone(&seam);
            std::thread::spawn(move || seam.acs().credentials().assign(USER, CREDENTIAL))
        };
        std::thread::sleep(Duration::from_millis(300));
        // Another call of the same client waits for the second the server asked for.
        seam.acs().credentials().get(CREDENTIAL).unwrap();
        assert!(
            started.elapsed() >= Duration::from_millis(950),
            "{:?}",
            started.elapsed()
        );
        refused.join().unwrap().unwrap();
        // Once that second is over, calls go at once.
        let after = Instant::now();
        seam.acs().credentials().get(CREDENTIAL).unwrap();
        assert!(
            after.elapsed() < Duration::from_millis(500),
            "{:?}",
            after.elapsed()
        );
        // A client of its own is not held by another client's limit; a held call whose
        // deadline comes first goes at once (the server's answer decides).
        fake.add_fault(serde_json::json!({
            "route": "/acs/credentials/assign", "status": 429, "headers": {"Retry-After": "5"}
        }))
        .unwrap();
        let short = client(&fake, Duration::from_millis(800));
        short
            .acs()
            .credentials()
            .assign(USER, CREDENTIAL)
            .unwrap_err();
        let other = Instant::now();
        seam.acs().credentials().get(CREDENTIAL).unwrap();
        short.acs().credentials().get(CREDENTIAL).unwrap();
        assert!(
            other.elapsed() < Duration::from_millis(500),
            "{:?}",
            other.elapsed()
        );
    }

    #[test]
    fn the_deadline_holds_across_read_slices() {
        let fake = fake_seam::FakeSeam::start().unwrap();
        let seam = client(&fake, Duration::from_millis(2500));
        fake.add_fault(serde_json::json!({"route": "/acs/credentials/assign", "delay_ms": 8000}))
            .unwrap();
        let started = Instant::now();
        let error = seam
            .acs()
            .credentials()
            .assign(USER, CREDENTIAL)
            .unwrap_err();
        let elapsed = started.elapsed();
        assert!(matches!(error, SeamError::Timeout { .. }), "{error:?}");
        // Not at the end of the first slice, and not when the answer would have come.
        assert!(
            elapsed >= Duration::from_millis(2450) && elapsed < Duration::from_millis(4000),
            "{elapsed:?}"
        );
    }

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
