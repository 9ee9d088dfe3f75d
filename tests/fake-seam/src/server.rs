use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use rustls::{ServerConfig, ServerConnection, StreamOwned};

use crate::faults::{self, After};
use crate::http::{self, ReadError, Response};
use crate::routes::Reply;
use crate::state::App;

/// A running fake Seam API on 127.0.0.1, serving on background threads until dropped.
///
/// Each instance has its own port, seed copy, fault queue and request log, so tests can run
/// several at once.
pub struct FakeSeam {
    url: String,
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl FakeSeam {
    /// Plain HTTP on a free port.
    pub fn start() -> io::Result<FakeSeam> {
        FakeSeam::bind(0, false)
    }

    /// HTTPS with a freshly generated self-signed certificate for 127.0.0.1 and localhost.
    pub fn start_tls() -> io::Result<FakeSeam> {
        FakeSeam::bind(0, true)
    }

    /// `port` 0 picks a free one. Set `FAKE_SEAM_LOG` to log one line per request to stderr.
    pub fn bind(port: u16, tls: bool) -> io::Result<FakeSeam> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let addr = listener.local_addr()?;
        let scheme = if tls { "https" } else { "http" };
        let url = format!("{scheme}://127.0.0.1:{}", addr.port());
        let shared = Arc::new(Shared {
            app: App::new(url.clone())?,
            tls: if tls {
                Some(crate::tls::self_signed_config()?)
            } else {
                None
            },
            connections: Mutex::default(),
            changed: Condvar::new(),
            log: std::env::var_os("FAKE_SEAM_LOG").is_some(),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("fake-seam-accept".to_owned())
                .spawn(move || accept_loop(&listener, &shared))?
        };
        Ok(FakeSeam {
            url,
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// In-process `POST /_fake/faults`: one fault object or an array, same JSON.
    pub fn add_fault(&self, spec: serde_json::Value) -> io::Result<()> {
        self.shared
            .app
            .queue_faults(spec)
            .map(drop)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    }

    /// In-process `GET /_fake/requests`: `{"counts": {...}, "last": {...} | null}`.
    pub fn requests(&self) -> serde_json::Value {
        self.shared.app.data().log.to_json()
    }

    /// In-process `POST /_fake/reset`.
    pub fn reset(&self) {
        self.shared.app.reset();
    }

    /// In-process `POST /_fake/seed_credentials`: `count` PIN credentials, held by
    /// `acs_user_id` when given; answers how many credentials the workspace has now.
    pub fn seed_credentials(&self, count: u32, acs_user_id: Option<&str>) -> io::Result<usize> {
        self.shared
            .app
            .add_credentials(count, acs_user_id)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    }

    /// In-process `POST /_fake/rate_limit`: `per_second` requests per credential, `None` for
    /// no limit.
    pub fn set_rate_limit(&self, per_second: Option<f64>) {
        self.shared.app.set_rate_limit(per_second);
    }

    /// In-process `POST /_fake/action_attempts`: how long new action attempts stay pending,
    /// or (`stuck`) that they stay pending until `/_fake/update_action_attempt`.
    pub fn set_action_attempts(&self, delay_ms: u64, stuck: bool) {
        self.shared.app.data().attempts = crate::state::AttemptSettings { delay_ms, stuck };
    }

    /// In-process `GET /_fake/webhook_deliveries`.
    pub fn webhook_deliveries(&self) -> serde_json::Value {
        self.shared.app.delivery_log.to_json()
    }
}

impl fmt::Debug for FakeSeam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeSeam").field("url", &self.url).finish()
    }
}

impl Drop for FakeSeam {
    fn drop(&mut self) {
        self.shared.close_all();
        // The acceptor is blocked in accept(): one connection wakes it to see the stop flag.
        let woke = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok();
        if let Some(acceptor) = self.acceptor.take().filter(|_| woke) {
            let _ = acceptor.join();
        }
        self.shared.wait_drained(Duration::from_secs(2));
    }
}

struct Shared {
    app: App,
    tls: Option<Arc<ServerConfig>>,
    connections: Mutex<Connections>,
    /// Signalled when the server stops (waking fault sleeps) and when a connection ends.
    changed: Condvar,
    log: bool,
}

/// Clones of the open sockets, so stopping the server can cut them all.
#[derive(Default)]
struct Connections {
    stopped: bool,
    next_id: u64,
    open: HashMap<u64, TcpStream>,
}

impl Shared {
    fn connections(&self) -> MutexGuard<'_, Connections> {
        self.connections.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn is_stopped(&self) -> bool {
        self.connections().stopped
    }

    /// Sleeps for `duration` unless the server stops first; false if it is stopping.
    fn sleep(&self, duration: Duration) -> bool {
        let guard = self.connections();
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, duration, |c| !c.stopped)
            .unwrap_or_else(|e| e.into_inner());
        !guard.stopped
    }

    fn register(&self, stream: &TcpStream) -> Option<u64> {
        let clone = stream.try_clone().ok()?;
        let mut connections = self.connections();
        if connections.stopped {
            return None;
        }
        connections.next_id += 1;
        let id = connections.next_id;
        connections.open.insert(id, clone);
        Some(id)
    }

    fn unregister(&self, id: u64) {
        if let Some(stream) = self.connections().open.remove(&id) {
            let _ = stream.shutdown(Shutdown::Both);
        }
        self.changed.notify_all();
    }

    fn close_all(&self) {
        let mut connections = self.connections();
        connections.stopped = true;
        for stream in connections.open.values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        self.changed.notify_all();
    }

    fn wait_drained(&self, timeout: Duration) {
        let guard = self.connections();
        let _ = self
            .changed
            .wait_timeout_while(guard, timeout, |c| !c.open.is_empty());
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.is_stopped() {
            return;
        }
        match stream {
            Ok(stream) => {
                let shared = Arc::clone(shared);
                // A thread per connection: a sleeping fault then only ever holds its own client.
                let _ = thread::Builder::new()
                    .name("fake-seam-conn".to_owned())
                    .spawn(move || connection(&shared, stream));
            }
            // E.g. out of file descriptors: back off instead of spinning.
            Err(_) => thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn connection(shared: &Shared, stream: TcpStream) {
    // Responses go out in one write, but a client's next request must not wait on Nagle either.
    let _ = stream.set_nodelay(true);
    let Some(id) = shared.register(&stream) else {
        return;
    };
    match &shared.tls {
        None => {
            let _ = serve(shared, stream);
        }
        Some(config) => {
            if let Ok(tls) = ServerConnection::new(Arc::clone(config)) {
                let mut tls = StreamOwned::new(tls, stream);
                // Without close_notify, TLS clients can't tell our goodbye from a truncation.
                if let Ok(After::Close) = serve(shared, &mut tls) {
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                }
            }
        }
    }
    shared.unregister(id);
}

/// The keep-alive loop of one connection; returns how to end it.
fn serve<S: Read + Write>(shared: &Shared, socket: S) -> io::Result<After> {
    let mut reader = BufReader::new(socket);
    loop {
        let request = match http::read_request(&mut reader) {
            Ok(request) => request,
            Err(ReadError::Closed) => return Ok(After::Close),
            Err(ReadError::Io(e)) => return Err(e),
            Err(ReadError::Bad(status, message)) => {
                let mut response = Response::new(status, "text/plain", message.as_bytes().to_vec());
                response.set_header("seam-request-id", &shared.app.next_request_id());
                response.write_to(reader.get_mut(), true, false)?;
                return Ok(After::Close);
            }
        };
        let close = !request.keep_alive() || shared.is_stopped();
        let reply = shared.app.handle(&request);
        if shared.log {
            // Method, path and status only: headers carry the bearer token.
            eprintln!(
                "fake-seam: {} {} -> {}",
                request.method,
                request.path(),
                reply.status()
            );
        }
        let socket = reader.get_mut();
        let after = match reply {
            Reply::Send(response) => {
                response.write_to(socket, close, request.method == "HEAD")?;
                if close {
                    After::Close
                } else {
                    After::KeepAlive
                }
            }
            Reply::Fault(fault, response) => {
                faults::deliver(socket, &fault, &response, close, &|d| shared.sleep(d))?
            }
        };
        if !matches!(after, After::KeepAlive) {
            return Ok(after);
        }
    }
}
