//! The objects of the foreign API (`udl/seam_core.udl`): the two clients, the Python binding's
//! JSON calls and the webhook verifier, written here; the namespaces, their calls and the
//! models' JSON functions are generated (`generated.rs`). The async objects run the same
//! blocking calls on the client's [`WorkerPool`].

mod generated;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::api::json::JsonPages as Walk;
use crate::config::Config;
use crate::error::SeamError;
use crate::models::*;
use crate::pool::{WorkerPool, WorkerStats, DEFAULT_WORKER_THREADS, MAX_WORKER_THREADS};
use crate::wait::WaitOptions;
use crate::webhook::WebhookError;

use crate::api::generated::exports::*;
use generated::*;

uniffi::include_scaffolding!("seam_core");

fn sdk_version() -> String {
    crate::SDK_VERSION.to_owned()
}

fn stop_waking(timeout: Duration) {
    crate::pool::stop_waking(timeout);
}

fn read_model(model: String, json: String) -> Result<String, SeamError> {
    crate::api::json::read_model(&model, &json)
}

fn action_attempt_json(action_attempt: ActionAttempt) -> String {
    normalized(&action_attempt)
}

/// The constructor arguments of both clients, as every foreign language passes them.
struct Options {
    api_key: Option<String>,
    personal_access_token: Option<String>,
    workspace_id: Option<String>,
    client_session_token: Option<String>,
    endpoint: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<i32>,
    check_id_format: Option<bool>,
    wait_for_action_attempt: Option<WaitOptions>,
}

impl Options {
    fn client(self, idle_connections: usize) -> Result<crate::Seam, SeamError> {
        let max_retries = self
            .max_retries
            .map(|n| {
                u32::try_from(n).map_err(|_| {
                    SeamError::config(format!("max_retries must not be negative, got {n}"))
                })
            })
            .transpose()?;
        crate::Seam::with_connections(
            Config {
                api_key: self.api_key,
                personal_access_token: self.personal_access_token,
                workspace_id: self.workspace_id,
                client_session_token: self.client_session_token,
                endpoint: self.endpoint,
                timeout: self.timeout,
                max_retries,
                check_id_format: self.check_id_format,
                wait_for_action_attempt: self.wait_for_action_attempt,
            },
            idle_connections,
        )
    }
}

/// The blocking client.
pub struct Seam {
    client: crate::Seam,
    children: SeamChildren,
}

impl Seam {
    #[allow(clippy::too_many_arguments)]
    fn new(
        api_key: Option<String>,
        personal_access_token: Option<String>,
        workspace_id: Option<String>,
        client_session_token: Option<String>,
        endpoint: Option<String>,
        timeout: Option<Duration>,
        max_retries: Option<i32>,
        check_id_format: Option<bool>,
        wait_for_action_attempt: Option<WaitOptions>,
    ) -> Result<Self, SeamError> {
        let client = Options {
            api_key,
            personal_access_token,
            workspace_id,
            client_session_token,
            endpoint,
            timeout,
            max_retries,
            check_id_format,
            wait_for_action_attempt,
        }
        .client(crate::client::IDLE_CONNECTIONS)?;
        let children = SeamChildren::new(client.http());
        Ok(Self { client, children })
    }

    fn endpoint(&self) -> String {
        self.client.endpoint().to_owned()
    }

    fn call(&self, operation: String, params: String) -> Result<String, SeamError> {
        crate::api::json::call(self.client.http(), &operation, &params, Form::Normalized)
    }

    fn pages(&self, operation: String, params: String) -> Result<Arc<JsonPages>, SeamError> {
        let walk = crate::api::json::pages(self.client.http(), &operation, &params)?;
        Ok(Arc::new(JsonPages {
            walk: Arc::new(Mutex::new(walk)),
        }))
    }
}

/// The pages of a list for the Python binding, one normalized JSON text each.
pub struct JsonPages {
    walk: Arc<Mutex<Box<dyn Walk>>>,
}

impl JsonPages {
    fn next_page(&self) -> Result<Option<String>, SeamError> {
        lock(&self.walk).next_page(Form::Normalized)
    }
}

pub(crate) fn lock<T: ?Sized>(walk: &Mutex<T>) -> MutexGuard<'_, T> {
    // A walk that panicked mid-page has nothing left to protect: go on from its state.
    walk.lock().unwrap_or_else(|e| e.into_inner())
}

/// The non-blocking client: the same calls, run on a bounded pool of worker threads.
pub struct AsyncSeam {
    client: crate::Seam,
    pool: Arc<WorkerPool>,
    children: AsyncSeamChildren,
}

