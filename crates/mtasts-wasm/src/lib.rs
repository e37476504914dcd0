//! WebAssembly bindings of the [mtasts] validator.
//!
//! A thin layer: every export converts its arguments, calls the core and converts the result;
//! no validation logic lives here. Built with `npm run build` into `web/pkg/` (wasm-bindgen
//! `--target web`, then `wasm-opt -Oz`), usable from a browser ES module and from Node.
//!
//! For now this exports only [`version`]; the validation API follows (issue 3).
//!
//! [mtasts]: https://github.com/mtasts/mtasts

use wasm_bindgen::prelude::wasm_bindgen;

/// The version of this package, e.g. `"0.1.0"`: the workspace version it was built from.
///
/// In JavaScript: `version(): string`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
