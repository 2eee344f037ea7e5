//! The workspace as the page's signals hold it: read it (for links, files, autosave) and put
//! one in place (a link, a file, a saved or switched workspace). The one mapping between
//! [`Workspace`] and the page, so every carrier restores the same fields.

use crate::AppState;
use leptos::prelude::*;
use ormlab_core::api::{Settings, Workspace};

/// The workspace as it stands (untracked).
pub(crate) fn current(state: AppState) -> Workspace {
    Workspace {
        models: state.models.text.get_untracked(),
        script: state.script.get_untracked(),
        console: state.console.history(),
        revisions: state.migrations.revisions.get_untracked(),
        settings: Settings { lens_threshold: state.lens.threshold.get_untracked() as u32 },
        lesson: state.lesson.get_untracked(),
    }
}

/// The workspace as it stands, tracked: an effect reading it re-runs on every change.
pub(crate) fn tracked(state: AppState) -> Workspace {
    Workspace {
        models: state.models.text.get(),
        script: state.script.get(),
        console: state.console.history_tracked(),
        revisions: state.migrations.revisions.get(),
        settings: Settings { lens_threshold: state.lens.threshold.get() as u32 },
        lesson: state.lesson.get(),
    }
}

/// Puts `workspace` in place. `console_text` is what the console editor shows (`None` keeps
/// it). The lesson position lands in `AppState::lesson`, where the lessons feature reads it.
/// The caller asks for the migrations timeline (`migrations::refresh`) once the console
/// history is final.
pub(crate) fn apply(state: AppState, workspace: Workspace, console_text: Option<String>) {
    state.models.text.set(workspace.models);
    state.script.set(workspace.script);
    state.console.restore(workspace.console, console_text);
    crate::migrations::restore(state, workspace.revisions);
    state.lens.threshold.set(workspace.settings.lens_threshold.max(2) as usize);
    state.lesson.set(workspace.lesson);
}
