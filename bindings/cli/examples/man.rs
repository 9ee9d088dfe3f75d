//! Writes the man pages of `seam-core` (one per command: `seam-core.1`,
//! `seam-core-acs-credentials-assign.1`, …) into the directory given; `scripts/package` ships
//! them beside the binary.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: man DIRECTORY");
        return ExitCode::from(2);
    };
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| clap_mangen::generate_to(seam_core_cli::command(), &dir));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("man: cannot write into {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
