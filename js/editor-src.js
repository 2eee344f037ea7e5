// The CodeMirror 6 bridge: the page's Rust code creates editors through these functions
// (bound with wasm-bindgen) and never touches CodeMirror directly. Bundled by esbuild into
// js/editor.js, which Trunk ships as a wasm-bindgen snippet.
import { EditorView, basicSetup } from "codemirror";
import { EditorState, Compartment } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { python } from "@codemirror/lang-python";
import { sql, SQLite } from "@codemirror/lang-sql";
import { oneDark } from "@codemirror/theme-one-dark";
import { setDiagnostics } from "@codemirror/lint";

const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

/** A CodeMirror editor inside `parent`; `onChange(text)` on every edit, `onRun()` on Ctrl/Cmd+Enter. */
export class Editor {
  constructor(parent, doc, language, label, onChange, onRun) {
    const theme = new Compartment();
    const runKey = keymap.of([{ key: "Mod-Enter", run: () => { onRun(); return true; } }]);
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc,
        extensions: [
          runKey,
          basicSetup,
          language === "sql" ? [sql({ dialect: SQLite }), EditorView.lineWrapping] : python(),
          theme.of(darkQuery.matches ? oneDark : []),
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    // Follow the system theme while the page is open.
    darkQuery.addEventListener("change", (event) => {
      this.view.dispatch({ effects: theme.reconfigure(event.matches ? oneDark : []) });
    });
  }

  /** The editor's text. */
  text() {
    return this.view.state.doc.toString();
  }

  /** Replaces the whole text (lessons, links, undo of a fix). */
  setText(text) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  /** Inline error markers: `items` is an array of {line, column, endLine, endColumn, message}, 1-based. */
  setErrors(items) {
    const doc = this.view.state.doc;
    const offset = (line, column) => {
      const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
      return Math.min(l.from + Math.max(column - 1, 0), l.to);
    };
    const diagnostics = items.map((item) => {
      const from = offset(item.line, item.column);
      const to = Math.max(from, offset(item.endLine ?? item.line, item.endColumn ?? item.column + 1));
      return { from, to, severity: "error", message: item.message };
    });
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }
}
