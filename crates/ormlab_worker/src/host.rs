//! What both worker binaries share: the message loop, the state kept between requests, and
//! the requests the small console worker can answer too.
//!
//! There are two workers so that the first result does not wait for the whole ORM: the
//! console worker (`ormlab_console_worker`, SQL console and links only) is small and starts
//! with the page; the full worker (`ormlab_worker`) loads once the console worker is ready and
//! then takes over every request (see `src/worker.rs` in the page).

use crate::protocol;
use crate::sqljs::{SqlJs, SqlJsEngine};
use ormlab_core::api::{FromWorker, ToWorker};
use ormlab_core::console::ConsoleDb;
use ormlab_core::engine::conformance;
use ormlab_core::share;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What a worker keeps between requests. Everything in it can be rebuilt from a request.
pub struct State {
    /// The loaded sql.js module, from which every fresh database opens.
    pub sql_js: SqlJs,
    /// The SQL console's database and the history it was built from.
    pub console: ConsoleDb<SqlJsEngine>,
}

/// Answers one request; the binaries differ only in this function.
pub type Handler = fn(&mut State, ToWorker) -> FromWorker;

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
    static HANDLER: RefCell<Option<Handler>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Milliseconds from the worker's clock, for statement timings.
pub fn clock_ms() -> f64 {
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

/// Opens a fresh in-memory database.
pub fn open(sql_js: &SqlJs) -> Result<SqlJsEngine, String> {
    SqlJsEngine::open(sql_js).map_err(|e| format!("cannot open the database: {e}"))
}

/// Installs the message loop, loads sql.js and posts `Ready`; requests then go to `handler`.
pub fn run(handler: Handler) {
    console_error_panic_hook::set_once();
    HANDLER.with(|h| *h.borrow_mut() = Some(handler));
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

fn handle(data: JsValue) {
    let request: ToWorker = match protocol::decode(data) {
        Ok(request) => request,
        Err(error) => return post(&FromWorker::Failed { message: format!("unreadable request: {error}") }),
    };
    let Some(handler) = HANDLER.with(|h| *h.borrow()) else { return };
    let reply = STATE.with(|state| match state.borrow_mut().as_mut() {
        Some(state) => handler(state, request),
        None => FromWorker::Failed { message: "the engine is still loading".into() },
    });
    post(&reply);
}

/// Answers what the console worker can: the SQL console, links and the engine self-test.
/// Any other request comes back as `Err` for the full worker's handler.
pub fn answer_console(state: &mut State, request: ToWorker) -> Result<FromWorker, ToWorker> {
    Ok(match request {
        ToWorker::RunSql { history, sql } => {
            let sql_js = &state.sql_js;
            // A fresh database always opens: sql.js is loaded, and opening is in memory.
            let reopen = || open(sql_js).unwrap_or_else(|e| wasm_bindgen::throw_str(&e));
            FromWorker::SqlDone(state.console.run(&history, &sql, reopen, &clock_ms))
        }
        ToWorker::MakeLink { workspace, run } => FromWorker::LinkMade(share::encode(&workspace, run).map_err(|e| e.to_string())),
        ToWorker::OpenLink { fragment } => {
            FromWorker::LinkOpened(share::decode(&fragment).map(|link| (link.workspace, link.run)).map_err(|e| e.to_string()))
        }
        ToWorker::SelfTest => match open(&state.sql_js) {
            Ok(mut engine) => FromWorker::SelfTestDone(conformance::run(&mut engine)),
            Err(message) => FromWorker::Failed { message },
        },
        other => return Err(other),
    })
}

/// Whether the console worker answers `request` (the page routes by this).
pub fn console_answers(request: &ToWorker) -> bool {
    matches!(request, ToWorker::RunSql { .. } | ToWorker::MakeLink { .. } | ToWorker::OpenLink { .. } | ToWorker::SelfTest)
}
