//! Lessons on the page: the top bar's picker, the step's pane (instructions rendered as
//! elements from the core's tree, never HTML), Prev/Next, Check, and `#lesson=<id>/<step>`
//! links. The pack and the Markdown parser live in the worker, which sends the parsed lessons
//! when the picker is first focused (cost, gzip: page +24 KB, worker +79 KB, mostly
//! pulldown-cmark).

use crate::{worker, AppState};
use leptos::prelude::*;
use ormlab_core::api::{CheckResult, LessonPosition, LessonView, ToWorker};
use ormlab_core::lessons::markdown::{Block, Inline};

/// What the lessons feature shows.
#[derive(Clone, Copy)]
pub(crate) struct LessonState {
    /// The lessons, once the worker has sent them.
    lessons: RwSignal<Option<Vec<LessonView>>>,
    /// The open lesson id and 1-based step.
    current: RwSignal<Option<(String, usize)>>,
    /// The last Check's results (or why it could not run).
    results: RwSignal<Option<Result<Vec<CheckResult>, String>>>,
    /// A Check is running.
    checking: RwSignal<bool>,
    /// The `#lesson=` link the page was opened with, until the lessons arrive.
    pending: RwSignal<Option<String>>,
    /// Why a lesson link could not be opened.
    problem: RwSignal<Option<String>>,
    /// A step a restored workspace was at, to show (keeping its code) once the lessons arrive.
    restoring: RwSignal<Option<(String, usize)>>,
}

/// The fragment prefix of lesson links (share links start `#v1.`; the two never collide).
pub(crate) const LINK_PREFIX: &str = "#lesson=";

impl LessonState {
    /// Remembers a `#lesson=` fragment the page was opened with.
    pub(crate) fn new() -> Self {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        let pending = hash.strip_prefix(LINK_PREFIX).map(str::to_string);
        Self { lessons: RwSignal::new(None), current: RwSignal::new(None), results: RwSignal::new(None), checking: RwSignal::new(false), pending: RwSignal::new(pending), problem: RwSignal::new(None), restoring: RwSignal::new(None) }
    }
}

/// `first-model/2` → the lesson id and step; hostile text only yields `None`.
fn parse_link(text: &str) -> Option<(String, usize)> {
    let (id, step) = text.split_once('/').unwrap_or((text, "1"));
    let step: usize = step.parse().ok()?;
    (!id.is_empty() && id.len() <= 64 && step >= 1).then(|| (id.to_string(), step))
}

/// Once the engine is ready: a lesson link, or a restored workspace's step, asks for the lessons.
pub(crate) fn open_pending_link(state: AppState) {
    if state.lessons.pending.get_untracked().is_some() || state.lessons.restoring.get_untracked().is_some() {
        load(state);
    }
}

/// Keeps the open step in the workspace (`AppState::lesson`, which links, files and autosave
/// carry), and shows the step a restored workspace carries without replacing its code.
pub(crate) fn sync_with_workspace(state: AppState) {
    Effect::watch(
        move || state.lessons.current.get(),
        move |current, _, _| {
            let position = current.as_ref().map(|(id, step)| LessonPosition { id: id.clone(), step: (step - 1) as u32 });
            if state.lesson.get_untracked() != position {
                state.lesson.set(position);
            }
        },
        false,
    );
    Effect::new(move |_| {
        let wanted = state.lesson.get().map(|p| (p.id, p.step as usize + 1));
        if state.lessons.current.get_untracked() == wanted {
            return;
        }
        match wanted {
            None => state.lessons.current.set(None),
            Some(wanted) => {
                state.lessons.restoring.set(Some(wanted));
                if state.lessons.lessons.with_untracked(Option::is_some) {
                    restore(state);
                } else {
                    load(state);
                }
            }
        }
    });
}

fn restore(state: AppState) {
    let Some((id, step)) = state.lessons.restoring.get_untracked() else { return };
    state.lessons.restoring.set(None);
    if step_exists(state, &id, step) {
        state.lessons.results.set(None);
        state.lessons.current.set(Some((id, step)));
    }
}

fn load(state: AppState) {
    if state.lessons.lessons.get_untracked().is_none() && state.engine.get_untracked().is_ready() {
        worker::send(&ToWorker::LoadLessons);
    }
}

