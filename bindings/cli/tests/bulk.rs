//! Bulk mode (`--input`), run as a process against fake-seam: results in input order, bad
//! lines as error results, an interrupted (or killed) run finished by `--resume` without a
//! line done twice (fake-seam's request counts prove it), and the progress display in a real
//! terminal (tmux).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use fake_seam::FakeSeam;
use serde_json::{json, Value};

const ASSIGN: &[&str] = &["acs", "credentials", "assign"];

/// A directory of its own for one test's files, removed at the end.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("seam-core-bulk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const USERS: [&str; 2] = [ACS_USER, OTHER_ACS_USER];
const CREDENTIALS: [&str; 4] = [
    MOBILE_KEY_CREDENTIAL,
    PIN_CREDENTIAL,
    VISIONLINE_CREDENTIAL,
    CLOUD_KEY_CREDENTIAL,
];

/// Line `n` (from 1) of the assign input: its user and credential.
fn pair(n: usize) -> (&'static str, &'static str) {
    (USERS[n % USERS.len()], CREDENTIALS[n % CREDENTIALS.len()])
}

/// `lines` assign lines, as a JSON Lines file.
fn assign_input(dir: &Dir, lines: usize) -> PathBuf {
    let text: String = (1..=lines)
        .map(|n| {
            let (user, credential) = pair(n);
            format!(
                "{}\n",
                json!({"acs_user_id": user, "acs_credential_id": credential})
            )
        })
        .collect();
    let path = dir.path("input.jsonl");
    std::fs::write(&path, text).unwrap();
    path
}

/// Starts `seam-core args…` against `fake`, stdout into `results`.
fn start(fake: &FakeSeam, args: &[&str], results: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_seam-core"))
        .env_clear()
        .envs(key_env(fake))
        .args(args)
        .stdin(Stdio::null())
        .stdout(File::create(results).unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .expect("seam-core runs")
}

fn args<'a>(command: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    [command, extra].concat()
}

/// The results file's lines, each as JSON (every line must read).
fn results(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// Checks that `results` answer lines 1, 2, … in order, each with its own credential and
/// user.
fn assert_in_order(results: &[Value]) {
    for (i, result) in results.iter().enumerate() {
        let n = i + 1;
        let (user, credential) = pair(n);
        assert_eq!(result["line"], n, "{result}");
        assert_eq!(
            result["result"]["acs_credential_id"], credential,
            "{result}"
        );
        assert_eq!(result["result"]["acs_user_id"], user, "{result}");
    }
}

fn finish(child: Child) -> (i32, String) {
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains(API_KEY), "{stderr}");
    (output.status.code().unwrap_or(-1), stderr)
}

