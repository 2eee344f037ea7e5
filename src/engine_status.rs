//! The engine's loading state and the progress bar that shows it.

use crate::AppState;
use leptos::prelude::*;

/// Where the worker and sql.js are.
#[derive(Clone, PartialEq)]
pub(crate) enum EngineStatus {
    /// Still loading; drives the progress bar.
    Loading {
        /// What is loading.
        stage: String,
        /// Rough share done, 0–100.
        percent: u8,
    },
    /// Ready to run.
    Ready {
        /// SQLite's version inside sql.js.
        sqlite_version: String,
    },
    /// The engine could not start.
    Failed(String),
}

impl EngineStatus {
    /// True once requests may be sent.
    pub(crate) fn is_ready(&self) -> bool {
        matches!(self, EngineStatus::Ready { .. })
    }
}

/// The top bar's engine indicator: a progress bar while loading, the SQLite version once
/// ready (with the `engine-ready` hook), or the reason it failed.
#[component]
pub(crate) fn EngineBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.engine.get() {
        EngineStatus::Loading { stage, percent } => view! {
            <div class="engine loading">
                <progress max="100" value=percent.to_string() aria-label=stage.clone()></progress>
                <span>{stage}</span>
            </div>
        }
        .into_any(),
        EngineStatus::Ready { sqlite_version } => view! {
            <div class="engine ready" data-testid="engine-ready">{format!("SQLite {sqlite_version}")}</div>
        }
        .into_any(),
        EngineStatus::Failed(message) => view! {
            <div class="engine failed" data-testid="error" role="alert">{format!("Engine failed: {message}")}</div>
        }
        .into_any(),
    }
}
