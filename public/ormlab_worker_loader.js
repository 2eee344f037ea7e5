// Loader shim of both ormlab workers (`?console` picks the small console worker): sql.js first
// (it defines initSqlJs) and start compiling SQLite at once, so it overlaps with loading the
// Rust worker; the worker awaits the promise.
importScripts("./sqljs/sql-wasm.js");
self.ormlabSqlJs = initSqlJs({ locateFile: (file) => "sqljs/" + file });
const ormlabWorker = self.location.search === "?console" ? "ormlab_console_worker" : "ormlab_worker";
importScripts("./" + ormlabWorker + ".js");
wasm_bindgen({ module_or_path: "./" + ormlabWorker + "_bg.wasm" });
