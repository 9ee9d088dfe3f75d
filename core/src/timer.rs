//! Sleeping without a thread: the async clients wait between two polls of an action attempt
//! with a [`sleep`] future, woken by one timer thread for the whole process, so that a wait
//! holds no worker thread. Dropping the future (a cancelled caller) ends the wait at once.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use once_cell::sync::Lazy;

/// The deadlines to wake, soonest first, and the waker of each.
#[derive(Default)]
struct Timers {
    deadlines: BinaryHeap<Reverse<(Instant, u64)>>,
    wakers: HashMap<u64, Waker>,
    running: bool,
}

static TIMERS: Lazy<(Mutex<Timers>, Condvar)> = Lazy::new(Default::default);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn timers() -> MutexGuard<'static, Timers> {
    // Nothing runs under the lock but bookkeeping: a poisoned lock is still consistent.
    TIMERS.0.lock().unwrap_or_else(|e| e.into_inner())
}

/// A future that completes `duration` from now.
pub(crate) fn sleep(duration: Duration) -> Sleep {
    Sleep {
        deadline: Instant::now() + duration,
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
    }
}

pub(crate) struct Sleep {
    deadline: Instant,
    id: u64,
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.deadline {
            return Poll::Ready(());
        }
        let mut timers = timers();
        if timers.wakers.insert(self.id, cx.waker().clone()).is_none() {
            timers.deadlines.push(Reverse((self.deadline, self.id)));
        }
        if !timers.running {
            // Without a thread to wake it, the sleep is over at once rather than never.
            if std::thread::Builder::new()
                .name("seam-core-timer".to_owned())
                .spawn(run)
                .is_err()
            {
                timers.wakers.remove(&self.id);
                return Poll::Ready(());
            }
            timers.running = true;
        }
        TIMERS.1.notify_one();
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        // Its deadline stays in the heap until due; without a waker it wakes nothing.
        timers().wakers.remove(&self.id);
    }
}

/// The timer thread: wakes each sleep at its deadline; ends when none is left.
fn run() {
    let mut timers = timers();
    loop {
        let now = Instant::now();
        while let Some(Reverse((deadline, id))) = timers.deadlines.peek().copied() {
            if deadline > now {
                break;
            }
            timers.deadlines.pop();
            if let Some(waker) = timers.wakers.remove(&id) {
                drop(timers);
                crate::pool::wake(waker);
                timers = self::timers();
            }
        }
        let Some(Reverse((deadline, _))) = timers.deadlines.peek().copied() else {
            timers.running = false;
            return;
        };
        let wait = deadline.saturating_duration_since(Instant::now());
        timers = TIMERS
            .1
            .wait_timeout(timers, wait)
            .map(|(guard, _)| guard)
            .unwrap_or_else(|e| e.into_inner().0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::task::Wake;
    use std::thread;

    struct ThreadWaker(thread::Thread);

    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    /// The timer is one per process: its tests take turns, so that one's sleeps are not
    /// counted in another's.
    static TURN: Mutex<()> = Mutex::new(());

    fn turn() -> MutexGuard<'static, ()> {
        TURN.lock().unwrap_or_else(|e| e.into_inner())
    }

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

    #[test]
    fn sleeps_end_at_their_deadlines_in_order() {
        let _turn = turn();
        let started = Instant::now();
        let ends: Vec<Duration> = thread::scope(|s| {
            let handles: Vec<_> = [120, 40, 80]
                .into_iter()
                .map(|ms| {
                    s.spawn(move || {
                        block_on(sleep(Duration::from_millis(ms)));
                        started.elapsed()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (end, ms) in ends.iter().zip([120u64, 40, 80]) {
            assert!(*end >= Duration::from_millis(ms), "{end:?} < {ms} ms");
            assert!(
                *end < Duration::from_millis(ms + 400),
                "{end:?} late for {ms} ms"
            );
        }
    }

    #[test]
    fn a_dropped_sleep_wakes_nothing_and_the_thread_ends() {
        let _turn = turn();
        let mut cx = Context::from_waker(Waker::noop());
        let mut dropped = Box::pin(sleep(Duration::from_millis(30)));
        let id = dropped.id;
        assert!(dropped.as_mut().poll(&mut cx).is_pending());
        assert!(timers().wakers.contains_key(&id));
        drop(dropped);
        // Only this sleep's own waker: other tests' sleeps share the process's timers.
        assert!(!timers().wakers.contains_key(&id));
        block_on(sleep(Duration::from_millis(60)));
        thread::sleep(Duration::from_millis(50));
        assert!(!timers().wakers.contains_key(&id));
    }
}
