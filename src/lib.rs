//! The ormlab page: a thin Leptos UI over the worker that runs `ormlab_core`. Components only
//! render reports and send requests; every decision about SQL lives in the core.

// Leptos's #[component] expands to `pub` props structs that this lint cannot see through.
#![allow(unreachable_pub)]

mod autosave;
mod console;
mod diagram;
mod editor;
mod embed;
mod export;
mod json;
mod lens;
mod lessons;
mod engine_status;
mod migrations;
mod models;
mod run;
mod share;
mod tabs;
mod worker;
mod workspace;
mod workspaces;

use console::{ConsoleState, DatabaseTab};
use editor::{CodeEditor, Language};
use engine_status::{EngineBar, EngineStatus};
use leptos::prelude::*;
use models::ModelsState;
use ormlab_core::api::{FromWorker, ToWorker};
use tabs::{Tab, Tabs};
use worker::WorkerEvent;

/// The page's shared state, handed to components through context.
#[derive(Clone, Copy)]
pub(crate) struct AppState {
    /// Whether the worker and sql.js are ready.
    pub(crate) engine: RwSignal<EngineStatus>,
    /// The SQL console's text, history and last report.
    pub(crate) console: ConsoleState,
    /// The models text and the schema read from it.
    pub(crate) models: ModelsState,
    /// The script editor's text.
    pub(crate) script: RwSignal<String>,
    /// A script line to select (a statement clicked in the SQL tab).
    pub(crate) script_focus: RwSignal<Option<u32>>,
    /// Share links made and opened.
    pub(crate) share: share::ShareState,
    /// The last script run.
    pub(crate) run: run::RunState,
    /// The N+1 lens's comparison, fix undo and threshold.
    pub(crate) lens: lens::LensState,
    /// Which run finished last, for the SQL tab and the `run-finished` hook.
    pub(crate) last_run: RwSignal<LastRun>,
    /// Conformance outcomes when the page was opened with `?selftest`.
    pub(crate) selftest: RwSignal<Option<String>>,
    /// The Migrations tab's revisions and last report.
    pub(crate) migrations: migrations::MigrationsState,
    /// The lesson position a workspace carries (set by links, files and autosave through
    /// `workspace::apply`; the lessons feature reads and writes it).
    pub(crate) lesson: RwSignal<Option<ormlab_core::api::LessonPosition>>,
    /// The named workspaces (`autosave::Library`).
    pub(crate) library: RwSignal<autosave::Library>,
    /// Why the last export or file import failed.
    pub(crate) export_problem: RwSignal<Option<String>>,
    /// The schema of the last imported .sqlite file.
    pub(crate) imported: RwSignal<Option<Vec<String>>>,
    /// The lesson picker, the open step and its Check results.
    pub(crate) lessons: lessons::LessonState,
}

/// The two kinds of run whose statements the SQL tab shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RunKind {
    /// The SQL console.
    Console,
    /// The script, on the models.
    Script,
}

/// The last finished run: its kind and a sequence number that grows with every run.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct LastRun {
    pub(crate) sequence: u32,
    pub(crate) kind: Option<RunKind>,
}

fn wants_selftest() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|search| search.split(['?', '&']).any(|p| p == "selftest"))
}

