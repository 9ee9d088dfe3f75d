//! `seam-core`: the Seam Connect access-control API from the shell (see the library).

fn main() -> std::process::ExitCode {
    seam_core_cli::main()
}
