//! Waiting for an action attempt: a call that starts one (encoding a card, unlocking an
//! entrance) gets it back pending, and by default the client polls it until it ends.
//!
//! One monotonic deadline bounds the whole wait: the polls sleep at most until it, and each
//! poll's request ends by it, so a wait never runs later than its timeout by more than the
//! poll under way. Polls are GETs, retried like every read (429, 5xx) within that deadline: a
//! poll never repeats the command itself.

use std::time::{Duration, Instant};

use serde::{Deserialize, Deserializer};

use crate::error::SeamError;
use crate::models::{ActionAttempt, ActionAttemptStatus};
use crate::transport::{HttpTransport, Method, Request, RetryClass};

/// How long a call waits for its action attempt, by default. An unlock or an encode normally
/// ends within a few seconds; ten leaves room for a slow bridge without leaving a caller
/// stuck for long (the official SDKs use 5 s in Python and 10 s in JavaScript).
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(10);
/// How often a waiting call asks for the attempt, by default: half a second answers soon
/// after the attempt ends, with at most twenty polls in a whole wait.
pub const DEFAULT_POLLING_INTERVAL: Duration = Duration::from_millis(500);

/// Whether and how a call that answers an action attempt waits for it to end. A field left
/// out is the client's setting; the client's are the defaults unless it says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    /// `false`: return the attempt as the call answered it (pending), without polling.
    pub wait: bool,
    /// The longest the whole wait may take.
    pub timeout: Option<Duration>,
    /// The pause between two polls (more than zero).
    pub polling_interval: Option<Duration>,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            wait: true,
            timeout: None,
            polling_interval: None,
        }
    }
}

impl WaitOptions {
    /// What a client does when told nothing.
    pub(crate) const DEFAULT: WaitOptions = WaitOptions {
        wait: true,
        timeout: Some(DEFAULT_WAIT_TIMEOUT),
        polling_interval: Some(DEFAULT_POLLING_INTERVAL),
    };

    /// These options, with what `other` says in their place.
    pub(crate) fn overridden_by(&self, other: Option<&WaitOptions>) -> WaitOptions {
        match other {
            None => *self,
            Some(other) => WaitOptions {
                wait: other.wait,
                timeout: other.timeout.or(self.timeout),
                polling_interval: other.polling_interval.or(self.polling_interval),
            },
        }
    }

    /// `Err((field, why))` for a setting that would never end or busy-loop.
    pub(crate) fn check(&self) -> Result<(), (&'static str, &'static str)> {
        if self.timeout.is_some_and(|t| t.is_zero()) {
            return Err(("timeout", "must be more than zero"));
        }
        if self.polling_interval.is_some_and(|i| i.is_zero()) {
            return Err((
                "polling_interval",
                "must be more than zero (a zero pause would poll without end)",
            ));
        }
        Ok(())
    }
}

