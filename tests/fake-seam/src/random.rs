//! Unguessable bytes for tokens and webhook secrets, from the `ring` already in the build.

use ring::rand::{SecureRandom, SystemRandom};

/// `N` random bytes; zeros only if the system has no randomness to give, which a test server
/// can live with.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    let _ = SystemRandom::new().fill(&mut out);
    out
}

pub fn hex<const N: usize>() -> String {
    bytes::<N>().iter().map(|b| format!("{b:02x}")).collect()
}
