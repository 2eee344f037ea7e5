//! The top bar's Export menu: the database as a .sqlite file, the workspace file, models.py,
//! and opening a workspace file. The worker makes every file (the core knows the formats and
//! sql.js holds the database); the page only offers the bytes as a download.

use crate::{worker, AppState};
use leptos::prelude::*;
use ormlab_core::api::{ExportKind, ExportedFile, ImportedDatabase, ToWorker, Workspace};
use wasm_bindgen::JsCast;

/// Asks the worker for a file of `workspace`.
pub(crate) fn export(kind: ExportKind, workspace: Workspace) {
    worker::send(&ToWorker::Export { kind, workspace });
}

/// The worker's file arrived: download it, or say why there is none.
pub(crate) fn exported(state: AppState, result: Result<ExportedFile, String>) {
    match result {
        Ok(file) => {
            if download(&file).is_none() {
                state.export_problem.set(Some(format!("The browser refused to save {}.", file.name)));
            }
        }
        Err(message) => state.export_problem.set(Some(format!("Could not export: {message}"))),
    }
}

fn download(file: &ExportedFile) -> Option<()> {
    let bytes = js_sys::Uint8Array::from(file.bytes.as_slice());
    let parts = js_sys::Array::of1(&bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&file.mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_href(&url);
    anchor.set_download(&file.name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

/// The largest .sqlite file the page imports: its rows become a console script, which
/// autosave keeps in browser storage (a few MB per site).
const MAX_IMPORT_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

/// Reads the chosen .sqlite file and sends it to the worker, which turns it into a script.
fn import_database(state: AppState, input: web_sys::HtmlInputElement) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
    input.set_value("");
    if file.size() > MAX_IMPORT_BYTES {
        state.export_problem.set(Some(format!("{} is over 4 MB, too large to keep in this browser's storage.", file.name())));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => worker::send(&ToWorker::ImportDatabase { bytes: js_sys::Uint8Array::new(&buffer).to_vec() }),
            Err(_) => state.export_problem.set(Some("The file could not be read.".into())),
        }
    });
}

/// The imported database replaces the console's: its script becomes the whole history.
pub(crate) fn database_imported(state: AppState, result: Result<ImportedDatabase, String>) {
    match result {
        Ok(imported) => {
            state.console.restore(vec![imported.script], None);
            state.imported.set(Some(imported.schema));
        }
        Err(message) => state.export_problem.set(Some(format!("Could not import: {message}"))),
    }
}

/// The schema of the last imported database, in the Database tab.
#[component]
pub fn ImportedSchema() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || state.imported.get().map(|schema| view! {
        <details class="db-tables" open>
            <summary>"Imported database"</summary>
            <pre class="sql" data-testid="imported-schema">{schema.join(";\n\n")}</pre>
        </details>
    })
}

/// Reads the chosen workspace file and hands its text to the worker to check and open.
fn open_file(state: AppState, input: web_sys::HtmlInputElement) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
    input.set_value("");
    if file.size() > ormlab_core::share::MAX_FILE_BYTES as f64 {
        state.export_problem.set(Some(format!("{} is too large to be a workspace file.", file.name())));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) {
            Some(text) => crate::share::open_file(state, text),
            None => state.export_problem.set(Some("The file could not be read.".into())),
        }
    });
}

/// The Export button and its menu.
#[component]
pub fn ExportMenu() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let item = move |kind: ExportKind| {
        move |_| {
            open.set(false);
            state.export_problem.set(None);
            export(kind, crate::workspace::current(state));
        }
    };
    let ready = move || state.engine.get().is_ready();
    view! {
        <div class="export">
            <button data-testid="export" aria-haspopup="true" aria-expanded=move || open.get().to_string() disabled=move || !ready()
                on:click=move |_| open.update(|o| *o = !*o)>"Export"</button>
            <div class="share-popover export-menu" role="menu" hidden=move || !open.get()>
                <button role="menuitem" data-testid="export-sqlite" on:click=item(ExportKind::Database)
                    title="The console's database as a SQLite file; opens in any SQLite tool">"Database (.sqlite)"</button>
                <button role="menuitem" data-testid="export-workspace" on:click=item(ExportKind::WorkspaceFile)
                    title="Everything in this workspace, to open later or share when a link is too long">"Workspace file (.json)"</button>
                <button role="menuitem" data-testid="export-models" on:click=item(ExportKind::ModelsPy)>"models.py"</button>
                <button role="menuitem" data-testid="export-migrations" on:click=item(ExportKind::Migrations)
                    title="The revision files as migrations/versions/*.py, as Alembic names them">"Migrations (.zip)"</button>
                <label class="import">
                    "Import a .sqlite file…"
                    <input type="file" accept=".sqlite,.sqlite3,.db,application/vnd.sqlite3" data-testid="import-sqlite" on:change=move |e| {
                        open.set(false);
                        if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            import_database(state, input);
                        }
                    }/>
                </label>
                <label class="import">
                    "Open a workspace file…"
                    <input type="file" accept=".json,application/json" data-testid="import-workspace" on:change=move |e| {
                        open.set(false);
                        if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            open_file(state, input);
                        }
                    }/>
                </label>
            </div>
            {move || state.export_problem.get().map(|message| view! {
                <div class="share-popover problem" role="alert">
                    <p class="error" data-testid="error">{message}</p>
                    <button on:click=move |_| state.export_problem.set(None)>"Close"</button>
                </div>
            })}
        </div>
    }
}
