//! The serialisable façade: every type that crosses the page ⇄ worker boundary or is printed
//! by the CLI as JSON. Internal types of the core stay out of here on purpose, so they can
//! change without breaking the wire format.

use crate::engine::ExecResult;
use serde::{Deserialize, Serialize};

/// The outcome of one conformance check (see [`crate::engine::conformance`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// The check's name, e.g. `typed_columns_round_trip`.
    pub name: String,
    /// `None` when the check passed; otherwise what differed.
    pub error: Option<String>,
}

/// Where a statement starts in the text the user typed, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

/// One statement of a SQL console run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsoleStatement {
    /// The statement's text as typed, without the trailing `;`.
    pub sql: String,
    /// Where it starts in the console text.
    pub position: Position,
    /// What SQLite returned, or SQLite's error message.
    pub outcome: Result<ExecResult, String>,
    /// Wall time of the statement in milliseconds, as measured by the engine's host.
    pub time_ms: f64,
}

/// Everything a SQL console run produced.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ConsoleReport {
    /// Statements that ran, in order; the last one is the failing one if any failed.
    pub statements: Vec<ConsoleStatement>,
    /// Statements after a failure that were not run.
    pub not_run: usize,
    /// Wall time of the whole run in milliseconds.
    pub total_ms: f64,
}

/// A message from the page to the worker. Each request carries all the state it needs, so a
/// worker that was terminated (runaway query) and replaced loses nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Run a SQL console script after replaying the console scripts run before it.
    RunSql {
        /// Console scripts already run in this workspace, oldest first.
        history: Vec<String>,
        /// The script to run now.
        sql: String,
    },
    /// Run the engine conformance suite on a fresh database.
    SelfTest,
}

/// A message from the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker is loading; `percent` drives the page's progress bar.
    Loading {
        /// What is loading, in words for the progress bar.
        stage: String,
        /// Rough share of the loading done, 0–100.
        percent: u8,
    },
    /// The worker loaded sql.js and opened its database; requests may be sent from now on.
    Ready {
        /// SQLite's version inside sql.js.
        sqlite_version: String,
    },
    /// The answer to [`ToWorker::RunSql`].
    SqlDone(ConsoleReport),
    /// The answer to [`ToWorker::SelfTest`].
    SelfTestDone(Vec<CheckOutcome>),
    /// The worker could not do what was asked (sql.js failed to load, a message it could not
    /// decode); the page shows the message.
    Failed {
        /// What went wrong, in plain words.
        message: String,
    },
}
