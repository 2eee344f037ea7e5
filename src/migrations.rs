//! The Migrations tab: the revision timeline (current marked), Autogenerate with its message,
//! Upgrade / Downgrade, the selected revision as an editable file, warnings, and on failure
//! the plain-words reason and what real Alembic would have left behind. The worker runs the
//! commands on the console's database (`migrate::workspace`); this file only renders.

use crate::{worker, AppState};
use leptos::prelude::*;
use ormlab_core::api::{MigrationAction, MigrationReport, TableRows, ToWorker};

/// The revision files (kept by the page, sent with every request) and the last report.
#[derive(Clone, Copy)]
pub(crate) struct MigrationsState {
    /// Revision files, oldest first.
    pub(crate) revisions: RwSignal<Vec<String>>,
    /// The revision open in the editor.
    selected: RwSignal<Option<usize>>,
    /// The Autogenerate message box.
    message: RwSignal<String>,
    /// True while the worker runs an action.
    pub(crate) running: RwSignal<bool>,
    /// The last report.
    pub(crate) report: RwSignal<Option<MigrationReport>>,
    /// How many requests came back (the `data-reports` hook tests wait on).
    reports: RwSignal<u32>,
}

impl MigrationsState {
    /// No revisions yet (autosave or a link brings them, see `crate::workspace`).
    pub(crate) fn new() -> Self {
        Self {
            revisions: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            message: RwSignal::new(String::new()),
            running: RwSignal::new(false),
            report: RwSignal::new(None),
            reports: RwSignal::new(0),
        }
    }
}

/// Puts a workspace's revision files in place; [`refresh`] then asks for the timeline.
pub(crate) fn restore(state: AppState, revisions: Vec<String>) {
    let m = state.migrations;
    m.selected.set(None);
    m.report.set(None);
    m.revisions.set(revisions);
}

/// Asks for the timeline of the revisions, so the current one shows as before a restore.
/// The request carries the console history as it stands; a console run sent before it
/// reaches the worker first, and the worker answers in order.
pub(crate) fn refresh(state: AppState) {
    if !state.migrations.revisions.with_untracked(Vec::is_empty) {
        send(state, MigrationAction::History);
    }
}

fn send(state: AppState, action: MigrationAction) {
    let migrations = state.migrations;
    if migrations.running.get_untracked() || !state.engine.get_untracked().is_ready() {
        return;
    }
    migrations.running.set(true);
    // A console script still running reaches the worker first, so it is part of the history.
    let mut history = state.console.history();
    history.extend(state.console.running.get_untracked());
    worker::send(&ToWorker::Migrate {
        history,
        models: state.models.text.get_untracked(),
        revisions: migrations.revisions.get_untracked(),
        action,
    });
}

/// A report arrived: keep a new revision (and open it), extend the console history.
pub(crate) fn finished(state: AppState, report: MigrationReport) {
    let migrations = state.migrations;
    migrations.running.set(false);
    if let Some(file) = &report.revision_file {
        migrations.revisions.update(|r| r.push(file.clone()));
        migrations.selected.set(Some(migrations.revisions.get_untracked().len() - 1));
        migrations.message.set(String::new());
    }
    if let Some(script) = &report.applied_script {
        state.console.push_history(script.clone());
    }
    migrations.report.set(Some(report));
    migrations.reports.update(|n| *n += 1);
}

/// The request did not come back (timeout, crash).
pub(crate) fn failed(state: AppState) {
    state.migrations.running.set(false);
    state.migrations.reports.update(|n| *n += 1);
}