/// The worker's lessons arrived; a pending link opens its step now.
pub(crate) fn loaded(state: AppState, result: Result<Vec<LessonView>, String>) {
    match result {
        Ok(lessons) => state.lessons.lessons.set(Some(lessons)),
        Err(message) => state.lessons.problem.set(Some(message)),
    }
    restore(state);
    let Some(link) = state.lessons.pending.get_untracked() else { return };
    state.lessons.pending.set(None);
    match parse_link(&link) {
        Some((id, step)) if step_exists(state, &id, step) => open(state, id, step),
        _ => state.lessons.problem.set(Some(format!("No lesson step matches the link {LINK_PREFIX}{}", link.chars().take(80).collect::<String>()))),
    }
}

fn step_exists(state: AppState, id: &str, step: usize) -> bool {
    state.lessons.lessons.with_untracked(|l| l.as_ref().and_then(|l| l.iter().find(|l| l.id == id)).is_some_and(|l| step <= l.steps.len()))
}

/// Opens a step: its starting code replaces the editors.
fn open(state: AppState, id: String, step: usize) {
    let code = state.lessons.lessons.with_untracked(|lessons| {
        lessons.as_ref()?.iter().find(|l| l.id == id)?.steps.get(step - 1).map(|s| (s.models.clone(), s.script.clone(), s.revisions.clone()))
    });
    let Some((models, script, revisions)) = code else { return };
    state.models.text.set(models);
    state.script.set(script);
    // A migration step starts from its revisions; other steps leave the tab's files alone.
    if !revisions.is_empty() {
        crate::migrations::restore(state, revisions);
        crate::migrations::refresh(state);
    }
    state.lessons.results.set(None);
    state.lessons.problem.set(None);
    state.lessons.current.set(Some((id, step)));
}

/// The worker's Check results.
pub(crate) fn checked(state: AppState, result: Result<Vec<CheckResult>, String>) {
    state.lessons.checking.set(false);
    state.lessons.results.set(Some(result));
}

/// A Check that will not answer (the worker failed or was restarted).
pub(crate) fn failed(state: AppState) {
    state.lessons.checking.set(false);
}

/// The top bar's lesson picker; the lessons load when it is first focused.
#[component]
pub fn LessonPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let selected = move || state.lessons.current.get().map(|(id, _)| id).unwrap_or_default();
    view! {
        <label class="lesson-picker">
            <span class="visually-hidden">"Lesson"</span>
            <select
                data-testid="lesson-picker"
                disabled=move || !state.engine.get().is_ready()
                on:focus=move |_| load(state)
                on:pointerdown=move |_| load(state)
                prop:value=selected
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if id.is_empty() {
                        state.lessons.current.set(None);
                    } else {
                        open(state, id, 1);
                    }
                }
            >
                <option value="">"Free play"</option>
                {move || {
                    state.lessons.lessons.get().unwrap_or_default().into_iter().map(|l| view! { <option value=l.id.clone()>{l.title.clone()}</option> }).collect_view()
                }}
            </select>
        </label>
    }
}

