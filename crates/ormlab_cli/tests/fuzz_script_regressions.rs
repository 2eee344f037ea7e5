//! Inputs the `script` fuzz target found (models, a NUL byte, the script; or a script alone
//! under the target's blog models), kept in ormlab_core's fuzz_regressions/script/ and run here
//! because they need a real database: each must run to a report, never panic.
//! `backref_cycle_leak.txt` leaked its objects (a parent and its backref form an `Rc` cycle)
//! until the interpreter broke cycles at the end of a run; LeakSanitizer checks that in
//! `scripts/fuzz.sh`, this test that it still runs.

use ormlab_cli::native_engine::NativeEngine;
use std::path::PathBuf;

#[test]
fn fuzz_regressions_scripts_run_to_a_report() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ormlab_core/tests/fuzz_regressions/script");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("regression folder").map(|e| e.expect("entry").path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no regression inputs in {}", dir.display());
    for path in files {
        let text = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
        let Some((models, script)) = text.split_once('\0') else { panic!("{}: no NUL between models and script", path.display()) };
        let (models, script) = (models.to_string(), script.to_string());
        let report = std::thread::Builder::new()
            .stack_size(256 * 1024 * 1024)
            .spawn(move || ormlab_core::orm::run_script(&models, &script, &mut NativeEngine::open_in_memory().expect("engine")))
            .expect("thread")
            .join()
            .unwrap_or_else(|_| panic!("{}: the run panicked", path.display()));
        assert!(!report.ddl.is_empty() || report.error.is_some(), "{}: neither DDL nor an error", path.display());
    }
}
