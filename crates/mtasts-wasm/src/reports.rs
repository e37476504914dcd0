//! `ReportsReader` (feature `tools`): TLS-RPT aggregate reports read in the browser, one file at
//! a time, into the core's [`Batch`]; rendered by the core as the `mtasts-reports/1` JSON and the
//! Markdown `mtasts reports` prints.
//!
//! Each file's bytes are opened by the core as the CLI opens them (`Batch::read_file`: JSON, gzip
//! inflated in the wasm with a cap, a mail's attachments, an mbox export's messages): one call
//! per file, no platform decompressor, no MIME reading in JavaScript.

use mtasts::aggregate::render::{self, View};
use mtasts::aggregate::{Batch, MAX_WHOLE_FILE_LEN};
use wasm_bindgen::prelude::wasm_bindgen;

/// The most bytes of one file the page hands over (read one byte more: the core says the file
/// is too large).
#[wasm_bindgen(js_name = maxFileLength)]
pub fn max_file_length() -> u32 {
    MAX_WHOLE_FILE_LEN as u32
}

/// Reports read so far, folded into one summary (each report's tree is dropped once counted).
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct ReportsReader {
    batch: Batch,
}

#[wasm_bindgen]
impl ReportsReader {
    /// Nothing read yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> ReportsReader {
        ReportsReader::default()
    }

    /// One file's bytes as they are (JSON, gzip, one mail, an mbox export), under the name
    /// shown with its problems (a folder's relative path, say).
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        self.batch.read_file_bytes(name, bytes);
    }

    /// Files handed in so far.
    #[wasm_bindgen(getter)]
    pub fn files(&self) -> u32 {
        self.batch.files as u32
    }

    /// Reports counted so far (a duplicate `report-id` once).
    #[wasm_bindgen(getter)]
    pub fn reports(&self) -> u32 {
        self.batch.summary.reports
    }

    /// The `mtasts-reports/1` JSON text, as `mtasts reports --format json` prints it; with the
    /// current policy's text, each policy senders applied is compared with it.
    #[allow(clippy::needless_pass_by_value, reason = "wasm-bindgen hands an optional string over owned")]
    pub fn json(&self, policy: Option<String>) -> String {
        render::json(&View::new(&self.batch, policy.as_deref().map(str::as_bytes)))
    }

    /// The Markdown, as `mtasts reports --format markdown` prints it.
    #[allow(clippy::needless_pass_by_value, reason = "wasm-bindgen hands an optional string over owned")]
    pub fn markdown(&self, policy: Option<String>) -> String {
        render::markdown(&View::new(&self.batch, policy.as_deref().map(str::as_bytes)))
    }
}
