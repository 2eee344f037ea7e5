//! The models pane's state: the text, read by the worker shortly after each edit, and the
//! resulting schema report (DDL, tables, diagnostics) that the Diagram and Database tabs show.

use crate::{worker, AppState};
use leptos::prelude::*;
use ormlab_core::api::{Diagnostic, SchemaReport, ToWorker};
use std::cell::Cell;

/// How long typing must pause before the models are read again.
const DEBOUNCE_MS: i32 = 250;

/// The models text and what the worker made of it.
#[derive(Clone, Copy)]
pub(crate) struct ModelsState {
    /// The models editor's text.
    pub(crate) text: RwSignal<String>,
    /// The last report; `None` until the first read.
    pub(crate) schema: RwSignal<Option<SchemaReport>>,
}

impl ModelsState {
    pub(crate) fn new(text: &str) -> Self {
        Self { text: RwSignal::new(text.to_string()), schema: RwSignal::new(None) }
    }

    /// The markers the models editor shows: diagnostics, plus SQLAlchemy's error at its line.
    pub(crate) fn markers(self) -> Vec<Diagnostic> {
        let Some(report) = self.schema.get() else { return Vec::new() };
        let mut markers = report.diagnostics.clone();
        if let Some(error) = &report.error {
            let line = error.line.unwrap_or(1);
            markers.push(Diagnostic {
                message: format!("{}: {}", error.kind, error.message),
                line,
                column: 1,
                end_line: line,
                end_column: 200,
            });
        }
        markers
    }
}

thread_local! {
    static PENDING: Cell<Option<i32>> = const { Cell::new(None) };
}

/// Re-reads the models whenever the text changes (debounced) and the engine is ready.
pub(crate) fn watch(state: AppState) {
    Effect::new(move |_| {
        let text = state.models.text.get();
        if !state.engine.get().is_ready() {
            return;
        }
        let Some(window) = web_sys::window() else { return };
        if let Some(id) = PENDING.take() {
            window.clear_timeout_with_handle(id);
        }
        let send = wasm_bindgen::closure::Closure::once_into_js(move || {
            PENDING.set(None);
            worker::send(&ToWorker::ReadModels { models: text });
        });
        let id = window.set_timeout_with_callback_and_timeout_and_arguments_0(wasm_bindgen::JsCast::unchecked_ref(&send), DEBOUNCE_MS).ok();
        PENDING.set(id);
    });
}

/// The problems in the models, listed under the editor with their line and column.
#[component]
pub fn ModelsProblems() -> impl IntoView {
    let models = expect_context::<AppState>().models;
    move || {
        let markers = models.markers();
        (!markers.is_empty()).then(|| {
            view! {
                <ul class="problems" aria-label="Problems in the models">
                    {markers
                        .into_iter()
                        .map(|m| view! { <li class="error" data-testid="error" data-line=m.line.to_string()>{format!("Line {}, column {}: {}", m.line, m.column, m.message)}</li> })
                        .collect_view()}
                </ul>
            }
        })
    }
}

/// The DDL `db.create_all()` sends for the current models, shown in the Database tab.
#[component]
pub fn SchemaDdl() -> impl IntoView {
    let schema = expect_context::<AppState>().models.schema;
    move || {
        let report = schema.get()?;
        let creates: Vec<String> = report.ddl.iter().filter(|s| !s.starts_with("PRAGMA")).map(|s| s.trim().to_string()).collect();
        let checks = report.ddl.len() - creates.len();
        Some(view! {
            <details class="ddl" open>
                <summary>{format!("create_all: {} statements (+{checks} existence checks)", creates.len())}</summary>
                <pre data-testid="ddl">{creates.join(";\n\n")}</pre>
                {report.error.map(|e| view! { <p class="error" data-testid="error">{format!("{}: {}", e.kind, e.message)}</p> })}
            </details>
        })
    }
}
