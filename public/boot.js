// Starts the console worker before the page's own wasm has loaded, so the two load at the same
// time; messages that arrive before the page takes the worker over are kept for it. The full
// worker is started by the page once this one is ready (src/worker.rs).
const worker = new Worker("ormlab_worker_loader.js?console");
const early = [];
worker.onmessage = (event) => early.push(event);
self.ormlabBoot = { worker, early };
// Offline after the first visit (public/sw.js). The page calls this once the full engine is
// ready (src/worker.rs), so the service worker's downloads never compete with the first result.
self.ormlabOffline = () => {
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("sw.js").catch(() => {});
};