fn on_worker_event(state: AppState, event: WorkerEvent) {
    match event {
        WorkerEvent::Message(FromWorker::Loading { stage, percent }) => state.engine.set(EngineStatus::Loading { stage, percent }),
        WorkerEvent::Message(FromWorker::Ready { sqlite_version }) => {
            state.engine.set(EngineStatus::Ready { sqlite_version });
            share::open_pending_link(state);
            migrations::refresh(state);
            lessons::open_pending_link(state);
            if wants_selftest() && state.selftest.get_untracked().is_none() {
                worker::send(&ToWorker::SelfTest);
            }
        }
        WorkerEvent::Message(FromWorker::SqlDone(report)) => {
            state.console.finish(report);
            state.last_run.update(|run| {
                run.sequence += 1;
                run.kind = Some(RunKind::Console);
            });
        }
        WorkerEvent::Message(FromWorker::ScriptDone(report, ms)) => run::finished(state, report, ms),
        WorkerEvent::Message(FromWorker::StrategiesCompared(relationships, figures)) => lens::compared(state, relationships, figures),
        WorkerEvent::Message(FromWorker::Migrated(report)) => migrations::finished(state, report),
        WorkerEvent::Message(FromWorker::ModelsRead(report)) => state.models.schema.set(Some(report)),
        WorkerEvent::Message(FromWorker::LinkMade(result)) => share::link_made(state, result),
        WorkerEvent::Message(FromWorker::LinkOpened(result)) => share::link_opened(state, result),
        WorkerEvent::Message(FromWorker::Exported(result)) => export::exported(state, result),
        WorkerEvent::Message(FromWorker::DatabaseImported(result)) => export::database_imported(state, result),
        WorkerEvent::Message(FromWorker::LessonsLoaded(result)) => lessons::loaded(state, result),
        WorkerEvent::Message(FromWorker::LessonChecked(result)) => lessons::checked(state, result),
        WorkerEvent::Message(FromWorker::SelfTestDone(outcomes)) => {
            let lines: Vec<String> = outcomes
                .iter()
                .map(|o| match &o.error {
                    None => format!("ok {}", o.name),
                    Some(error) => format!("FAILED {}: {error}", o.name),
                })
                .collect();
            state.selftest.set(Some(lines.join("\n")));
        }
        WorkerEvent::Message(FromWorker::Failed { message }) => {
            migrations::failed(state);
            lessons::failed(state);
            if state.engine.get_untracked().is_ready() {
                state.run.running.set(false);
                state.lens.comparing.set(false);
                state.console.fail(message);
            } else {
                state.engine.set(EngineStatus::Failed(message));
            }
        }
        WorkerEvent::TimedOut => {
            let script_ran = state.run.running.get_untracked();
            state.run.running.set(false);
            state.lens.comparing.set(false);
            migrations::failed(state);
            lessons::failed(state);
            state.engine.set(EngineStatus::Loading { stage: "Restarting the engine".into(), percent: 10 });
            let seconds = worker::RUN_TIMEOUT_MS / 1000;
            if script_ran {
                run::timed_out(state, seconds);
            } else {
                state.console.fail(format!(
                    "Stopped after {seconds} s: the statement ran too long. The database is back to its state before this run."
                ));
            }
        }
        WorkerEvent::Crashed(message) => {
            state.engine.set(EngineStatus::Failed(message.clone()));
            state.console.fail(message);
        }
    }
}

