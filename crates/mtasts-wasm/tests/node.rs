//! The exports as JavaScript sees them, in Node (wasm-bindgen-test-runner's default).
//!
//! `cargo test --target wasm32-unknown-unknown -p mtasts-wasm` (see scripts/test.sh for the
//! environment it needs). The checks live in api/mod.rs, shared with browser.rs. Only built for
//! wasm32: they read JavaScript objects, which do not exist in a native test.
#![cfg(target_arch = "wasm32")]

mod api;

// Node as an ES module host: the package's glue imports src/unpack.js, an ES module snippet, which
// the runner's default (CommonJS `require`) cannot load.
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_node_experimental);
