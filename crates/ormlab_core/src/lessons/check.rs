//! Checks against a run: each yields pass or fail with what was actually found, so a learner
//! sees why (`line 7 sent 11 statements`), not only that.

use super::{Check, Step};
use crate::api::{CheckResult, RunReport};
use crate::engine::{Engine, Value};
use crate::migrate::chain::{self, Chain, Command};
use crate::schema::model::Schema;

/// Runs `script` against `models` on a fresh `engine` and checks the step's checks. A
/// migration step (see the format notes in [`super`]) instead builds its starting database
/// and upgrades it with `revisions` (the step's starting revisions when empty).
pub fn check_step(step: &Step, models: &str, script: &str, revisions: &[String], engine: &mut dyn Engine) -> Vec<CheckResult> {
    if !step.checks.iter().any(Check::is_migration) {
        let report = crate::orm::run_script(models, script, engine);
        return run_checks(&step.checks, models, &report);
    }
    let revisions = if revisions.is_empty() { &step.revisions[..] } else { revisions };
    let report = crate::orm::run_script(&step.models, &step.script, engine);
    let upgraded = match &report.error {
        Some(e) => Err(format!("the step's starting database could not be built: {}: {}", e.kind, e.message)),
        None => upgrade_head(engine, &step.revisions, revisions),
    };
    let schema = crate::schema::read_models(models).schema;
    step.checks
        .iter()
        .map(|check| if check.is_migration() { migration(check, &upgraded, revisions, engine) } else { one(check, &report, &schema) })
        .collect()
}

/// `flask db upgrade` as the Migrations tab runs it: the chain read from the files, the
/// database (built by `create_all`, as the step's starting revisions leave it) stamped with
/// their head, then `upgrade head` with foreign keys off (pysqlite's default, which batch
/// mode relies on).
fn upgrade_head(engine: &mut dyn Engine, start: &[String], revisions: &[String]) -> Result<(), String> {
    if revisions.is_empty() {
        return Err("there are no revision files (autogenerate one in the Migrations tab)".into());
    }
    let chain = Chain::from_sources(revisions).map_err(|e| match e.file {
        Some(i) => format!("revision file {}: {}", i + 1, e.message),
        None => e.message,
    })?;
    let _ = engine.execute("PRAGMA foreign_keys=OFF", &[]);
    let start_head = Chain::from_sources(start).map_err(|e| format!("the step's starting revisions: {}", e.message))?.head().map(str::to_string);
    if let Some(id) = start_head {
        if let Some(e) = chain::run(engine, &chain, &Command::Stamp(id.clone())).error {
            return Err(format!("the revisions do not continue the starting revision {id}: {}", e.message));
        }
    }
    let outcome = chain::run(engine, &chain, &Command::Upgrade("head".into()));
    match outcome.error {
        Some(e) => Err(format!("upgrade head raised {}: {}", e.kind, e.message)),
        None => Ok(()),
    }
}

fn migration(check: &Check, upgraded: &Result<(), String>, revisions: &[String], engine: &mut dyn Engine) -> CheckResult {
    if let Check::RevisionContains(text) = check {
        let pass = revisions.iter().any(|r| r.contains(text.as_str()));
        return result(check, pass, if pass { format!("a revision file contains {text:?}") } else { format!("no revision file contains {text:?}") });
    }
    if let Err(why) = upgraded {
        return result(check, false, why.clone());
    }
    match check {
        Check::UpgradedHasColumn(table, column) => match crate::migrate::reflect::reflect_table(engine, table) {
            Ok(t) if !t.columns.is_empty() => {
                let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
                result(check, names.contains(&column.as_str()), format!("after the upgrade table {table} has columns {}", names.join(", ")))
            }
            _ => result(check, false, format!("after the upgrade there is no table {table}")),
        },
        Check::UpgradedQuery(sql, expected) => match engine.execute(sql, &[]) {
            Ok(rows) => {
                let found = rows.rows.into_iter().next().and_then(|row| row.into_iter().next()).map_or_else(|| "no rows".to_string(), |v| show(&v));
                result(check, &found == expected, format!("after the upgrade the query returns {found}"))
            }
            Err(e) => result(check, false, format!("after the upgrade the query failed: {}", e.message)),
        },
        _ => result(check, true, "upgrade head ran every revision".into()),
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(n) => n.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => format!("{} bytes", b.len()),
    }
}