/// The whole page: top bar, the two editors and the tabbed output panel (DESIGN.md "Screen").
#[component]
pub fn App() -> impl IntoView {
    let state = AppState {
        engine: RwSignal::new(EngineStatus::Loading { stage: "Starting the engine".into(), percent: 10 }),
        console: ConsoleState::new(),
        models: ModelsState::new(STARTER_MODELS),
        script: RwSignal::new(String::from(STARTER_SCRIPT)),
        script_focus: RwSignal::new(None),
        share: share::ShareState::new(),
        run: run::RunState::new(),
        lens: lens::LensState::new(),
        last_run: RwSignal::new(LastRun::default()),
        selftest: RwSignal::new(None),
        migrations: migrations::MigrationsState::new(),
        lesson: RwSignal::new(None),
        library: RwSignal::new(autosave::Library::default()),
        export_problem: RwSignal::new(None),
        imported: RwSignal::new(None),
        lessons: lessons::LessonState::new(),
    };
    provide_context(state);
    autosave::restore(state);
    autosave::watch(state);
    lessons::sync_with_workspace(state);
    worker::start(move |event| on_worker_event(state, event));
    models::watch(state);
    let models = state.models.text;
    let markers = Signal::derive(move || state.models.markers());
    let script = state.script;
    let nothing = Callback::new(|()| {});
    let run_script = Callback::new(move |()| run::run(state));
    let line_counts = Signal::derive(move || run::line_counts(state));
    let tab = RwSignal::new(Tab::Database);

    view! {
        <embed::EmbedBar/>
        <header class="topbar" class:embed=embed::is_embed()>
            <h1 class="brand">"ormlab"</h1>
            <lessons::LessonPicker/>
            <button
                data-testid="run"
                class="primary"
                title="Run the script on the models (Ctrl/Cmd+Enter in the script)"
                disabled=move || !state.engine.get().is_ready() || state.run.running.get()
                on:click=move |_| {
                    tab.set(Tab::Output);
                    run::run(state);
                }
            >
                "Run"
            </button>
            <share::ShareButton/>
            <share::LinkConsent/>
            <export::ExportMenu/>
            <workspaces::WorkspacePicker/>
            <EngineBar/>
        </header>
        <lessons::LessonPane/>
        <main class="workspace">
            <section class="pane" aria-label="Models">
                <h2 class="pane-title">"Models"</h2>
                <CodeEditor text=models language=Language::Python label="Models editor" testid="models-editor" on_run=nothing errors=markers/>
                <models::ModelsProblems/>
            </section>
            <section class="pane" aria-label="Script">
                <h2 class="pane-title">"Script"</h2>
                <CodeEditor text=script language=Language::Python label="Script editor" testid="script-editor" on_run=run_script counts=line_counts highlight=state.script_focus/>
            </section>
            <section class="pane results" aria-label="Results">
                <Tabs selected=tab/>
                <div class="tab-panels">
                    <TabPanel tab=Tab::Output selected=tab>
                        <run::Output/>
                    </TabPanel>
                    <TabPanel tab=Tab::Sql selected=tab>
                        <console::SqlLog/>
                    </TabPanel>
                    <TabPanel tab=Tab::Lens selected=tab>
                        <lens::LensPanel/>
                    </TabPanel>
                    <TabPanel tab=Tab::Diagram selected=tab>
                        <diagram::Diagram/>
                    </TabPanel>
                    <TabPanel tab=Tab::Migrations selected=tab>
                        <migrations::MigrationsPanel/>
                    </TabPanel>
                    <TabPanel tab=Tab::Database selected=tab>
                        <DatabaseTab/>
                    </TabPanel>
                </div>
            </section>
        </main>
        <SelfTestReport/>
        <RunFinished/>
    }
}

/// One tab's panel, hidden unless its tab is selected (kept mounted so editors keep state).
#[component]
fn TabPanel(
    /// The tab this panel belongs to.
    tab: Tab,
    /// The selected tab.
    selected: RwSignal<Tab>,
    children: Children,
) -> impl IntoView {
    view! {
        <div role="tabpanel" id=tab.panel_id() aria-labelledby=tab.tab_id() class="tab-panel" hidden=move || selected.get() != tab>
            {children()}
        </div>
    }
}

/// The `run-finished` hook: present once the last run (console or script) has finished, with
/// its statement count and time.
#[component]
fn RunFinished() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let last = state.last_run.get();
        if state.run.running.get() || state.console.running.get().is_some() {
            return None;
        }
        let (count, ms) = match last.kind? {
            RunKind::Script => state.run.report.get().map(|(r, ms)| (r.query_count, ms))?,
            RunKind::Console => state.console.report.get().map(|r| (r.statements.len(), r.total_ms))?,
        };
        Some(view! {
            <span hidden data-testid="run-finished" data-query-count=count.to_string() data-ms=format!("{ms:.1}") data-run=last.sequence.to_string()></span>
        })
    }
}

/// The conformance suite's outcome in `?selftest` mode, for the browser test suite.
#[component]
fn SelfTestReport() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || state.selftest.get().map(|text| view! { <pre class="selftest" data-testid="selftest">{text}</pre> })
}

/// The workspace a new visitor starts with; a link may replace it without asking.
pub(crate) fn starter_workspace() -> ormlab_core::api::Workspace {
    ormlab_core::api::Workspace { models: STARTER_MODELS.into(), script: STARTER_SCRIPT.into(), ..Default::default() }
}

const STARTER_MODELS: &str = r#"from datetime import datetime

class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    posts = db.relationship("Post", back_populates="author")

class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(120), nullable=False)
    created_at = db.Column(db.DateTime, default=datetime.utcnow)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    author = db.relationship("User", back_populates="posts")
"#;

const STARTER_SCRIPT: &str = r#"for user in User.query.all():
    print(user.username, len(user.posts))
"#;
