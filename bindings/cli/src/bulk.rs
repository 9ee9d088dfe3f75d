//! Bulk mode: `--input FILE` (JSON Lines; `-` for stdin) makes one call per line, the line's
//! members being the call's parameters under the API's names (over the options given on the
//! command line), with `--concurrency N` calls in flight on threads sharing one client.
//!
//! One result per line goes to stdout, in input order, flushed line by line:
//! `{"line": n, "result": …}` or `{"line": n, "error": {"kind", "code", "message",
//! "request_id"}}`. A line that does not read (not JSON, not an object, a parameter the call
//! does not have) is an error result, never the end of the run. A killed run leaves a valid
//! prefix; `--resume RESULTS` copies the answers of an earlier run's results through and
//! calls only for the other lines, so its output is again one result per line, in order.
//! SIGINT or SIGTERM stop the dispatch of new lines: the calls under way end and are written
//! before the run exits (130), so that a resumed run does no line twice. A second signal ends
//! the process at once.
//!
//! On a terminal, stderr shows a progress bar (counts, rate, time left); elsewhere nothing
//! unless `--progress` asks for a plain line every two seconds. A summary ends every run.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use clap::{value_parser, Arg, ArgAction, ArgMatches};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use seam_core::{Form, Seam, SeamError};
use serde_json::{json, Map, Value};

use crate::failure::Failure;
use crate::options::Endpoint;

/// The id (and long name) of `--input`: the generated options name it, since a parameter
/// required on the command line may come from the input's lines instead.
pub const INPUT: &str = "input";

const HEADING: &str = "Bulk mode";

/// How often a waiting thread looks at the stop flag (a signal handler cannot notify).
const TICK: Duration = Duration::from_millis(100);

/// How often `--progress` prints a line where stderr is not a terminal.
const PLAIN_EVERY: Duration = Duration::from_secs(2);

/// The options of bulk mode, on every endpoint's command.
pub fn options() -> [Arg; 4] {
    [
        Arg::new(INPUT)
            .long(INPUT)
            .value_name("FILE")
            .help_heading(HEADING)
            .help(
                "One call per line of FILE (JSON Lines; - for stdin): each line an object of the \
                 call's parameters under the API's names, over the options given here; one \
                 result per line on stdout, in order",
            ),
        Arg::new("concurrency")
            .long("concurrency")
            .value_name("N")
            .help_heading(HEADING)
            .value_parser(value_parser!(u16).range(1..=256))
            .default_value("1")
            .requires(INPUT)
            .help("Calls in flight at once"),
        Arg::new("resume")
            .long("resume")
            .value_name("RESULTS")
            .help_heading(HEADING)
            .requires(INPUT)
            .help(
                "The results of an earlier run of the same input: its lines are copied through, \
                 not called again (write the new results to another file)",
            ),
        Arg::new("progress")
            .long("progress")
            .help_heading(HEADING)
            .action(ArgAction::SetTrue)
            .requires(INPUT)
            .help("Progress on stderr even when it is not a terminal (a line every 2 s)"),
    ]
}

/// Bulk mode's options, as given.
#[derive(Debug)]
pub struct Options {
    input: String,
    concurrency: usize,
    resume: Option<PathBuf>,
    progress: bool,
}

impl Options {
    /// `None` without `--input`.
    pub fn read(matches: &ArgMatches) -> Result<Option<Self>, Failure> {
        let Some(input) = matches.try_get_one::<String>(INPUT).ok().flatten() else {
            return Ok(None);
        };
        let concurrency = matches
            .try_get_one::<u16>("concurrency")
            .ok()
            .flatten()
            .copied()
            .unwrap_or(1);
        Ok(Some(Self {
            input: input.clone(),
            concurrency: usize::from(concurrency),
            resume: matches
                .try_get_one::<String>("resume")
                .ok()
                .flatten()
                .map(PathBuf::from),
            progress: matches.try_get_one::<bool>("progress").ok().flatten() == Some(&true),
        }))
    }
}

fn invalid(option: &str, reason: impl Into<String>) -> Failure {
    Failure::from(SeamError::InvalidInput {
        parameter: option.to_owned(),
        reason: reason.into(),
    })
}

/// One line's result, ready to print.
struct Done {
    text: String,
    ok: bool,
    earlier: bool,
}

