//! The ormlab Web Worker: holds `ormlab_core` and the sql.js database, and answers the page's
//! [`ToWorker`] requests with [`FromWorker`] messages. It runs off the main thread because the
//! ORM emulation calls SQLite synchronously in the middle of a script, and so that the page
//! can terminate it when a query runs away.

use ormlab_core::api::{FromWorker, ToWorker};
use ormlab_core::console::ConsoleDb;
use ormlab_core::engine::conformance;
use ormlab_core::share;
use ormlab_worker::protocol;
use ormlab_worker::sqljs::{SqlJs, SqlJsEngine};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What the worker keeps between requests. Everything in it can be rebuilt from a request.
struct State {
    sql_js: SqlJs,
    console: ConsoleDb<SqlJsEngine>,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn clock_ms() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

fn post(message: &FromWorker) {
    match protocol::encode(message) {
        Ok(value) => {
            let _ = scope().post_message(&value);
        }
        Err(error) => web_sys::console::error_1(&format!("ormlab worker: cannot encode a reply: {error}").into()),
    }
}

fn main() {
    console_error_panic_hook::set_once();
    // Listen before loading sql.js so that nothing the page sends is lost; the page still
    // waits for `Ready` before sending work.
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| handle(event.data()));
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    wasm_bindgen_futures::spawn_local(async {
        post(&FromWorker::Loading { stage: "Loading SQLite (sql.js)".into(), percent: 50 });
        match SqlJs::load().await {
            Ok(sql_js) => match open(&sql_js) {
                Ok(mut engine) => {
                    let sqlite_version = ormlab_core::engine::Engine::sqlite_version(&mut engine).unwrap_or_default();
                    STATE.with(|s| *s.borrow_mut() = Some(State { console: ConsoleDb::new(engine), sql_js }));
                    post(&FromWorker::Ready { sqlite_version });
                }
                Err(message) => post(&FromWorker::Failed { message }),
            },
            Err(message) => post(&FromWorker::Failed { message: format!("sql.js did not load: {message}") }),
        }
    });
}

fn open(sql_js: &SqlJs) -> Result<SqlJsEngine, String> {
    SqlJsEngine::open(sql_js).map_err(|e| format!("cannot open the database: {e}"))
}

/// The built-in pack; parsing it per request keeps the worker stateless (it is small).
fn builtin_pack() -> Result<ormlab_core::lessons::Pack, String> {
    ormlab_core::lessons::parse_pack(ormlab_core::lessons::BUILTIN_PACK).map_err(|e| format!("built-in pack: {e}"))
}

fn handle(data: JsValue) {
    let request: ToWorker = match protocol::decode(data) {
        Ok(request) => request,
        Err(error) => return post(&FromWorker::Failed { message: format!("unreadable request: {error}") }),
    };
    let reply = STATE.with(|state| {
        let mut state = state.borrow_mut();
        let Some(state) = state.as_mut() else {
            return FromWorker::Failed { message: "the engine is still loading".into() };
        };
        match request {
            ToWorker::RunSql { history, sql } => {
                let sql_js = &state.sql_js;
                // A fresh database always opens: sql.js is loaded, and opening is in memory.
                let reopen = || open(sql_js).unwrap_or_else(|e| wasm_bindgen::throw_str(&e));
                FromWorker::SqlDone(state.console.run(&history, &sql, reopen, &clock_ms))
            }
            ToWorker::RunScript { models, script } => match open(&state.sql_js) {
                Ok(mut engine) => {
                    let started = clock_ms();
                    let options = ormlab_core::orm::RunOptions { clock: Some(&clock_ms), strategy_override: None };
                    let report = ormlab_core::orm::run_script_with(&models, &script, &mut engine, options);
                    FromWorker::ScriptDone(report, clock_ms() - started)
                }
                Err(message) => FromWorker::Failed { message },
            },
            ToWorker::CompareStrategies { models, script } => match open(&state.sql_js) {
                Ok(mut engine) => {
                    let report = ormlab_core::orm::run_script(&models, &script, &mut engine);
                    let touched = ormlab_core::lens::touched_relationships(&report);
                    let mut fresh = || open(&state.sql_js).map(|e| Box::new(e) as Box<dyn ormlab_core::engine::Engine>);
                    let figures = ormlab_core::lens::compare(&models, &script, &touched, &mut fresh, &clock_ms);
                    FromWorker::StrategiesCompared(touched, figures)
                }
                Err(message) => FromWorker::Failed { message },
            },
            ToWorker::MakeLink { workspace, run } => FromWorker::LinkMade(share::encode(&workspace, run).map_err(|e| e.to_string())),
            ToWorker::OpenLink { fragment } => {
                FromWorker::LinkOpened(share::decode(&fragment).map(|link| (link.workspace, link.run)).map_err(|e| e.to_string()))
            }
            ToWorker::Migrate { history, models, revisions, action } => {
                let sql_js = &state.sql_js;
                let reopen = || open(sql_js).unwrap_or_else(|e| wasm_bindgen::throw_str(&e));
                FromWorker::Migrated(ormlab_core::migrate::workspace::act(&mut state.console, &history, &models, &revisions, &action, &reopen, &clock_ms))
            }
            ToWorker::LoadLessons => FromWorker::LessonsLoaded(builtin_pack().map(|pack| pack.views())),
            ToWorker::CheckLesson { lesson, step, models, script } => match (builtin_pack().and_then(|pack| pack.step(&lesson, step).cloned()), open(&state.sql_js)) {
                (Ok(step), Ok(mut engine)) => FromWorker::LessonChecked(Ok(ormlab_core::lessons::check_step(&step, &models, &script, &mut engine))),
                (Err(message), _) => FromWorker::LessonChecked(Err(message)),
                (_, Err(message)) => FromWorker::Failed { message },
            },
            ToWorker::ReadModels { models } => FromWorker::ModelsRead(ormlab_core::schema::report::read_models_report(&models)),
            ToWorker::SelfTest => match open(&state.sql_js) {
                Ok(mut engine) => FromWorker::SelfTestDone(conformance::run(&mut engine)),
                Err(message) => FromWorker::Failed { message },
            },
        }
    });
    post(&reply);
}
