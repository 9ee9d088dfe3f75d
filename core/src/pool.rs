//! Worker threads for the non-blocking API: each async call runs the blocking call on one of
//! them and hands its result to a future that the foreign language's executor polls. No async
//! runtime: a queue, a few threads, and a waker.
//!
//! Threads start when work arrives and no thread is free, up to the pool's size, and end
//! after [`IDLE_TIMEOUT`] without work, so an idle client holds none. A future dropped before
//! its call started (the caller cancelled) takes the call out of the queue; a call already
//! running goes on to its end (answer, error or timeout), since a blocking HTTP request cannot
//! be taken back: the server may still apply it.

use std::collections::VecDeque;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

/// Workers an async client may run at once when it is not told otherwise.
pub const DEFAULT_WORKER_THREADS: u32 = 64;
/// More threads than this would only trade the API's rate limit for memory.
pub const MAX_WORKER_THREADS: u32 = 1024;
/// How long a worker without work waits before it ends.
const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

type Job = Box<dyn FnOnce() + Send>;

/// Set when the host process is exiting: workers no longer wake foreign futures.
static STOPPED: AtomicBool = AtomicBool::new(false);
/// Workers waking a foreign future right now.
static WAKING: AtomicUsize = AtomicUsize::new(0);

/// Stops waking foreign futures, and waits (at most `timeout`) for the wakes under way.
///
/// A wake runs the foreign language's continuation on a worker thread; once an interpreter
/// is finalizing, that continuation cannot run and, in CPython, the attempt ends the whole
/// process. Python calls this at exit (`atexit`), after which nothing awaits anyway.
pub(crate) fn stop_waking(timeout: Duration) {
    STOPPED.store(true, Ordering::SeqCst);
    let deadline = std::time::Instant::now() + timeout;
    while WAKING.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < deadline {
        thread::sleep(Duration::from_millis(1));
    }
}

/// What the pool is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerStats {
    /// The most threads the pool starts.
    pub max_threads: u32,
    /// Threads that exist now.
    pub threads: u32,
    /// Threads running a call now.
    pub busy: u32,
    /// Calls waiting for a thread.
    pub queued: u32,
}

/// A bounded pool of worker threads; dropping it lets the workers end once the queue is empty.
#[derive(Debug)]
pub(crate) struct WorkerPool {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    max_threads: usize,
    state: Mutex<State>,
    work: Condvar,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Job>,
    threads: usize,
    idle: usize,
    busy: usize,
    closed: bool,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("queued", &self.queue.len())
            .field("threads", &self.threads)
            .field("busy", &self.busy)
            .finish()
    }
}

impl WorkerPool {
    pub fn new(max_threads: u32) -> Self {
        Self {
            shared: Arc::new(Shared {
                max_threads: usize::try_from(max_threads.max(1)).unwrap_or(1),
                state: Mutex::default(),
                work: Condvar::new(),
            }),
        }
    }

    pub fn stats(&self) -> WorkerStats {
        let state = self.shared.lock();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        WorkerStats {
            max_threads: count(self.shared.max_threads),
            threads: count(state.threads),
            busy: count(state.busy),
            queued: count(state.queue.len()),
        }
    }

    /// Runs `call` on a worker; the future completes with its result.
    pub fn run<T, F>(&self, call: F) -> Pending<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let slot = Arc::new(Slot::default());
        let job_slot = Arc::clone(&slot);
        let job: Job = Box::new(move || {
            if job_slot.cancelled.load(Ordering::Acquire) {
                return;
            }
            let outcome = panic::catch_unwind(AssertUnwindSafe(call));
            job_slot.complete(outcome);
        });

        self.submit(job);
        Pending { slot }
    }

    /// Queues a job and finds it a thread. Not generic and never inlined: every call type
    /// shares this one copy.
    #[inline(never)]
    fn submit(&self, job: Job) {
        let mut state = self.shared.lock();
        state.queue.push_back(job);
        if state.idle > 0 {
            self.shared.work.notify_one();
        } else if state.threads < self.shared.max_threads {
            let shared = Arc::clone(&self.shared);
            let started = thread::Builder::new()
                .name("seam-core-worker".to_owned())
                .spawn(move || shared.work_loop());
            match started {
                Ok(_) => state.threads += 1,
                // No thread to be had (the process is out of them): with none running,
                // the call runs here rather than never.
                Err(_) if state.threads == 0 => {
                    if let Some(job) = state.queue.pop_back() {
                        drop(state);
                        job();
                    }
                }
                Err(_) => {}
            }
        }
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.work.notify_all();
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A job never runs under the lock, so a poisoned lock only means a panic elsewhere.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn work_loop(&self) {
        let mut state = self.lock();
        loop {
            if let Some(job) = state.queue.pop_front() {
                state.busy += 1;
                drop(state);
                job();
                state = self.lock();
                state.busy -= 1;
                continue;
            }
            if state.closed {
                break;
            }
            state.idle += 1;
            let (next, timeout) = self
                .work
                .wait_timeout(state, IDLE_TIMEOUT)
                .unwrap_or_else(|e| e.into_inner());
            state = next;
            state.idle -= 1;
            if timeout.timed_out() && state.queue.is_empty() {
                break;
            }
        }
        state.threads -= 1;
    }
}

