//! Benchmark drivers for `scripts/bench` (see `tests/bench/README.md` for the protocol).
//!
//! ```text
//! seam-bench driver raw|core     serve the driver protocol on stdin/stdout ($SEAM_BENCH_URL)
//! seam-bench bulk N C            N assigns of the core from C threads, then print calls/s
//! seam-bench loop raw|core N     N calls, then print calls/s (for callgrind / perf)
//! seam-bench request             print the request bytes the raw contender replays
//! seam-bench walk LIMIT N         N whole walks of every credential, then print credentials/s
//! ```
//!
//! The ablation contenders also run under `driver` and `loop`: `raw-split`, `raw-probes` and
//! `raw-timeouts` (the raw loop plus one kind of ureq's extra system calls, see `raw.rs`) and
//! `replica…` (see `ablation.rs`).
//!
//! `raw` is the limit: one keep-alive HTTP/1.1 connection over `std::net::TcpStream`,
//! replaying byte for byte the assign request the core sends (captured from fake-seam's
//! `GET /_fake/requests`), and reading each response by its `Content-Length`. `core` is
//! `seam_core::Seam::acs().credentials().assign` from one client, sequentially; its `bulk N C
//! threads` command makes N assigns from C threads sharing one client (the reference of the
//! bulk-provisioning table).

mod ablation;
mod raw;

