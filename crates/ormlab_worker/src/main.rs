//! The full ormlab Web Worker: holds `ormlab_core` and the sql.js database, and answers every
//! [`ToWorker`] request. It runs off the main thread because the ORM emulation calls SQLite
//! synchronously in the middle of a script, and so that the page can terminate it when a
//! query runs away. The loop itself is in [`ormlab_worker::host`].

use ormlab_core::api::{ExportKind, ExportedFile, FromWorker, ToWorker};
use ormlab_core::share;
use ormlab_worker::host::{self, State};
use ormlab_worker::sqljs::SqlJsEngine;

fn main() {
    host::run(handle);
}

/// The built-in pack; parsing it per request keeps the worker stateless (it is small).
fn builtin_pack() -> Result<ormlab_core::lessons::Pack, String> {
    ormlab_core::lessons::parse_pack(ormlab_core::lessons::BUILTIN_PACK).map_err(|e| format!("built-in pack: {e}"))
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
        ToWorker::OpenWorkspaceFile { text } => FromWorker::LinkOpened(share::from_file(&text).map(|w| (w, false)).map_err(|e| e.to_string())),
        ToWorker::Export { kind: ExportKind::Database, workspace } => {
            let sql_js = &state.sql_js;
            let reopen = || host::open(sql_js).unwrap_or_else(|e| wasm_bindgen::throw_str(&e));
            state.console.sync(&workspace.console, reopen, &clock_ms);
            FromWorker::Exported(state.console.engine().export().map_err(|e| e.message).map(|bytes| ExportedFile {
                name: "ormlab.sqlite".into(),
                mime: "application/vnd.sqlite3".into(),
                bytes,
            }))
        }
        ToWorker::ImportDatabase { bytes } => FromWorker::DatabaseImported(
            SqlJsEngine::open_bytes(&state.sql_js, &bytes)
                .map_err(|e| e.message)
                .and_then(|mut engine| ormlab_core::console::dump::dump(&mut engine))
                .map_err(|e| format!("this is not a SQLite database ({e})")),
        ),
        ToWorker::Export { kind, workspace } => FromWorker::Exported(ormlab_core::export::file(kind, &workspace).ok_or_else(|| "nothing to export".to_string())),
        ToWorker::LoadLessons => FromWorker::LessonsLoaded(builtin_pack().map(|pack| pack.views())),
        ToWorker::CheckLesson { lesson, step, models, script, revisions } => match (builtin_pack().and_then(|pack| pack.step(&lesson, step).cloned()), host::open(&state.sql_js)) {
            (Ok(step), Ok(mut engine)) => FromWorker::LessonChecked(Ok(ormlab_core::lessons::check_step(&step, &models, &script, &revisions, &mut engine))),
            (Err(message), _) => FromWorker::LessonChecked(Err(message)),
            (_, Err(message)) => FromWorker::Failed { message },
        },
        ToWorker::ReadModels { models } => FromWorker::ModelsRead(ormlab_core::schema::report::read_models_report(&models)),
        // answer_console took these.
        ToWorker::RunSql { .. } | ToWorker::MakeLink { .. } | ToWorker::OpenLink { .. } | ToWorker::SelfTest => {
            FromWorker::Failed { message: "internal: a console request reached the full handler".into() }
        }
    }
}