/// Where a worker leaves a call's result for its future.
struct Slot<T> {
    inner: Mutex<SlotState<T>>,
    cancelled: AtomicBool,
}

struct SlotState<T> {
    outcome: Option<thread::Result<T>>,
    waker: Option<Waker>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self {
            inner: Mutex::new(SlotState {
                outcome: None,
                waker: None,
            }),
            cancelled: AtomicBool::new(false),
        }
    }
}

impl<T> Slot<T> {
    fn lock(&self) -> MutexGuard<'_, SlotState<T>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn complete(&self, outcome: thread::Result<T>) {
        let waker = {
            let mut state = self.lock();
            state.outcome = Some(outcome);
            state.waker.take()
        };
        if let Some(waker) = waker {
            wake(waker);
        }
    }
}

/// Wakes a foreign future, unless the host is exiting (see [`stop_waking`]).
pub(crate) fn wake(waker: Waker) {
    WAKING.fetch_add(1, Ordering::SeqCst);
    if !STOPPED.load(Ordering::SeqCst) {
        waker.wake();
    }
    WAKING.fetch_sub(1, Ordering::SeqCst);
}

/// The future of a call given to the pool.
pub(crate) struct Pending<T> {
    slot: Arc<Slot<T>>,
}

impl<T> Future for Pending<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut state = self.slot.lock();
        match state.outcome.take() {
            Some(Ok(value)) => Poll::Ready(value),
            // A panic in the call surfaces where UniFFI polls, which reports it to the
            // foreign caller as an internal error instead of unwinding across the FFI.
            Some(Err(payload)) => panic::resume_unwind(payload),
            None => {
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl<T> Drop for Pending<T> {
    fn drop(&mut self) {
        self.slot.cancelled.store(true, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::task::Wake;
    use std::time::Instant;

    struct ThreadWaker(thread::Thread);

    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    /// A minimal executor: polls on this thread, parks until woken.
    fn block_on<F: Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
        let mut cx = Context::from_waker(&waker);
        loop {
            if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
                return value;
            }
            thread::park();
        }
    }

    fn wait_until(what: &str, done: impl Fn() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !done() {
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn calls_run_on_at_most_the_pool_size_of_threads() {
        let pool = WorkerPool::new(4);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let futures: Vec<_> = (0..40)
            .map(|i| {
                let (running, most) = (Arc::clone(&running), Arc::clone(&most));
                pool.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    thread::sleep(Duration::from_millis(5));
                    running.fetch_sub(1, Ordering::SeqCst);
                    i
                })
            })
            .collect();
        let results: Vec<usize> = futures.into_iter().map(block_on).collect();
        assert_eq!(results, (0..40).collect::<Vec<_>>());
        assert!(most.load(Ordering::SeqCst) <= 4);
        assert!(pool.stats().threads <= 4);
    }

    #[test]
    fn a_dropped_future_takes_its_call_out_of_the_queue() {
        let pool = WorkerPool::new(1);
        let ran = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new((Mutex::new(false), Condvar::new()));
        let blocker = {
            let gate = Arc::clone(&gate);
            pool.run(move || {
                let (open, changed) = &*gate;
                let mut open = open.lock().unwrap();
                while !*open {
                    open = changed.wait(open).unwrap();
                }
            })
        };
        wait_until("the blocker runs", || pool.stats().busy == 1);
        let cancelled: Vec<_> = (0..10)
            .map(|_| {
                let ran = Arc::clone(&ran);
                pool.run(move || ran.fetch_add(1, Ordering::SeqCst))
            })
            .collect();
        assert_eq!(pool.stats().queued, 10);
        drop(cancelled);
        *gate.0.lock().unwrap() = true;
        gate.1.notify_all();
        block_on(blocker);
        wait_until("the queue drains", || {
            let stats = pool.stats();
            stats.queued == 0 && stats.busy == 0
        });
        assert_eq!(ran.load(Ordering::SeqCst), 0);
        assert_eq!(block_on(pool.run(|| 7)), 7);
    }

    #[test]
    fn a_panic_in_a_call_reaches_the_poller_and_the_pool_goes_on() {
        let pool = WorkerPool::new(1);
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            block_on(pool.run(|| -> u8 { std::panic::resume_unwind(Box::new("boom")) }))
        }));
        assert!(outcome.is_err());
        assert_eq!(block_on(pool.run(|| 1)), 1);
    }
}
