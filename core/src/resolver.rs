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

/// `dns` answers what the cache cannot (the system's resolver, except in tests).
#[derive(Default)]
pub(crate) struct CachingResolver<R = DefaultResolver> {
    dns: R,
    answers: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
}

impl<R> fmt::Debug for CachingResolver<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CachingResolver")
    }
}

impl<R: Resolver> Resolver for CachingResolver<R> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Answers every name with 127.0.0.1 and counts the questions.
    #[derive(Debug, Default)]
    struct CountingDns(AtomicUsize);

    impl Resolver for CountingDns {
        fn resolve(
            &self,
            uri: &Uri,
            config: &Config,
            _timeout: NextTimeout,
        ) -> Result<ResolvedSocketAddrs, ureq::Error> {
            self.0.fetch_add(1, Ordering::SeqCst);
            let mut addrs = self.empty();
            let port = uri.port_u16().unwrap_or(443);
            addrs.push(SocketAddr::from(([127, 0, 0, 1], port)));
            let _ = config;
            Ok(addrs)
        }
    }

    fn resolve(resolver: &impl Resolver, uri: &str) -> Vec<SocketAddr> {
        let uri: Uri = uri.parse().unwrap();
        let config = Config::default();
        let timeout = NextTimeout::default();
        resolver
            .resolve(&uri, &config, timeout)
            .unwrap()
            .iter()
            .copied()
            .collect()
    }

    #[test]
    fn a_host_name_is_looked_up_once_and_reused() {
        let resolver = CachingResolver::<CountingDns>::default();
        for _ in 0..3 {
            assert_eq!(
                resolve(&resolver, "https://connect.example/acs"),
                [SocketAddr::from(([127, 0, 0, 1], 443))]
            );
        }
        assert_eq!(resolver.dns.0.load(Ordering::SeqCst), 1);
        resolve(&resolver, "https://other.example:8443/");
        assert_eq!(resolver.dns.0.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn ip_literals_need_no_lookup() {
        let resolver = CachingResolver::<CountingDns>::default();
        assert_eq!(
            resolve(&resolver, "http://127.0.0.1:9/"),
            [SocketAddr::from(([127, 0, 0, 1], 9))]
        );
        assert_eq!(
            resolve(&resolver, "http://[::1]/"),
            [SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 80))]
        );
        assert_eq!(resolver.dns.0.load(Ordering::SeqCst), 0);
    }
}
