//! Any status and body must give a value or a `SeamError`, never a panic, whichever answer
//! it is read as; and a credential that reads must write itself back as JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(([kind, low, high], body)) = data.split_first_chunk::<3>().map(|(h, b)| (*h, b))
    else {
        return;
    };
    let status = 100 + u16::from_le_bytes([low, high]) % 500;
    match kind % 3 {
        0 => {
            if let Ok(credential) = seam_core::response::acs_credential(status, body, None) {
                let text = serde_json::to_string(&credential).expect("a model writes JSON");
                serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
            }
        }
        1 => drop(seam_core::response::acs_credentials_page(status, body, None)),
        _ => drop(seam_core::response::acs_entrances(status, body, None)),
    }
});
