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
    /// Read the models: parse, build the schema, render the DDL.
    ReadModels {
        /// The models editor's text.
        models: String,
    },
    /// Run the models and the script on a fresh database, as `db.create_all()` then the script.
    RunScript {
        /// The models editor's text.
        models: String,
        /// The script editor's text.
        script: String,
    },
    /// The lens's comparison: run the script once per loading strategy on fresh databases.
    CompareStrategies {
        /// The models editor's text.
        models: String,
        /// The script editor's text.
        script: String,
    },
    /// Make a share link of the workspace.
    MakeLink {
        /// What the link carries.
        workspace: Workspace,
        /// Whether the page opening it runs it at once.
        run: bool,
    },
    /// Open a share link (decoded in the worker: a hostile link can only hurt the worker).
    OpenLink {
        /// The URL fragment, with or without `#`.
        fragment: String,
    },
    /// Open a workspace file (read in the worker, like a link: the file is as hostile).
    OpenWorkspaceFile {
        /// The file's text.
        text: String,
    },
    /// Make a file of the workspace for download.
    Export {
        /// Which file.
        kind: ExportKind,
        /// The workspace as it stands.
        workspace: Workspace,
    },
    /// Import a SQLite file: the worker opens it and answers with the script that rebuilds it.
    ImportDatabase {
        /// The file's bytes.
        bytes: Vec<u8>,
    },
    /// The built-in lessons, for the picker (the pack lives in the worker, off the page's bundle).
    LoadLessons,
    /// Run a lesson step's checks on the editors' code.
    CheckLesson {
        /// The lesson id.
        lesson: String,
        /// 1-based step.
        step: usize,
        /// The models editor's text.
        models: String,
        /// The script editor's text.
        script: String,
        /// The Migrations tab's revision files (empty: the step's starting revisions).
        revisions: Vec<String>,
    },
    /// A Migrations-tab action on the console's database (rebuilt from `history` first).
    Migrate {
        /// Console scripts run so far (migrations included), oldest first.
        history: Vec<String>,
        /// The models editor's text.
        models: String,
        /// The revision files, oldest first.
        revisions: Vec<String>,
        /// What to do.
        action: MigrationAction,
    },
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
    /// The answer to [`ToWorker::ReadModels`].
    ModelsRead(SchemaReport),
    /// The answer to [`ToWorker::RunScript`], with the run's wall time in milliseconds.
    ScriptDone(RunReport, f64),
    /// The answer to [`ToWorker::CompareStrategies`]: the relationships varied and the figures.
    StrategiesCompared(Vec<String>, Vec<StrategyFigure>),
    /// The answer to [`ToWorker::MakeLink`]: the fragment, or why there is none.
    LinkMade(Result<String, String>),
    /// The answer to [`ToWorker::Migrate`].
    Migrated(MigrationReport),
    /// The answer to [`ToWorker::OpenLink`]: the workspace and its run flag, or why not.
    LinkOpened(Result<(Workspace, bool), String>),
    /// The answer to [`ToWorker::ImportDatabase`].
    DatabaseImported(Result<ImportedDatabase, String>),
    /// The answer to [`ToWorker::Export`]: the file, or why there is none.
    Exported(Result<ExportedFile, String>),
    /// The answer to [`ToWorker::LoadLessons`].
    LessonsLoaded(Result<Vec<LessonView>, String>),
    /// The answer to [`ToWorker::CheckLesson`]: one result per check, or why the step is unknown.
    LessonChecked(Result<Vec<CheckResult>, String>),
    /// The worker could not do what was asked (sql.js failed to load, a message it could not
    /// decode); the page shows the message.
    Failed {
        /// What went wrong, in plain words.
        message: String,
    },
}

/// A problem found in the user's code, located for the editor's inline markers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The message, e.g. `not supported in ormlab yet: lambda in a class body`.
    pub message: String,
    /// 1-based line where the problem starts.
    pub line: u32,
    /// 1-based column (characters) where the problem starts.
    pub column: u32,
    /// 1-based line where it ends.
    pub end_line: u32,
    /// 1-based column where it ends (exclusive).
    pub end_column: u32,
}

/// An exception real SQLAlchemy would raise for the models, in its own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// The exception class name, e.g. `ArgumentError`, `NoForeignKeysError`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The first line of the exception's message.
    pub message: String,
    /// The models line it points at, when there is one.
    pub line: Option<u32>,
}