impl AsyncSeam {
    #[allow(clippy::too_many_arguments)]
    fn new(
        api_key: Option<String>,
        personal_access_token: Option<String>,
        workspace_id: Option<String>,
        client_session_token: Option<String>,
        endpoint: Option<String>,
        timeout: Option<Duration>,
        max_retries: Option<i32>,
        check_id_format: Option<bool>,
        wait_for_action_attempt: Option<WaitOptions>,
        worker_threads: Option<i32>,
    ) -> Result<Self, SeamError> {
        let threads = match worker_threads {
            None => DEFAULT_WORKER_THREADS,
            Some(n) => u32::try_from(n)
                .ok()
                .filter(|n| (1..=MAX_WORKER_THREADS).contains(n))
                .ok_or_else(|| {
                    SeamError::config(format!(
                        "worker_threads must be from 1 to {MAX_WORKER_THREADS}, got {n}"
                    ))
                })?,
        };
        let client = Options {
            api_key,
            personal_access_token,
            workspace_id,
            client_session_token,
            endpoint,
            timeout,
            max_retries,
            check_id_format,
            wait_for_action_attempt,
        }
        .client(usize::try_from(threads).unwrap_or(usize::MAX))?;
        let pool = Arc::new(WorkerPool::new(threads));
        let children = AsyncSeamChildren::new(client.http(), &pool);
        Ok(Self {
            client,
            pool,
            children,
        })
    }

    fn endpoint(&self) -> String {
        self.client.endpoint().to_owned()
    }

    fn worker_stats(&self) -> WorkerStats {
        self.pool.stats()
    }

    async fn call(&self, operation: String, params: String) -> Result<String, SeamError> {
        let http = Arc::clone(self.client.http());
        if !crate::api::json::is_action_attempt(&operation) {
            return self
                .pool
                .run(move || crate::api::json::call(&http, &operation, &params, Form::Normalized))
                .await;
        }
        // The call on a worker, without waiting there; the wait holds no thread.
        let starting = Arc::clone(&http);
        let started = self
            .pool
            .run(move || crate::api::json::start(&starting, &operation, &params))
            .await;
        let Some(started) = started else {
            return Err(SeamError::config("lost the action attempt's call"));
        };
        let (attempt, wait) = started?;
        let done = crate::wait::finish_async(&self.pool, &http, attempt, wait).await?;
        Ok(normalized(&done))
    }

    /// Checks the filters at once, like the blocking `pages`; pages come on workers.
    fn pages(&self, operation: String, params: String) -> Result<Arc<AsyncJsonPages>, SeamError> {
        let walk = crate::api::json::pages(self.client.http(), &operation, &params)?;
        Ok(Arc::new(AsyncJsonPages {
            walk: Arc::new(Mutex::new(walk)),
            pool: Arc::clone(&self.pool),
        }))
    }
}

/// The pages of a list for the Python binding's async client.
pub struct AsyncJsonPages {
    walk: Arc<Mutex<Box<dyn Walk>>>,
    pool: Arc<WorkerPool>,
}

impl AsyncJsonPages {
    async fn next_page(&self) -> Result<Option<String>, SeamError> {
        let walk = Arc::clone(&self.walk);
        self.pool
            .run(move || lock(&walk).next_page(Form::Normalized))
            .await
    }
}

/// The webhook verifier of the foreign API.
pub struct SeamWebhook {
    webhook: crate::webhook::SeamWebhook,
}

impl SeamWebhook {
    fn new(secret: String, tolerance: Option<Duration>) -> Result<Self, SeamError> {
        let webhook = crate::webhook::SeamWebhook::new(&secret)?;
        Ok(Self {
            webhook: match tolerance {
                Some(tolerance) => webhook.with_tolerance(tolerance),
                None => webhook,
            },
        })
    }

    fn verify(
        &self,
        payload: Vec<u8>,
        headers: HashMap<String, String>,
    ) -> Result<Event, WebhookError> {
        self.webhook.verify_event(&payload, &pairs(headers))
    }

    fn verify_json(
        &self,
        payload: Vec<u8>,
        headers: HashMap<String, String>,
    ) -> Result<String, WebhookError> {
        self.webhook
            .verify_event(&payload, &pairs(headers))
            .map(|event| normalized(&event))
    }
}

fn pairs(headers: HashMap<String, String>) -> Vec<(String, String)> {
    headers.into_iter().collect()
}
