//! `--help`, `--version` and the completion scripts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::*;

#[test]
fn help_says_where_the_credentials_come_from_and_why_not_from_an_option() {
    let long = run(&[], &["--help"]);
    assert_eq!(long.code, 0, "{long:?}");
    for text in [
        "SEAM_API_KEY",
        "SEAM_PERSONAL_ACCESS_TOKEN",
        "SEAM_WORKSPACE_ID",
        "SEAM_ENDPOINT",
        "There is no --api-key option",
        "shell",
        "history",
        "process lists",
        "EXIT CODES",
        "--endpoint",
        "--timeout",
        "--max-retries",
        "--workspace-id",
    ] {
        assert!(
            long.stdout.contains(text),
            "{text} not in:\n{}",
            long.stdout
        );
    }
    let short = run(&[], &["-h"]);
    assert!(short.stdout.contains("SEAM_API_KEY"), "{}", short.stdout);
    // The refused options are not advertised.
    assert!(!long.stdout.contains("--api-key <"), "{}", long.stdout);

    let create = run(&[], &["acs", "credentials", "create", "--help"]);
    for option in [
        "--access-method",
        "--acs-user-id",
        "--user-identity-id",
        "--acs-system-id",
        "--allowed-acs-entrance-id",
        "--code",
        "--starts-at",
        "--ends-at",
        "--is-multi-phone-sync-credential",
        "--credential-manager-acs-system-id",
        "--visionline-card-function-type",
        "--assa-abloy-vostio-override-guest-acs-entrance-id",
        "--salto-space-assign-new-key",
    ] {
        assert!(
            create.stdout.contains(option),
            "{option}:\n{}",
            create.stdout
        );
    }
}

#[test]
fn version_is_the_workspace_version() {
    let version = run(&[], &["--version"]);
    assert_eq!(version.code, 0);
    assert_eq!(
        version.stdout,
        format!("seam-core {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_generate_for_bash_zsh_and_fish() {
    // clap_complete's fish script stops at the second level of commands (clap-rs/clap#5975):
    // it completes `seam-core acs credentials <command>` but not that command's options.
    let commands = ["seam-core", "credentials", "list-accessible-entrances"];
    let options = [
        "--acs-credential-id",
        "--allowed-acs-entrance-id",
        "--page-cursor",
    ];
    for (shell, words) in [
        ("bash", [&commands[..], &options[..]].concat()),
        ("zsh", [&commands[..], &options[..]].concat()),
        ("fish", commands.to_vec()),
    ] {
        let script = run(&[], &["completions", shell]);
        assert_eq!(script.code, 0, "{shell}: {script:?}");
        for word in words {
            assert!(script.stdout.contains(word), "{shell}: {word}");
        }
        assert!(
            !script.stdout.contains("api-key"),
            "{shell}: hidden options stay hidden"
        );
    }
    // The bash script at least parses as bash.
    let bash = run(&[], &["completions", "bash"]).stdout;
    let mut check = Command::new("bash")
        .args(["-n", "/dev/stdin"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("bash runs");
    check
        .stdin
        .take()
        .unwrap()
        .write_all(bash.as_bytes())
        .unwrap();
    assert!(check.wait().unwrap().success());
}