/// Everything the models produce: the DDL create_all sends, the tables and relationships the
/// ER diagram draws, and what went wrong.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SchemaReport {
    /// Every statement `db.create_all()` sends, in order (existence checks included).
    pub ddl: Vec<String>,
    /// Tables in metadata order.
    pub tables: Vec<TableInfo>,
    /// Relationships declared on the models.
    pub relationships: Vec<RelationshipInfo>,
    /// Parse errors and constructs outside the supported subset.
    pub diagnostics: Vec<Diagnostic>,
    /// The exception real SQLAlchemy would raise, if any.
    pub error: Option<ErrorInfo>,
}

/// A table as the diagram shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TableInfo {
    /// The table name.
    pub name: String,
    /// The model class mapped to it; `None` for a plain `db.Table` (e.g. an association table).
    pub model: Option<String>,
    /// Columns in table order.
    pub columns: Vec<ColumnInfo>,
}

/// A column as the diagram shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ColumnInfo {
    /// The column name.
    pub name: String,
    /// The SQL type as the DDL renders it, e.g. `VARCHAR(80)`.
    pub sql_type: String,
    /// Part of the primary key.
    pub primary_key: bool,
    /// NULL allowed.
    pub nullable: bool,
    /// Has a single-column UNIQUE constraint or unique index.
    pub unique: bool,
    /// The referenced `table.column`, for a foreign key.
    pub foreign_key: Option<String>,
}

/// How many rows on each side of a relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cardinality {
    /// A parent's collection of children.
    OneToMany,
    /// A child's reference to its parent.
    ManyToOne,
    /// `uselist=False` on either side.
    OneToOne,
    /// Through a `secondary` association table.
    ManyToMany,
}

/// A relationship as the diagram labels it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipInfo {
    /// The model that declares it.
    pub model: String,
    /// The attribute name, e.g. `posts`.
    pub name: String,
    /// The target model.
    pub target: String,
    /// Its cardinality.
    pub cardinality: Cardinality,
    /// The association table, for many-to-many.
    pub secondary: Option<String>,
}

/// Everything a user made: what a share link, a workspace file and autosave carry.
///
/// Which revisions are applied is not a field of its own: the console history holds the
/// statements each upgrade and downgrade sent (`alembic_version` included), so replaying it
/// rebuilds the applied state exactly. The Python clock is frozen at 2026-01-01 in every
/// format version, so it needs no field either.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Workspace {
    /// The models editor's text.
    pub models: String,
    /// The script editor's text.
    pub script: String,
    /// SQL console scripts run so far, oldest first (replayed to rebuild the database).
    #[serde(default)]
    pub console: Vec<String>,
    /// The Migrations tab's revision files, oldest first.
    #[serde(default)]
    pub revisions: Vec<String>,
    /// Settings that change what the page shows.
    #[serde(default)]
    pub settings: Settings,
    /// Where in a lesson the workspace is, when it belongs to one.
    #[serde(default)]
    pub lesson: Option<LessonPosition>,
}

/// The files the top bar's Export menu makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    /// The console's database as a SQLite file (the console history replayed, then exported).
    Database,
    /// The workspace file ([`crate::share::to_file`]).
    WorkspaceFile,
    /// The models as a runnable `models.py`.
    ModelsPy,
    /// The revision files as `migrations/versions/*.py` in a zip.
    Migrations,
}

/// An imported database as the script that rebuilds it ([`crate::console::dump::dump`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedDatabase {
    /// Statements that rebuild the database: tables, rows, then indexes, triggers, views.
    pub script: String,
    /// The schema's `CREATE` statements, in the order they run.
    pub schema: Vec<String>,
}

/// A file for the page to offer as a download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFile {
    /// The suggested file name.
    pub name: String,
    /// Its media type.
    pub mime: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Page settings a workspace carries, so a link shows what its author saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The N+1 lens's threshold: this many lazy loads of one relationship from one line count
    /// as an N+1.
    pub lens_threshold: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self { lens_threshold: crate::lens::DEFAULT_THRESHOLD as u32 }
    }
}

/// A position in a lesson: which lesson, which step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonPosition {
    /// The lesson's id in its pack.
    pub id: String,
    /// The 0-based step.
    pub step: u32,
}

