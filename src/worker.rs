//! The page's side of the workers: spawn them, send typed requests, receive typed replies, and
//! terminate and replace one when a request runs too long. Workers are stateless from the
//! page's point of view (each request carries what it needs), so replacing one loses nothing.
//!
//! Two workers, so that the first result does not wait for the whole ORM: the small console
//! worker (started by `public/boot.js` before this wasm loads) answers the SQL console and links
//! at once; the full worker starts loading when the console worker is ready, and from its own
//! `Ready` on it answers everything and the console worker is let go. Requests only the full
//! worker can answer wait here until it is ready; the 2 s limit starts when a worker has one.

use ormlab_core::api::{FromWorker, ToWorker};
use ormlab_worker::{host::console_answers, protocol};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// How long a request may run before the worker is terminated (DESIGN.md: 2 s).
pub(crate) const RUN_TIMEOUT_MS: i32 = 2000;

/// What the page hears from the worker bridge.
pub(crate) enum WorkerEvent {
    /// A reply from a worker.
    Message(FromWorker),
    /// A request ran longer than [`RUN_TIMEOUT_MS`]; the worker was replaced by a fresh one.
    TimedOut,
    /// A worker itself failed (script error, failed load).
    Crashed(String),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Console,
    Full,
}

impl Kind {
    fn url(self) -> &'static str {
        match self {
            Kind::Console => "ormlab_worker_loader.js?console",
            Kind::Full => "ormlab_worker_loader.js",
        }
    }
}

/// One running worker.
struct Handle {
    kind: Kind,
    worker: Worker,
    ready: bool,
    /// Requests sent and not answered yet; the worker answers them in order.
    pending: usize,
    timeout: Option<i32>,
    // Kept alive as long as the worker.
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

struct Bridge {
    listener: Rc<dyn Fn(WorkerEvent)>,
    console: Option<Handle>,
    full: Option<Handle>,
    /// Encoded requests no ready worker can take yet, oldest first.
    waiting: Vec<(bool, JsValue)>,
    /// The page has been told `Ready` (after a restart it must hear it again).
    announced: bool,
    /// SQLite's version from the first `Ready`, to tell the page again after a restart.
    sqlite_version: Option<String>,
}

thread_local! {
    static BRIDGE: RefCell<Option<Bridge>> = const { RefCell::new(None) };
}

/// Starts the workers; `listener` receives every [`WorkerEvent`] from now on.
pub(crate) fn start(listener: impl Fn(WorkerEvent) + 'static) {
    BRIDGE.with(|b| *b.borrow_mut() = Some(Bridge { listener: Rc::new(listener), console: None, full: None, waiting: Vec::new(), announced: false, sqlite_version: None }));
    let booted = take_booted_worker();
    spawn(Kind::Console, booted);
}

/// The console worker `boot.js` started before this wasm loaded, and the messages it already sent.
fn take_booted_worker() -> Option<(Worker, js_sys::Array)> {
    let window = web_sys::window()?;
    let boot = js_sys::Reflect::get(&window, &"ormlabBoot".into()).ok().filter(|b| b.is_object())?;
    js_sys::Reflect::delete_property(&window, &"ormlabBoot".into()).ok()?;
    let worker = js_sys::Reflect::get(&boot, &"worker".into()).ok()?.dyn_into::<Worker>().ok()?;
    let early = js_sys::Reflect::get(&boot, &"early".into()).ok()?.dyn_into::<js_sys::Array>().ok()?;
    Some((worker, early))
}

fn with_bridge<R>(f: impl FnOnce(&mut Bridge) -> R) -> Option<R> {
    BRIDGE.with(|bridge| bridge.borrow_mut().as_mut().map(f))
}

fn notify(event: WorkerEvent) {
    if let Some(listener) = with_bridge(|b| b.listener.clone()) {
        listener(event);
    }
}

fn spawn(kind: Kind, booted: Option<(Worker, js_sys::Array)>) {
    let (worker, early) = match booted {
        Some(booted) => booted,
        None => match Worker::new(kind.url()) {
            Ok(worker) => (worker, js_sys::Array::new()),
            Err(error) => return notify(WorkerEvent::Crashed(format!("cannot start the worker: {error:?}"))),
        },
    };
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| received(kind, event.data()));
    let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
        with_bridge(|b| slot(b, kind).as_mut().map(clear_timeout));
        notify(WorkerEvent::Crashed(event.message()));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let handle = Handle { kind, worker, ready: false, pending: 0, timeout: None, _on_message: on_message, _on_error: on_error };
    with_bridge(|b| *slot(b, kind) = Some(handle));
    for event in early.iter().filter_map(|e| e.dyn_into::<MessageEvent>().ok()) {
        received(kind, event.data());
    }
}

fn slot(bridge: &mut Bridge, kind: Kind) -> &mut Option<Handle> {
    match kind {
        Kind::Console => &mut bridge.console,
        Kind::Full => &mut bridge.full,
    }
}

