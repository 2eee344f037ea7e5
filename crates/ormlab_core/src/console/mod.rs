//! The SQL console: a script of raw SQL split into statements and run one by one against the
//! workspace database, stopping at the first error.

pub mod dump;
mod split;

pub use split::{split_statements, SqlStatement};

use crate::api::{ConsoleReport, ConsoleStatement};
use crate::engine::Engine;

/// Runs `sql` statement by statement on `engine`, stopping at the first failure.
/// `clock_ms` is the host's monotonic clock, used only to time statements.
pub fn run_script(engine: &mut dyn Engine, sql: &str, clock_ms: &dyn Fn() -> f64) -> ConsoleReport {
    let statements = split_statements(sql);
    let started = clock_ms();
    let mut report = ConsoleReport::default();
    for (index, statement) in statements.iter().enumerate() {
        let before = clock_ms();
        let outcome = engine.execute(&statement.text, &[]).map_err(|e| e.message);
        let failed = outcome.is_err();
        report.statements.push(ConsoleStatement {
            sql: statement.text.clone(),
            position: statement.position,
            outcome,
            time_ms: clock_ms() - before,
        });
        if failed {
            report.not_run = statements.len() - index - 1;
            break;
        }
    }
    report.total_ms = clock_ms() - started;
    report
}

/// A console database that can be rebuilt from the workspace's console history, so that the
/// worker holding it may be thrown away at any time (runaway query) without losing state.
pub struct ConsoleDb<E: Engine> {
    engine: E,
    applied: Vec<String>,
}

impl<E: Engine> ConsoleDb<E> {
    /// Wraps a freshly opened engine.
    pub fn new(engine: E) -> Self {
        Self { engine, applied: Vec::new() }
    }

    /// The engine, for callers that run other work against the same database.
    pub fn engine(&mut self) -> &mut E {
        &mut self.engine
    }

    /// Brings the database to the state `history` produces (replaying only what it has not
    /// seen when it has seen a prefix of it, else starting from `reopen`).
    pub fn sync(&mut self, history: &[String], reopen: impl FnOnce() -> E, clock_ms: &dyn Fn() -> f64) {
        if !history.starts_with(&self.applied) {
            self.engine = reopen();
            self.applied.clear();
        }
        self.replay(history, clock_ms);
    }

    fn replay(&mut self, history: &[String], clock_ms: &dyn Fn() -> f64) {
        for script in history.get(self.applied.len()..).unwrap_or(&[]) {
            run_script(&mut self.engine, script, clock_ms);
            self.applied.push(script.clone());
        }
    }

    /// Notes that `script` was applied to the database by other means (a migration), so a
    /// history ending with it needs no replay.
    pub fn record(&mut self, script: String) {
        self.applied.push(script);
    }

    /// Throws the database away and rebuilds it from `history` (a failed migration's restore).
    pub fn restore(&mut self, history: &[String], reopen: impl FnOnce() -> E, clock_ms: &dyn Fn() -> f64) {
        self.applied.clear();
        self.engine = reopen();
        self.replay(history, clock_ms);
    }

    /// Brings the database to the state `history` produces, then runs `sql` and records it.
    /// When this database has seen exactly a prefix of `history` only the rest is replayed;
    /// otherwise `reopen` gives a fresh engine and all of `history` is replayed.
    pub fn run(
        &mut self,
        history: &[String],
        sql: &str,
        reopen: impl FnOnce() -> E,
        clock_ms: &dyn Fn() -> f64,
    ) -> ConsoleReport {
        self.sync(history, reopen, clock_ms);
        let report = run_script(&mut self.engine, sql, clock_ms);
        self.applied.push(sql.to_string());
        report
    }
}

#[cfg(test)]
mod tests;