/// One statement a script run sent to SQLite.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RunStatement {
    /// SQL text exactly as SQLAlchemy sends it.
    pub sql: String,
    /// Parameters of one execution (the only row, or the row of a downgraded executemany).
    pub params: Vec<crate::engine::Value>,
    /// Every parameter row of a true executemany.
    pub many: Option<Vec<Vec<crate::engine::Value>>>,
    /// The `executemany` flag SQLAlchemy's `before_cursor_execute` event received.
    pub executemany: bool,
    /// 1-based script line that caused it.
    pub line: u32,
    /// Why it was sent: `query`, `flush`, `autoflush`, `refresh after commit`,
    /// `lazy load of User.posts for <User 3>`, `selectin load of User.posts for 10 parents`...
    pub cause: String,
    /// Rows the statement returned.
    pub rows: usize,
    /// Milliseconds SQLite took.
    #[serde(default)]
    pub ms: f64,
}

/// An exception that escaped the script (or stopped models/create_all).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RunError {
    /// Exception class name.
    #[serde(rename = "type")]
    pub kind: String,
    /// First line of its message.
    pub message: String,
    /// 1-based script line, when known.
    pub line: Option<u32>,
}

/// Everything running a script produces.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RunReport {
    /// The statements `db.create_all()` sent.
    pub ddl: Vec<String>,
    /// What the script printed.
    pub stdout: String,
    /// Every statement the script caused, in order.
    pub statements: Vec<RunStatement>,
    /// `statements.len()`.
    pub query_count: usize,
    /// The exception that escaped, if any.
    pub error: Option<RunError>,
    /// Eager loads the queries set up (for the lens's "unused eager load").
    #[serde(default)]
    pub loads: Vec<LoadRecord>,
}

/// One eager load a query set up.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LoadRecord {
    /// The script line of the query.
    pub line: u32,
    /// `User.posts`.
    pub relationship: String,
    /// `joined`, `selectin`, `subquery`, `contains_eager`.
    pub strategy: String,
    /// Whether the script read the relationship on any object afterwards.
    pub accessed: bool,
}

/// Something the N+1 lens found in a run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Finding {
    /// `n_plus_one` (more kinds come with the lens issue).
    pub kind: String,
    /// The relationship loaded once per parent, e.g. `User.posts`.
    pub relationship: String,
    /// The script line whose lazy loads repeat.
    pub line: u32,
    /// The script line of the query that loaded the parents, when known.
    pub parent_line: Option<u32>,
    /// How many lazy loads that line sent.
    pub count: usize,
    /// The suggested change, in words.
    pub fix: String,
    /// The same change as an edit of the script, when ormlab can make it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit: Option<FixEdit>,
}

/// A one-line edit of the script that applies a lens fix.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FixEdit {
    /// 1-based script line.
    pub line: u32,
    /// The line as it is.
    pub before: String,
    /// The line after the fix.
    pub after: String,
}

/// One loading strategy's figures in the lens comparison.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StrategyFigure {
    /// `lazy`, `joined`, `selectin`, `subquery`, `raise`.
    pub strategy: String,
    /// Statements the script sent under it.
    pub query_count: usize,
    /// Of those, the SELECTs (what the chart draws: the reads the strategy changes).
    #[serde(default)]
    pub select_count: usize,
    /// Rows the SELECTs fetched.
    pub rows: usize,
    /// Milliseconds SQLite spent on the SELECTs.
    pub time_ms: f64,
    /// The exception that stopped the run (`lazy='raise'` stops an N+1 by raising).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The fewest statements among the strategies that ran through (ties: least time).
    #[serde(default)]
    pub best: bool,
    /// The least SQLite time among the strategies that ran through.
    #[serde(default)]
    pub fastest: bool,
    /// The statements, for the timeline: (script line, cause, milliseconds).
    #[serde(default)]
    pub timeline: Vec<TimelineItem>,
}

/// One statement on the lens timeline.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TimelineItem {
    /// 1-based script line.
    pub line: u32,
    /// Why it was sent.
    pub cause: String,
    /// Milliseconds.
    pub ms: f64,
    /// Rows returned.
    pub rows: usize,
}

/// One table's rows after a migration (`rows_after` of the migration contract).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRows {
    /// Table name.
    pub table: String,
    /// Column names in table order.
    pub columns: Vec<String>,
    /// Rows in rowid order.
    pub rows: Vec<Vec<crate::engine::Value>>,
}

/// An exception a migration raised, as Python names and prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MigrateError {
    /// Exception class, e.g. `IntegrityError`, `ValueError`.
    pub kind: String,
    /// First line of the message.
    pub message: String,
}

/// A warning about a generated migration step (ormlab's own; Alembic gives none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MigrateWarning {
    /// `drop_table`, `drop_column` or `possible_rename`.
    pub kind: String,
    /// The table concerned.
    pub table: String,
    /// The column concerned (for a rename: the dropped one).
    pub column: Option<String>,
    /// For a rename: the added column.
    pub new_column: Option<String>,
    /// Rows (drop_table) or non-NULL values (drop_column) the step destroys.
    pub destroys: u64,
    /// A plain-words explanation.
    pub message: String,
    /// The hand edit that keeps the data (for a rename, the `alter_column` line).
    pub suggestion: Option<String>,
}

