//! Benchmark drivers for `scripts/bench` (see `tests/bench/README.md` for the protocol).
//!
//! ```text
//! seam-bench driver raw|core     serve the driver protocol on stdin/stdout ($SEAM_BENCH_URL)
//! seam-bench loop raw|core N     N calls, then print calls/s (for callgrind / perf)
//! seam-bench request             print the request bytes the raw contender replays
//! ```
//!
//! The ablation contenders also run under `driver` and `loop`: `raw-split` (the raw loop, but
//! head and body in two writes, as ureq sends them) and `replica…` (see `ablation.rs`).
//!
//! `raw` is the limit: one keep-alive HTTP/1.1 connection over `std::net::TcpStream`,
//! replaying byte for byte the assign request the core sends (captured from fake-seam's
//! `GET /_fake/requests`), and reading each response by its `Content-Length`. `core` is
//! `seam_core::Seam::acs().credentials().assign` from one client, sequentially.

mod ablation;
mod raw;

use std::io::{self, BufRead, Write};
use std::process::ExitCode;
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

impl Contender for Core {
    fn call(&mut self) -> Result<(), Error> {
        let credential = self
            .0
            .acs()
            .credentials()
            .assign(ACS_USER, ACS_CREDENTIAL)?;
        if credential.acs_credential_id != ACS_CREDENTIAL
            || credential.acs_user_id.as_deref() != Some(ACS_USER)
        {
            return Err("assign returned another credential".into());
        }
        Ok(())
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
        "raw" => Ok(Box::new(raw::Raw::connect(url, false)?)),
        "raw-split" => Ok(Box::new(raw::Raw::connect(url, true)?)),
        replica if replica.starts_with("replica") => {
            Ok(Box::new(ablation::Replica::new(replica, url)?))
        }
        other => {
            Err(format!("unknown contender {other:?} (raw, raw-split, core or replica…)").into())
        }
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
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
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
        ["request"] => (|| {
            let request = raw::captured_request(&bench_url()?)?;
            io::stdout().write_all(&request)?;
            Ok(())
        })(),
        _ => Err("usage: seam-bench driver raw|core | loop raw|core N | request".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seam-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
