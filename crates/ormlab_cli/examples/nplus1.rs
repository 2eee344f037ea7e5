//! Bench helper for `scripts/bench.sh nplus1`: runs a models + script pair natively with
//! ormlab on rusqlite, then replays the very statements that run sent (DDL included, with
//! their parameters) straight on rusqlite, no ORM. Prints one JSON line of times in ms.
//!
//! `cargo run --release -p ormlab_cli --example nplus1 -- MODELS SCRIPT [REPEATS]`

use ormlab_cli::native_engine::NativeEngine;
use ormlab_core::api::RunReport;
use ormlab_core::engine::Engine;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, models, script, rest @ ..] = args.as_slice() else {
        eprintln!("usage: nplus1 MODELS SCRIPT [REPEATS]");
        std::process::exit(2);
    };
    let repeats: usize = rest.first().and_then(|r| r.parse().ok()).unwrap_or(5);
    let models = std::fs::read_to_string(models).expect("models file");
    let script = std::fs::read_to_string(script).expect("script file");
    // The interpreter recurses per Python call; the CLI gives it a large stack, so does this.
    let worker = std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(move || measure(&models, &script, repeats));
    println!("{}", worker.expect("spawn").join().expect("bench run"));
}

fn measure(models: &str, script: &str, repeats: usize) -> String {
    let mut ormlab = Vec::new();
    let mut report = RunReport::default();
    for _ in 0..repeats {
        let mut engine = NativeEngine::open_in_memory().expect("in-memory SQLite");
        let started = Instant::now();
        report = ormlab_core::orm::run_script(models, script, &mut engine);
        ormlab.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    if let Some(error) = &report.error {
        eprintln!("the script failed: {}: {}", error.kind, error.message);
        std::process::exit(1);
    }
    let mut sqlite = Vec::new();
    for _ in 0..repeats {
        let mut engine = NativeEngine::open_in_memory().expect("in-memory SQLite");
        let started = Instant::now();
        replay(&report, &mut engine);
        sqlite.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let statements = report.ddl.len() + report.statements.iter().map(|s| s.many.as_ref().map_or(1, Vec::len)).sum::<usize>();
    serde_json::json!({"ormlab_ms": ormlab, "sqlite_ms": sqlite, "statements": statements, "stdout": report.stdout, "replay": replay_list(&report)}).to_string()
}

/// The replay as JSON, `[[sql, [params...]], ...]` in the order [`replay`] runs it (DDL, then
/// the log), for the bench's sql.js replay in the browser.
fn replay_list(report: &RunReport) -> serde_json::Value {
    use ormlab_core::engine::Value;
    let value = |v: &Value| match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => (*i).into(),
        Value::Real(r) => (*r).into(),
        Value::Text(t) => t.clone().into(),
        Value::Blob(b) => b.clone().into(),
    };
    let mut out: Vec<serde_json::Value> = report.ddl.iter().map(|ddl| serde_json::json!([ddl, []])).collect();
    for statement in &report.statements {
        let rows = statement.many.clone().unwrap_or_else(|| vec![statement.params.clone()]);
        out.extend(rows.iter().map(|params| serde_json::json!([statement.sql, params.iter().map(value).collect::<Vec<_>>()])));
    }
    out.into()
}

/// The run's statements in order, each prepared, bound and stepped to its last row. The log
/// leaves out pysqlite's implicit BEGIN/COMMIT, so the replay runs in one transaction: if
/// anything, that flatters SQLite.
fn replay(report: &RunReport, engine: &mut NativeEngine) {
    for ddl in &report.ddl {
        engine.execute(ddl, &[]).expect("DDL replays");
    }
    engine.execute("BEGIN", &[]).expect("BEGIN");
    for statement in &report.statements {
        match &statement.many {
            Some(rows) => {
                for params in rows {
                    engine.execute(&statement.sql, params).expect("statement replays");
                }
            }
            None => {
                engine.execute(&statement.sql, &statement.params).expect("statement replays");
            }
        }
    }
    engine.execute("COMMIT", &[]).expect("COMMIT");
}
