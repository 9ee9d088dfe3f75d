//! `scripts/demo`: assigns a credential to an ACS user and prints what the API returned.
//!
//! Usage: `assign [ACS_USER_ID ACS_CREDENTIAL_ID]` (default: the docs' ids). Credentials and
//! endpoint come from `SEAM_API_KEY` (or `SEAM_PERSONAL_ACCESS_TOKEN` + `SEAM_WORKSPACE_ID`)
//! and `SEAM_ENDPOINT`.

use std::process::ExitCode;
use std::time::SystemTime;

use seam_core::{AcsCredential, Config, Seam};
use time::{format_description::well_known::Rfc3339, OffsetDateTime};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (user, credential) = match args.as_slice() {
        [] => (
            "33333333-3333-3333-3333-333333333333",
            "66666666-6666-6666-6666-666666666666",
        ),
        [user, credential] => (user.as_str(), credential.as_str()),
        _ => {
            eprintln!("usage: assign [ACS_USER_ID ACS_CREDENTIAL_ID]");
            return ExitCode::from(2);
        }
    };
    let result = Seam::from_config(Config::default()).and_then(|seam| {
        println!("POST {}/acs/credentials/assign", seam.endpoint());
        seam.acs().credentials().assign(user, credential)
    });
    match result {
        Ok(credential) => {
            print_credential(&credential);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print_credential(c: &AcsCredential) {
    let time = |t: &SystemTime| {
        OffsetDateTime::from(*t)
            .format(&Rfc3339)
            .unwrap_or_else(|_| format!("{t:?}"))
    };
    println!("AcsCredential(");
    println!("  acs_credential_id={:?},", c.acs_credential_id);
    println!("  acs_user_id={:?},", c.acs_user_id);
    println!("  display_name={:?},", c.display_name);
    println!("  code={:?},", c.code);
    println!("  acs_system_id={:?},", c.acs_system_id);
    println!("  access_method={:?},", c.access_method.as_str());
    println!("  workspace_id={:?},", c.workspace_id);
    println!("  created_at={},", time(&c.created_at));
    println!(
        "  is_multi_phone_sync_credential={:?},",
        c.is_multi_phone_sync_credential
    );
    println!("  is_managed={:?},", c.is_managed);
    println!(")");
}
