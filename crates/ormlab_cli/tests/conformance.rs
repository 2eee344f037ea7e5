//! The engine conformance suite against rusqlite; the same suite runs against sql.js in the
//! browser suite (`tests/browser`), so the two engines cannot drift.

use ormlab_cli::native_engine::NativeEngine;
use ormlab_core::engine::conformance;

#[test]
fn engine_native_passes_the_conformance_suite() {
    let mut engine = NativeEngine::open_in_memory().expect("open");
    let outcomes = conformance::run(&mut engine);
    assert!(outcomes.len() >= 10);
    let failures: Vec<_> = outcomes.iter().filter(|o| o.error.is_some()).collect();
    assert!(failures.is_empty(), "{failures:#?}");
}
