//! The full ormlab Web Worker: holds `ormlab_core` and the sql.js database, and answers every
//! [`ToWorker`] request. It runs off the main thread because the ORM emulation calls SQLite
//! synchronously in the middle of a script, and so that the page can terminate it when a
//! query runs away. The loop itself is in [`ormlab_worker::host`].

use ormlab_core::api::{FromWorker, ToWorker};
use ormlab_worker::host::{self, State};

fn main() {
    host::run(handle);
}

fn handle(state: &mut State, request: ToWorker) -> FromWorker {
    let request = match host::answer_console(state, request) {
        Ok(reply) => return reply,
        Err(request) => request,
    };
    let clock_ms = host::clock_ms;
    match request {
        ToWorker::RunScript { models, script } => match host::open(&state.sql_js) {
            Ok(mut engine) => {
                let started = clock_ms();
                let options = ormlab_core::orm::RunOptions { clock: Some(&clock_ms), strategy_override: None };
                let report = ormlab_core::orm::run_script_with(&models, &script, &mut engine, options);
                FromWorker::ScriptDone(report, clock_ms() - started)
            }
            Err(message) => FromWorker::Failed { message },
        },
        ToWorker::CompareStrategies { models, script } => match host::open(&state.sql_js) {
            Ok(mut engine) => {
                let report = ormlab_core::orm::run_script(&models, &script, &mut engine);
                let touched = ormlab_core::lens::touched_relationships(&report);
                let mut fresh = || host::open(&state.sql_js).map(|e| Box::new(e) as Box<dyn ormlab_core::engine::Engine>);
                let figures = ormlab_core::lens::compare(&models, &script, &touched, &mut fresh, &clock_ms);
                FromWorker::StrategiesCompared(touched, figures)
            }
            Err(message) => FromWorker::Failed { message },
        },
        ToWorker::Migrate { history, models, revisions, action } => {
            let sql_js = &state.sql_js;
            let reopen = || host::open(sql_js).unwrap_or_else(|e| wasm_bindgen::throw_str(&e));
            FromWorker::Migrated(ormlab_core::migrate::workspace::act(&mut state.console, &history, &models, &revisions, &action, &reopen, &clock_ms))
        }
        ToWorker::ReadModels { models } => FromWorker::ModelsRead(ormlab_core::schema::report::read_models_report(&models)),
        // answer_console took these.
        ToWorker::RunSql { .. } | ToWorker::MakeLink { .. } | ToWorker::OpenLink { .. } | ToWorker::SelfTest => {
            FromWorker::Failed { message: "internal: a console request reached the full handler".into() }
        }
    }
}
