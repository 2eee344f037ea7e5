//! The Database tab's SQL console and the SQL tab's statement log of the last run.

use crate::editor::{CodeEditor, Language};
use crate::{worker, AppState};
use leptos::prelude::*;
use ormlab_core::api::{ConsoleReport, ConsoleStatement, ToWorker};
use ormlab_core::engine::{ExecResult, Value};

/// The console's text, what has run before (replayed into a fresh worker) and the last report.
#[derive(Clone, Copy)]
pub(crate) struct ConsoleState {
    /// The console editor's text.
    pub(crate) text: RwSignal<String>,
    /// Console scripts run so far, oldest first.
    history: RwSignal<Vec<String>>,
    /// The script being run, until its report arrives.
    pub(crate) running: RwSignal<Option<String>>,
    /// The last report.
    pub(crate) report: RwSignal<Option<ConsoleReport>>,
    /// A failure outside SQLite (timeout, worker crash).
    failure: RwSignal<Option<String>>,
}

impl ConsoleState {
    /// An empty console with a first query to try.
    pub(crate) fn new() -> Self {
        Self {
            text: RwSignal::new("-- The SQL console runs against the playground's SQLite database.\n-- Ctrl/Cmd+Enter runs it.\nSELECT sqlite_version();\n".into()),
            history: RwSignal::new(Vec::new()),
            running: RwSignal::new(None),
            report: RwSignal::new(None),
            failure: RwSignal::new(None),
        }
    }

    /// Console scripts run so far, oldest first.
    pub(crate) fn history(self) -> Vec<String> {
        self.history.get_untracked()
    }

    /// Console scripts run so far, tracked (for effects that save the workspace).
    pub(crate) fn history_tracked(self) -> Vec<String> {
        self.history.get()
    }

    /// Replaces the console with a shared workspace's: its history and the script to show.
    pub(crate) fn restore(self, history: Vec<String>, text: Option<String>) {
        self.history.set(history);
        self.report.set(None);
        self.failure.set(None);
        if let Some(text) = text {
            self.text.set(text);
        }
    }

    /// Sends the console text to the worker with the history it must replay first.
    pub(crate) fn run(self) {
        if self.running.get_untracked().is_some() {
            return;
        }
        let sql = self.text.get_untracked();
        self.failure.set(None);
        self.running.set(Some(sql.clone()));
        worker::send(&ToWorker::RunSql { history: self.history.get_untracked(), sql });
    }

    /// Records a finished run: its script joins the history so a new worker can replay it.
    pub(crate) fn finish(self, report: ConsoleReport) {
        if let Some(sql) = self.running.get_untracked() {
            self.history.update(|h| h.push(sql));
        }
        self.running.set(None);
        self.report.set(Some(report));
    }

    /// Adds a script that already ran on the database (a migration's statements), so a new
    /// worker replays it too.
    pub(crate) fn push_history(self, script: String) {
        self.history.update(|h| h.push(script));
    }

    /// Records a run that ended without a report; its script is not kept in the history.
    pub(crate) fn fail(self, message: String) {
        self.running.set(None);
        self.failure.set(Some(message));
    }
}

/// The Database tab: the SQL console and the result of each statement.
#[component]
pub(crate) fn DatabaseTab() -> impl IntoView {
    let state = expect_context::<AppState>();
    let console = state.console;
    let run = Callback::new(move |()| {
        if state.engine.get_untracked().is_ready() {
            console.run();
        }
    });
    let disabled = move || !state.engine.get().is_ready() || console.running.get().is_some();
    view! {
        <div class="console">
            <crate::models::SchemaDdl/>
            <crate::migrations::DatabaseTables/>
            <crate::export::ImportedSchema/>
            <CodeEditor text=console.text language=Language::Sql label="SQL console" testid="sql-console" on_run=run/>
            <div class="console-actions">
                <button class="primary" data-testid="sql-console-run" on:click=move |_| run.run(()) disabled=disabled>
                    "Run SQL"
                </button>
                <span class="hint">"Ctrl/Cmd+Enter"</span>
            </div>
            {move || console.failure.get().map(|message| view! { <p class="error" data-testid="error" role="alert">{message}</p> })}
            <div class="console-results" aria-live="polite">
                {move || console.report.get().map(|report| view! { <ConsoleResults report/> })}
            </div>
        </div>
    }
}

#[component]
fn ConsoleResults(report: ConsoleReport) -> impl IntoView {
    let not_run = report.not_run;
    view! {
        {report.statements.into_iter().map(|statement| view! { <StatementResult statement/> }).collect_view()}
        {(not_run > 0).then(|| view! {
            <p class="muted">{format!("{not_run} statement{} after the error not run.", if not_run == 1 { "" } else { "s" })}</p>
        })}
    }
}

#[component]
fn StatementResult(statement: ConsoleStatement) -> impl IntoView {
    let ConsoleStatement { sql, position, outcome, time_ms } = statement;
    let header = format!("line {} · {:.1} ms", position.line, time_ms);
    view! {
        <article class="statement-result" data-testid="console-result">
            <header>
                <code class="sql">{sql}</code>
                <span class="muted">{header}</span>
            </header>
            {match outcome {
                Ok(result) => view! { <ResultGrid result/> }.into_any(),
                Err(message) => view! { <p class="error" data-testid="error" role="alert">{message}</p> }.into_any(),
            }}
        </article>
    }
}

/// A result grid; every cell is text, typed by a class (NULL, numbers right-aligned).
#[component]
fn ResultGrid(result: ExecResult) -> impl IntoView {
    let ExecResult { columns, rows, rows_changed, .. } = result;
    let summary = match (columns.is_empty(), rows_changed) {
        (true, 0) => "Done.".to_string(),
        (true, n) => format!("{n} row{} changed.", if n == 1 { "" } else { "s" }),
        (false, _) => format!("{} row{}.", rows.len(), if rows.len() == 1 { "" } else { "s" }),
    };
    view! {
        {(!columns.is_empty()).then(|| view! {
            <div class="grid-scroll">
                <table class="grid">
                    <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| view! {
                            <tr>{row.into_iter().map(|value| view! { <td class=cell_class(&value)>{value.to_string()}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        <p class="muted">{summary}</p>
    }
}

fn cell_class(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Integer(_) | Value::Real(_) => "number",
        Value::Text(_) | Value::Blob(_) => "text",
    }
}

/// The SQL tab: every statement of the last run with its count and time.
#[component]
pub(crate) fn SqlLog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let console = state.console;
    view! {
        <div data-testid="sql-log" class="sql-log">
            {move || match (state.last_run.get().kind, state.run.report.get(), console.report.get()) {
                (Some(crate::RunKind::Script), Some((report, ms)), _) => view! { <crate::run::ScriptSqlLog report ms/> }.into_any(),
                (_, _, None) => view! { <p class="placeholder">"Statements of the last run appear here."</p> }.into_any(),
                (_, _, Some(report)) => {
                    let count = report.statements.len();
                    view! {
                        <p>
                            <strong data-testid="query-count">{count}</strong>
                            {format!(" statement{} · {:.1} ms", if count == 1 { "" } else { "s" }, report.total_ms)}
                        </p>
                        <ol class="statements">
                            {report.statements.into_iter().map(|s| view! {
                                <li data-testid="sql-statement">
                                    <code class="sql">{s.sql}</code>
                                    <span class="muted">{format!(" line {} · {:.2} ms", s.position.line, s.time_ms)}</span>
                                </li>
                            }).collect_view()}
                        </ol>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
