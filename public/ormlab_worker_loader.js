// Loader shim of the ormlab worker: sql.js first (it defines initSqlJs) and start compiling
// SQLite at once, so it overlaps with loading the Rust worker; the worker awaits the promise.
importScripts("./sqljs/sql-wasm.js");
self.ormlabSqlJs = initSqlJs({ locateFile: (file) => "sqljs/" + file });
importScripts("./ormlab_worker.js");
wasm_bindgen({ module_or_path: "./ormlab_worker_bg.wasm" });