/// What the threads share: the input, read under the lock, and the results not yet printed.
struct State {
    reader: Box<dyn BufRead + Send>,
    /// Lines read so far (blank ones included: results name the line's number in the file).
    lines_read: usize,
    eof: bool,
    read_error: Option<io::Error>,
    /// Calls handed out (and lines copied from the earlier results), in input order.
    dispatched: usize,
    printed: usize,
    done: BTreeMap<usize, Done>,
    /// The output failed: hand out nothing more.
    stop: bool,
}

struct Shared<'a> {
    state: Mutex<State>,
    changed: Condvar,
    interrupted: Arc<AtomicBool>,
    seam: &'a Seam,
    operation: &'static str,
    defaults: Map<String, Value>,
    earlier: HashMap<usize, (String, bool)>,
    /// How far ahead of the printed lines the calls may go (bounds what waits in memory).
    window: usize,
}

impl Shared<'_> {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    /// Calls until the input ends, the run is interrupted or the output failed.
    fn work(&self) {
        while let Some((seq, number, text)) = self.next_job() {
            let done = self.call(number, &text);
            self.lock().done.insert(seq, done);
            self.changed.notify_all();
        }
    }

    /// The next line to call, in order; lines answered earlier are copied on the way.
    fn next_job(&self) -> Option<(usize, usize, String)> {
        let mut state = self.lock();
        loop {
            if state.stop || state.eof || self.interrupted() {
                return None;
            }
            if state.dispatched >= state.printed + self.window {
                state = self
                    .changed
                    .wait_timeout(state, TICK)
                    .map_or_else(|p| p.into_inner().0, |(s, _)| s);
                continue;
            }
            let mut bytes = Vec::new();
            match state.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => {
                    state.eof = true;
                    self.changed.notify_all();
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    state.read_error = Some(e);
                    state.eof = true;
                    self.changed.notify_all();
                    return None;
                }
            }
            state.lines_read += 1;
            let number = state.lines_read;
            let text = String::from_utf8_lossy(&bytes).trim().to_owned();
            if text.is_empty() {
                continue;
            }
            let seq = state.dispatched;
            state.dispatched += 1;
            if let Some((line, ok)) = self.earlier.get(&number) {
                state.done.insert(
                    seq,
                    Done {
                        text: line.clone(),
                        ok: *ok,
                        earlier: true,
                    },
                );
                self.changed.notify_all();
                continue;
            }
            return Some((seq, number, text));
        }
    }

    fn call(&self, number: usize, text: &str) -> Done {
        let outcome = parameters(&self.defaults, text)
            .and_then(|params| self.seam.call_json(self.operation, &params, Form::Api));
        match outcome {
            Ok(result) => Done {
                text: format!("{{\"line\":{number},\"result\":{}}}", one_line(&result)),
                ok: true,
                earlier: false,
            },
            Err(e) => Done {
                text: json!({"line": number, "error": error(&e)}).to_string(),
                ok: false,
                earlier: false,
            },
        }
    }

    /// The next result in input order, or `None` once every line handed out is printed and
    /// no more will be.
    fn next_result(&self) -> Option<Done> {
        let mut state = self.lock();
        loop {
            let printed = state.printed;
            if let Some(done) = state.done.remove(&printed) {
                state.printed += 1;
                self.changed.notify_all();
                return Some(done);
            }
            let ending = state.eof || state.stop || self.interrupted();
            if ending && state.printed == state.dispatched {
                return None;
            }
            state = self
                .changed
                .wait_timeout(state, TICK)
                .map_or_else(|p| p.into_inner().0, |(s, _)| s);
        }
    }
}

/// A line's parameters: the options given on the command line, then the line's members.
fn parameters(defaults: &Map<String, Value>, text: &str) -> Result<String, SeamError> {
    let line = |reason: String| SeamError::InvalidInput {
        parameter: "input line".to_owned(),
        reason,
    };
    let members = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(members)) => members,
        Ok(other) => {
            let what = match other {
                Value::Array(_) => "an array",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "null",
            };
            return Err(line(format!(
                "it is {what}, not an object of the call's parameters"
            )));
        }
        Err(e) => return Err(line(format!("it is not JSON ({e})"))),
    };
    let mut params = defaults.clone();
    params.extend(members);
    Ok(Value::Object(params).to_string())
}

