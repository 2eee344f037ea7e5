//! Revision file text → parser, operations and chain linking: must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        let _ = ormlab_core::migrate::chain::Chain::from_sources(&[source.to_string()]);
    }
});