/// Each check against a finished run and the schema of `models`.
pub fn run_checks(checks: &[Check], models: &str, report: &RunReport) -> Vec<CheckResult> {
    let schema = crate::schema::read_models(models).schema;
    checks.iter().map(|check| one(check, report, &schema)).collect()
}

fn result(check: &Check, pass: bool, message: String) -> CheckResult {
    CheckResult { check: check.describe(), pass, message }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn one(check: &Check, report: &RunReport, schema: &Schema) -> CheckResult {
    let error_text = || report.error.as_ref().map(|e| format!("{}: {}", e.kind, e.message));
    match check {
        Check::NoError => match error_text() {
            None => result(check, true, "the script ran without an exception".into()),
            Some(e) => result(check, false, format!("the script raised {e}")),
        },
        Check::Error(kind) => match &report.error {
            Some(e) if &e.kind == kind => result(check, true, format!("the script raised {kind}")),
            Some(e) => result(check, false, format!("the script raised {} instead: {}", e.kind, e.message)),
            None => result(check, false, format!("the script raised no {kind}")),
        },
        Check::Prints(text) => {
            let pass = report.stdout.contains(text.as_str());
            result(check, pass, if pass { format!("the output contains {text:?}") } else { format!("the output does not contain {text:?}") })
        }
        Check::DoesNotPrint(text) => {
            let pass = !report.stdout.contains(text.as_str());
            result(check, pass, if pass { format!("the output does not contain {text:?}") } else { format!("the output contains {text:?}") })
        }
        Check::TotalQueries(cmp, bound) => {
            let n = report.statements.len();
            result(check, cmp.holds(n, *bound), format!("the script sent {n} statement{}", plural(n)))
        }
        Check::LineQueries(line, cmp, bound) => {
            let n = report.statements.iter().filter(|s| s.line == *line).count();
            result(check, cmp.holds(n, *bound), format!("line {line} sent {n} statement{}", plural(n)))
        }
        Check::Sent(text) => match report.statements.iter().find(|s| s.sql.contains(text.as_str())) {
            Some(s) => result(check, true, format!("line {} sent {}", s.line, first_line(&s.sql))),
            None => result(check, false, format!("no statement contains {text:?}")),
        },
        Check::NotSent(text) => match report.statements.iter().find(|s| s.sql.contains(text.as_str())) {
            Some(s) => result(check, false, format!("line {} sent {}", s.line, first_line(&s.sql))),
            None => result(check, true, format!("no statement contains {text:?}")),
        },
        Check::NoNPlusOne => {
            let found = crate::lens::find_n_plus_one(report, crate::lens::DEFAULT_THRESHOLD);
            match found.first() {
                None => result(check, true, "the lens finds no N+1".into()),
                Some(f) => result(check, false, format!("N+1: line {} lazy-loads {} {} times", f.line, f.relationship, f.count)),
            }
        }
        Check::HasColumn(table, column) => match schema.tables.iter().find(|t| &t.name == table) {
            None => result(check, false, format!("there is no table {table}")),
            Some(t) => {
                let pass = t.columns.iter().any(|c| &c.name == column);
                let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
                result(check, pass, format!("table {table} has columns {}", names.join(", ")))
            }
        },
        Check::UpgradesToHead | Check::UpgradedHasColumn(..) | Check::UpgradedQuery(..) | Check::RevisionContains(_) => result(check, false, "a migration check runs only in check_step".into()),
        Check::HasIndex(table, column) => match schema.tables.iter().find(|t| &t.name == table) {
            None => result(check, false, format!("there is no table {table}")),
            Some(t) => {
                let indexed = t.indexes.iter().any(|i| i.columns.first() == Some(column))
                    || t.columns.iter().any(|c| &c.name == column && (c.index || c.unique));
                let names: Vec<&str> = t.indexes.iter().map(|i| i.name.as_str()).collect();
                let message = if indexed { format!("an index of {table} starts with {column}") } else { format!("no index of {table} starts with {column} (indexes: {})", if names.is_empty() { "none".into() } else { names.join(", ") }) };
                result(check, indexed, message)
            }
        },
    }
}

fn first_line(sql: &str) -> String {
    let line = sql.lines().next().unwrap_or("");
    if sql.lines().nth(1).is_some() {
        format!("{line} …")
    } else {
        line.to_string()
    }
}
