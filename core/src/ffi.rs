//! The objects of the foreign API (`udl/seam_core.udl`): thin wrappers that take arguments
//! as the foreign languages pass them and forward to the Rust API. The async ones run the same
//! blocking calls on the client's [`WorkerPool`].

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use crate::acs::{
    CreateParams, ListParams, NewAssaAbloyVostioMetadata, NewSaltoSpaceMetadata,
    NewVisionlineMetadata, Pages, VisionlineCardFormat,
};
use crate::config::Config;
use crate::error::SeamError;
use crate::models::*;
use crate::pool::{WorkerPool, WorkerStats, DEFAULT_WORKER_THREADS, MAX_WORKER_THREADS};
use crate::transport::HttpTransport;

uniffi::include_scaffolding!("seam_core");

fn sdk_version() -> String {
    crate::SDK_VERSION.to_owned()
}

fn stop_waking(timeout: Duration) {
    crate::pool::stop_waking(timeout);
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
            },
            idle_connections,
        )
    }
}

/// The blocking client.
pub struct Seam {
    client: crate::Seam,
    acs: Arc<Acs>,
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
    ) -> Result<Self, SeamError> {
        let client = Options {
            api_key,
            personal_access_token,
            workspace_id,
            client_session_token,
            endpoint,
            timeout,
            max_retries,
        }
        .client(crate::client::IDLE_CONNECTIONS)?;
        let credentials = Arc::new(AcsCredentials {
            http: Arc::clone(client.http()),
        });
        Ok(Self {
            client,
            acs: Arc::new(Acs { credentials }),
        })
    }

    fn endpoint(&self) -> String {
        self.client.endpoint().to_owned()
    }

    fn acs(&self) -> Arc<Acs> {
        Arc::clone(&self.acs)
    }
}

/// `seam.acs`.
pub struct Acs {
    credentials: Arc<AcsCredentials>,
}

impl Acs {
    fn credentials(&self) -> Arc<AcsCredentials> {
        Arc::clone(&self.credentials)
    }
}

/// `seam.acs.credentials`, blocking.
pub struct AcsCredentials {
    http: Arc<HttpTransport>,
}

