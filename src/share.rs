//! Share links: the Share button asks the worker to encode the workspace into the URL
//! fragment; a page opened with a fragment asks the worker to decode it. Decoding happens in
//! the worker so that a hostile link can at worst break the worker, never the page.

use crate::{worker, AppState};
use leptos::prelude::*;
use ormlab_core::api::{ExportKind, ToWorker, Workspace};
use wasm_bindgen::JsCast;

/// What the share feature shows.
#[derive(Clone, Copy)]
pub(crate) struct ShareState {
    /// The fragment the page was opened with, until the engine is ready to decode it.
    pending: RwSignal<Option<String>>,
    /// The last link made.
    link: RwSignal<Option<String>>,
    /// Why the last link could not be made or opened.
    problem: RwSignal<Option<String>>,
    /// The workspace too large for a link, offered as a file instead.
    oversized: RwSignal<Option<Workspace>>,
    /// A decoded link waiting for the user's yes, because it would replace different work.
    awaiting_consent: RwSignal<Option<(Workspace, bool)>>,
    /// The user's previous work was kept aside when a link replaced it.
    backed_up: RwSignal<bool>,
    /// The workspace being opened comes from a file, not a link (for the wording).
    from_file: RwSignal<bool>,
}

impl ShareState {
    /// Remembers the page's own fragment, if it carries one.
    pub(crate) fn new() -> Self {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        // Lesson links (`#lesson=`) belong to the lessons module, not the share codec.
        let pending = (hash.len() > 1 && !hash.starts_with(crate::lessons::LINK_PREFIX)).then_some(hash);
        Self { pending: RwSignal::new(pending), link: RwSignal::new(None), problem: RwSignal::new(None), oversized: RwSignal::new(None), awaiting_consent: RwSignal::new(None), backed_up: RwSignal::new(false), from_file: RwSignal::new(false) }
    }
}

fn current_workspace(state: AppState) -> Workspace {
    crate::workspace::current(state)
}

/// Once the engine is ready, opens the link the page was loaded with.
pub(crate) fn open_pending_link(state: AppState) {
    if let Some(fragment) = state.share.pending.get_untracked() {
        state.share.pending.set(None);
        state.share.from_file.set(false);
        worker::send(&ToWorker::OpenLink { fragment });
    }
}

/// Opens a workspace file's text the way a link opens (checked in the worker, asking first).
pub(crate) fn open_file(state: AppState, text: String) {
    state.share.from_file.set(true);
    worker::send(&ToWorker::OpenWorkspaceFile { text });
}

/// A decoded link replaces the workspace at once when there is nothing of the user's to lose
/// (the starter, or the same workspace); otherwise it waits for the user's consent.
pub(crate) fn link_opened(state: AppState, result: Result<(Workspace, bool), String>) {
    match result {
        Ok((workspace, run)) => {
            let current = current_workspace(state);
            // An embed never touches saved work, so it has nothing to ask about.
            if crate::embed::is_embed() || current == workspace || current == crate::starter_workspace() {
                apply_link(state, workspace, run);
            } else {
                state.share.awaiting_consent.set(Some((workspace, run)));
            }
        }
        Err(message) => {
            let what = if state.share.from_file.get_untracked() { "the file" } else { "the link" };
            state.share.problem.set(Some(format!("Could not open {what}: {message} Your workspace was not changed.")));
        }
    }
}

/// The workspace takes the link's contents. With `run`, its last console script is re-run
/// (it leaves the history and runs again, so it is applied once and its result shows) and its
/// script runs, so the page shows what the author saw; without, the history stays whole.
fn apply_link(state: AppState, mut workspace: Workspace, run: bool) {
    let last = if run { workspace.console.pop() } else { None };
    let has_script = !workspace.script.trim().is_empty();
    crate::workspace::apply(state, workspace, last.clone());
    state.share.problem.set(None);
    if last.is_some() {
        state.console.run();
    }
    crate::migrations::refresh(state);
    if run && has_script {
        crate::run::run(state);
    }
}

/// Asks before a link replaces different work, and offers the work back afterwards.
#[component]
pub fn LinkConsent() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = state.share;
    let open_link = move |_| {
        if let Some((workspace, run)) = share.awaiting_consent.get_untracked() {
            crate::autosave::back_up(state);
            share.awaiting_consent.set(None);
            share.backed_up.set(true);
            apply_link(state, workspace, run);
        }
    };
    let restore = move |_| {
        crate::autosave::restore_backup(state);
        share.backed_up.set(false);
    };
    view! {
        {move || share.awaiting_consent.get().map(|_| view! {
            <div class="share-popover problem" role="alertdialog" aria-label="Open the shared workspace?" data-testid="link-consent">
                <p>{move || format!("This {} holds a different workspace from the one you were working on. Open it? Your work is kept and can be restored.", if share.from_file.get() { "file" } else { "link" })}</p>
                <div class="console-actions">
                    <button class="primary" data-testid="link-open" on:click=open_link>"Open the link"</button>
                    <button data-testid="link-keep" on:click=move |_| share.awaiting_consent.set(None)>"Keep my work"</button>
                </div>
            </div>
        })}
        {move || share.backed_up.get().then(|| view! {
            <div class="share-popover" role="status">
                <span>"Opened the shared workspace."</span>
                <button data-testid="restore-backup" on:click=restore>"Restore my previous work"</button>
                <button on:click=move |_| share.backed_up.set(false)>"Close"</button>
            </div>
        })}
    }
}

/// Shows a made link and puts it in the address bar, without navigating.
pub(crate) fn link_made(state: AppState, result: Result<String, String>) {
    match result {
        Ok(fragment) => {
            let Some(window) = web_sys::window() else { return };
            let location = window.location();
            let base = format!("{}{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
            let url = format!("{base}#{fragment}");
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
            let _ = window.navigator().clipboard().write_text(&url);
            state.share.problem.set(None);
            state.share.oversized.set(None);
            state.share.link.set(Some(url));
        }
        Err(message) => {
            state.share.link.set(None);
            state.share.problem.set(Some(message));
            state.share.oversized.set(Some(current_workspace(state)));
        }
    }
}

/// The Share button and what it reports: the link, or why there is none.
#[component]
pub fn ShareButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = state.share;
    let on_click = move |_| worker::send(&ToWorker::MakeLink { workspace: current_workspace(state), run: true });
    view! {
        <button data-testid="share" on:click=on_click disabled=move || !state.engine.get().is_ready()>"Share"</button>
        {move || share.link.get().map(|url| view! {
            <div class="share-popover" role="status">
                <label>
                    "Link (copied; opening it runs the workspace):"
                    <input data-testid="share-link" readonly value=url.clone() on:focus=|e| {
                        if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            input.select();
                        }
                    }/>
                </label>
                <button on:click=move |_| share.link.set(None)>"Close"</button>
            </div>
        })}
        {move || share.problem.get().map(|message| view! {
            <div class="share-popover problem" role="alert">
                <p class="error" data-testid="error">{message}</p>
                {move || share.oversized.get().map(|workspace| view! {
                    <button data-testid="download-workspace" on:click=move |_| crate::export::export(ExportKind::WorkspaceFile, workspace.clone())>"Download workspace file"</button>
                })}
                <button on:click=move |_| share.problem.set(None)>"Close"</button>
            </div>
        })}
    }
}
