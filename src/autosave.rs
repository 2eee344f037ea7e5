//! Autosave and named workspaces: the active workspace goes to browser storage shortly after
//! every change and comes back on reload, so nothing typed is lost. Other named workspaces
//! wait in storage of their own; switching saves the active one first. Opening a share link
//! over different work keeps that work as a backup the user can restore. In embed mode
//! (`crate::embed`) nothing is read from or written to storage.

use crate::AppState;
use leptos::prelude::*;
use ormlab_core::api::Workspace;
use serde::{Deserialize, Serialize};
use std::cell::Cell;

/// The active workspace (the key the first release saved to, so old saves keep restoring).
const KEY: &str = "ormlab:workspace";
const BACKUP_KEY: &str = "ormlab:workspace:before-link";
/// The list of named workspaces.
const LIBRARY_KEY: &str = "ormlab:workspaces";
/// Where the Migrations tab kept revision files before the workspace carried them.
const LEGACY_REVISIONS_KEY: &str = "ormlab:revisions";
const DEBOUNCE_MS: i32 = 300;

/// What is saved: the workspace and the console's unsent text.
#[derive(Serialize, Deserialize, PartialEq)]
struct Saved {
    workspace: Workspace,
    console_text: String,
}

/// One named workspace.
#[derive(Serialize, Deserialize, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) id: u32,
    pub(crate) name: String,
}

/// The named workspaces; the active one lives at [`KEY`], every other at `KEY:<id>`.
#[derive(Serialize, Deserialize, Clone, PartialEq)]
pub(crate) struct Library {
    pub(crate) active: u32,
    pub(crate) entries: Vec<Entry>,
}

impl Default for Library {
    fn default() -> Self {
        Self { active: 1, entries: vec![Entry { id: 1, name: "My workspace".into() }] }
    }
}

fn storage() -> Option<web_sys::Storage> {
    if crate::embed::is_embed() {
        return None;
    }
    web_sys::window()?.local_storage().ok().flatten()
}

fn slot(id: u32) -> String {
    format!("{KEY}:{id}")
}

fn snapshot(state: AppState) -> Saved {
    Saved { workspace: crate::workspace::current(state), console_text: state.console.text.get_untracked() }
}

fn apply(state: AppState, saved: Saved) {
    crate::workspace::apply(state, saved.workspace, Some(saved.console_text));
}

fn read(key: &str) -> Option<Saved> {
    let text = storage()?.get_item(key).ok().flatten()?;
    // A saved value that does not parse (another version, a hand edit) is left in place.
    crate::json::from_str(&text)
}

fn write(key: &str, saved: &Saved) {
    if let (Some(storage), Some(json)) = (storage(), crate::json::to_string(saved, false)) {
        // Over quota: keep working; the previous save stays.
        let _ = storage.set_item(key, &json);
    }
}

/// The named workspaces as stored.
pub(crate) fn library() -> Library {
    storage().and_then(|s| s.get_item(LIBRARY_KEY).ok().flatten()).and_then(|t| crate::json::from_str(&t)).unwrap_or_default()
}

fn save_library(state: AppState, library: Library) {
    if let (Some(storage), Some(json)) = (storage(), crate::json::to_string(&library, false)) {
        let _ = storage.set_item(LIBRARY_KEY, &json);
    }
    state.library.set(library);
}

/// Brings back the last saved workspace, if any. Returns whether one was restored.
pub(crate) fn restore(state: AppState) -> bool {
    state.library.set(library());
    let Some(mut saved) = read(KEY) else { return false };
    if let Some(storage) = storage() {
        let legacy: Option<Vec<String>> = storage.get_item(LEGACY_REVISIONS_KEY).ok().flatten().and_then(|t| crate::json::from_str(&t));
        if let Some(legacy) = legacy.filter(|_| saved.workspace.revisions.is_empty()) {
            saved.workspace.revisions = legacy;
        }
        let _ = storage.remove_item(LEGACY_REVISIONS_KEY);
    }
    apply(state, saved);
    true
}

thread_local! {
    static PENDING: Cell<Option<i32>> = const { Cell::new(None) };
}

/// Saves the workspace after every change (debounced).
pub(crate) fn watch(state: AppState) {
    Effect::new(move |_| {
        let saved = Saved { workspace: crate::workspace::tracked(state), console_text: state.console.text.get() };
        let Some(json) = crate::json::to_string(&saved, false) else { return };
        let Some(window) = web_sys::window() else { return };
        if let Some(id) = PENDING.take() {
            window.clear_timeout_with_handle(id);
        }
        let save = wasm_bindgen::closure::Closure::once_into_js(move || {
            PENDING.set(None);
            if let Some(storage) = storage() {
                let _ = storage.set_item(KEY, &json);
            }
        });
        PENDING.set(window.set_timeout_with_callback_and_timeout_and_arguments_0(wasm_bindgen::JsCast::unchecked_ref(&save), DEBOUNCE_MS).ok());
    });
}

/// Keeps the current work aside before a share link replaces it.
pub(crate) fn back_up(state: AppState) {
    write(BACKUP_KEY, &snapshot(state));
}

/// Puts the work kept aside by [`back_up`] back in place.
pub(crate) fn restore_backup(state: AppState) {
    if let Some(saved) = read(BACKUP_KEY) {
        apply(state, saved);
    }
}

/// Saves the active workspace in its own slot, so another can take its place.
fn park(state: AppState, library: &Library) {
    write(&slot(library.active), &snapshot(state));
}

/// Makes workspace `id` the active one.
pub(crate) fn switch(state: AppState, id: u32) {
    let mut library = state.library.get_untracked();
    if id == library.active || !library.entries.iter().any(|e| e.id == id) {
        return;
    }
    park(state, &library);
    let next = read(&slot(id)).unwrap_or(Saved { workspace: crate::starter_workspace(), console_text: String::new() });
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&slot(id));
    }
    library.active = id;
    save_library(state, library);
    apply(state, next);
}

/// Starts a new named workspace from the starter and makes it active.
pub(crate) fn create(state: AppState, name: String) {
    let mut library = state.library.get_untracked();
    park(state, &library);
    let id = library.entries.iter().map(|e| e.id).max().unwrap_or(0) + 1;
    library.entries.push(Entry { id, name });
    library.active = id;
    save_library(state, library);
    crate::workspace::apply(state, crate::starter_workspace(), None);
}

/// Renames the active workspace.
pub(crate) fn rename(state: AppState, name: String) {
    let mut library = state.library.get_untracked();
    let active = library.active;
    if let Some(entry) = library.entries.iter_mut().find(|e| e.id == active) {
        entry.name = name;
    }
    save_library(state, library);
}

/// Deletes the active workspace and switches to the first other one (never the last).
pub(crate) fn delete_active(state: AppState) {
    let mut library = state.library.get_untracked();
    let Some(next) = library.entries.iter().map(|e| e.id).find(|&id| id != library.active) else { return };
    let next_saved = read(&slot(next)).unwrap_or(Saved { workspace: crate::starter_workspace(), console_text: String::new() });
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&slot(next));
    }
    let gone = library.active;
    library.entries.retain(|e| e.id != gone);
    library.active = next;
    save_library(state, library);
    apply(state, next_saved);
}