/// Everything `ormlab migrate` reports: the fidelity contract plus the revision file and
/// the warnings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MigrateReport {
    /// The body of `upgrade()` as Alembic renders it.
    pub upgrade_ops: String,
    /// The body of `downgrade()`.
    pub downgrade_ops: String,
    /// Statements the upgrade sent (reflection excluded), runs of CREATE INDEX sorted.
    pub upgrade_sql: Vec<String>,
    /// Every table after the upgrade, by name.
    pub rows_after: Vec<TableRows>,
    /// The exception that stopped the upgrade (or reading the models), if any.
    pub error: Option<MigrateError>,
    /// Destructive steps and likely renames.
    pub warnings: Vec<MigrateWarning>,
    /// The whole revision file, as `flask db migrate` would write it.
    pub revision_file: String,
}

/// What the Migrations tab asks for (Alembic's commands, `flask db migrate` included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MigrationAction {
    /// Autogenerate a revision from the models against the database, with this message.
    Autogenerate(String),
    /// `upgrade TARGET`.
    Upgrade(String),
    /// `downgrade TARGET`.
    Downgrade(String),
    /// `upgrade --sql RANGE`: the script only.
    UpgradeSql(String),
    /// `downgrade --sql FROM:TO`: the script only.
    DowngradeSql(String),
    /// `stamp TARGET`.
    Stamp(String),
    /// `history`.
    History,
    /// Only read the timeline (after the revisions were edited).
    Refresh,
}

/// One revision of the timeline, newest last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionEntry {
    /// Revision id.
    pub id: String,
    /// Its parent.
    pub down_revision: Option<String>,
    /// Its message.
    pub message: String,
    /// The database is at this revision.
    pub current: bool,
    /// The newest revision.
    pub head: bool,
}

/// A revision file that does not read, located.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionProblem {
    /// Index of the file in the request's list (`None`: the chain as a whole).
    pub file: Option<usize>,
    /// 1-based line (0 when not in a file).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

/// What one Migrations-tab action did to the workspace's database.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MigrationReport {
    /// A new revision file (autogenerate).
    pub revision_file: Option<String>,
    /// Autogenerate found nothing to do.
    pub no_changes: bool,
    /// Destructive steps and likely renames of the revision made or about to run.
    pub warnings: Vec<MigrateWarning>,
    /// Statements sent, in order.
    pub sql: Vec<String>,
    /// The statements that changed the database, as one script for the console history
    /// (so a fresh worker rebuilds the same database); `None` when nothing was kept.
    pub applied_script: Option<String>,
    /// What the command printed (`history`, a `--sql` script).
    pub output: String,
    /// The exception, as Alembic would raise it.
    pub error: Option<MigrateError>,
    /// The failure in plain words, and what ormlab did about it.
    pub explanation: Option<String>,
    /// On failure: the tables real Alembic would have left (the database is restored).
    pub left_behind: Option<Vec<TableRows>>,
    /// A revision file that does not read.
    pub problem: Option<RevisionProblem>,
    /// The revisions, base first, the current one marked.
    pub timeline: Vec<RevisionEntry>,
    /// Every table of the database afterwards.
    pub tables: Vec<TableRows>,
}

/// The outcome of one lesson check (see `lessons::Check`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CheckResult {
    /// The check as written in the pack: `queries on line 7 <= 2`.
    pub check: String,
    /// Whether it held.
    pub pass: bool,
    /// What was found, in words: `line 7 sent 11 statements`.
    pub message: String,
}

/// A lesson as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonView {
    /// The id of `#lesson=<id>/<step>` links.
    pub id: String,
    /// Shown in the picker.
    pub title: String,
    /// The steps, in order.
    pub steps: Vec<LessonStepView>,
}

/// One step as the page shows it: instructions already parsed into elements' content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonStepView {
    /// The step's heading.
    pub title: String,
    /// The instructions as a tree of blocks (never HTML).
    pub instructions: Vec<crate::lessons::markdown::Block>,
    /// Starting models.
    pub models: String,
    /// Starting script.
    pub script: String,
    /// Starting revision files (a migration step's Migrations tab), base first.
    pub revisions: Vec<String>,
    /// The checks, as written, listed before the first Check.
    pub checks: Vec<String>,
}
