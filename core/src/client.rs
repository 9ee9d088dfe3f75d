//! The Rust client: configuration in, the `acs` namespace out.

use std::fmt;
use std::sync::Arc;

use crate::config::Config;
use crate::error::SeamError;
use crate::transport::HttpTransport;

/// Idle keep-alive connections a blocking client keeps: enough for a few dozen threads.
pub(crate) const IDLE_CONNECTIONS: usize = 32;

/// A client of the Seam Connect API.
///
/// Build one and share it (it is `Send + Sync`, and cloning it is cheap): calls from many
/// threads reuse its connection pool.
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
#[derive(Clone)]
pub struct Seam {
    http: Arc<HttpTransport>,
}

impl fmt::Debug for Seam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Seam").field(&self.http).finish()
    }
}

impl Seam {
    /// Creates a client from `config`, completed from the environment (see [`Config`]).
    pub fn from_config(config: Config) -> Result<Self, SeamError> {
        Self::with_connections(config, IDLE_CONNECTIONS)
    }

    /// A client that keeps up to `idle_connections` keep-alive connections (one per call
    /// that may run at the same time).
    pub(crate) fn with_connections(
        config: Config,
        idle_connections: usize,
    ) -> Result<Self, SeamError> {
        let config = config.resolve()?;
        Ok(Self {
            http: Arc::new(HttpTransport::new(config, idle_connections)),
        })
    }

    pub(crate) fn http(&self) -> &Arc<HttpTransport> {
        &self.http
    }

    /// The API base URL this client calls.
    pub fn endpoint(&self) -> &str {
        &self.http.config().endpoint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_credentials() {
        let seam = Seam::from_config(Config {
            api_key: Some("seam_apikey1_token".into()),
            endpoint: Some("http://127.0.0.1:9".into()),
            ..Config::default()
        })
        .unwrap();
        let debug = format!("{seam:?}");
        assert!(!debug.contains("seam_apikey1_token"), "{debug}");
        assert!(debug.contains("127.0.0.1:9"), "{debug}");
    }

    #[test]
    fn seam_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Seam>();
    }
}
