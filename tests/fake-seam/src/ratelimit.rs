//! A rate-limit mode for benchmarks (`POST /_fake/rate_limit {"per_second": N}`): a token
//! bucket per credential, refilled at N a second and holding at most N (at least one), so a
//! client that paces itself at N per second never sees a 429.

use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct RateLimit {
    per_second: Option<f64>,
    buckets: HashMap<String, Bucket>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimit {
    /// `None` turns the limit off; a new limit starts every bucket full.
    pub fn set(&mut self, per_second: Option<f64>) {
        self.per_second = per_second;
        self.buckets.clear();
    }

    pub fn per_second(&self) -> Option<f64> {
        self.per_second
    }

    /// Takes a token for `key`, or says how long until one is there.
    pub fn take(&mut self, key: &str, now: Instant) -> Result<(), Duration> {
        let Some(rate) = self.per_second else {
            return Ok(());
        };
        let capacity = rate.max(1.0);
        let bucket = self.buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }
}

/// `Retry-After` in whole seconds, as every client reads it: rounded up, at least 1.
pub fn retry_after(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_refill_per_key() {
        let mut limit = RateLimit::default();
        let start = Instant::now();
        assert!(limit.take("a", start).is_ok(), "off by default");
        limit.set(Some(2.0));
        assert!(limit.take("a", start).is_ok());
        assert!(limit.take("a", start).is_ok());
        let wait = limit.take("a", start).unwrap_err();
        assert!(wait <= Duration::from_millis(500), "{wait:?}");
        assert_eq!(retry_after(wait), 1);
        assert!(
            limit.take("b", start).is_ok(),
            "each key has its own bucket"
        );
        assert!(limit.take("a", start + Duration::from_millis(500)).is_ok());
        limit.set(None);
        assert!(limit.take("a", start).is_ok());
    }
}
