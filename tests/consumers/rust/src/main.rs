//! The docs' call, from a crate that only depends on `seam-core`: configured by
//! `SEAM_API_KEY` and `SEAM_ENDPOINT`, it assigns the docs' credential to the docs' user.

use seam_core::{Config, Seam, SeamError};

fn main() -> Result<(), SeamError> {
    let seam = Seam::from_config(Config::default())?;
    let credential = seam.acs().credentials().assign(
        "33333333-3333-3333-3333-333333333333",
        "66666666-6666-6666-6666-666666666666",
    )?;
    println!(
        "assigned {} ({}) to {}",
        credential.acs_credential_id,
        credential.display_name,
        credential.acs_user_id.as_deref().unwrap_or("nobody")
    );
    Ok(())
}
