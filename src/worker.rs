//! The page's side of the worker: spawn it, send typed requests, receive typed replies, and
//! terminate and replace it when a request runs too long. The worker is stateless from the
//! page's point of view (each request carries what it needs), so replacing it loses nothing.

use ormlab_core::api::{FromWorker, ToWorker};
use ormlab_worker::protocol;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// How long a request may run before the worker is terminated (DESIGN.md: 2 s).
pub(crate) const RUN_TIMEOUT_MS: i32 = 2000;

/// What the page hears from the worker bridge.
pub(crate) enum WorkerEvent {
    /// A reply from the worker.
    Message(FromWorker),
    /// A request ran longer than [`RUN_TIMEOUT_MS`]; the worker was replaced by a fresh one.
    TimedOut,
    /// The worker itself failed (script error, failed load).
    Crashed(String),
}

struct Bridge {
    worker: Worker,
    listener: Rc<dyn Fn(WorkerEvent)>,
    /// Requests sent and not answered yet; the worker answers them in order.
    pending: usize,
    timeout: Option<i32>,
    // Kept alive as long as the worker.
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

thread_local! {
    static BRIDGE: RefCell<Option<Bridge>> = const { RefCell::new(None) };
}

/// Starts the worker; `listener` receives every [`WorkerEvent`] from now on.
pub(crate) fn start(listener: impl Fn(WorkerEvent) + 'static) {
    spawn(Rc::new(listener));
}

/// The worker `boot.js` started before this wasm loaded, and the messages it already sent.
fn take_booted_worker() -> Option<(Worker, js_sys::Array)> {
    let window = web_sys::window()?;
    let boot = js_sys::Reflect::get(&window, &"ormlabBoot".into()).ok().filter(|b| b.is_object())?;
    js_sys::Reflect::delete_property(&window, &"ormlabBoot".into()).ok()?;
    let worker = js_sys::Reflect::get(&boot, &"worker".into()).ok()?.dyn_into::<Worker>().ok()?;
    let early = js_sys::Reflect::get(&boot, &"early".into()).ok()?.dyn_into::<js_sys::Array>().ok()?;
    Some((worker, early))
}

fn spawn(listener: Rc<dyn Fn(WorkerEvent)>) {
    let (worker, early) = match take_booted_worker() {
        Some(booted) => booted,
        None => match Worker::new("ormlab_worker_loader.js") {
            Ok(worker) => (worker, js_sys::Array::new()),
            Err(error) => return listener(WorkerEvent::Crashed(format!("cannot start the worker: {error:?}"))),
        },
    };
    let on_message = {
        let listener = listener.clone();
        Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let event = match protocol::decode::<FromWorker>(event.data()) {
                Ok(message) => {
                    if !matches!(message, FromWorker::Loading { .. } | FromWorker::Ready { .. }) {
                        answered();
                    }
                    WorkerEvent::Message(message)
                }
                Err(error) => WorkerEvent::Crashed(format!("unreadable reply from the worker: {error}")),
            };
            listener(event);
        })
    };
    let on_error = {
        let listener = listener.clone();
        Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
            clear_timeout();
            listener(WorkerEvent::Crashed(event.message()));
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let replay: Vec<MessageEvent> = early.iter().filter_map(|e| e.dyn_into().ok()).collect();
    let on_message_fn: js_sys::Function = on_message.as_ref().unchecked_ref::<js_sys::Function>().clone();
    BRIDGE.with(|bridge| {
        *bridge.borrow_mut() = Some(Bridge { worker, listener, pending: 0, timeout: None, _on_message: on_message, _on_error: on_error });
    });
    for event in replay {
        let _ = on_message_fn.call1(&wasm_bindgen::JsValue::NULL, &event);
    }
}

/// Sends a request; if a request gets no reply within [`RUN_TIMEOUT_MS`] of reaching the
/// front of the worker's queue, the worker is replaced.
pub(crate) fn send(request: &ToWorker) {
    let encoded = match protocol::encode(request) {
        Ok(encoded) => encoded,
        Err(error) => return notify(WorkerEvent::Crashed(format!("cannot encode a request: {error}"))),
    };
    BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        let Some(bridge) = bridge.as_mut() else { return };
        if let Err(error) = bridge.worker.post_message(&encoded) {
            web_sys::console::error_1(&error);
            return;
        }
        bridge.pending += 1;
        if bridge.pending == 1 {
            arm_timeout(bridge);
        }
    });
}

fn arm_timeout(bridge: &mut Bridge) {
    let on_timeout = Closure::once_into_js(replace_runaway_worker);
    bridge.timeout = web_sys::window()
        .and_then(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.unchecked_ref(), RUN_TIMEOUT_MS).ok());
}

/// One request was answered: the next one in the queue gets its own full time.
fn answered() {
    clear_timeout();
    BRIDGE.with(|bridge| {
        if let Some(bridge) = bridge.borrow_mut().as_mut() {
            bridge.pending = bridge.pending.saturating_sub(1);
            if bridge.pending > 0 {
                arm_timeout(bridge);
            }
        }
    });
}

fn notify(event: WorkerEvent) {
    let listener = BRIDGE.with(|bridge| bridge.borrow().as_ref().map(|b| b.listener.clone()));
    if let Some(listener) = listener {
        listener(event);
    }
}

fn clear_timeout() {
    BRIDGE.with(|bridge| {
        if let Some(id) = bridge.borrow_mut().as_mut().and_then(|b| b.timeout.take()) {
            if let Some(window) = web_sys::window() {
                window.clear_timeout_with_handle(id);
            }
        }
    });
}

/// Terminating is the only way to stop a wasm worker stuck in a loop or a query.
fn replace_runaway_worker() {
    let old = BRIDGE.with(|bridge| bridge.borrow_mut().take());
    if let Some(old) = old {
        old.worker.terminate();
        spawn(old.listener.clone());
        (old.listener)(WorkerEvent::TimedOut);
    }
}
