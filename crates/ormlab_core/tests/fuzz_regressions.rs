//! Inputs that fuzzing found (or that are classic ways to break a parser), kept so `cargo test`
//! checks them forever: each must be handled without a panic, and models must report, not crash.
//! New crashes from `scripts/fuzz.sh` go into `tests/fuzz_regressions/<target>/`.

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("regression folder").map(|e| e.expect("entry").path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no regression inputs in {}", dir.display());
    files.into_iter().map(|p| (p.clone(), String::from_utf8_lossy(&std::fs::read(&p).expect("read")).into_owned())).collect()
}

#[test]
fn fuzz_regressions_models_report_instead_of_crashing() {
    for (path, source) in inputs("models") {
        let report = ormlab_core::schema::report::read_models_report(&source);
        // Every seed here is broken or hostile: it must say so with a position, or parse fine.
        let said_something = !report.diagnostics.is_empty() || report.error.is_some() || !report.ddl.is_empty();
        assert!(said_something, "{}: no DDL and no diagnostic", path.display());
        for d in &report.diagnostics {
            assert!(d.line >= 1 && d.column >= 1, "{}: diagnostic without a position: {d:?}", path.display());
        }
    }
}

#[test]
fn fuzz_regressions_share_links_are_refused_cleanly() {
    for (path, fragment) in inputs("share_decode") {
        assert!(ormlab_core::share::decode(&fragment).is_err(), "{} decoded", path.display());
    }
}

#[test]
fn fuzz_regressions_console_split_keeps_statement_text() {
    for (path, script) in inputs("console_split") {
        for statement in ormlab_core::console::split_statements(&script) {
            assert!(script.contains(&statement.text), "{}: {statement:?}", path.display());
        }
    }
}
