//! Name resolution for the client's one endpoint.
//!
//! ureq resolves the host on every request, even when it then reuses a pooled connection,
//! and with a timeout set it does so on a new thread each time: a thread spawn plus a DNS
//! query per call, several times the cost of the call itself on a keep-alive connection.
//! This resolver answers IP literals at once and keeps other answers for a short while.

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a DNS answer is reused: short enough to follow a failover, long enough that
/// a busy client looks a host up a couple of times a minute.
const TTL: Duration = Duration::from_secs(30);

#[derive(Default)]
pub(crate) struct CachingResolver {
    dns: DefaultResolver,
    answers: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
}

impl fmt::Debug for CachingResolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CachingResolver")
    }
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let Some(authority) = uri.authority() else {
            return self.dns.resolve(uri, config, timeout);
        };
        let port = authority
            .port_u16()
            .unwrap_or(if uri.scheme_str() == Some("http") {
                80
            } else {
                443
            });
        let host = authority.host();
        if let Ok(ip) = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            let mut addrs = self.empty();
            addrs.push(SocketAddr::new(ip, port));
            return Ok(addrs);
        }

        let key = format!("{host}:{port}");
        let now = Instant::now();
        let cached = self
            .answers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&key)
            .filter(|(at, _)| now.duration_since(*at) < TTL)
            .map(|(_, addrs)| addrs.clone());
        if let Some(addrs) = cached {
            return Ok(addrs);
        }
        let addrs = self.dns.resolve(uri, config, timeout)?;
        self.answers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(key, (now, addrs.clone()));
        Ok(addrs)
    }
}