impl AcsCredentials {
    fn rust(&self) -> crate::acs::AcsCredentials<'_> {
        crate::acs::AcsCredentials::new(&self.http)
    }

    fn assign(
        &self,
        acs_user_id: Option<String>,
        acs_credential_id: String,
        user_identity_id: Option<String>,
    ) -> Result<AcsCredential, SeamError> {
        self.rust().assign_either(
            acs_user_id.as_deref(),
            &acs_credential_id,
            user_identity_id.as_deref(),
        )
    }

    fn unassign(
        &self,
        acs_user_id: Option<String>,
        acs_credential_id: String,
        user_identity_id: Option<String>,
    ) -> Result<AcsCredential, SeamError> {
        self.rust().unassign_either(
            acs_user_id.as_deref(),
            &acs_credential_id,
            user_identity_id.as_deref(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn create(
        &self,
        access_method: AccessMethod,
        acs_user_id: Option<String>,
        user_identity_id: Option<String>,
        acs_system_id: Option<String>,
        allowed_acs_entrance_ids: Vec<String>,
        code: Option<String>,
        starts_at: Option<SystemTime>,
        ends_at: Option<SystemTime>,
        is_multi_phone_sync_credential: Option<bool>,
        credential_manager_acs_system_id: Option<String>,
        visionline_metadata: Option<NewVisionlineMetadata>,
        assa_abloy_vostio_metadata: Option<NewAssaAbloyVostioMetadata>,
        salto_space_metadata: Option<NewSaltoSpaceMetadata>,
    ) -> Result<AcsCredential, SeamError> {
        self.rust().create(&CreateParams {
            access_method,
            acs_user_id,
            user_identity_id,
            acs_system_id,
            allowed_acs_entrance_ids,
            code,
            starts_at,
            ends_at,
            is_multi_phone_sync_credential,
            credential_manager_acs_system_id,
            visionline_metadata,
            assa_abloy_vostio_metadata,
            salto_space_metadata,
        })
    }

    fn get(&self, acs_credential_id: String) -> Result<AcsCredential, SeamError> {
        self.rust().get(&acs_credential_id)
    }

    #[allow(clippy::too_many_arguments)]
    fn list(
        &self,
        acs_user_id: Option<String>,
        acs_system_id: Option<String>,
        user_identity_id: Option<String>,
        is_multi_phone_sync_credential: Option<bool>,
        created_before: Option<SystemTime>,
        search: Option<String>,
        limit: Option<i32>,
        page_cursor: Option<String>,
    ) -> Result<AcsCredentialsPage, SeamError> {
        self.rust().list(&list_params(
            acs_user_id,
            acs_system_id,
            user_identity_id,
            is_multi_phone_sync_credential,
            created_before,
            search,
            limit,
            page_cursor,
        )?)
    }

    #[allow(clippy::too_many_arguments)]
    fn list_all(
        &self,
        acs_user_id: Option<String>,
        acs_system_id: Option<String>,
        user_identity_id: Option<String>,
        is_multi_phone_sync_credential: Option<bool>,
        created_before: Option<SystemTime>,
        search: Option<String>,
        limit: Option<i32>,
    ) -> Result<Arc<AcsCredentialPages>, SeamError> {
        let pages = self.rust().list_all(list_params(
            acs_user_id,
            acs_system_id,
            user_identity_id,
            is_multi_phone_sync_credential,
            created_before,
            search,
            limit,
            None,
        )?)?;
        Ok(Arc::new(AcsCredentialPages {
            pages: Arc::new(Mutex::new(pages)),
        }))
    }

    fn update(
        &self,
        acs_credential_id: String,
        code: Option<String>,
        ends_at: Option<SystemTime>,
    ) -> Result<AcsCredential, SeamError> {
        self.rust()
            .update(&acs_credential_id, code.as_deref(), ends_at)
    }

    fn delete(&self, acs_credential_id: String) -> Result<(), SeamError> {
        self.rust().delete(&acs_credential_id)
    }

    fn list_accessible_entrances(
        &self,
        acs_credential_id: String,
    ) -> Result<Vec<AcsEntrance>, SeamError> {
        self.rust().list_accessible_entrances(&acs_credential_id)
    }
}

#[allow(clippy::too_many_arguments)]
fn list_params(
    acs_user_id: Option<String>,
    acs_system_id: Option<String>,
    user_identity_id: Option<String>,
    is_multi_phone_sync_credential: Option<bool>,
    created_before: Option<SystemTime>,
    search: Option<String>,
    limit: Option<i32>,
    page_cursor: Option<String>,
) -> Result<ListParams, SeamError> {
    let limit = limit
        .map(|n| {
            crate::validation::positive("limit", i64::from(n))?;
            Ok::<_, SeamError>(n.unsigned_abs())
        })
        .transpose()?;
    Ok(ListParams {
        acs_user_id,
        acs_system_id,
        user_identity_id,
        is_multi_phone_sync_credential,
        created_before,
        search,
        limit,
        page_cursor,
    })
}

/// The pages of a list, one `next_page` at a time (each language makes it its iterator).
pub struct AcsCredentialPages {
    pages: Arc<Mutex<Pages>>,
}

impl AcsCredentialPages {
    fn next_page(&self) -> Result<Option<AcsCredentialsPage>, SeamError> {
        lock(&self.pages).next_page()
    }
}

fn lock(pages: &Mutex<Pages>) -> MutexGuard<'_, Pages> {
    // A walk that panicked mid-page has nothing left to protect: go on from its state.
    pages.lock().unwrap_or_else(|e| e.into_inner())
}

/// The non-blocking client: the same calls, run on a bounded pool of worker threads.
pub struct AsyncSeam {
    client: crate::Seam,
    pool: Arc<WorkerPool>,
    acs: Arc<AsyncAcs>,
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
        }
        .client(usize::try_from(threads).unwrap_or(usize::MAX))?;
        let pool = Arc::new(WorkerPool::new(threads));
        let credentials = Arc::new(AsyncAcsCredentials {
            blocking: Arc::new(AcsCredentials {
                http: Arc::clone(client.http()),
            }),
            pool: Arc::clone(&pool),
        });
        Ok(Self {
            client,
            pool,
            acs: Arc::new(AsyncAcs { credentials }),
        })
    }

    fn endpoint(&self) -> String {
        self.client.endpoint().to_owned()
    }

    fn acs(&self) -> Arc<AsyncAcs> {
        Arc::clone(&self.acs)
    }

    fn worker_stats(&self) -> WorkerStats {
        self.pool.stats()
    }
}

/// `seam.acs`, non-blocking.
pub struct AsyncAcs {
    credentials: Arc<AsyncAcsCredentials>,
}

impl AsyncAcs {
    fn credentials(&self) -> Arc<AsyncAcsCredentials> {
        Arc::clone(&self.credentials)
    }
}

/// `seam.acs.credentials`, non-blocking: each call is the blocking one, on a worker.
pub struct AsyncAcsCredentials {
    blocking: Arc<AcsCredentials>,
    pool: Arc<WorkerPool>,
}

