//! Models text → parser, evaluator, schema and DDL: must never panic, hang or blow the stack.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        let _ = ormlab_core::schema::report::read_models_report(source);
    }
});