/// The Migrations tab.
#[component]
pub(crate) fn MigrationsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let m = state.migrations;
    let busy = move || !state.engine.get().is_ready() || m.running.get();
    let autogenerate = move || {
        let text = m.message.get_untracked();
        send(state, MigrationAction::Autogenerate(if text.trim().is_empty() { "empty message".into() } else { text }));
    };
    view! {
        <div class="migrations" data-reports=move || m.reports.get().to_string()>
            <form class="autogenerate" on:submit=move |e| { e.prevent_default(); autogenerate(); }>
                <label>
                    <span>"Message"</span>
                    <input type="text" data-testid="autogenerate-message" placeholder="add email to users"
                        prop:value=move || m.message.get() on:input=move |e| m.message.set(event_target_value(&e))/>
                </label>
                <button type="submit" class="primary" data-testid="autogenerate" disabled=busy
                    title="Compare the models with the database and write the revision Alembic would (flask db migrate)">
                    "Autogenerate"
                </button>
            </form>
            <div class="migration-actions">
                <button data-testid="upgrade" disabled=busy on:click=move |_| send(state, MigrationAction::Upgrade("+1".into()))
                    title="Run the next revision's upgrade() (flask db upgrade +1)">"Upgrade"</button>
                <button data-testid="downgrade" disabled=busy on:click=move |_| send(state, MigrationAction::Downgrade("-1".into()))
                    title="Run the current revision's downgrade() (flask db downgrade)">"Downgrade"</button>
                <button data-testid="upgrade-head" disabled=busy on:click=move |_| send(state, MigrationAction::Upgrade("head".into()))>"Upgrade to head"</button>
                <button data-testid="migration-history" disabled=busy on:click=move |_| send(state, MigrationAction::History)
                    title="flask db history: the revisions as Alembic lists them">"History"</button>
                <button data-testid="upgrade-sql" disabled=busy on:click=move |_| send(state, MigrationAction::UpgradeSql("head".into()))
                    title="The SQL flask db upgrade --sql prints, from an empty database to head">"Show SQL"</button>
            </div>
            <Timeline/>
            <Outcome/>
            <RevisionEditor/>
        </div>
    }
}

/// The revisions, newest first, the current one marked in words, not only colour.
#[component]
fn Timeline() -> impl IntoView {
    let m = expect_context::<AppState>().migrations;
    move || {
        let timeline = m.report.get().map(|r| r.timeline).unwrap_or_default();
        if timeline.is_empty() && m.revisions.get().is_empty() {
            return view! { <p class="placeholder">"No revisions yet. Change the models, then Autogenerate."</p> }.into_any();
        }
        let at_base = !timeline.iter().any(|e| e.current);
        let current_index = timeline.iter().position(|e| e.current);
        view! {
            <ol class="timeline" aria-label="Revisions, newest first">
                {timeline.into_iter().enumerate().rev().map(|(index, entry)| {
                    let open = move |_| m.selected.set(Some(index));
                    // Upgrade or downgrade to this revision, as `flask db upgrade <id>` would.
                    let go = (!entry.current).then(|| {
                        let id = entry.id.clone();
                        let ahead = current_index.is_none_or(|c| index > c);
                        let label = if ahead { "Upgrade to here" } else { "Downgrade to here" };
                        view! {
                            <button class="link" data-testid="migrate-to" on:click=move |_| {
                                let state = expect_context::<AppState>();
                                send(state, if ahead { MigrationAction::Upgrade(id.clone()) } else { MigrationAction::Downgrade(id.clone()) });
                            }>{label}</button>
                        }
                    });
                    let marks = format!("{}{}", if entry.head { " (head)" } else { "" }, if entry.current { " (current)" } else { "" });
                    view! {
                        <li data-testid="migration-revision" data-current=entry.current.to_string() class:current=entry.current>
                            <button class="link" on:click=open title="Open this revision file">
                                <code>{entry.id}</code>
                            </button>
                            <span>{format!(" {}", entry.message)}</span>
                            <strong class="marks">{marks}</strong>
                            " "
                            {go}
                        </li>
                    }
                }).collect_view()}
                <li data-testid="migration-base" data-current=at_base.to_string() class:current=at_base>
                    <code>"<base>"</code>{if at_base { " (current)" } else { "" }}
                    {(!at_base).then(|| view! {
                        <button class="link" data-testid="migrate-to-base" on:click=move |_| {
                            send(expect_context::<AppState>(), MigrationAction::Downgrade("base".into()));
                        }>" Downgrade to base"</button>
                    })}
                </li>
            </ol>
        }
        .into_any()
    }
}

