//! `_smtp._tls` TXT record sets: the first byte separates records, the rest is the
//! records (lossy UTF-8). Never panics; spans are valid in the joined text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::record;
use mtasts_fuzz::{assert_diagnostics, errors, split_list};

fuzz_target!(|data: &[u8]| {
    let records = split_list(data);
    let report = record::lint_tlsrpt(&records);
    assert_eq!(report.text, records.join("\n"), "the report text is the records joined by LF");
    assert_diagnostics(report.text.as_bytes(), &report.diagnostics);
    assert_eq!(report.is_valid(), errors(&report.diagnostics) == 0);
    if report.is_valid() {
        let rec = report.record.as_ref().expect("a valid set has its record");
        assert!(!rec.rua.is_empty(), "a valid record has a report URI");
    }
});
