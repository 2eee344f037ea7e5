//! The CodeMirror 6 editors, through the small bridge in `js/editor-src.js`.

use leptos::html::Div;
use leptos::prelude::*;
use ormlab_core::api::Diagnostic;
use wasm_bindgen::prelude::*;

/// How many statements one script line sent, for its gutter badge.
#[derive(serde::Serialize, Clone, PartialEq)]
pub(crate) struct LineCount {
    pub(crate) line: u32,
    pub(crate) count: usize,
    /// The statements, one per line, for the badge's tooltip.
    pub(crate) detail: String,
}

/// An inline marker in the shape `Editor.setErrors` reads (camelCase, 1-based).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Marker {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: String,
}

impl From<&Diagnostic> for Marker {
    fn from(d: &Diagnostic) -> Self {
        Marker { line: d.line, column: d.column, end_line: d.end_line, end_column: d.end_column, message: d.message.clone() }
    }
}

#[wasm_bindgen(module = "/js/editor.js")]
extern "C" {
    #[derive(Clone)]
    type Editor;
    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &Editor, text: &str);
    #[wasm_bindgen(method, js_name = text)]
    fn current_text(this: &Editor) -> String;
    #[wasm_bindgen(method, js_name = setCounts)]
    fn set_counts(this: &Editor, items: &JsValue);
    #[wasm_bindgen(method, js_name = highlightLine)]
    fn highlight_line(this: &Editor, line: u32);
    #[wasm_bindgen(method, js_name = setErrors)]
    fn set_errors(this: &Editor, items: &JsValue);
    #[wasm_bindgen(constructor)]
    fn new(
        parent: &web_sys::HtmlElement,
        doc: &str,
        language: &str,
        label: &str,
        on_change: &Closure<dyn Fn(String)>,
        on_run: &Closure<dyn Fn()>,
    ) -> Editor;
}

/// Which language an editor highlights.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    /// Models and scripts.
    Python,
    /// The SQL console.
    Sql,
}

/// A CodeMirror editor whose text lives in `text`; `on_run` fires on Ctrl/Cmd+Enter.
#[component]
pub(crate) fn CodeEditor(
    /// The editor's text, written on every edit.
    text: RwSignal<String>,
    /// Highlighting mode.
    language: Language,
    /// Accessible name of the editing area.
    label: &'static str,
    /// The `data-testid` of the editor's container.
    testid: &'static str,
    /// Called on Ctrl/Cmd+Enter.
    on_run: Callback<()>,
    /// Inline error markers to show.
    #[prop(optional, into)]
    errors: Option<Signal<Vec<Diagnostic>>>,
    /// Statements per line of the last run, as (line, count), for the gutter badges.
    #[prop(optional, into)]
    counts: Option<Signal<Vec<LineCount>>>,
    /// A line to select and scroll to (set by a click on a statement in the SQL tab).
    #[prop(optional, into)]
    highlight: Option<Signal<Option<u32>>>,
) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    host.on_load(move |element| {
        let on_change = Closure::<dyn Fn(String)>::new(move |new_text: String| text.set(new_text));
        let on_run = Closure::<dyn Fn()>::new(move || on_run.run(()));
        let language = match language {
            Language::Python => "python",
            Language::Sql => "sql",
        };
        let element: &web_sys::HtmlElement = &element;
        // The editor lives as long as the page: the closures it calls must too.
        let editor = Editor::new(element, &text.get_untracked(), language, label, &on_change, &on_run);
        on_change.forget();
        on_run.forget();
        // Text set from outside (a share link, a lesson) flows into the editor; the editor's
        // own edits come back equal and change nothing.
        let follower = editor.clone();
        Effect::new(move |_| {
            let wanted = text.get();
            if follower.current_text() != wanted {
                follower.set_text(&wanted);
            }
        });
        if let Some(counts) = counts {
            let badges = editor.clone();
            Effect::new(move |_| {
                if let Ok(items) = serde_wasm_bindgen::to_value(&counts.get()) {
                    badges.set_counts(&items);
                }
            });
        }
        if let Some(highlight) = highlight {
            let selector = editor.clone();
            Effect::new(move |_| {
                if let Some(line) = highlight.get() {
                    selector.highlight_line(line);
                }
            });
        }
        if let Some(errors) = errors {
            Effect::new(move |_| {
                let markers: Vec<Marker> = errors.get().iter().map(Marker::from).collect();
                if let Ok(items) = serde_wasm_bindgen::to_value(&markers) {
                    editor.set_errors(&items);
                }
            });
        }
    });
    view! { <div class="editor" data-testid=testid node_ref=host></div> }
}
