//! Running the script: the Run button and Ctrl/Cmd+Enter send the models and the script to the
//! worker, which runs them on a fresh database; the Output tab shows what the script printed
//! and the SQL tab every statement, grouped by the script line that caused it.

use crate::{worker, AppState};
use leptos::prelude::*;
use ormlab_core::api::{RunReport, RunStatement, ToWorker};

/// The last script run.
#[derive(Clone, Copy)]
pub(crate) struct RunState {
    /// True while the worker runs the script.
    pub(crate) running: RwSignal<bool>,
    /// The last report and its wall time in milliseconds.
    pub(crate) report: RwSignal<Option<(RunReport, f64)>>,
}

impl RunState {
    pub(crate) fn new() -> Self {
        Self { running: RwSignal::new(false), report: RwSignal::new(None) }
    }
}

/// Sends the models and the script to the worker.
pub(crate) fn run(state: AppState) {
    if state.run.running.get_untracked() || !state.engine.get_untracked().is_ready() {
        return;
    }
    state.run.running.set(true);
    worker::send(&ToWorker::RunScript { models: state.models.text.get_untracked(), script: state.script.get_untracked() });
}

/// Statements per script line of the last run, for the script editor's gutter badges.
pub(crate) fn line_counts(state: AppState) -> Vec<crate::editor::LineCount> {
    const SHOWN: usize = 8;
    let mut counts: Vec<crate::editor::LineCount> = Vec::new();
    if let Some((report, _)) = state.run.report.get() {
        for statement in &report.statements {
            let summary = format!("{}: {}", statement.cause, statement.sql.split_whitespace().collect::<Vec<_>>().join(" "));
            match counts.iter_mut().find(|c| c.line == statement.line) {
                Some(c) => {
                    c.count += 1;
                    if c.count <= SHOWN {
                        c.detail.push('\n');
                        c.detail.push_str(&summary);
                    }
                }
                None => counts.push(crate::editor::LineCount { line: statement.line, count: 1, detail: summary }),
            }
        }
        for c in &mut counts {
            if c.count > SHOWN {
                c.detail.push_str(&format!("\n… and {} more", c.count - SHOWN));
            }
        }
    }
    counts
}

/// Records a finished script run.
pub(crate) fn finished(state: AppState, report: RunReport, ms: f64) {
    state.run.running.set(false);
    state.run.report.set(Some((report, ms)));
    state.last_run.update(|run| {
        run.sequence += 1;
        run.kind = Some(crate::RunKind::Script);
    });
}

/// A script run the worker did not finish in time (it was replaced): the Output tab says so.
pub(crate) fn timed_out(state: AppState, seconds: i32) {
    let message = format!("the script ran longer than {seconds} s and was stopped (an endless loop?). The database is back to its state before this run.");
    let error = ormlab_core::api::RunError { kind: "Stopped".into(), message, line: None };
    finished(state, RunReport { error: Some(error), ..RunReport::default() }, f64::from(seconds) * 1000.0);
}

/// The Output tab: stdout, then the uncaught exception as Python's traceback ends.
#[component]
pub fn Output() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div data-testid="output" class="output">
            {move || match state.run.report.get() {
                None => view! { <p class="placeholder">"Run the script (Run or Ctrl/Cmd+Enter in the script) to see what it prints."</p> }.into_any(),
                Some((report, _)) => view! {
                    <pre class="stdout">{report.stdout.clone()}</pre>
                    {report.error.map(|e| {
                        let at = e.line.map(|l| format!(" (line {l})")).unwrap_or_default();
                        view! { <p class="error" data-testid="error" role="alert">{format!("{}: {}{at}", e.kind, e.message)}</p> }
                    })}
                }.into_any(),
            }}
        </div>
    }
}

/// The parameters as Python shows them in SQLAlchemy's log (`[1, 'ada']`), if any.
fn params_text(statement: &RunStatement) -> Option<String> {
    use ormlab_core::engine::Value;
    // As Python prints the parameter list: strings quoted, NULL as None.
    let one = |v: &Value| match v {
        Value::Null => "None".to_string(),
        Value::Text(t) => format!("'{}'", t.replace('\\', "\\\\").replace('\'', "\\'")),
        other => other.to_string(),
    };
    let row = |values: &[Value]| format!("[{}]", values.iter().map(one).collect::<Vec<_>>().join(", "));
    match &statement.many {
        Some(rows) => Some(format!("[{}]", rows.iter().map(|r| row(r)).collect::<Vec<_>>().join(", "))),
        None if statement.params.is_empty() => None,
        None => Some(row(&statement.params)),
    }
}

/// The strategy and relationship of a loading statement's cause (`lazy load of User.posts
/// for <User 3>` → `lazy`, `User.posts`).
fn load_mark(cause: &str) -> Option<(String, String)> {
    let (strategy, rest) = cause.split_once(" load of ")?;
    Some((strategy.to_string(), rest.split(' ').next().unwrap_or(rest).to_string()))
}

/// The script's statements grouped by the line that caused them, with counts.
#[component]
pub fn ScriptSqlLog(report: RunReport, ms: f64) -> impl IntoView {
    let state = expect_context::<AppState>();
    let mut groups: Vec<(u32, Vec<RunStatement>)> = Vec::new();
    for statement in report.statements {
        match groups.iter_mut().find(|(line, _)| *line == statement.line) {
            Some((_, group)) => group.push(statement),
            None => groups.push((statement.line, vec![statement])),
        }
    }
    let count = report.query_count;
    view! {
        <p>
            <strong data-testid="query-count">{count}</strong>
            {format!(" statement{} · {ms:.1} ms", if count == 1 { "" } else { "s" })}
        </p>
        {groups.into_iter().map(|(line, statements)| view! {
            <section class="line-group">
                <h3>{format!("line {line} · ×{}", statements.len())}</h3>
                <ol class="statements">
                    {statements.into_iter().map(|s| {
                        let load = load_mark(&s.cause);
                        let at = s.line;
                        let params = params_text(&s);
                        let strategy = load.as_ref().map(|(strategy, _)| strategy.clone());
                        view! {
                            <li data-testid="sql-statement" data-cause=s.cause.clone() data-strategy=strategy data-line=s.line.to_string()
                                title="Click to select the script line that sent it"
                                on:click=move |_| state.script_focus.set(Some(at))>
                                {load.map(|(strategy, relationship)| view! { <span class=format!("load-badge {strategy}")>{format!("{strategy} · {relationship}")}</span> })}
                                <code class="sql">{s.sql}</code>
                                {params.map(|p| view! { <code class="params">{p}</code> })}
                                <span class="muted">{format!(" {} · {} row{} · {:.2} ms", s.cause, s.rows, if s.rows == 1 { "" } else { "s" }, s.ms)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        }).collect_view()}
    }
}
