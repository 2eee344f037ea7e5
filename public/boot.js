// Starts the console worker before the page's own wasm has loaded, so the two load at the same
// time; messages that arrive before the page takes the worker over are kept for it. The full
// worker is started by the page once this one is ready (src/worker.rs).
const worker = new Worker("ormlab_worker_loader.js?console");
const early = [];
worker.onmessage = (event) => early.push(event);
self.ormlabBoot = { worker, early };
// Offline after the first visit (public/sw.js). Registered once the page has loaded, so its
// downloads do not compete with the first start.
if ("serviceWorker" in navigator) {
  self.addEventListener("load", () => navigator.serviceWorker.register("sw.js").catch(() => {}));
}
