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

/// Every prefix of the recorded revision files (cut at each line and mid-line) and the
/// hostile models inputs read as revision files: refused with a position or read, never a panic.
#[test]
fn fuzz_regressions_revision_files_are_read_or_refused_with_a_position() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fidelity/migration_chains");
    let mut sources: Vec<String> = Vec::new();
    for case in std::fs::read_dir(&root).expect("migration_chains").map(|e| e.expect("entry").path()) {
        if let Ok(files) = std::fs::read_dir(case.join("versions")) {
            for file in files {
                sources.push(std::fs::read_to_string(file.expect("entry").path()).expect("read"));
            }
        }
    }
    assert!(!sources.is_empty(), "no revision files found");
    let mut inputs: Vec<String> = inputs("models").into_iter().map(|(_, s)| s).collect();
    for source in &sources {
        let cuts: Vec<usize> = (0..=source.len()).filter(|&i| source.is_char_boundary(i)).step_by(5).collect();
        inputs.extend(cuts.into_iter().map(|i| source[..i].to_string()));
    }
    for input in &inputs {
        if let Err(error) = ormlab_core::migrate::chain::Chain::from_sources(std::slice::from_ref(input)) {
            if let Some(d) = error.diagnostic {
                assert!(d.line >= 1 && d.column >= 1, "diagnostic without a position: {d:?}");
            }
        }
    }
}
