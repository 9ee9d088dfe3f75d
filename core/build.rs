fn main() {
    // src/seam_core.udl links to ../../udl/seam_core.udl: one contract file, found both
    // here and by library-mode bindgen (which looks under core/src/).
    println!("cargo:rerun-if-changed=src/seam_core.udl");
    if let Err(e) = uniffi::generate_scaffolding("src/seam_core.udl") {
        eprintln!("uniffi scaffolding failed: {e}");
        std::process::exit(1);
    }
}
