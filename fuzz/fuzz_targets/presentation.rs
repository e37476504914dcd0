//! The record intake (`dig`, zone-file and pasted lines): never panics, every record, problem,
//! diagnostic and fix edit lies inside the input on character boundaries, and any line written
//! in presentation form (quoted, escaped, split into 255-byte character-strings) reads back as
//! itself, with no problem.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::record::intake::RecordInput;
use mtasts::record::lint_sts_input;
use mtasts::TextRange;

/// Writes `text` as `dig` would print it: 255-byte strings, `\"`, `\\` and `\DDD`.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(255) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push('"');
        for &b in chunk {
            match b {
                b'"' | b'\\' => {
                    out.push('\\');
                    out.push(b as char);
                }
                0x20..=0x7e => out.push(b as char),
                _ => out.push_str(&format!("\\{b:03}")),
            }
        }
        out.push('"');
    }
    out
}

fn inside(text: &str, range: TextRange) -> bool {
    range.start <= range.end
        && (range.end as usize) <= text.len()
        && text.is_char_boundary(range.start as usize)
        && text.is_char_boundary(range.end as usize)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let input = RecordInput::parse(&text);
    for r in &input.records {
        assert!(inside(&text, r.span), "record {:?} outside the input", r.span);
    }
    for p in &input.problems {
        assert!(inside(&text, p.range), "problem {:?} outside the input", p.range);
        assert!(!p.message.is_empty());
    }
    let report = lint_sts_input(&input);
    for d in &report.diagnostics {
        assert!(inside(&text, d.range), "{d:?}");
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(inside(&text, e.range), "{d:?}");
        }
    }
    // Round trip: a one-line value, encoded as `dig` prints it, reads back as itself.
    let line = text.replace(['\n', '\r'], " ");
    if line.trim_matches([' ', '\t']).is_empty() {
        return;
    }
    let encoded = encode(&line);
    let read = RecordInput::parse(&encoded);
    assert!(read.problems.is_empty(), "problems reading {encoded:?}: {:?}", read.problems);
    assert_eq!(read.records.len(), 1, "{encoded:?}");
    assert_eq!(read.records[0].text, line, "round trip of {encoded:?}");
});
