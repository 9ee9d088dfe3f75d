//! UniFFI's bindings generator at the exact version the core is built with: the scripts, the
//! Kotlin build and maturin (also from the sdist, which keeps only this package) run it as
//! `uniffi-bindgen generate --library libseam_core.so …`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
