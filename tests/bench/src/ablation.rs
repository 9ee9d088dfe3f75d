//! Ablation of the core's request path: a replica of `HttpTransport::attempt` (same ureq agent
//! settings, headers, resolver and response reader) with one change at a time, so that each
//! cost can be measured on its own. Used by `seam-bench driver replica…` / `loop replica…`.
//!
//! - `replica`: the request path as it was before the transport wrapper: a per-request
//!   `timeout_global(remaining)`, so ureq sets a new socket timeout before every read and
//!   write; head and body in two writes;
//! - `replica-io`: + the transport wrapper of `core/src/transport.rs` keeping the socket's
//!   read timeout constant (reads wait in slices of at most `READ_SLICE`; the deadline is
//!   still the call's), the write timeout in whole milliseconds (the same value every call),
//!   and no per-request config on a first attempt;
//! - `replica-io-coalesce`: + head and body held until the first read, then sent in one write;
//! - `replica-io-coalesce-probe`: + no liveness probe when the connection goes back to the
//!   pool (ureq probes it again when it takes it out).

use std::fmt;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::{header, Uri};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::time::Duration as UreqDuration;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport,
};

use crate::{Contender, Error, ACS_CREDENTIAL, ACS_USER, API_KEY};

const TIMEOUT: Duration = Duration::from_secs(30);
/// The longest a read waits before the wrapper looks at the deadline again.
const READ_SLICE: Duration = Duration::from_secs(1);

/// Answers IP literals at once, as the core's caching resolver does (ureq's own resolver would
/// spawn a thread per call once a timeout is set).
#[derive(Debug, Default)]
struct IpResolver(DefaultResolver);

impl Resolver for IpResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        if let (Some(host), Some(port)) = (uri.host(), uri.port_u16()) {
            if let Ok(ip) = host.trim_matches(['[', ']']).parse::<std::net::IpAddr>() {
                let mut addrs = self.empty();
                addrs.push(std::net::SocketAddr::new(ip, port));
                return Ok(addrs);
            }
        }
        self.0.resolve(uri, config, timeout)
    }
}

/// What the wrapper changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Changes {
    constant_read_timeout: bool,
    coalesce: bool,
    skip_return_probe: bool,
}

#[derive(Debug)]
struct Wrapping(Changes);

impl Connector<()> for Wrapping {
    type Out = Box<dyn Transport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        static CONNECTOR: std::sync::OnceLock<DefaultConnector> = std::sync::OnceLock::new();
        let inner = CONNECTOR
            .get_or_init(DefaultConnector::new)
            .connect(details, chained)?;
        Ok(inner.map(|inner| {
            Box::new(Wrapped {
                inner,
                changes: self.0,
                pending: Vec::new(),
                probed: true,
            }) as Box<dyn Transport>
        }))
    }
}

/// A copy of the core's `IoTransport`, with each change switchable.
struct Wrapped {
    inner: Box<dyn Transport>,
    changes: Changes,
    pending: Vec<u8>,
    /// Whether `is_open` has been asked since the last read.
    probed: bool,
}

impl fmt::Debug for Wrapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wrapped")
            .field("inner", &self.inner)
            .finish()
    }
}

impl Wrapped {
    fn flush(&mut self, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let n = self.pending.len();
        let out = self.inner.buffers().output();
        out.get_mut(..n)
            .ok_or_else(|| ureq::Error::Other("pending output larger than the buffer".into()))?
            .copy_from_slice(&self.pending);
        self.pending.clear();
        self.inner.transmit_output(n, whole_millis(timeout))
    }
}

/// The write timeout rounded down to whole milliseconds: the same value call after call (so
/// ureq sets it once), never later than the deadline.
fn whole_millis(timeout: NextTimeout) -> NextTimeout {
    match timeout.after {
        UreqDuration::NotHappening => timeout,
        after => NextTimeout {
            after: Duration::from_millis(u64::try_from(after.as_millis()).unwrap_or(u64::MAX))
                .into(),
            ..timeout
        },
    }
}

