//! Ablation of the core's request path: a replica of `Seam::attempt` (same ureq agent
//! settings, same headers, same response parser) with one change at a time, so that each
//! cost can be measured on its own. Used by `seam-bench driver replica…` / `loop replica…`.
//!
//! - `replica`: what `core/src/client.rs` did up to commit 2b8a9f1 (ureq's own resolver,
//!   which spawns a thread per call);
//! - `replica-resolve`: + a resolver without that thread (`CachingResolver`; the core has had
//!   its own since 382d1a8, so this one measures like `core` minus the core's argument
//!   checks and body building);
//! - `replica-resolve-noreq`: + no per-request ureq config (the agent's global timeout).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::{header, Uri};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use crate::{Contender, Error, ACS_CREDENTIAL, ACS_USER, API_KEY};

const TIMEOUT: Duration = Duration::from_secs(30);
/// How long a resolved address is reused (connect.getseam.com's DNS TTL is of this order).
const RESOLVE_TTL: Duration = Duration::from_secs(30);

/// ureq's `DefaultResolver` runs on every call, even when a pooled connection will be
/// reused, and with any timeout set it resolves on a new thread (to be able to give up):
/// one thread spawned and joined per call. This one answers IP literals directly and keeps
/// other answers for `RESOLVE_TTL`; misses still go through `DefaultResolver`.
#[derive(Debug, Default)]
pub struct CachingResolver {
    inner: DefaultResolver,
    cache: Mutex<Option<(String, Instant, ResolvedSocketAddrs)>>,
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let key = uri.authority().map(|a| a.as_str()).unwrap_or_default();
        if let Ok(cache) = self.cache.lock() {
            if let Some((host, at, addrs)) = cache.as_ref() {
                if host == key && at.elapsed() < RESOLVE_TTL {
                    return Ok(addrs.clone());
                }
            }
        }
        if let (Some(host), Some(port)) = (uri.host(), uri.port_u16()) {
            if let Ok(ip) = host.trim_matches(['[', ']']).parse::<std::net::IpAddr>() {
                let mut addrs = self.empty();
                addrs.push(std::net::SocketAddr::new(ip, port));
                return Ok(addrs);
            }
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        if let Ok(mut cache) = self.cache.lock() {
            *cache = Some((key.to_owned(), Instant::now(), addrs.clone()));
        }
        Ok(addrs)
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
        let (resolve, per_request_config) = match kind {
            "replica" => (false, true),
            "replica-resolve" => (true, true),
            "replica-resolve-noreq" => (true, false),
            other => return Err(format!("unknown replica {other:?}").into()),
        };
        // The agent exactly as Seam::from_config builds it.
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("seam-core/", env!("CARGO_PKG_VERSION"), " (Rust)"))
            .max_idle_connections_per_host(32)
            .timeout_global(Some(TIMEOUT))
            .build();
        let agent = if resolve {
            ureq::Agent::with_parts(
                config,
                DefaultConnector::default(),
                CachingResolver::default(),
            )
        } else {
            config.into()
        };
        Ok(Replica {
            agent,
            url: format!("{base}/acs/credentials/assign"),
            body:
                serde_json::json!({ "acs_user_id": ACS_USER, "acs_credential_id": ACS_CREDENTIAL })
                    .to_string(),
            authorization: format!("Bearer {API_KEY}"),
            per_request_config,
        })
    }
}

impl Contender for Replica {
    fn call(&mut self) -> Result<(), Error> {
        let deadline = Instant::now() + TIMEOUT;
        let request = self.agent.post(&self.url);
        let request = if self.per_request_config {
            let remaining = deadline.saturating_duration_since(Instant::now());
            request.config().timeout_global(Some(remaining)).build()
        } else {
            request
        };
        let mut response = request
            .header(header::AUTHORIZATION, &self.authorization)
            .header(header::CONTENT_TYPE, "application/json")
            .header("seam-sdk-name", "seam-core")
            .header("seam-sdk-version", env!("CARGO_PKG_VERSION"))
            .send(&self.body)?;
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