use std::io::{self, BufRead, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use seam_core::Seam;

pub const API_KEY: &str = "seam_apikey1_token";
pub const ACS_USER: &str = "33333333-3333-3333-3333-333333333333";
pub const ACS_CREDENTIAL: &str = "66666666-6666-6666-6666-666666666666";

type Error = Box<dyn std::error::Error>;

/// One contender: a client that completes one assign per `call`.
trait Contender {
    fn call(&mut self) -> Result<(), Error>;
}

struct Core(Seam);

impl Core {
    fn new(url: &str) -> Result<Core, Error> {
        let seam = Seam::from_config(seam_core::Config {
            api_key: Some(API_KEY.to_owned()),
            endpoint: Some(url.to_owned()),
            ..seam_core::Config::default()
        })?;
        Ok(Core(seam))
    }
}

/// One assign through the docs' path, its result checked.
fn assign(seam: &Seam) -> Result<(), Error> {
    let credential = seam.acs().credentials().assign(ACS_USER, ACS_CREDENTIAL)?;
    if credential.acs_credential_id != ACS_CREDENTIAL
        || credential.acs_user_id.as_deref() != Some(ACS_USER)
    {
        return Err("assign returned another credential".into());
    }
    Ok(())
}

impl Contender for Core {
    fn call(&mut self) -> Result<(), Error> {
        assign(&self.0)
    }
}

/// What a bulk run did: its seconds, the calls that failed and the first failure.
struct BulkOutcome {
    secs: f64,
    failed: u64,
    error: Option<String>,
}

/// `calls` assigns from `threads` threads sharing one client. A failed call is counted (and
/// the first failure kept), not retried: the core's own retries are what is measured.
fn bulk(url: &str, calls: u64, threads: u64) -> Result<BulkOutcome, Error> {
    let Core(seam) = Core::new(url)?;
    let next = AtomicU64::new(0);
    let failed = AtomicU64::new(0);
    let first_error = std::sync::Mutex::new(None);
    let start = Instant::now();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    while next.fetch_add(1, Ordering::Relaxed) < calls {
                        if let Err(e) = assign(&seam) {
                            failed.fetch_add(1, Ordering::Relaxed);
                            let mut first = first_error.lock().unwrap_or_else(|p| p.into_inner());
                            first.get_or_insert_with(|| e.to_string());
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().try_for_each(|worker| {
            worker
                .join()
                .map_err(|_| Error::from("a bulk thread panicked"))
        })
    })?;
    Ok(BulkOutcome {
        secs: start.elapsed().as_secs_f64(),
        failed: failed.into_inner(),
        error: first_error.into_inner().unwrap_or_else(|p| p.into_inner()),
    })
}

/// Every credential, `limit` a page, through the walker; calls `each` with each one's id and
/// stops when it answers false.
fn walk(seam: &Seam, limit: i64, mut each: impl FnMut(&str) -> bool) -> Result<u64, Error> {
    let params = seam_core::acs::credentials::ListParams {
        limit: Some(limit),
        ..Default::default()
    };
    let mut items = 0;
    for credential in seam.acs().credentials().list_all(params)? {
        let credential = credential?;
        if credential.acs_credential_id.is_empty() {
            return Err("a credential without an id".into());
        }
        items += 1;
        if !each(&credential.acs_credential_id) {
            break;
        }
    }
    Ok(items)
}

/// The walking commands of the driver protocol (`walk`, `walk-pages`, `walk-memory`).
fn walk_command(seam: &Seam, words: &[&str]) -> Result<serde_json::Value, Error> {
    let arg = |i: usize| -> Result<f64, Error> {
        Ok(words.get(i).ok_or("missing argument")?.parse::<f64>()?)
    };
    match words.first().copied().unwrap_or_default() {
        "walk" => {
            let (budget, limit) = (Duration::from_secs_f64(arg(1)?), arg(2)? as i64);
            let (mut items, mut walks) = (0, 0);
            let start = Instant::now();
            loop {
                items += walk(seam, limit, |_| true)?;
                walks += 1;
                if start.elapsed() >= budget {
                    break;
                }
            }
            let secs = start.elapsed().as_secs_f64();
            Ok(serde_json::json!({ "items": items, "walks": walks, "secs": secs }))
        }
        "walk-pages" => {
            let (limit, pages, pause) = (arg(1)? as u64, arg(2)? as u64, arg(3)?);
            let start = Instant::now();
            let mut seen = 0;
            let items = walk(seam, limit as i64, |_| {
                seen += 1;
                if seen % limit == 0 {
                    std::thread::sleep(Duration::from_secs_f64(pause / 1000.0));
                }
                seen < pages * limit
            })?;
            let secs = start.elapsed().as_secs_f64();
            if items != pages * limit {
                return Err(
                    format!("walked {items} credentials, {} expected", pages * limit).into(),
                );
            }
            Ok(serde_json::json!({ "items": items, "secs": secs }))
        }
        "walk-memory" => {
            let limit = arg(1)? as u64;
            let before = rss_kib().unwrap_or(0);
            let mut largest = before;
            let mut seen = 0;
            let start = Instant::now();
            let items = walk(seam, limit as i64, |_| {
                seen += 1;
                if seen % limit == 0 {
                    largest = largest.max(rss_kib().unwrap_or(0));
                }
                true
            })?;
            let secs = start.elapsed().as_secs_f64();
            let after = rss_kib().unwrap_or(0);
            Ok(serde_json::json!({
                "items": items, "secs": secs, "rss_before_kib": before,
                "rss_max_kib": largest.max(after), "rss_after_kib": after,
            }))
        }
        other => Err(format!("unknown command {other}").into()),
    }
}

impl Contender for raw::Raw {
    fn call(&mut self) -> Result<(), Error> {
        raw::Raw::call(self).map_err(Into::into)
    }
}

fn make(kind: &str, url: &str) -> Result<Box<dyn Contender>, Error> {
    match kind {
        "core" => Ok(Box::new(Core::new(url)?)),
        "raw" => Ok(Box::new(raw::Raw::connect(url, raw::Extra::None)?)),
        "raw-split" => Ok(Box::new(raw::Raw::connect(url, raw::Extra::Split)?)),
        "raw-probes" => Ok(Box::new(raw::Raw::connect(url, raw::Extra::Probes)?)),
        "raw-timeouts" => Ok(Box::new(raw::Raw::connect(url, raw::Extra::Timeouts)?)),
        replica if replica.starts_with("replica") => {
            Ok(Box::new(ablation::Replica::new(replica, url)?))
        }
        other => Err(format!("unknown contender {other:?} (raw…, core or replica…)").into()),
    }
}

fn bench_url() -> Result<String, Error> {
    std::env::var("SEAM_BENCH_URL").map_err(|_| "set SEAM_BENCH_URL to fake-seam's URL".into())
}

/// Resident set size of this process, in KiB (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Calls until `secs` have passed; returns (calls, seconds).
fn run_for(contender: &mut dyn Contender, secs: f64) -> Result<(u64, f64), Error> {
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut calls = 0u64;
    loop {
        contender.call()?;
        calls += 1;
        // Checking the clock every call costs ~20 ns: negligible next to a round trip.
        let elapsed = start.elapsed();
        if elapsed >= budget {
            return Ok((calls, elapsed.as_secs_f64()));
        }
    }
}

fn run_calls(contender: &mut dyn Contender, calls: u64) -> Result<f64, Error> {
    let start = Instant::now();
    for _ in 0..calls {
        contender.call()?;
    }
    Ok(start.elapsed().as_secs_f64())
}

/// The driver protocol: one command per stdin line, one JSON answer per stdout line.
fn driver(kind: &str) -> Result<(), Error> {
    let url = bench_url()?;
    let mut contender = make(kind, &url)?;
    contender.call()?;
    // The walks' own client (the core driver only).
    let walker = if kind == "core" {
        Some(Core::new(&url)?.0)
    } else {
        None
    };
    let mut out = io::stdout().lock();
    let reply = |out: &mut io::StdoutLock<'_>, value: serde_json::Value| -> io::Result<()> {
        writeln!(out, "{value}")?;
        out.flush()
    };
    reply(
        &mut out,
        serde_json::json!({ "ready": true, "contender": kind, "pid": std::process::id() }),
    )?;
    for line in io::stdin().lock().lines() {
        let line = line?;
        let words: Vec<&str> = line.split_whitespace().collect();
        // A variant after the arguments (`run 2.5 docs`) is the same thing for Rust.
        match (words.first().copied(), words.get(1).copied()) {
            (Some("bulk"), Some(n)) if kind == "core" && words.get(3) == Some(&"threads") => {
                let n: u64 = n.parse()?;
                let threads: u64 = words.get(2).ok_or("bulk N C threads")?.parse()?;
                let outcome = bulk(&url, n, threads)?;
                reply(
                    &mut out,
                    serde_json::json!({
                        "calls": n - outcome.failed, "failed": outcome.failed,
                        "error": outcome.error, "secs": outcome.secs,
                    }),
                )?;
            }
            (Some("walk" | "walk-pages" | "walk-memory"), _) if kind == "core" => {
                let answer = walk_command(walker.as_ref().ok_or("no walker")?, &words)?;
                reply(&mut out, answer)?;
            }
            (Some("run"), Some(secs)) => {
                let (calls, secs) = run_for(contender.as_mut(), secs.parse()?)?;
                reply(
                    &mut out,
                    serde_json::json!({ "calls": calls, "secs": secs }),
                )?;
            }
            (Some("calls"), Some(n)) => {
                let n: u64 = n.parse()?;
                let before = rss_kib();
                let secs = run_calls(contender.as_mut(), n)?;
                let after = rss_kib();
                reply(
                    &mut out,
                    serde_json::json!({
                        "calls": n, "secs": secs, "rss_before_kib": before, "rss_after_kib": after,
                    }),
                )?;
            }
            (Some("quit"), _) => break,
            _ => return Err(format!("unknown command {line:?}").into()),
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["driver", kind] => driver(kind),
        ["loop", kind, n] => (|| {
            let url = bench_url()?;
            let mut contender = make(kind, &url)?;
            let n: u64 = n.parse()?;
            let secs = run_calls(contender.as_mut(), n)?;
            println!(
                "{kind}: {n} calls in {secs:.3} s = {:.0} calls/s",
                n as f64 / secs
            );
            Ok(())
        })(),
        ["bulk", n, threads] => (|| {
            let n: u64 = n.parse()?;
            let outcome = bulk(&bench_url()?, n, threads.parse()?)?;
            println!(
                "core: {n} calls from {threads} threads in {:.3} s = {:.0} calls/s, {} failed {}",
                outcome.secs,
                n as f64 / outcome.secs,
                outcome.failed,
                outcome.error.unwrap_or_default()
            );
            Ok(())
        })(),
        ["walk", limit, n] => (|| {
            let Core(seam) = Core::new(&bench_url()?)?;
            let (limit, n): (i64, u64) = (limit.parse()?, n.parse()?);
            let start = Instant::now();
            let mut items = 0;
            for _ in 0..n {
                items += walk(&seam, limit, |_| true)?;
            }
            let secs = start.elapsed().as_secs_f64();
            println!("core: {items} credentials in {secs:.3} s = {:.0}/s", items as f64 / secs);
            Ok(())
        })(),
        ["request"] => (|| {
            let request = raw::captured_request(&bench_url()?)?;
            io::stdout().write_all(&request)?;
            Ok(())
        })(),
        _ => Err(
            "usage: seam-bench driver raw|core | loop raw|core N | bulk N THREADS | walk LIMIT N | request"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seam-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
