//! Models + script → parser, interpreter and ORM on an in-memory SQLite (the CLI's engine):
//! must never panic, hang (the step budget must stop it) or grow without bound.
//! Input: the models, a NUL byte, the script (no NUL: the fuzzer's bytes are the script
//! under a fixed blog model, so mutations reach the interpreter).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ormlab_cli::native_engine::NativeEngine;

const BLOG: &str = "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    name = db.Column(db.String(80), nullable=False)\n    posts = db.relationship(\"Post\", backref=\"author\")\n\n    def __repr__(self):\n        return f\"<User {self.name}>\"\n\n\nclass Post(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    title = db.Column(db.String(120), nullable=False)\n    user_id = db.Column(db.Integer, db.ForeignKey(\"user.id\"), nullable=False)\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (models, script) = match text.split_once('\0') {
        Some((models, script)) => (models.to_string(), script.to_string()),
        None => (BLOG.to_string(), text.to_string()),
    };
    // The CLI runs scripts on a thread with a large stack; the depth limit must hold there.
    let worker = std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(move || {
        let mut engine = NativeEngine::open_in_memory().expect("in-memory SQLite");
        let _ = ormlab_core::orm::run_script(&models, &script, &mut engine);
    });
    worker.expect("spawn").join().expect("the run panicked");
});
