//! The `dig`/zone-file reader: never panics, errors point into the line, and
//! any string written in presentation form (quoted, escaped, split into
//! 255-byte character-strings) reads back as itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::record::presentation::{is_presentation, parse};

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

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    match parse(&line) {
        Ok(joined) => {
            // Only quoted strings and blanks were read, so a non-blank line must start with a quote.
            if !line.trim_matches([' ', '\t']).is_empty() {
                assert!(is_presentation(&line), "accepted a line that is not in presentation form");
            }
            // Each output byte needs at least one input byte.
            assert!(joined.len() <= line.len() * 3, "output grew beyond the replacement-character bound");
        }
        Err(e) => {
            assert!(e.offset <= line.len(), "error offset {} past the line ({} bytes)", e.offset, line.len());
            assert!(line.is_char_boundary(e.offset), "error offset {} splits a character", e.offset);
            assert!(!e.message.is_empty());
        }
    }
    // Round trip: the text itself, encoded, reads back unchanged.
    let encoded = encode(&line);
    assert_eq!(parse(&encoded).as_deref(), Ok(line.as_ref()), "round trip of {encoded:?}");
    assert!(encoded.is_empty() || is_presentation(&encoded));
});