fn received(kind: Kind, data: JsValue) {
    let message = match protocol::decode::<FromWorker>(data) {
        Ok(message) => message,
        Err(error) => return notify(WorkerEvent::Crashed(format!("unreadable reply from the worker: {error}"))),
    };
    let forward = match &message {
        FromWorker::Loading { .. } => with_bridge(|b| !b.announced && (kind == Kind::Console || b.console.is_none())).unwrap_or(false),
        FromWorker::Ready { sqlite_version } => with_bridge(|b| {
            b.sqlite_version.get_or_insert_with(|| sqlite_version.clone());
            became_ready(b, kind)
        })
        .unwrap_or(false),
        _ => {
            with_bridge(|b| {
                if let Some(handle) = slot(b, kind).as_mut() {
                    answered(handle);
                }
                retire_console_when_idle(b);
            });
            true
        }
    };
    if kind == Kind::Console && matches!(message, FromWorker::Ready { .. }) && with_bridge(|b| b.full.is_none()).unwrap_or(false) {
        spawn(Kind::Full, None);
    }
    if forward {
        notify(WorkerEvent::Message(message));
    }
}

/// Marks the worker ready, hands it what waited for it; true when the page should hear `Ready`.
fn became_ready(bridge: &mut Bridge, kind: Kind) -> bool {
    let Some(handle) = slot(bridge, kind).as_mut() else { return false };
    handle.ready = true;
    if kind == Kind::Full {
        cache_for_offline();
    }
    let waiting = std::mem::take(&mut bridge.waiting);
    for (console_can, encoded) in waiting {
        match target(bridge, console_can) {
            Some(handle) => post(handle, &encoded),
            None => bridge.waiting.push((console_can, encoded)),
        }
    }
    retire_console_when_idle(bridge);
    !std::mem::replace(&mut bridge.announced, true)
}

/// Registers the service worker (`boot.js`), which downloads the whole app for offline use:
/// only now, when everything the page needs has loaded.
fn cache_for_offline() {
    let Some(window) = web_sys::window() else { return };
    if let Ok(register) = js_sys::Reflect::get(&window, &"ormlabOffline".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = register.call0(&JsValue::NULL);
    }
}

/// Once the full worker is ready, the console worker goes as soon as it has nothing to answer.
fn retire_console_when_idle(bridge: &mut Bridge) {
    let full_ready = bridge.full.as_ref().is_some_and(|h| h.ready);
    if full_ready && bridge.console.as_ref().is_some_and(|h| h.pending == 0) {
        if let Some(console) = bridge.console.take() {
            console.worker.terminate();
        }
    }
}

/// The ready worker that takes a request: the full one when ready, else the console one if it can.
fn target(bridge: &mut Bridge, console_can: bool) -> Option<&mut Handle> {
    if bridge.full.as_ref().is_some_and(|h| h.ready) {
        return bridge.full.as_mut();
    }
    bridge.console.as_mut().filter(|h| h.ready && console_can)
}

/// Sends a request; if it gets no reply within [`RUN_TIMEOUT_MS`] of reaching the front of its
/// worker's queue, that worker is replaced.
pub(crate) fn send(request: &ToWorker) {
    let encoded = match protocol::encode(request) {
        Ok(encoded) => encoded,
        Err(error) => return notify(WorkerEvent::Crashed(format!("cannot encode a request: {error}"))),
    };
    let console_can = console_answers(request);
    with_bridge(|bridge| match target(bridge, console_can) {
        Some(handle) => post(handle, &encoded),
        None => bridge.waiting.push((console_can, encoded)),
    });
}

fn post(handle: &mut Handle, encoded: &JsValue) {
    if let Err(error) = handle.worker.post_message(encoded) {
        web_sys::console::error_1(&error);
        return;
    }
    handle.pending += 1;
    if handle.pending == 1 {
        arm_timeout(handle);
    }
}

fn arm_timeout(handle: &mut Handle) {
    let kind = handle.kind;
    let on_timeout = Closure::once_into_js(move || replace_runaway_worker(kind));
    handle.timeout = web_sys::window()
        .and_then(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.unchecked_ref(), RUN_TIMEOUT_MS).ok());
}

/// One request was answered: the next one in the queue gets its own full time.
fn answered(handle: &mut Handle) {
    clear_timeout(handle);
    handle.pending = handle.pending.saturating_sub(1);
    if handle.pending > 0 {
        arm_timeout(handle);
    }
}

fn clear_timeout(handle: &mut Handle) {
    if let (Some(id), Some(window)) = (handle.timeout.take(), web_sys::window()) {
        window.clear_timeout_with_handle(id);
    }
}

/// Terminating is the only way to stop a wasm worker stuck in a loop or a query. A runaway
/// console worker is not replaced once the full worker can take over.
fn replace_runaway_worker(kind: Kind) {
    let respawn = with_bridge(|bridge| {
        let Some(old) = slot(bridge, kind).take() else { return false };
        old.worker.terminate();
        let respawn = kind == Kind::Full || !bridge.full.as_ref().is_some_and(|h| h.ready);
        bridge.announced = !respawn;
        respawn
    });
    notify(WorkerEvent::TimedOut);
    match respawn {
        Some(true) => spawn(kind, None),
        // The full worker is ready and takes over: the page only needs to hear so again.
        Some(false) => {
            if let Some(sqlite_version) = with_bridge(|b| b.sqlite_version.clone()).flatten() {
                notify(WorkerEvent::Message(FromWorker::Ready { sqlite_version }));
            }
        }
        None => {}
    }
}
