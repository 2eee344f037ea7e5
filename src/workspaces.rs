//! The named-workspace picker in the top bar: switch, create, rename, delete (with a second
//! click to confirm). Storage is `crate::autosave`'s; this file only renders.

use crate::{autosave, AppState};
use leptos::prelude::*;

/// The picker. Hidden in embed mode, which has no saved workspaces.
#[component]
pub fn WorkspacePicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let library = state.library;
    let confirming = RwSignal::new(false);
    let active_name = move || library.with(|l| l.entries.iter().find(|e| e.id == l.active).map(|e| e.name.clone()).unwrap_or_default());
    (!crate::embed::is_embed()).then(|| view! {
        <div class="workspaces">
            <label>
                <span class="visually-hidden">"Workspace"</span>
                <select data-testid="workspace-picker" on:change=move |e| {
                    confirming.set(false);
                    if let Ok(id) = event_target_value(&e).parse() {
                        autosave::switch(state, id);
                    }
                }>
                    {move || library.get().entries.into_iter().map(|entry| {
                        let selected = entry.id == library.with_untracked(|l| l.active);
                        view! { <option value=entry.id.to_string() selected=selected>{entry.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span class="visually-hidden">"Rename the workspace"</span>
                <input type="text" size="14" data-testid="workspace-name" prop:value=active_name
                    on:change=move |e| {
                        let name = event_target_value(&e);
                        if !name.trim().is_empty() {
                            autosave::rename(state, name.trim().to_string());
                        }
                    }/>
            </label>
            <button data-testid="workspace-new" title="A new workspace from the starter; this one stays saved" on:click=move |_| {
                confirming.set(false);
                let n = library.with_untracked(|l| l.entries.len()) + 1;
                autosave::create(state, format!("Workspace {n}"));
            }>"New"</button>
            {move || if confirming.get() {
                view! {
                    <button class="danger" data-testid="workspace-delete-confirm" on:click=move |_| {
                        confirming.set(false);
                        autosave::delete_active(state);
                    }>{format!("Delete “{}”?", active_name())}</button>
                }.into_any()
            } else {
                view! {
                    <button data-testid="workspace-delete" disabled=move || library.with(|l| l.entries.len() < 2)
                        title="Delete this workspace (asks again)" on:click=move |_| confirming.set(true)>"Delete"</button>
                }.into_any()
            }}
        </div>
    })
}
