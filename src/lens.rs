//! The N+1 lens tab: the findings of `ormlab_core::lens` over the last script run (with the fix
//! as a one-line diff that Apply edits into the script, and Undo takes back), and the comparison
//! of every loading strategy as a bar chart with the selected strategy's statement timeline.
//! Every user string is a text node.

use crate::{run, worker, AppState};
use leptos::prelude::*;
use ormlab_core::api::{Finding, StrategyFigure, ToWorker};
use ormlab_core::lens;

/// What the lens shows beyond the last run.
#[derive(Clone, Copy)]
pub(crate) struct LensState {
    /// True while the worker runs the comparison.
    pub(crate) comparing: RwSignal<bool>,
    /// The relationships varied and one figure per strategy.
    pub(crate) compare: RwSignal<Option<(Vec<String>, Vec<StrategyFigure>)>>,
    /// The strategy whose timeline is drawn.
    pub(crate) selected: RwSignal<usize>,
    /// The script before the last applied fix.
    pub(crate) undo: RwSignal<Option<String>>,
    /// Lazy loads from one line that count as an N+1.
    pub(crate) threshold: RwSignal<usize>,
}

impl LensState {
    pub(crate) fn new() -> Self {
        Self {
            comparing: RwSignal::new(false),
            compare: RwSignal::new(None),
            selected: RwSignal::new(0),
            undo: RwSignal::new(None),
            threshold: RwSignal::new(lens::DEFAULT_THRESHOLD),
        }
    }
}

/// Records the worker's comparison; the timeline starts on the strategy with fewest queries.
pub(crate) fn compared(state: AppState, relationships: Vec<String>, figures: Vec<StrategyFigure>) {
    state.lens.comparing.set(false);
    state.lens.selected.set(figures.iter().position(|f| f.best).unwrap_or(0));
    state.lens.compare.set(Some((relationships, figures)));
}

fn start_compare(state: AppState) {
    if state.lens.comparing.get_untracked() || !state.engine.get_untracked().is_ready() {
        return;
    }
    state.lens.comparing.set(true);
    worker::send(&ToWorker::CompareStrategies { models: state.models.text.get_untracked(), script: state.script.get_untracked() });
}

fn apply_fix(state: AppState, finding: &Finding) {
    let Some(edit) = &finding.edit else { return };
    let script = state.script.get_untracked();
    if let Some(fixed) = lens::apply_edit(&script, edit) {
        state.lens.undo.set(Some(script));
        state.script.set(fixed);
        state.lens.compare.set(None);
        run::run(state);
    }
}

fn undo_fix(state: AppState) {
    if let Some(previous) = state.lens.undo.get_untracked() {
        state.lens.undo.set(None);
        state.script.set(previous);
        state.lens.compare.set(None);
        run::run(state);
    }
}

/// The lens tab's content.
#[component]
pub fn LensPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let threshold_input = move |ev: leptos::ev::Event| {
        if let Ok(n) = event_target_value(&ev).parse::<usize>() {
            state.lens.threshold.set(n.max(2));
        }
    };
    view! {
        <div class="lens">
            <div class="lens-toolbar">
                <button
                    data-testid="lens-compare"
                    title="Run the script once per loading strategy, each on a fresh copy of the database"
                    disabled=move || !state.engine.get().is_ready() || state.lens.comparing.get() || state.run.running.get()
                    on:click=move |_| start_compare(state)
                >
                    {move || if state.lens.comparing.get() { "Comparing…" } else { "Compare strategies" }}
                </button>
                <label class="threshold">
                    "N+1 from "
                    <input type="number" min="2" max="1000" prop:value=move || state.lens.threshold.get().to_string() on:change=threshold_input/>
                    " lazy loads"
                </label>
                {move || state.lens.undo.get().map(|_| view! {
                    <button data-testid="lens-undo" on:click=move |_| undo_fix(state)>"Undo fix"</button>
                })}
            </div>
            <Findings/>
            <Comparison/>
        </div>
    }
}

#[component]
fn Findings() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.run.report.get() {
        None => view! { <p class="placeholder">"Run the script: the lens shows every loop that lazy-loads a relationship once per row."</p> }.into_any(),
        Some((report, _)) => {
            let script = state.script.get_untracked();
            let findings = lens::findings(&report, &script, state.lens.threshold.get());
            if findings.is_empty() {
                return view! { <p class="muted">{format!("No N+1 in this run ({} statements).", report.query_count)}</p> }.into_any();
            }
            findings.into_iter().map(|f| view! { <FindingCard finding=f/> }).collect_view().into_any()
        }
    }
}

#[component]
fn FindingCard(finding: Finding) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (title, class) = match finding.kind.as_str() {
        "n_plus_one" => (format!("N+1: {} ×{}", finding.relationship, finding.count), "finding n-plus-one"),
        "raise_would_stop" => (format!("lazy='raise' would have stopped this: {}", finding.relationship), "finding hint"),
        _ => (format!("Unused eager load: {}", finding.relationship), "finding hint"),
    };
    let detail = match finding.kind.as_str() {
        "n_plus_one" => {
            let parents = finding.parent_line.map(|l| format!(" (the parents were loaded on line {l})")).unwrap_or_default();
            format!("Line {} lazy-loads {} once per row: {} queries{parents}.", finding.line, finding.relationship, finding.count)
        }
        _ => finding.fix.clone(),
    };
    let diff = finding.edit.clone().map(|edit| {
        let for_apply = finding.clone();
        view! {
            <div class="fix-diff" aria-label=format!("Suggested change to line {}", edit.line)>
                <pre class="del">{format!("- {}", edit.before)}</pre>
                <pre class="add">{format!("+ {}", edit.after)}</pre>
                <button data-testid="lens-apply-fix" class="primary" on:click=move |_| apply_fix(state, &for_apply)>
                    {format!("Apply to line {}", edit.line)}
                </button>
            </div>
        }
    });
    let fix = (finding.kind == "n_plus_one").then(|| view! { <p><strong>"Fix: "</strong>{finding.fix.clone()}</p> });
    view! {
        <article class=class data-testid="lens-finding" data-kind=finding.kind.clone() data-count=finding.count.to_string() data-line=finding.line.to_string()>
            <h3>{title}</h3>
            <p>{detail}</p>
            {fix}
            {diff}
        </article>
    }
}

