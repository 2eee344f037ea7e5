//! The ormlab page: a thin Leptos UI over the worker that runs `ormlab_core`. Components only
//! render reports and send requests; every decision about SQL lives in the core.

// Leptos's #[component] expands to `pub` props structs that this lint cannot see through.
#![allow(unreachable_pub)]

mod autosave;
mod console;
mod diagram;
mod editor;
mod engine_status;
mod models;
mod share;
mod tabs;
mod worker;

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
    /// Share links made and opened.
    pub(crate) share: share::ShareState,
    /// Conformance outcomes when the page was opened with `?selftest`.
    pub(crate) selftest: RwSignal<Option<String>>,
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
            if wants_selftest() && state.selftest.get_untracked().is_none() {
                worker::send(&ToWorker::SelfTest);
            }
        }
        WorkerEvent::Message(FromWorker::SqlDone(report)) => state.console.finish(report),
        WorkerEvent::Message(FromWorker::ModelsRead(report)) => state.models.schema.set(Some(report)),
        WorkerEvent::Message(FromWorker::LinkMade(result)) => share::link_made(state, result),
        WorkerEvent::Message(FromWorker::LinkOpened(result)) => share::link_opened(state, result),
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
            if state.engine.get_untracked().is_ready() {
                state.console.fail(message);
            } else {
                state.engine.set(EngineStatus::Failed(message));
            }
        }
        WorkerEvent::TimedOut => {
            state.engine.set(EngineStatus::Loading { stage: "Restarting the engine".into(), percent: 10 });
            state.console.fail(format!(
                "Stopped after {} s: the statement ran too long. The database is back to its state before this run.",
                worker::RUN_TIMEOUT_MS / 1000
            ));
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
        share: share::ShareState::new(),
        selftest: RwSignal::new(None),
    };
    provide_context(state);
    autosave::restore(state);
    autosave::watch(state);
    worker::start(move |event| on_worker_event(state, event));
    models::watch(state);
    let models = state.models.text;
    let markers = Signal::derive(move || state.models.markers());
    let script = state.script;
    let nothing = Callback::new(|()| {});
    let tab = RwSignal::new(Tab::Database);

    view! {
        <header class="topbar">
            <h1 class="brand">"ormlab"</h1>
            <label class="lesson-picker">
                <span class="visually-hidden">"Lesson"</span>
                <select disabled title="Lessons arrive with the lessons issue">
                    <option>"Free play"</option>
                </select>
            </label>
            <button data-testid="run" class="primary" disabled title="Running scripts arrives with the ORM runtime; the SQL console in the Database tab runs now">
                "Run"
            </button>
            <share::ShareButton/>
            <share::LinkConsent/>
            <button disabled title="Export arrives with the share issue">"Export"</button>
            <EngineBar/>
        </header>
        <main class="workspace">
            <section class="pane" aria-label="Models">
                <h2 class="pane-title">"Models"</h2>
                <CodeEditor text=models language=Language::Python label="Models editor" testid="models-editor" on_run=nothing errors=markers/>
                <models::ModelsProblems/>
            </section>
            <section class="pane" aria-label="Script">
                <h2 class="pane-title">"Script"</h2>
                <CodeEditor text=script language=Language::Python label="Script editor" testid="script-editor" on_run=nothing/>
            </section>
            <section class="pane results" aria-label="Results">
                <Tabs selected=tab/>
                <div class="tab-panels">
                    <TabPanel tab=Tab::Output selected=tab>
                        <div data-testid="output" class="placeholder">
                            "Script output appears here once scripts can run (the ORM runtime issue)."
                        </div>
                    </TabPanel>
                    <TabPanel tab=Tab::Sql selected=tab>
                        <console::SqlLog/>
                    </TabPanel>
                    <TabPanel tab=Tab::Lens selected=tab>
                        <div class="placeholder">"The N+1 lens arrives with the lens issue."</div>
                    </TabPanel>
                    <TabPanel tab=Tab::Diagram selected=tab>
                        <diagram::Diagram/>
                    </TabPanel>
                    <TabPanel tab=Tab::Migrations selected=tab>
                        <div class="placeholder">"Migrations arrive with the migrations issue."</div>
                    </TabPanel>
                    <TabPanel tab=Tab::Database selected=tab>
                        <DatabaseTab/>
                    </TabPanel>
                </div>
            </section>
        </main>
        <SelfTestReport/>
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

/// The conformance suite's outcome in `?selftest` mode, for the browser test suite.
#[component]
fn SelfTestReport() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || state.selftest.get().map(|text| view! { <pre class="selftest" data-testid="selftest">{text}</pre> })
}

/// The workspace a new visitor starts with; a link may replace it without asking.
pub(crate) fn starter_workspace() -> ormlab_core::api::Workspace {
    ormlab_core::api::Workspace { models: STARTER_MODELS.into(), script: STARTER_SCRIPT.into(), console: Vec::new() }
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