/// Warnings, the error with its explanation, what Alembic would leave, and printed output.
#[component]
fn Outcome() -> impl IntoView {
    let m = expect_context::<AppState>().migrations;
    move || {
        let report = m.report.get()?;
        let problem = report.problem.map(|p| {
            let place = match p.file {
                Some(i) => format!("Revision file {} (", i + 1),
                None => "Revisions (".into(),
            };
            let text = if p.line > 0 { format!("{place}line {}, column {}): {}", p.line, p.column, p.message) } else { format!("{place}chain): {}", p.message) };
            view! { <p class="error" data-testid="error" role="alert">{text}</p> }
        });
        let error = report.error.map(|e| {
            view! {
                <div class="error" data-testid="error" role="alert">
                    <p>{report.explanation.clone().unwrap_or_default()}</p>
                    <p><code>{format!("{}: {}", e.kind, e.message)}</code></p>
                    {report.left_behind.clone().map(|tables| view! {
                        <details data-testid="left-behind">
                            <summary>"What real Alembic would have left behind"</summary>
                            <Tables tables/>
                        </details>
                    })}
                </div>
            }
        });
        Some(view! {
            {(report.no_changes).then(|| view! { <p class="muted">"No changes in schema detected."</p> })}
            {(!report.warnings.is_empty()).then(|| view! {
                <ul class="warnings" aria-label="Warnings">
                    {report.warnings.into_iter().map(|w| {
                        let apply = (w.kind == "possible_rename" && report.revision_file.is_some()).then(|| {
                            let warning = w.clone();
                            view! {
                                <button data-testid="apply-rename" on:click=move |_| apply_rename(m, &warning)
                                    title="Replace the add_column/drop_column pair in the new revision with this rename">
                                    "Apply this edit"
                                </button>
                            }
                        });
                        view! {
                            <li class="warning" data-testid="migration-warning">
                                {w.message}
                                {w.suggestion.map(|s| view! { <pre><code>{s}</code></pre> })}
                                {apply}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {problem}
            {error}
            {(!report.output.is_empty()).then(|| view! { <pre class="sql" data-testid="migration-output">{report.output}</pre> })}
        })
    }
}

/// Rewrites the newest revision with a rename warning's edit and opens it.
fn apply_rename(m: MigrationsState, warning: &ormlab_core::api::MigrateWarning) {
    let Some(last) = m.revisions.with_untracked(|r| r.len().checked_sub(1)) else { return };
    let Some(edited) = m.revisions.with_untracked(|r| ormlab_core::migrate::warnings::apply_rename(&r[last], warning)) else { return };
    m.revisions.update(|r| r[last] = edited);
    m.report.update(|r| if let Some(r) = r { r.warnings.retain(|w| w != warning) });
    // The editor reads the file when the selection changes.
    m.selected.set(None);
    m.selected.set(Some(last));
}

/// The selected revision file, editable; the edit is what Upgrade runs.
#[component]
fn RevisionEditor() -> impl IntoView {
    let m = expect_context::<AppState>().migrations;
    move || {
        let index = m.selected.get()?;
        let text = m.revisions.with_untracked(|r| r.get(index).cloned())?;
        Some(view! {
            <label class="revision-file">
                <span>{format!("Revision file {} (edit it before upgrading)", index + 1)}</span>
                <textarea data-testid="revision-editor" spellcheck="false" rows="18"
                    prop:value=text
                    on:input=move |e| {
                        let value = event_target_value(&e);
                        m.revisions.update(|r| if let Some(slot) = r.get_mut(index) { *slot = value; });
                    }></textarea>
            </label>
        })
    }
}

/// The database after the last migration step, in the Database tab.
#[component]
pub(crate) fn DatabaseTables() -> impl IntoView {
    let m = expect_context::<AppState>().migrations;
    move || {
        let report = m.report.get()?;
        Some(view! {
            <details class="db-tables" open>
                <summary>"Tables after the last migration step"</summary>
                <Tables tables=report.tables/>
            </details>
        })
    }
}

#[component]
fn Tables(tables: Vec<TableRows>) -> impl IntoView {
    tables
        .into_iter()
        .map(|t| {
            let count = t.rows.len();
            view! {
                <div class="grid-scroll" data-testid="db-table" data-table=t.table.clone()>
                    <table class="grid">
                        <caption>{format!("{} ({count} row{})", t.table, if count == 1 { "" } else { "s" })}</caption>
                        <thead><tr>{t.columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {t.rows.into_iter().map(|row| view! {
                                <tr>{row.into_iter().map(|v| view! { <td>{v.to_string()}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
        .collect_view()
}
