// The CodeMirror 6 bridge: the page's Rust code creates editors through these functions
// (bound with wasm-bindgen) and never touches CodeMirror directly. Bundled by esbuild into
// js/editor.js, which Trunk ships as a wasm-bindgen snippet.
import { EditorState, Compartment, StateField, StateEffect, RangeSet } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, gutter, GutterMarker, highlightActiveLineGutter, highlightSpecialChars, drawSelection, highlightActiveLine,
} from "@codemirror/view";
import { history, defaultKeymap, historyKeymap, indentWithTab } from "@codemirror/commands";
import { indentOnInput, syntaxHighlighting, defaultHighlightStyle, bracketMatching, LanguageSupport } from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { pythonLanguage } from "@codemirror/lang-python";
import { SQLite } from "@codemirror/lang-sql";
import { oneDark } from "@codemirror/theme-one-dark";
import { setDiagnostics } from "@codemirror/lint";

// What a code playground needs, and no more: the page's byte budget has no room for
// autocompletion, search or folding (basicSetup would add ~35 KB gzip).
const setup = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history(),
  drawSelection(),
  indentOnInput(),
  syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
  bracketMatching(),
  closeBrackets(),
  highlightActiveLine(),
  keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
];

// The per-line statement counts of the last run ("×51"), drawn in a gutter of their own.
class CountMarker extends GutterMarker {
  constructor(count, detail) {
    super();
    this.count = count;
    this.detail = detail ?? "";
  }
  eq(other) {
    return other.count === this.count && other.detail === this.detail;
  }
  toDOM() {
    const badge = document.createElement("span");
    badge.className = "cm-count " + (this.count >= 10 ? "cm-count-high" : this.count >= 2 ? "cm-count-mid" : "cm-count-low");
    badge.textContent = "×" + this.count;
    // Hovering shows the statements themselves (text, never markup).
    badge.title = this.count + (this.count === 1 ? " statement" : " statements") + " from this line" + (this.detail ? ":\n" + this.detail : "");
    return badge;
  }
}
const setCounts = StateEffect.define();
const countsField = StateField.define({
  create: () => RangeSet.empty,
  update(counts, tr) {
    for (const effect of tr.effects) if (effect.is(setCounts)) return effect.value;
    return tr.docChanged ? counts.map(tr.changes) : counts;
  },
});
const countGutter = [countsField, gutter({ class: "cm-count-gutter", markers: (view) => view.state.field(countsField) })];

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
          setup,
          countGutter,
          // The languages without their completion sources (they would pull in autocompletion).
          language === "sql" ? [new LanguageSupport(SQLite.language), EditorView.lineWrapping] : new LanguageSupport(pythonLanguage),
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

  /** Statement counts per line: `items` is an array of {line, count}, 1-based lines. */
  setCounts(items) {
    const doc = this.view.state.doc;
    const ranges = items
      .filter((item) => item.line >= 1 && item.line <= doc.lines)
      .sort((a, b) => a.line - b.line)
      .map((item) => new CountMarker(item.count, item.detail).range(doc.line(item.line).from));
    this.view.dispatch({ effects: setCounts.of(RangeSet.of(ranges)) });
  }

  /** Puts the cursor on a 1-based line, selects it and scrolls it into view (a statement clicked in the SQL tab). */
  highlightLine(line) {
    const doc = this.view.state.doc;
    if (line < 1 || line > doc.lines) return;
    const l = doc.line(line);
    this.view.dispatch({ selection: { anchor: l.from, head: l.to }, scrollIntoView: true });
    this.view.focus();
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
