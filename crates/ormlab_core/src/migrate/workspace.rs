//! The Migrations tab's actions on the workspace's database (the SQL console's), doing better
//! than Alembic for the user: the database is snapshotted (as its replayable history) before
//! a command, and when the command fails it is restored, the failure is explained in plain
//! words, and what real Alembic would have left behind is shown.
//!
//! A successful command's statements join the console history as one script, wrapped in
//! `PRAGMA foreign_keys=OFF/ON` as pysqlite runs them, so a fresh worker rebuilds the same
//! database by replaying the history.

use super::chain::{self, Chain, Command};
use super::script::Revision;
use super::{autogenerate_revision, dump_rows, reflect, warnings};
use crate::api::{MigrateError, MigrationAction, MigrationReport, RevisionEntry, RevisionProblem};
use crate::console::ConsoleDb;
use crate::engine::{Engine, Value};

/// Runs `action` on `db` brought to `history`; on failure `reopen` gives the fresh engine
/// the history is replayed into.
pub fn act<E: Engine>(
    db: &mut ConsoleDb<E>,
    history: &[String],
    models: &str,
    revisions: &[String],
    action: &MigrationAction,
    reopen: &dyn Fn() -> E,
    clock_ms: &dyn Fn() -> f64,
) -> MigrationReport {
    db.sync(history, reopen, clock_ms);
    let mut report = MigrationReport::default();
    let chain = match Chain::from_sources(revisions) {
        Ok(chain) => chain,
        Err(e) => {
            let (line, column, message) = e.diagnostic.map_or((0, 0, e.message.clone()), |d| (d.line, d.column, d.message));
            report.problem = Some(RevisionProblem { file: e.file, line, column, message });
            report.tables = dump_rows(db.engine()).unwrap_or_default();
            return report;
        }
    };
    let engine = db.engine();
    let foreign_keys_on = matches!(engine.execute("PRAGMA foreign_keys", &[]).ok().and_then(|r| r.rows.into_iter().next()).and_then(|row| row.into_iter().next()), Some(Value::Integer(1)));
    // pysqlite's default, which Alembic's batch mode relies on (DROP TABLE of a parent).
    let _ = engine.execute("PRAGMA foreign_keys=OFF", &[]);
    let command = match action {
        MigrationAction::Autogenerate(message) => {
            match autogenerate_revision(engine, models, message, &chain) {
                Ok(made) => {
                    report.no_changes = made.file.is_none();
                    report.revision_file = made.file;
                    report.warnings = made.warnings;
                }
                Err(e) => {
                    report.explanation = Some(explain(&e, "autogenerate"));
                    report.error = Some(e);
                }
            }
            None
        }
        MigrationAction::Upgrade(target) => Some(Command::Upgrade(target.clone())),
        MigrationAction::Downgrade(target) => Some(Command::Downgrade(target.clone())),
        MigrationAction::UpgradeSql(range) => Some(Command::UpgradeSql(range.clone())),
        MigrationAction::DowngradeSql(range) => Some(Command::DowngradeSql(range.clone())),
        MigrationAction::Stamp(target) => Some(Command::Stamp(target.clone())),
        MigrationAction::History => Some(Command::History),
        MigrationAction::Refresh => None,
    };
    if let Some(command) = command {
        if let Command::Upgrade(_) = command {
            report.warnings = next_warnings(engine, &chain);
        }
        let outcome = chain::run(engine, &chain, &command);
        report.sql = outcome.sql;
        report.output = outcome.output;
        if let Some(error) = outcome.error {
            let error = MigrateError { kind: error.kind, message: error.message };
            report.left_behind = dump_rows(engine).ok();
            report.explanation = Some(explain(&error, verb(&command)));
            report.error = Some(error);
        } else {
            let changed: Vec<&String> = report.sql.iter().filter(|s| !s.trim_start().to_ascii_uppercase().starts_with("SELECT")).collect();
            if !changed.is_empty() {
                let mut script = String::from("PRAGMA foreign_keys=OFF;\n");
                for statement in changed {
                    script.push_str(statement.trim());
                    script.push_str(";\n");
                }
                if foreign_keys_on {
                    script.push_str("PRAGMA foreign_keys=ON;\n");
                }
                report.applied_script = Some(script);
            }
        }
    }
    if foreign_keys_on {
        let _ = db.engine().execute("PRAGMA foreign_keys=ON", &[]);
    }
    if report.error.is_some() && report.left_behind.is_some() {
        db.restore(history, reopen, clock_ms);
    } else if let Some(script) = &report.applied_script {
        db.record(script.clone());
    }
    let current = chain::current_version(db.engine());
    report.timeline = timeline(&chain.revisions, current.as_deref());
    report.tables = dump_rows(db.engine()).unwrap_or_default();
    report
}

fn verb(command: &Command) -> &'static str {
    match command {
        Command::Upgrade(_) | Command::UpgradeSql(_) => "upgrade",
        Command::Downgrade(_) | Command::DowngradeSql(_) => "downgrade",
        Command::Stamp(_) => "stamp",
        Command::Current | Command::History => "command",
    }
}

/// Warnings of the first revision an upgrade would run, counted on the database now.
fn next_warnings(engine: &mut dyn Engine, chain: &Chain) -> Vec<crate::api::MigrateWarning> {
    let current = chain::current_version(engine);
    let next = match &current {
        None => chain.revisions.first(),
        Some(id) => chain.revisions.iter().position(|r| r.id == *id).and_then(|i| chain.revisions.get(i + 1)),
    };
    let Some(next) = next else { return Vec::new() };
    match reflect::reflect_all(engine) {
        Ok(db) => warnings::warnings(engine, &db, &next.upgrade),
        Err(_) => Vec::new(),
    }
}

fn timeline(revisions: &[Revision], current: Option<&str>) -> Vec<RevisionEntry> {
    let last = revisions.len().saturating_sub(1);
    revisions
        .iter()
        .enumerate()
        .map(|(i, r)| RevisionEntry { id: r.id.clone(), down_revision: r.down_revision.clone(), message: r.message.clone(), current: current == Some(r.id.as_str()), head: i == last })
        .collect()
}

/// The failure in plain words, with the usual way out.
fn explain(error: &MigrateError, verb: &str) -> String {
    let m = &error.message;
    let why = if m.contains("Cannot add a NOT NULL column") {
        "SQLite cannot add a NOT NULL column without a default to a table: existing rows would have no value. Give the column a server_default (server_default='...') or make it nullable, then autogenerate again.".to_string()
    } else if m.contains("NOT NULL constraint failed") {
        "Existing rows hold NULL in a column that must not be NULL. Fill them first, e.g. op.execute(\"UPDATE ... SET column = ... WHERE column IS NULL\") before the step that needs the value.".to_string()
    } else if m.contains("UNIQUE constraint failed") {
        "Existing rows hold duplicate values where the migration wants them unique. Remove or change the duplicates first (op.execute(...)).".to_string()
    } else if m.contains("FOREIGN KEY constraint failed") {
        "Existing rows point at rows that do not exist. Fix the references first.".to_string()
    } else if m.contains("Constraint must have a name") {
        "Batch mode can only drop or create a constraint it can name. Give it name='...' (or use a naming convention) in the models and in the revision.".to_string()
    } else if m == "Target database is not up to date." {
        "The database is not at the newest revision. Upgrade first, then autogenerate.".to_string()
    } else {
        format!("The {verb} stopped: {m}")
    };
    if verb == "autogenerate" {
        why
    } else {
        format!("{why} ormlab put the database back as it was before this {verb}; below is what real Alembic would have left behind.")
    }
}
