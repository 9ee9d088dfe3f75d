//! Any status and body must give a value or a `SeamError`, never a panic, whichever
//! endpoint's answer it is read as (every endpoint's reader: the first byte picks the
//! operation); and a credential that reads must write itself back as JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam_core::Seam;

fuzz_target!(|data: &[u8]| {
    let Some(([kind, low, high], body)) = data.split_first_chunk::<3>().map(|(h, b)| (*h, b))
    else {
        return;
    };
    let status = 100 + u16::from_le_bytes([low, high]) % 500;
    let operations = Seam::operations();
    let (operation, ..) = operations[usize::from(kind) % operations.len()];
    let read = seam_core::response::read_answer(operation, status, body, None);
    assert!(read.is_some(), "{operation} has a reader");
    if operation == "acs.credentials.get" {
        if let Ok(credential) = seam_core::response::acs_credential(status, body, None) {
            let text = serde_json::to_string(&credential).expect("a model writes JSON");
            serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
        }
    }
});
