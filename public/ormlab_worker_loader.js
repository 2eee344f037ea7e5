// Loader shim of the ormlab worker: sql.js first (it defines initSqlJs), then the Rust worker.
importScripts("./sqljs/sql-wasm.js", "./ormlab_worker.js");
wasm_bindgen({ module_or_path: "./ormlab_worker_bg.wasm" });