#[test]
fn five_hundred_assigns_at_concurrency_16_come_back_in_input_order() {
    let fake = fake();
    let dir = Dir::new("order");
    let input = assign_input(&dir, 500);
    let out = dir.path("results.jsonl");
    let child = start(
        &fake,
        &args(
            ASSIGN,
            &["--input", input.to_str().unwrap(), "--concurrency", "16"],
        ),
        &out,
    );
    let (code, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    let results = results(&out);
    assert_eq!(results.len(), 500);
    assert_in_order(&results);
    assert_eq!(count(&fake, ASSIGN_ROUTE), 500);
    // Not a terminal: no progress, only the summary.
    assert!(
        stderr.starts_with("seam-core: 500 lines: 500 ok, 0 failed; 500 calls in "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_bad_line_is_an_error_result_never_the_end_of_the_run() {
    let fake = fake();
    let dir = Dir::new("bad");
    let good = json!({"acs_user_id": ACS_USER, "acs_credential_id": PIN_CREDENTIAL});
    let input = dir.path("input.jsonl");
    let lines = [
        good.to_string(),
        "{not json".to_owned(),
        "[1, 2]".to_owned(),
        String::new(),
        json!({"acs_user_id": ACS_USER, "acs_credential_id": PIN_CREDENTIAL, "colour": "red"})
            .to_string(),
        json!({"acs_user_id": ACS_USER, "acs_credential_id": "66666666"}).to_string(),
        json!({"acs_user_id": "33333333-3333-3333-3333-333333333334",
               "acs_credential_id": PIN_CREDENTIAL})
        .to_string(),
        good.to_string(),
    ];
    std::fs::write(&input, lines.join("\n")).unwrap();
    let out = dir.path("results.jsonl");
    let child = start(
        &fake,
        &args(
            ASSIGN,
            &["--input", input.to_str().unwrap(), "--concurrency", "3"],
        ),
        &out,
    );
    let (code, stderr) = finish(child);
    assert_eq!(code, 14, "{stderr}");
    assert!(
        stderr.starts_with("seam-core: 7 lines: 2 ok, 5 failed; "),
        "{stderr}"
    );
    let results = results(&out);
    // The blank line 4 is no call and no result; the others keep their numbers.
    let numbers: Vec<u64> = results
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3, 5, 6, 7, 8]);
    assert_eq!(results[0]["result"]["acs_credential_id"], PIN_CREDENTIAL);
    let error = |i: usize| results[i]["error"].clone();
    assert_eq!(error(1)["kind"], "invalid_input");
    assert!(error(1)["message"].as_str().unwrap().contains("not JSON"));
    assert!(error(2)["message"]
        .as_str()
        .unwrap()
        .contains("an array, not an object"));
    assert_eq!(error(3)["kind"], "invalid_input");
    assert!(
        error(3)["message"].as_str().unwrap().contains("colour"),
        "{}",
        error(3)
    );
    assert_eq!(error(4)["kind"], "invalid_input");
    assert!(error(4)["message"]
        .as_str()
        .unwrap()
        .starts_with("invalid acs_credential_id"));
    assert_eq!(
        error(5),
        json!({
            "kind": "api",
            "code": "acs_user_not_found",
            "message": error(5)["message"],
            "request_id": error(5)["request_id"],
        })
    );
    assert!(error(5)["request_id"]
        .as_str()
        .unwrap()
        .starts_with("request"));
    assert!(results[6]["result"].is_object());
    // Only the lines that read and passed the core's checks were sent.
    assert_eq!(count(&fake, ASSIGN_ROUTE), 3);
}

#[test]
fn options_on_the_command_line_are_every_line_s_defaults() {
    let fake = fake();
    let dir = Dir::new("defaults");
    let input = dir.path("input.jsonl");
    std::fs::write(
        &input,
        format!(
            "{}\n{}\n",
            json!({"acs_credential_id": PIN_CREDENTIAL}),
            json!({"acs_credential_id": CLOUD_KEY_CREDENTIAL, "acs_user_id": ACS_USER}),
        ),
    )
    .unwrap();
    let out = dir.path("results.jsonl");
    let child = start(
        &fake,
        &args(
            ASSIGN,
            &[
                "--acs-user-id",
                OTHER_ACS_USER,
                "--input",
                input.to_str().unwrap(),
            ],
        ),
        &out,
    );
    let (code, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    let results = results(&out);
    assert_eq!(results[0]["result"]["acs_user_id"], OTHER_ACS_USER);
    assert_eq!(results[1]["result"]["acs_user_id"], ACS_USER);
}

/// Starts 500 slowed assigns at concurrency 16 and stops the run with `signal` once at least
/// 100 results are written; returns what it had written and how it exited.
fn interrupted_run(fake: &FakeSeam, dir: &Dir, stop: impl FnOnce(&mut Child)) -> (i32, String) {
    // Every answer takes 40 ms: the run would last over a second.
    fake.add_fault(json!({"route": ASSIGN_ROUTE, "count": 1000, "delay_ms": 40}))
        .unwrap();
    let input = assign_input(dir, 500);
    let first = dir.path("first.jsonl");
    let mut child = start(
        fake,
        &args(
            ASSIGN,
            &["--input", input.to_str().unwrap(), "--concurrency", "16"],
        ),
        &first,
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::fs::read_to_string(&first).unwrap().lines().count() < 100 {
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    stop(&mut child);
    finish(child)
}

fn resume(fake: &FakeSeam, dir: &Dir) -> Vec<Value> {
    let input = dir.path("input.jsonl");
    let first = dir.path("first.jsonl");
    let second = dir.path("second.jsonl");
    let child = start(
        fake,
        &args(
            ASSIGN,
            &[
                "--input",
                input.to_str().unwrap(),
                "--concurrency",
                "16",
                "--resume",
                first.to_str().unwrap(),
            ],
        ),
        &second,
    );
    let (code, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("answered by the earlier results"),
        "{stderr}"
    );
    results(&second)
}

#[test]
fn an_interrupted_run_is_finished_by_resume_without_a_line_done_twice() {
    let fake = fake();
    let dir = Dir::new("resume");
    let (code, stderr) = interrupted_run(&fake, &dir, |child| {
        let killed = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
    });
    assert_eq!(code, 130, "{stderr}");
    assert!(
        stderr.contains("interrupted") && stderr.contains("--resume"),
        "{stderr}"
    );
    let first = results(&dir.path("first.jsonl"));
    assert!(first.len() >= 100 && first.len() < 500, "{}", first.len());
    assert_in_order(&first);
    // Every call the run made is in its results: the calls under way ended and were written.
    assert_eq!(count(&fake, ASSIGN_ROUTE), first.len() as u64);

    let all = resume(&fake, &dir);
    assert_eq!(all.len(), 500);
    assert_in_order(&all);
    assert_eq!(
        &all[..first.len()],
        &first[..],
        "earlier answers are copied through"
    );
    assert_eq!(
        count(&fake, ASSIGN_ROUTE),
        500,
        "no line was done twice: {}",
        counts(&fake)
    );
}

#[test]
fn a_killed_run_leaves_a_valid_prefix_that_resume_finishes() {
    let fake = fake();
    let dir = Dir::new("killed");
    let (code, _) = interrupted_run(&fake, &dir, |child| child.kill().unwrap());
    assert_eq!(code, -1, "killed by a signal");
    let first = results(&dir.path("first.jsonl"));
    assert_in_order(&first);
    let sent_before = count(&fake, ASSIGN_ROUTE);
    // SIGKILL gives no time to write the calls under way: at most --concurrency of them
    // (plus those waiting for an earlier line to be printed) are not in the results.
    assert!(sent_before >= first.len() as u64);

    let all = resume(&fake, &dir);
    assert_eq!(all.len(), 500);
    assert_in_order(&all);
    assert_eq!(
        count(&fake, ASSIGN_ROUTE) - sent_before,
        500 - first.len() as u64,
        "the resumed run called exactly the lines without a result"
    );
}

#[test]
fn resume_refuses_to_read_the_file_it_would_write() {
    let fake = fake();
    let dir = Dir::new("same");
    let input = assign_input(&dir, 3);
    let out = dir.path("results.jsonl");
    std::fs::write(&out, "").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_seam-core"))
        .env_clear()
        .envs(key_env(&fake))
        .args(args(
            ASSIGN,
            &[
                "--input",
                input.to_str().unwrap(),
                "--resume",
                out.to_str().unwrap(),
            ],
        ))
        .stdout(File::options().append(true).open(&out).unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (code, stderr) = finish(child);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("invalid --resume: it is also where stdout goes"),
        "{stderr}"
    );
    assert_eq!(counts(&fake), json!({}));
}

#[test]
fn bulk_options_need_input_and_table_is_refused() {
    let fake = fake();
    let no_input = run_with_key(&fake, &args(ASSIGN, &["--concurrency", "4"]));
    assert_eq!(no_input.code, 2, "{no_input:?}");
    assert!(no_input.stderr.contains("--input <FILE>"), "{no_input:?}");
    let dir = Dir::new("table");
    let input = assign_input(&dir, 1);
    let table = run_with_key(
        &fake,
        &args(
            ASSIGN,
            &["--input", input.to_str().unwrap(), "--format", "table"],
        ),
    );
    assert_eq!(table.code, 2, "{table:?}");
    assert!(table
        .stderr
        .contains("--format table does not apply to --input"));
    let missing = run_with_key(&fake, &args(ASSIGN, &["--input", "/nonexistent/in.jsonl"]));
    assert_eq!(missing.code, 3, "{missing:?}");
    assert!(missing
        .stderr
        .starts_with("seam-core: invalid --input: cannot read"));
    assert_eq!(counts(&fake), json!({}));
}

#[test]
fn progress_is_plain_lines_where_stderr_is_no_terminal_when_asked() {
    let fake = fake();
    fake.add_fault(json!({"route": ASSIGN_ROUTE, "count": 100, "delay_ms": 50}))
        .unwrap();
    let dir = Dir::new("plain");
    let input = assign_input(&dir, 50);
    let out = dir.path("results.jsonl");
    let child = start(
        &fake,
        &args(ASSIGN, &["--input", input.to_str().unwrap(), "--progress"]),
        &out,
    );
    let (code, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines.len() >= 2,
        "a progress line, then the summary: {stderr}"
    );
    assert!(
        lines[0].contains("/50 lines, ") && lines[0].contains(" lines/s, "),
        "{stderr}"
    );
    assert!(lines[0].ends_with(" s left"), "{stderr}");
}

/// The progress bar in a real terminal: tmux runs seam-core in a pane, and the pane is read
/// while the run goes on.
#[test]
fn the_progress_bar_shows_counts_rate_and_time_left_in_a_terminal() {
    let tmux = Command::new("tmux").arg("-V").output();
    assert!(
        tmux.as_ref().is_ok_and(|o| o.status.success()),
        "this test needs tmux to give seam-core a terminal (apt-get install tmux): {tmux:?}"
    );
    let fake = fake();
    fake.add_fault(json!({"route": ASSIGN_ROUTE, "count": 1000, "delay_ms": 40}))
        .unwrap();
    let dir = Dir::new("tmux");
    let input = assign_input(&dir, 300);
    let out = dir.path("results.jsonl");
    let status = dir.path("status");
    let session = format!("seam-core-bulk-{}", std::process::id());
    let script = format!(
        "env -i TERM=xterm-256color SEAM_API_KEY={API_KEY} SEAM_ENDPOINT={} {} acs credentials assign --input {} \
         --concurrency 2 > {}; echo $? > {}; sleep 60",
        fake.url(),
        env!("CARGO_BIN_EXE_seam-core"),
        input.display(),
        out.display(),
        status.display(),
    );
    let tmux = |args: &[&str]| Command::new("tmux").args(args).output().unwrap();
    let started = tmux(&[
        "-L",
        &session,
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "120",
        "-y",
        "10",
        &script,
    ]);
    assert!(started.status.success(), "tmux: {started:?}");
    let pane = |tmux: &dyn Fn(&[&str]) -> std::process::Output| {
        String::from_utf8_lossy(
            &tmux(&["-L", &session, "capture-pane", "-p", "-t", &session]).stdout,
        )
        .into_owned()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = String::new();
    while Instant::now() < deadline && !status.exists() {
        let screen = pane(&tmux);
        if screen.contains("/300 lines") && screen.contains("ok") && screen.contains("left") {
            seen = screen;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    while Instant::now() < deadline && !status.exists() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let end = pane(&tmux);
    tmux(&["-L", &session, "kill-server"]);
    assert!(
        !seen.is_empty(),
        "no progress bar seen; the pane at the end:\n{end}"
    );
    let bar = seen
        .lines()
        .find(|l| l.contains("/300 lines"))
        .unwrap_or_default()
        .to_owned();
    // 00:00:01 [=====>      ] 120/300 lines  120 ok, 0 failed  48.1033/s  4s left
    assert!(bar.contains("[") && bar.contains("]"), "{bar}");
    assert!(bar.contains(" ok, 0 failed"), "{bar}");
    assert!(bar.contains("/s"), "{bar}");
    assert!(bar.contains(" left"), "{bar}");
    assert_eq!(
        std::fs::read_to_string(&status).unwrap().trim(),
        "0",
        "{end}"
    );
    // The bar is cleared at the end; the summary stays.
    assert!(
        end.contains("seam-core: 300 lines: 300 ok, 0 failed"),
        "{end}"
    );
    assert_eq!(results(&out).len(), 300);
}