impl Transport for Wrapped {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if !self.changes.coalesce {
            let timeout = if self.changes.constant_read_timeout {
                whole_millis(timeout)
            } else {
                timeout
            };
            return self.inner.transmit_output(amount, timeout);
        }
        let capacity = self.inner.buffers().output().len();
        if self.pending.len() + amount > capacity {
            self.flush(timeout)?;
        }
        let output = self.inner.buffers().output();
        let new = output
            .get(..amount)
            .ok_or_else(|| ureq::Error::Other("amount beyond the output buffer".into()))?;
        self.pending.extend_from_slice(new);
        Ok(())
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush(timeout)?;
        if self.inner.buffers().can_use_input() {
            return Ok(true);
        }
        self.await_input(timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush(timeout)?;
        self.probed = false;
        if !self.changes.constant_read_timeout {
            return self.inner.await_input(timeout);
        }
        let deadline = match timeout.after {
            UreqDuration::NotHappening => None,
            after => Some(Instant::now() + *after),
        };
        loop {
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let slice = match remaining {
                Some(left) if left < READ_SLICE => left,
                _ => READ_SLICE,
            };
            let sliced = NextTimeout {
                after: slice.into(),
                ..timeout
            };
            match self.inner.await_input(sliced) {
                Err(ureq::Error::Timeout(_)) if deadline.is_none_or(|d| Instant::now() < d) => {}
                other => return other,
            }
        }
    }

    fn is_open(&mut self) -> bool {
        // ureq probes when the connection goes back to the pool and again when it comes out;
        // the second probe sees whatever the first would have.
        if self.changes.skip_return_probe && !std::mem::replace(&mut self.probed, true) {
            return true;
        }
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

pub struct Replica {
    agent: ureq::Agent,
    url: String,
    body: String,
    authorization: String,
    per_request_config: bool,
}

impl Replica {
    pub fn new(kind: &str, base: &str) -> Result<Replica, Error> {
        let changes = match kind {
            "replica" => Changes {
                constant_read_timeout: false,
                coalesce: false,
                skip_return_probe: false,
            },
            "replica-io" => Changes {
                constant_read_timeout: true,
                coalesce: false,
                skip_return_probe: false,
            },
            "replica-io-coalesce" => Changes {
                constant_read_timeout: true,
                coalesce: true,
                skip_return_probe: false,
            },
            "replica-io-coalesce-probe" => Changes {
                constant_read_timeout: true,
                coalesce: true,
                skip_return_probe: true,
            },
            other => return Err(format!("unknown replica {other:?}").into()),
        };
        // The agent as HttpTransport::new builds it.
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("seam-core/", env!("CARGO_PKG_VERSION"), " (Rust)"))
            .max_idle_connections_per_host(32)
            .max_idle_connections(32)
            .timeout_global(Some(TIMEOUT))
            .build();
        let agent = ureq::Agent::with_parts(config, Wrapping(changes), IpResolver::default());
        Ok(Replica {
            agent,
            url: format!("{base}/acs/credentials/assign"),
            body:
                serde_json::json!({ "acs_user_id": ACS_USER, "acs_credential_id": ACS_CREDENTIAL })
                    .to_string(),
            authorization: format!("Bearer {API_KEY}"),
            per_request_config: !changes.constant_read_timeout,
        })
    }
}

impl Contender for Replica {
    fn call(&mut self) -> Result<(), Error> {
        let deadline = Instant::now() + TIMEOUT;
        let request = self.agent.patch(&self.url);
        let request = if self.per_request_config {
            let remaining = deadline.saturating_duration_since(Instant::now());
            request.config().timeout_global(Some(remaining)).build()
        } else {
            request
        };
        let mut response = request
            .header(header::AUTHORIZATION, &self.authorization)
            .header("seam-sdk-name", "seam-core")
            .header("seam-sdk-version", env!("CARGO_PKG_VERSION"))
            .header(header::CONTENT_TYPE, "application/json")
            .send(self.body.as_bytes())?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("seam-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response
            .body_mut()
            .with_config()
            .limit(seam_core::MAX_RESPONSE_BYTES)
            .read_to_vec()?;
        let credential = seam_core::response::acs_credential(status, &bytes, request_id)?;
        if credential.acs_credential_id != ACS_CREDENTIAL {
            return Err("assign returned another credential".into());
        }
        Ok(())
    }
}