/// The JSON of a failed line: the kind of error, the API's code, the message, the request id.
fn error(e: &SeamError) -> Value {
    let none = None;
    let (kind, code, request_id) = match e {
        SeamError::InvalidInput { .. } => ("invalid_input", None, &none),
        SeamError::Config { .. } => ("config", None, &none),
        SeamError::Unauthorized { request_id } => ("unauthorized", None, request_id),
        SeamError::Api {
            code, request_id, ..
        } => ("api", Some(code), request_id),
        SeamError::InvalidResponse { request_id, .. } => ("invalid_response", None, request_id),
        SeamError::Timeout { .. } => ("timeout", None, &none),
        SeamError::Network { .. } => ("network", None, &none),
        SeamError::ActionAttemptFailed { code, .. } => ("action_attempt_failed", Some(code), &none),
        SeamError::ActionAttemptTimeout { .. } => ("action_attempt_timeout", None, &none),
    };
    json!({"kind": kind, "code": code, "message": e.to_string(), "request_id": request_id})
}

/// JSON text on one line: the core writes none over several, but what it kept as the API sent
/// it might be.
fn one_line(text: &str) -> String {
    if text.contains('\n') {
        serde_json::from_str::<Value>(text)
            .map(|v| v.to_string())
            .unwrap_or_else(|_| text.replace(['\r', '\n'], " "))
    } else {
        text.to_owned()
    }
}

/// The answered lines of an earlier run's results: each line's number, its result line and
/// whether it succeeded. A line that does not read (the last one, cut by a kill) is skipped:
/// its call is made again.
fn earlier_results(path: &Path) -> Result<HashMap<usize, (String, bool)>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| invalid("--resume", format!("cannot read {}: {e}", path.display())))?;
    let mut answered = HashMap::new();
    for line in text.lines() {
        let Ok(Value::Object(result)) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let Some(number) = result.get("line").and_then(Value::as_u64) else {
            continue;
        };
        let ok = result.contains_key("result");
        if ok || result.contains_key("error") {
            let number = usize::try_from(number).unwrap_or(usize::MAX);
            answered.insert(number, (line.trim().to_owned(), ok));
        }
    }
    Ok(answered)
}

/// Whether `path` is the file stdout writes to (`--resume r.jsonl > r.jsonl`: the shell has
/// emptied it already, or would get every earlier line twice).
#[cfg(unix)]
fn is_stdout(path: &Path) -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let stdout = io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(File::from)
        .and_then(|f| f.metadata());
    match (stdout, std::fs::metadata(path)) {
        (Ok(out), Ok(file)) => out.is_file() && out.dev() == file.dev() && out.ino() == file.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_stdout(_: &Path) -> bool {
    false
}

/// The input, and how many lines it has (a regular file's are counted first, for the
/// progress bar's time left).
fn open_input(input: &str) -> Result<(Box<dyn BufRead + Send>, Option<u64>), Failure> {
    if input == "-" {
        return Ok((Box::new(BufReader::new(io::stdin())), None));
    }
    let path = Path::new(input);
    if is_stdout(path) {
        return Err(invalid(
            "--input",
            "it is also where stdout goes; write the results to another file",
        ));
    }
    let open =
        || File::open(path).map_err(|e| invalid("--input", format!("cannot read {input}: {e}")));
    let file = open()?;
    let total = if file.metadata().is_ok_and(|m| m.is_file()) {
        let mut count = 0;
        for line in BufReader::new(open()?).split(b'\n') {
            let line = line.map_err(|e| invalid("--input", format!("cannot read {input}: {e}")))?;
            if !line.trim_ascii().is_empty() {
                count += 1;
            }
        }
        Some(count)
    } else {
        None
    };
    Ok((Box::new(BufReader::new(file)), total))
}

/// SIGINT and SIGTERM set the flag; a second one ends the process (130, 143).
fn on_signals() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        use signal_hook::flag::{register, register_conditional_shutdown};
        for (signal, code) in [(SIGINT, 130), (SIGTERM, 143)] {
            // The order matters: the first signal sets the flag, the next one finds it set.
            let _ = register_conditional_shutdown(signal, code, Arc::clone(&flag));
            let _ = register(signal, Arc::clone(&flag));
        }
    }
    flag
}

