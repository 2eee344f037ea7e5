//! The small worker that starts with the page: the SQL console, links and the self-test, on
//! the same loop as the full worker but without the ORM, so the first result needs a fraction
//! of the bytes. The page sends it nothing else (see `ormlab_worker::host::console_answers`).

use ormlab_core::api::{FromWorker, ToWorker};
use ormlab_worker::host::{self, State};

fn main() {
    host::run(handle);
}

fn handle(state: &mut State, request: ToWorker) -> FromWorker {
    host::answer_console(state, request)
        .unwrap_or_else(|_| FromWorker::Failed { message: "this request needs the full engine, which is still loading".into() })
}
