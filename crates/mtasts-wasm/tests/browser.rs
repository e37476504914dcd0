//! The exports in a real browser: headless Chromium, driven by wasm-bindgen-test-runner through
//! chromedriver (flags in ../webdriver.json). The same checks as node.rs (api/mod.rs), plus proof
//! of where they ran. Only built for wasm32.
#![cfg(target_arch = "wasm32")]

mod api;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn runs_in_a_browser_window() {
    // `window` exists in a browser page, not in Node: proves where this test ran.
    let window = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("window"));
    assert!(window.is_ok_and(|w| w.is_object()), "expected a browser global `window`");
}
