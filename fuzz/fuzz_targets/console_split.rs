//! The SQL console's statement splitter reads whatever is typed or pasted.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(script) = std::str::from_utf8(data) {
        for statement in ormlab_core::console::split_statements(script) {
            assert!(script.contains(&statement.text));
        }
    }
});
