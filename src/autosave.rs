//! Autosave: the workspace goes to browser storage shortly after every change and comes back
//! on reload, so nothing typed is lost. Opening a share link over different work keeps that
//! work as a backup the user can restore.

use crate::AppState;
use leptos::prelude::*;
use ormlab_core::api::Workspace;
use serde::{Deserialize, Serialize};
use std::cell::Cell;

const KEY: &str = "ormlab:workspace";
const BACKUP_KEY: &str = "ormlab:workspace:before-link";
const DEBOUNCE_MS: i32 = 300;

/// What is saved: the workspace and the console's unsent text.
#[derive(Serialize, Deserialize, PartialEq)]
struct Saved {
    workspace: Workspace,
    console_text: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn snapshot(state: AppState) -> Saved {
    Saved {
        workspace: Workspace { models: state.models.text.get(), script: state.script.get(), console: state.console.history_tracked() },
        console_text: state.console.text.get(),
    }
}

fn apply(state: AppState, saved: Saved) {
    state.models.text.set(saved.workspace.models);
    state.script.set(saved.workspace.script);
    state.console.restore(saved.workspace.console, Some(saved.console_text));
}

fn read(key: &str) -> Option<Saved> {
    let text = storage()?.get_item(key).ok().flatten()?;
    // A saved value that does not parse (another version, a hand edit) is left in place.
    crate::json::from_str(&text)
}

/// Brings back the last saved workspace, if any. Returns whether one was restored.
pub(crate) fn restore(state: AppState) -> bool {
    match read(KEY) {
        Some(saved) => {
            apply(state, saved);
            true
        }
        None => false,
    }
}

thread_local! {
    static PENDING: Cell<Option<i32>> = const { Cell::new(None) };
}

/// Saves the workspace after every change (debounced).
pub(crate) fn watch(state: AppState) {
    Effect::new(move |_| {
        let Some(json) = crate::json::to_string(&snapshot(state), false) else { return };
        let Some(window) = web_sys::window() else { return };
        if let Some(id) = PENDING.take() {
            window.clear_timeout_with_handle(id);
        }
        let save = wasm_bindgen::closure::Closure::once_into_js(move || {
            PENDING.set(None);
            if let Some(storage) = storage() {
                // Over quota: keep working; the previous save stays.
                let _ = storage.set_item(KEY, &json);
            }
        });
        PENDING.set(window.set_timeout_with_callback_and_timeout_and_arguments_0(wasm_bindgen::JsCast::unchecked_ref(&save), DEBOUNCE_MS).ok());
    });
}

/// Keeps the current work aside before a share link replaces it.
pub(crate) fn back_up(state: AppState) {
    let saved = Saved {
        workspace: Workspace { models: state.models.text.get_untracked(), script: state.script.get_untracked(), console: state.console.history() },
        console_text: state.console.text.get_untracked(),
    };
    if let (Some(storage), Some(json)) = (storage(), crate::json::to_string(&saved, false)) {
        let _ = storage.set_item(BACKUP_KEY, &json);
    }
}

/// Puts the work kept aside by [`back_up`] back in place.
pub(crate) fn restore_backup(state: AppState) {
    if let Some(saved) = read(BACKUP_KEY) {
        apply(state, saved);
    }
}