/// The open step: instructions, Prev/Next, Check and its results.
#[component]
pub fn LessonPane() -> impl IntoView {
    let state = expect_context::<AppState>();
    let problem = move || state.lessons.problem.get().map(|p| view! { <p class="lesson-problem" role="alert" data-testid="lesson-problem">{p}</p> });
    let pane = move || {
        let (id, step) = state.lessons.current.get()?;
        let lesson = state.lessons.lessons.with(|l| l.as_ref().and_then(|l| l.iter().find(|l| l.id == id).cloned()))?;
        let total = lesson.steps.len();
        let view_step = lesson.steps.get(step - 1)?.clone();
        let go = move |to: usize| {
            let id = id.clone();
            move |_| open(state, id.clone(), to)
        };
        let check_id = lesson.id.clone();
        let check = move |_| {
            // The old results go at once, so nothing stale reads as this Check's answer.
            state.lessons.results.set(None);
            state.lessons.checking.set(true);
            worker::send(&ToWorker::CheckLesson { lesson: check_id.clone(), step, models: state.models.text.get_untracked(), script: state.script.get_untracked(), revisions: state.migrations.revisions.get_untracked() });
        };
        Some(view! {
            <section class="lesson-pane" aria-label="Lesson" data-testid="lesson-pane">
                <div class="lesson-head">
                    <h2 class="lesson-title">{lesson.title.clone()}</h2>
                    <span data-testid="lesson-step" data-lesson=lesson.id.clone() data-step=step.to_string()>{format!("Step {step} of {total}: {}", view_step.title)}</span>
                    <code class="lesson-link" data-testid="lesson-link" title="Link to this step">{format!("{LINK_PREFIX}{}/{step}", lesson.id)}</code>
                </div>
                <div class="lesson-instructions" data-testid="lesson-instructions">{blocks(&view_step.instructions)}</div>
                <div class="lesson-actions">
                    <button data-testid="lesson-prev" disabled=step <= 1 on:click=go(step.saturating_sub(1).max(1))>"Prev"</button>
                    <button data-testid="lesson-next" disabled=step >= total on:click=go((step + 1).min(total))>"Next"</button>
                    <button data-testid="lesson-check" class="primary" disabled=move || state.lessons.checking.get() || !state.engine.get().is_ready() on:click=check>"Check"</button>
                </div>
                <CheckResults/>
            </section>
        })
    };
    view! { {problem} {pane} }
}

#[component]
fn CheckResults() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.lessons.results.get()? {
        Err(message) => Some(view! { <p class="lesson-problem" data-testid="lesson-check-error">{message}</p> }.into_any()),
        Ok(results) => {
            let all = results.iter().all(|r| r.pass);
            Some(
                view! {
                    <div data-testid="lesson-check-summary" data-pass=all.to_string() class="lesson-summary">
                        {if all { "All checks pass: on to the next step." } else { "Not yet: see the failing checks." }}
                    </div>
                    <ul class="lesson-results">
                        {results
                            .into_iter()
                            .map(|r| view! {
                                <li data-testid="lesson-check-result" data-pass=r.pass.to_string() class=if r.pass { "pass" } else { "fail" }>
                                    <span class="mark">{if r.pass { "✓ " } else { "✗ " }}</span>
                                    <code>{r.check}</code>
                                    " — "
                                    {r.message}
                                </li>
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            )
        }
    }
}

fn blocks(list: &[Block]) -> AnyView {
    list.iter().map(block).collect_view().into_any()
}

fn block(b: &Block) -> AnyView {
    match b {
        Block::Heading(1, content) => view! { <h3>{inlines(content)}</h3> }.into_any(),
        Block::Heading(2, content) => view! { <h4>{inlines(content)}</h4> }.into_any(),
        Block::Heading(_, content) => view! { <h5>{inlines(content)}</h5> }.into_any(),
        Block::Paragraph(content) => view! { <p>{inlines(content)}</p> }.into_any(),
        Block::Code(text) => view! { <pre><code>{text.clone()}</code></pre> }.into_any(),
        Block::List { ordered: true, items } => view! { <ol>{items.iter().map(|i| view! { <li>{blocks(i)}</li> }).collect_view()}</ol> }.into_any(),
        Block::List { ordered: false, items } => view! { <ul>{items.iter().map(|i| view! { <li>{blocks(i)}</li> }).collect_view()}</ul> }.into_any(),
        Block::Quote(content) => view! { <blockquote>{blocks(content)}</blockquote> }.into_any(),
        Block::Rule => view! { <hr/> }.into_any(),
    }
}

fn inlines(list: &[Inline]) -> AnyView {
    list.iter().map(inline).collect_view().into_any()
}

fn inline(i: &Inline) -> AnyView {
    match i {
        Inline::Text(text) => text.clone().into_any(),
        Inline::Code(text) => view! { <code>{text.clone()}</code> }.into_any(),
        Inline::Strong(content) => view! { <strong>{inlines(content)}</strong> }.into_any(),
        Inline::Emphasis(content) => view! { <em>{inlines(content)}</em> }.into_any(),
        // The core kept only http(s) and lesson targets; outside links open in a new tab.
        Inline::Link { href, children } => view! { <a href=href.clone() target="_blank" rel="noopener noreferrer">{inlines(children)}</a> }.into_any(),
        Inline::Break => " ".into_any(),
    }
}