impl AsyncAcsCredentials {
    async fn on_worker<T: Send + 'static>(
        &self,
        call: impl FnOnce(&AcsCredentials) -> Result<T, SeamError> + Send + 'static,
    ) -> Result<T, SeamError> {
        let blocking = Arc::clone(&self.blocking);
        self.pool.run(move || call(&blocking)).await
    }

    async fn assign(
        &self,
        acs_user_id: Option<String>,
        acs_credential_id: String,
        user_identity_id: Option<String>,
    ) -> Result<AcsCredential, SeamError> {
        self.on_worker(move |c| c.assign(acs_user_id, acs_credential_id, user_identity_id))
            .await
    }

    async fn unassign(
        &self,
        acs_user_id: Option<String>,
        acs_credential_id: String,
        user_identity_id: Option<String>,
    ) -> Result<AcsCredential, SeamError> {
        self.on_worker(move |c| c.unassign(acs_user_id, acs_credential_id, user_identity_id))
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn create(
        &self,
        access_method: AccessMethod,
        acs_user_id: Option<String>,
        user_identity_id: Option<String>,
        acs_system_id: Option<String>,
        allowed_acs_entrance_ids: Vec<String>,
        code: Option<String>,
        starts_at: Option<SystemTime>,
        ends_at: Option<SystemTime>,
        is_multi_phone_sync_credential: Option<bool>,
        credential_manager_acs_system_id: Option<String>,
        visionline_metadata: Option<NewVisionlineMetadata>,
        assa_abloy_vostio_metadata: Option<NewAssaAbloyVostioMetadata>,
        salto_space_metadata: Option<NewSaltoSpaceMetadata>,
    ) -> Result<AcsCredential, SeamError> {
        self.on_worker(move |c| {
            c.create(
                access_method,
                acs_user_id,
                user_identity_id,
                acs_system_id,
                allowed_acs_entrance_ids,
                code,
                starts_at,
                ends_at,
                is_multi_phone_sync_credential,
                credential_manager_acs_system_id,
                visionline_metadata,
                assa_abloy_vostio_metadata,
                salto_space_metadata,
            )
        })
        .await
    }

    async fn get(&self, acs_credential_id: String) -> Result<AcsCredential, SeamError> {
        self.on_worker(move |c| c.get(acs_credential_id)).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        acs_user_id: Option<String>,
        acs_system_id: Option<String>,
        user_identity_id: Option<String>,
        is_multi_phone_sync_credential: Option<bool>,
        created_before: Option<SystemTime>,
        search: Option<String>,
        limit: Option<i32>,
        page_cursor: Option<String>,
    ) -> Result<AcsCredentialsPage, SeamError> {
        self.on_worker(move |c| {
            c.list(
                acs_user_id,
                acs_system_id,
                user_identity_id,
                is_multi_phone_sync_credential,
                created_before,
                search,
                limit,
                page_cursor,
            )
        })
        .await
    }

    /// Checks the filters at once, like the blocking `list_all`; pages come on workers.
    #[allow(clippy::too_many_arguments)]
    fn list_all(
        &self,
        acs_user_id: Option<String>,
        acs_system_id: Option<String>,
        user_identity_id: Option<String>,
        is_multi_phone_sync_credential: Option<bool>,
        created_before: Option<SystemTime>,
        search: Option<String>,
        limit: Option<i32>,
    ) -> Result<Arc<AsyncAcsCredentialPages>, SeamError> {
        let pages = self.blocking.list_all(
            acs_user_id,
            acs_system_id,
            user_identity_id,
            is_multi_phone_sync_credential,
            created_before,
            search,
            limit,
        )?;
        Ok(Arc::new(AsyncAcsCredentialPages {
            pages: Arc::clone(&pages.pages),
            pool: Arc::clone(&self.pool),
        }))
    }

    async fn update(
        &self,
        acs_credential_id: String,
        code: Option<String>,
        ends_at: Option<SystemTime>,
    ) -> Result<AcsCredential, SeamError> {
        self.on_worker(move |c| c.update(acs_credential_id, code, ends_at))
            .await
    }

    async fn delete(&self, acs_credential_id: String) -> Result<(), SeamError> {
        self.on_worker(move |c| c.delete(acs_credential_id)).await
    }

    async fn list_accessible_entrances(
        &self,
        acs_credential_id: String,
    ) -> Result<Vec<AcsEntrance>, SeamError> {
        self.on_worker(move |c| c.list_accessible_entrances(acs_credential_id))
            .await
    }
}

/// The pages of a list, fetched on workers.
pub struct AsyncAcsCredentialPages {
    pages: Arc<Mutex<Pages>>,
    pool: Arc<WorkerPool>,
}

impl AsyncAcsCredentialPages {
    async fn next_page(&self) -> Result<Option<AcsCredentialsPage>, SeamError> {
        let pages = Arc::clone(&self.pages);
        self.pool.run(move || lock(&pages).next_page()).await
    }
}
