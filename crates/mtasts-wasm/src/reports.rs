//! `ReportsReader` (feature `tools`): TLS-RPT aggregate reports read in the browser, one file at
//! a time, into the core's [`Batch`]; rendered by the core as the `mtasts-reports/1` JSON and the
//! Markdown `mtasts reports` prints.
//!
//! The page decompresses gzip with the platform's `DecompressionStream` (so no inflate code is in
//! this package) after asking [`report_container`] what the bytes are, caps the output at
//! `maxReportLength()` and says so with `addTooLarge` / `addBrokenGzip`. Mails and mbox exports
//! are not opened here (a MIME reader would double the package): the core says so per file.

use mtasts::aggregate::render::{self, View};
use mtasts::aggregate::{self, Batch, Container, MAX_REPORT_LEN};
use wasm_bindgen::prelude::wasm_bindgen;

/// What a file's first bytes say it is: `"gzip"`, `"mbox"`, `"mail"` or `"json"` (the core's
/// `Container::of`; names lie, contents do not).
#[wasm_bindgen(js_name = reportContainer, unchecked_return_type = "ReportContainer")]
pub fn report_container(head: &[u8]) -> String {
    match Container::of(head) {
        Container::Gzip => "gzip",
        Container::Mbox => "mbox",
        Container::Mail => "mail",
        Container::Json => "json",
    }
    .to_owned()
}

/// The most bytes one report may have once decompressed (a gzip bomb stops there).
#[wasm_bindgen(js_name = maxReportLength)]
pub fn max_report_length() -> u32 {
    MAX_REPORT_LEN as u32
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

    /// One file's bytes (JSON, or gzip already decompressed), under the name shown with its
    /// problems (a folder's relative path, say).
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        self.batch.file_without_mail(name, bytes);
    }

    /// A gzip file whose decompression was stopped at `maxReportLength()` bytes.
    #[wasm_bindgen(js_name = addTooLarge)]
    pub fn add_too_large(&mut self, name: &str) {
        self.batch.files += 1;
        self.batch.problem(name, b"", aggregate::decompressed_too_large());
    }

    /// A gzip file that did not decompress; `detail` is the decompressor's message.
    #[wasm_bindgen(js_name = addBrokenGzip)]
    pub fn add_broken_gzip(&mut self, name: &str, detail: &str) {
        self.batch.files += 1;
        self.batch.problem(name, b"", aggregate::gzip_broken(detail));
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
