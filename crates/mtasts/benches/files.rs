//! `policy::lint` timed on the policy files named on the command line, for
//! scripts/bench-peers.mjs, which times other parsers on the same files in the same run.
//! Prints one JSON line per file: `{"file", "bytes", "ns", "valid", "codes"}`, `ns` being the
//! median time of one call over 30 batches of about 10 ms.
//! Run: `cargo bench -p mtasts --bench files -- FILE...` (flags that cargo adds are skipped).

mod common;

use std::hint::black_box;

fn main() {
    for file in std::env::args().skip(1).filter(|a| !a.starts_with("--")) {
        let text = match std::fs::read(&file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{file}: {e}");
                std::process::exit(2);
            }
        };
        let report = mtasts::policy::lint(&text);
        let mut codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        codes.dedup();
        let codes: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
        let ns = common::median(|| drop(black_box(mtasts::policy::lint(black_box(&text))))).as_nanos();
        let name = file.replace('\\', "\\\\").replace('"', "\\\"");
        println!(
            "{{\"file\":\"{name}\",\"bytes\":{},\"ns\":{ns},\"valid\":{},\"codes\":[{}]}}",
            text.len(),
            report.is_valid(),
            codes.join(",")
        );
    }
}
