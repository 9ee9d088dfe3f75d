//! `fake-seam [--port N] [--tls]`: serves on 127.0.0.1 until killed. The base URL is printed
//! alone on the first line of stdout, so callers can start it on port 0 and read where it is.

use std::io::Write;
use std::process::ExitCode;

use fake_seam::FakeSeam;

const USAGE: &str = "usage: fake-seam [--port N] [--tls]";

fn main() -> ExitCode {
    let (port, tls) = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("fake-seam: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match FakeSeam::bind(port, tls) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("fake-seam: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{}", server.url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    // The server runs on its own threads; park (in a loop: parking may wake spuriously).
    loop {
        std::thread::park();
    }
}

/// `None` when help was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<(u16, bool)>, String> {
    let (mut port, mut tls) = (0, false);
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--tls" => {
                tls = true;
                continue;
            }
            "--port" => args.next().ok_or("--port needs a value")?,
            other => match other.strip_prefix("--port=") {
                Some(value) => value.to_owned(),
                None if other == "-h" || other == "--help" => return Ok(None),
                None => return Err(format!("unknown argument {other:?}")),
            },
        };
        port = value
            .parse()
            .map_err(|_| format!("invalid port {value:?}"))?;
    }
    Ok(Some((port, tls)))
}