const BAR_HEIGHT: f64 = 34.0;
const LABEL_WIDTH: f64 = 92.0;
const CHART_WIDTH: f64 = 640.0;

#[component]
fn Comparison() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (relationships, figures) = state.lens.compare.get()?;
        let max = figures.iter().map(|f| f.select_count).max().unwrap_or(1).max(1) as f64;
        let room = CHART_WIDTH - LABEL_WIDTH - 250.0;
        let height = BAR_HEIGHT * figures.len() as f64 + 8.0;
        let summary = figures.iter().map(|f| format!("{}: {} queries", f.strategy, f.select_count)).collect::<Vec<_>>().join(", ");
        let bars = figures.iter().enumerate().map(|(i, f)| {
            let y = 4.0 + i as f64 * BAR_HEIGHT;
            let width = (f.select_count as f64 / max * room).max(2.0);
            let class = if f.error.is_some() { "bar raised" } else if f.best { "bar best" } else { "bar" };
            let queries = if f.select_count == 1 { "1 query".to_string() } else { format!("{} queries", f.select_count) };
            let label = match &f.error {
                Some(_) => format!("{queries}, then raised"),
                None => format!("{queries} · {} rows · {:.1} ms", f.rows, f.time_ms),
            };
            let mark = match (f.best, f.fastest) {
                (true, true) => " ★ fewest, fastest",
                (true, false) => " ★ fewest",
                (false, true) => " ⚡ fastest",
                _ => "",
            };
            view! {
                <g class=class data-testid="lens-bar" data-fastest=f.fastest.to_string() data-strategy=f.strategy.clone() data-queries=f.select_count.to_string() data-statements=f.query_count.to_string()
                    on:click=move |_| state.lens.selected.set(i) role="button" tabindex="0">
                    <text class="bar-name" x="0" y=format!("{:.1}", y + 21.0)>{f.strategy.clone()}</text>
                    <rect x=format!("{LABEL_WIDTH:.1}") y=format!("{:.1}", y + 6.0) width=format!("{width:.1}") height="22" rx="3"></rect>
                    <text class="bar-label" x=format!("{:.1}", LABEL_WIDTH + width + 8.0) y=format!("{:.1}", y + 21.0)>{format!("{label}{mark}")}</text>
                </g>
            }
        }).collect_view();
        let selected = state.lens.selected.get().min(figures.len().saturating_sub(1));
        let timeline = figures.get(selected).cloned();
        Some(view! {
            <section class="comparison">
                <h3>{format!("Every strategy for {}", relationships.join(", "))}</h3>
                <p class="muted">"SELECT statements each strategy sent for the same script, each on its own fresh copy of the database (yours is untouched). Writes are the same under every strategy and left out."</p>
                <svg class="lens-chart" data-testid="lens-chart" viewBox=format!("0 0 {CHART_WIDTH:.0} {height:.0}") role="img" aria-label=summary xmlns="http://www.w3.org/2000/svg">
                    {bars}
                </svg>
                {timeline.map(|figure| view! { <Timeline figure/> })}
            </section>
        })
    }
}

/// A waterfall of one strategy's statements: each a bar at its start, as long as it took.
#[component]
fn Timeline(figure: StrategyFigure) -> impl IntoView {
    const ROW: f64 = 14.0;
    let shown: Vec<_> = figure.timeline.iter().filter(|t| !t.cause.starts_with("flush") && !t.cause.starts_with("autoflush")).take(120).collect();
    let total: f64 = shown.iter().map(|t| t.ms).sum::<f64>().max(0.001);
    let width = 520.0;
    let mut at = 0.0;
    let rows = shown.iter().enumerate().map(|(i, t)| {
        let x = 120.0 + at / total * (width - 130.0);
        let w = (t.ms / total * (width - 130.0)).max(1.5);
        at += t.ms;
        let y = i as f64 * ROW;
        let class = if t.cause.starts_with("lazy load") { "step lazy" } else { "step" };
        view! {
            <g class=class>
                <title>{format!("line {}: {} ({} rows, {:.3} ms)", t.line, t.cause, t.rows, t.ms)}</title>
                <text x="0" y=format!("{:.1}", y + 10.0)>{format!("line {}", t.line)}</text>
                <rect x=format!("{x:.1}") y=format!("{:.1}", y + 2.0) width=format!("{w:.1}") height="10"></rect>
            </g>
        }
    }).collect_view();
    let height = shown.len() as f64 * ROW + 4.0;
    view! {
        <div class="lens-timeline" data-testid="lens-timeline" data-strategy=figure.strategy.clone()>
            <h4>{format!("Timeline: {} ({} statement{})", figure.strategy, shown.len(), if shown.len() == 1 { "" } else { "s" })}</h4>
            <svg viewBox=format!("0 0 {width:.0} {height:.0}") role="img" aria-label=format!("{} statements of the {} strategy", shown.len(), figure.strategy) xmlns="http://www.w3.org/2000/svg">
                {rows}
            </svg>
        </div>
    }
}
