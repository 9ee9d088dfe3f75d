//! Benchmark drivers for `scripts/bench` (see `tests/bench/README.md` for the protocol).
//!
//! ```text
//! seam-bench driver raw|core     serve the driver protocol on stdin/stdout ($SEAM_BENCH_URL)
//! seam-bench bulk N C            N assigns of the core from C threads, then print calls/s
//! seam-bench loop raw|core N     N calls, then print calls/s (for callgrind / perf)
//! seam-bench request             print the request bytes the raw contender replays
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

/// `calls` assigns from `threads` threads sharing one client; returns the seconds taken.
fn bulk(url: &str, calls: u64, threads: u64) -> Result<f64, Error> {
    let Core(seam) = Core::new(url)?;
    let next = AtomicU64::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> Result<(), String> {
                    while next.fetch_add(1, Ordering::Relaxed) < calls {
                        assign(&seam).map_err(|e| e.to_string())?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|worker| {
            worker
                .join()
                .map_err(|_| Error::from("a bulk thread panicked"))?
                .map_err(Error::from)
        })
    })?;
    Ok(start.elapsed().as_secs_f64())
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
                let secs = bulk(&url, n, threads)?;
                reply(&mut out, serde_json::json!({ "calls": n, "secs": secs }))?;
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
            let secs = bulk(&bench_url()?, n, threads.parse()?)?;
            println!(
                "core: {n} calls from {threads} threads in {secs:.3} s = {:.0} calls/s",
                n as f64 / secs
            );
            Ok(())
        })(),
        ["request"] => (|| {
            let request = raw::captured_request(&bench_url()?)?;
            io::stdout().write_all(&request)?;
            Ok(())
        })(),
        _ => Err(
            "usage: seam-bench driver raw|core | loop raw|core N | bulk N THREADS | request".into(),
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
