//! The differential suite for revision chains: every `tests/fidelity/migration_chains/<case>/`
//! (recorded by real Alembic commands, see tests/fidelity/record_migrations.py) is replayed on
//! rusqlite: the database from models_v1.py and seed.json, the revision files of versions/,
//! then each command of steps.json. Per step the statements sent, what the command printed,
//! the error (type and message) and every table's rows must be what Alembic left. A
//! `revision` step (flask db migrate) must write the same file, once ormlab's content-derived
//! id is replaced by the id the recording gave Alembic (auto0001, auto0002, ...).

use ormlab_cli::migrate_cmd::{parse_seed, rows_json};
use ormlab_cli::native_engine::NativeEngine;
use ormlab_core::migrate::chain::{run, Chain, Command};
use ormlab_core::migrate::script::parse_revision;
use ormlab_core::migrate::{autogenerate_revision, create_database, dump_rows, sort_index_runs};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fidelity/migration_chains")
}

fn command(step: &[Value]) -> Command {
    let words: Vec<&str> = step.iter().filter_map(Value::as_str).collect();
    let target = |i: usize| words.get(i).map(|s| s.to_string()).unwrap_or_default();
    match words.as_slice() {
        ["upgrade", "--sql", ..] => Command::UpgradeSql(target(2)),
        ["downgrade", "--sql", ..] => Command::DowngradeSql(target(2)),
        ["upgrade", ..] => Command::Upgrade(target(1)),
        ["downgrade", ..] => Command::Downgrade(target(1)),
        ["current"] => Command::Current,
        ["history"] => Command::History,
        ["stamp", ..] => Command::Stamp(target(1)),
        other => panic!("unknown step {other:?}"),
    }
}

fn replay(dir: &Path) -> Vec<String> {
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("expected.json")).expect("valid JSON");
    let mut engine = NativeEngine::open_in_memory().expect("engine");
    let ddl = match std::fs::read_to_string(dir.join("models_v1.py")) {
        Ok(models) => ormlab_core::schema::read_models(&models).ddl,
        Err(_) => Vec::new(),
    };
    let seed = std::fs::read_to_string(dir.join("seed.json")).map(|t| parse_seed(&t).expect("seed")).unwrap_or_default();
    create_database(&ddl, &seed, &mut engine).expect("database");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("versions")).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    files.sort();
    let mut sources: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).expect("revision file")).collect();
    let mut chain = Chain::from_sources(&sources).expect("the chain reads");
    let mut problems = Vec::new();
    let mut generated = 0;
    for (n, step) in expected["steps"].as_array().expect("steps").iter().enumerate() {
        let label = format!("step {n} {}", step["command"]);
        let words: Vec<&str> = step["command"].as_array().expect("command").iter().filter_map(Value::as_str).collect();
        if let ["revision", message, models] = words.as_slice() {
            generated += 1;
            let models = std::fs::read_to_string(dir.join(models)).expect("models file");
            let (file, error) = match autogenerate_revision(&mut engine, &models, message, &chain) {
                Ok(made) => (made.file.map(|file| {
                    let id = parse_revision(&file).expect("a generated file reads back").id;
                    file.replace(&id, &format!("auto{generated:04}"))
                }), None),
                Err(e) => (None, Some(json!({"type": e.kind, "message": e.message}))),
            };
            if step["file"] != json!(file) || step["error"] != json!(error) {
                problems.push(format!("{label}:\n  expected {} {}\n  got      {} {}", step["file"], step["error"], json!(file), json!(error)));
            }
            if let Some(file) = file {
                sources.push(file);
                chain = Chain::from_sources(&sources).expect("the chain reads");
            }
            // The statements of autogenerate itself (its version SELECT) are not compared.
            continue;
        }
        let report = run(&mut engine, &chain, &command(step["command"].as_array().expect("command")));
        let sql = sort_index_runs(report.sql.clone());
        if step["sql"] != json!(sql) {
            problems.push(format!("{label} sql:\n  expected {}\n  got      {}", step["sql"], json!(sql)));
        }
        if step["stdout"] != json!(report.output) {
            problems.push(format!("{label} stdout:\n  expected {:?}\n  got      {:?}", step["stdout"], report.output));
        }
        let error = report.error.as_ref().map(|e| json!({"type": e.kind, "message": e.message}));
        if step["error"] != json!(error) {
            problems.push(format!("{label} error: expected {}, got {}", step["error"], json!(error)));
        }
        let rows = rows_json(&dump_rows(&mut engine).expect("dump"));
        if step["rows_after"] != rows {
            problems.push(format!("{label} rows_after:\n  expected {}\n  got      {rows}", step["rows_after"]));
        }
    }
    problems
}

#[test]
fn every_recorded_chain_matches_real_alembic() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir()).expect("migration_chains/").filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("expected.json").exists()).collect();
    cases.sort();
    assert!(cases.len() >= 2, "expected recorded chain cases, found {}", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|case| {
        let problems = replay(case);
        (!problems.is_empty()).then(|| format!("{}:\n{}", case.display(), problems.join("\n")))
    }).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