/// A call's own options, checked with its other parameters before anything is sent.
pub(crate) fn check_call(options: &Option<WaitOptions>) -> Result<(), SeamError> {
    match options.as_ref().map(WaitOptions::check) {
        Some(Err((what, why))) => Err(SeamError::InvalidInput {
            parameter: format!("wait_for_action_attempt.{what}"),
            reason: why.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// The options as the Python binding sends them: seconds as numbers.
impl<'de> Deserialize<'de> for WaitOptions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Seconds {
            #[serde(default = "yes")]
            wait: bool,
            timeout: Option<f64>,
            polling_interval: Option<f64>,
        }
        fn yes() -> bool {
            true
        }
        fn duration<E: serde::de::Error>(
            name: &str,
            seconds: Option<f64>,
        ) -> Result<Option<Duration>, E> {
            seconds
                .map(|s| {
                    Duration::try_from_secs_f64(s).map_err(|_| {
                        // Named as `from_params` names a field: the parameter's whole path.
                        E::custom(format!(
                            "the field `wait_for_action_attempt.{name}` must be a number \
                             of seconds, at least zero, got {s}"
                        ))
                    })
                })
                .transpose()
        }
        let seconds = Seconds::deserialize(d)?;
        Ok(WaitOptions {
            wait: seconds.wait,
            timeout: duration("timeout", seconds.timeout)?,
            polling_interval: duration("polling_interval", seconds.polling_interval)?,
        })
    }
}

/// Where an attempt stands after an answer or a poll.
pub(crate) enum Settled {
    Ended(Result<ActionAttempt, SeamError>),
    Pending(ActionAttempt),
}

pub(crate) fn settle(attempt: ActionAttempt) -> Settled {
    match attempt.status {
        ActionAttemptStatus::Success => Settled::Ended(Ok(attempt)),
        ActionAttemptStatus::Error => Settled::Ended(Err(failed(attempt))),
        _ => Settled::Pending(attempt),
    }
}

fn failed(attempt: ActionAttempt) -> SeamError {
    let error = attempt.error.as_ref();
    let code = error
        .and_then(|e| e.error_type.clone())
        .unwrap_or_else(|| "unknown_error".to_owned());
    let reason = error
        .and_then(|e| e.message.clone())
        .unwrap_or_else(|| "the attempt gives no message".to_owned());
    SeamError::ActionAttemptFailed {
        action_attempt: attempt,
        code,
        reason,
    }
}

pub(crate) fn timed_out(attempt: ActionAttempt, timeout: Duration) -> SeamError {
    SeamError::ActionAttemptTimeout {
        reason: format!("it was still {} after {timeout:?}", attempt.status),
        action_attempt: attempt,
    }
}

/// The limits of a wait, or `None` when the call does not wait.
pub(crate) fn limits(
    http: &HttpTransport,
    call: Option<&WaitOptions>,
) -> Option<(Duration, Duration)> {
    let options = http.config().wait.overridden_by(call);
    if !options.wait {
        return None;
    }
    Some((
        options.timeout.unwrap_or(DEFAULT_WAIT_TIMEOUT),
        options.polling_interval.unwrap_or(DEFAULT_POLLING_INTERVAL),
    ))
}

/// One poll of the attempt, ending by `deadline`.
pub(crate) fn poll(
    http: &HttpTransport,
    attempt: &ActionAttempt,
    deadline: Instant,
) -> Result<ActionAttempt, SeamError> {
    #[derive(serde::Serialize)]
    struct ById<'a> {
        action_attempt_id: &'a str,
    }
    http.send_until(
        &Request {
            method: Method::Get,
            path: "/action_attempts/get",
            payload: crate::api::encode::payload(
                Method::Get,
                &ById {
                    action_attempt_id: &attempt.action_attempt_id,
                },
            ),
            retry: RetryClass::Read,
        },
        crate::api::generated::readers::action_attempt,
        Some(deadline),
    )
}

/// Waits, on this thread, for `attempt` to end (see the module's docs).
pub(crate) fn finish(
    http: &HttpTransport,
    attempt: ActionAttempt,
    call: Option<&WaitOptions>,
) -> Result<ActionAttempt, SeamError> {
    let Some((timeout, interval)) = limits(http, call) else {
        return Ok(attempt);
    };
    let deadline = Instant::now() + timeout;
    let mut attempt = attempt;
    loop {
        attempt = match settle(attempt) {
            Settled::Ended(result) => return result,
            Settled::Pending(attempt) => attempt,
        };
        let now = Instant::now();
        if now >= deadline {
            return Err(timed_out(attempt, timeout));
        }
        std::thread::sleep(interval.min(deadline - now));
        attempt = match poll(http, &attempt, deadline) {
            Ok(polled) => polled,
            Err(SeamError::Timeout { .. }) => return Err(timed_out(attempt, timeout)),
            Err(other) => return Err(other),
        };
    }
}

/// [`finish`] for the async clients: the pauses are timer futures and each poll runs on a
/// worker, so a wait holds no thread; a cancelled caller drops the future and polling stops.
pub(crate) async fn finish_async(
    pool: &crate::pool::WorkerPool,
    http: &std::sync::Arc<HttpTransport>,
    attempt: ActionAttempt,
    call: Option<WaitOptions>,
) -> Result<ActionAttempt, SeamError> {
    let Some((timeout, interval)) = limits(http, call.as_ref()) else {
        return Ok(attempt);
    };
    let deadline = Instant::now() + timeout;
    let mut attempt = attempt;
    loop {
        attempt = match settle(attempt) {
            Settled::Ended(result) => return result,
            Settled::Pending(attempt) => attempt,
        };
        let now = Instant::now();
        if now >= deadline {
            return Err(timed_out(attempt, timeout));
        }
        crate::timer::sleep(interval.min(deadline - now)).await;
        let (polling, seen) = (std::sync::Arc::clone(http), attempt.clone());
        attempt = match pool.run(move || poll(&polling, &seen, deadline)).await {
            Ok(polled) => polled,
            Err(SeamError::Timeout { .. }) => return Err(timed_out(attempt, timeout)),
            Err(other) => return Err(other),
        };
    }
}

/// The options a call sends with its request: it does not wait there (the async clients wait
/// on their own, without a thread).
pub(crate) const NO_WAIT: WaitOptions = WaitOptions {
    wait: false,
    timeout: None,
    polling_interval: None,
};