/// What stderr shows while the run goes on.
enum Progress {
    None,
    Bar(ProgressBar),
    Plain { total: Option<u64>, last: Instant },
}

#[derive(Default)]
struct Counts {
    ok: u64,
    failed: u64,
    earlier: u64,
    /// Calls made by this run.
    called: u64,
}

impl Counts {
    fn lines(&self) -> u64 {
        self.ok + self.failed
    }
}

impl Progress {
    fn new(total: Option<u64>, forced: bool) -> Self {
        if io::stderr().is_terminal() {
            let (bar, template) = match total {
                Some(total) => (
                    ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
                    "{elapsed_precise} [{bar:30}] {pos}/{len} lines  {msg}  {per_sec}  {eta} left",
                ),
                None => (
                    ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                    "{elapsed_precise} {spinner} {pos} lines  {msg}  {per_sec}",
                ),
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            Self::Bar(bar)
        } else if forced {
            Self::Plain {
                total,
                last: Instant::now(),
            }
        } else {
            Self::None
        }
    }

    fn update(&mut self, counts: &Counts, started: Instant) {
        match self {
            Self::None => {}
            Self::Bar(bar) => {
                if counts.called == 1 {
                    // Lines copied from earlier results are not this run's pace.
                    bar.reset_eta();
                }
                bar.set_message(format!("{} ok, {} failed", counts.ok, counts.failed));
                bar.set_position(counts.lines());
            }
            Self::Plain { total, last } => {
                if last.elapsed() >= PLAIN_EVERY {
                    *last = Instant::now();
                    let _ = writeln!(
                        io::stderr(),
                        "seam-core: {}",
                        plain(counts, *total, started)
                    );
                }
            }
        }
    }

    /// Runs `write` without the bar in the way (stdout may be the same terminal).
    fn suspend<T>(&self, write: impl FnOnce() -> T) -> T {
        match self {
            Self::Bar(bar) => bar.suspend(write),
            _ => write(),
        }
    }

    fn finish(&self) {
        if let Self::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

fn rate(counts: &Counts, started: Instant) -> f64 {
    let seconds = started.elapsed().as_secs_f64();
    if seconds > 0.0 {
        counts.called as f64 / seconds
    } else {
        0.0
    }
}

fn plain(counts: &Counts, total: Option<u64>, started: Instant) -> String {
    let rate = rate(counts, started);
    let mut line = match total {
        Some(total) => format!("{}/{total} lines", counts.lines()),
        None => format!("{} lines", counts.lines()),
    };
    line.push_str(&format!(
        ", {} ok, {} failed, {rate:.1} lines/s",
        counts.ok, counts.failed
    ));
    if let Some(total) = total {
        if rate > 0.0 {
            let left = total.saturating_sub(counts.lines()) as f64 / rate;
            line.push_str(&format!(", {left:.0} s left"));
        }
    }
    line
}

fn summary(counts: &Counts, started: Instant) -> String {
    let seconds = started.elapsed().as_secs_f64();
    let mut text = format!(
        "{} lines: {} ok, {} failed; {} calls in {seconds:.1} s ({:.1} lines/s)",
        counts.lines(),
        counts.ok,
        counts.failed,
        counts.called,
        rate(counts, started)
    );
    if counts.earlier > 0 {
        text.push_str(&format!(
            "; {} answered by the earlier results",
            counts.earlier
        ));
    }
    text
}

/// Runs `endpoint` once per line of the input; `defaults` are the options given with it.
pub fn run(
    seam: &Seam,
    endpoint: &Endpoint,
    defaults: Map<String, Value>,
    options: &Options,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let earlier = match &options.resume {
        Some(path) if is_stdout(path) => {
            return Err(invalid(
                "--resume",
                "it is also where stdout goes (the shell empties it for `>`, and `>>` would \
                 repeat its lines); write the new results to another file",
            ))
        }
        Some(path) => earlier_results(path)?,
        None => HashMap::new(),
    };
    let (reader, total) = open_input(&options.input)?;
    let interrupted = on_signals();
    let shared = Shared {
        state: Mutex::new(State {
            reader,
            lines_read: 0,
            eof: false,
            read_error: None,
            dispatched: 0,
            printed: 0,
            done: BTreeMap::new(),
            stop: false,
        }),
        changed: Condvar::new(),
        interrupted,
        seam,
        operation: endpoint.operation,
        defaults,
        earlier,
        window: options.concurrency.saturating_mul(64).max(256),
    };
    let started = Instant::now();
    let mut progress = Progress::new(total, options.progress);
    let mut counts = Counts::default();
    let printed = std::thread::scope(|scope| {
        for _ in 0..options.concurrency {
            scope.spawn(|| shared.work());
        }
        let printed = print(&shared, out, &mut progress, &mut counts, started);
        if printed.is_err() {
            shared.lock().stop = true;
            shared.changed.notify_all();
        }
        printed
    });
    progress.finish();
    printed?;
    let state = shared.lock();
    if let Some(e) = &state.read_error {
        return Err(invalid(
            "--input",
            format!("cannot read {}: {e}", options.input),
        ));
    }
    let summary = summary(&counts, started);
    if shared.interrupted() && !state.eof {
        return Err(Failure::Interrupted(format!(
            "interrupted: {summary}; the other lines were not called: run again with --resume \
             RESULTS (this run's output) to finish them"
        )));
    }
    if counts.failed > 0 {
        return Err(Failure::Bulk(summary));
    }
    let _ = writeln!(io::stderr(), "seam-core: {summary}");
    Ok(())
}

/// Prints the results in input order as they come, each line flushed.
fn print(
    shared: &Shared<'_>,
    out: &mut impl Write,
    progress: &mut Progress,
    counts: &mut Counts,
    started: Instant,
) -> Result<(), Failure> {
    while let Some(done) = shared.next_result() {
        // One write per line: a kill leaves whole lines.
        let mut line = done.text;
        line.push('\n');
        progress.suspend(|| {
            out.write_all(line.as_bytes())?;
            out.flush()
        })?;
        if done.ok {
            counts.ok += 1;
        } else {
            counts.failed += 1;
        }
        if done.earlier {
            counts.earlier += 1;
        } else {
            counts.called += 1;
        }
        progress.update(counts, started);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_an_object_of_parameters_over_the_options() {
        let defaults: Map<String, Value> =
            serde_json::from_str(r#"{"a": 1, "b": 2}"#).unwrap_or_default();
        assert_eq!(
            parameters(&defaults, r#"{"b": 3, "c": [4]}"#).ok(),
            Some(r#"{"a":1,"b":3,"c":[4]}"#.to_owned())
        );
        for (line, why) in [
            ("[1]", "invalid input line: it is an array, not an object"),
            ("{\"a\": ", "invalid input line: it is not JSON"),
            ("\"x\"", "invalid input line: it is a string"),
        ] {
            let message = parameters(&defaults, line)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(message.starts_with(why), "{line}: {message}");
        }
    }

    #[test]
    fn errors_say_their_kind_code_and_request_id() {
        let e = SeamError::Api {
            status_code: 404,
            code: "acs_user_not_found".into(),
            reason: "acs_user not found".into(),
            request_id: Some("request7".into()),
            validation_errors: HashMap::new(),
        };
        assert_eq!(
            error(&e),
            json!({
                "kind": "api",
                "code": "acs_user_not_found",
                "message": e.to_string(),
                "request_id": "request7",
            })
        );
        let e = SeamError::Network {
            reason: "refused".into(),
        };
        assert_eq!(error(&e)["code"], Value::Null);
        assert_eq!(error(&e)["kind"], "network");
    }

    #[test]
    fn earlier_results_skip_what_does_not_read() {
        let dir = std::env::temp_dir().join(format!("seam-core-resume-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("results.jsonl");
        let text = "{\"line\":1,\"result\":{}}\n{\"line\":3,\"error\":{\"kind\":\"api\"}}\n\
                    {\"line\":4,\"resu";
        assert!(std::fs::write(&path, text).is_ok());
        let answered = earlier_results(&path).unwrap_or_default();
        let _ = std::fs::remove_dir_all(&dir);
        let mut lines: Vec<(usize, bool)> = answered.iter().map(|(n, (_, ok))| (*n, *ok)).collect();
        lines.sort_unstable();
        assert_eq!(lines, [(1, true), (3, false)]);
    }
}
