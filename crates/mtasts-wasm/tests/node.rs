//! The exports as JavaScript sees them, run in Node by wasm-bindgen-test-runner.
//!
//! `cargo test --target wasm32-unknown-unknown -p mtasts-wasm` (see scripts/test.sh for the
//! environment it needs). `unsupported = test` also runs each case natively under `cargo test`.

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test(unsupported = test)]
fn version_is_the_crate_version() {
    assert_eq!(mtasts_wasm::version(), env!("CARGO_PKG_VERSION"));
}
