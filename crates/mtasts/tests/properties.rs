//! Properties that must hold for every input, not just the corpus: no panics,
//! spans inside the text and on character boundaries, position conversions that
//! round-trip, and fixes that never make things worse.

use mtasts::{LineIndex, Severity, default_idna, mx, policy, record};
use proptest::prelude::*;

/// Text that exercises the parsers: policy-ish fragments, odd bytes and multi-byte characters.
fn policy_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"version: STSv1".to_vec()),
        Just(b"mode: enforce".to_vec()),
        Just(b"Mode: Testing".to_vec()),
        Just(b"mx: *.example.com".to_vec()),
        Just(b"mx: mail.m\xc3\xbcnchen.de".to_vec()),
        Just(b"max_age: 86400".to_vec()),
        Just(b"max_age: +0099999999999".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b" \t".to_vec()),
        Just(b":".to_vec()),
        Just(b"#".to_vec()),
        Just("é😀\u{feff}".as_bytes().to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\x00\xff\xc3".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn on_boundary(text: &[u8], offset: u32) -> bool {
    match std::str::from_utf8(text) {
        Ok(s) => s.is_char_boundary(offset as usize),
        Err(_) => offset as usize <= text.len(),
    }
}

fn errors(r: &policy::PolicyReport) -> usize {
    r.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn policy_spans_are_inside_the_text(text in policy_like()) {
        let report = policy::lint(&text);
        for d in &report.diagnostics {
            prop_assert!(d.range.start <= d.range.end && d.range.end as usize <= text.len(), "{d:?}");
            prop_assert!(on_boundary(&text, d.range.start) && on_boundary(&text, d.range.end), "{d:?}");
            for edit in d.fix.iter().flat_map(|f| &f.edits) {
                prop_assert!(edit.range.end as usize <= text.len(), "{d:?}");
                prop_assert!(on_boundary(&text, edit.range.start) && on_boundary(&text, edit.range.end), "{d:?}");
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(text in proptest::collection::vec(any::<u8>(), 0..512)) {
        let report = policy::lint(&text);
        prop_assert!(report.diagnostics.iter().all(|d| d.range.end as usize <= text.len()));
        let lossy = String::from_utf8_lossy(&text);
        let lines: Vec<&str> = lossy.lines().collect();
        let _ = record::lint_sts(&lines);
        let _ = record::lint_tlsrpt(&lines);
        let _ = record::lint_sts_input(&record::intake::RecordInput::parse(&lossy));
        let _ = mx::match_host(&lossy, "mail.example.com", default_idna());
        let _ = mx::match_host("*.example.com", &lossy, default_idna());
    }

    #[test]
    fn safe_fixes_never_add_errors_and_converge(text in policy_like()) {
        let before = policy::lint(&text);
        let fixed = policy::fix_all(&text, default_idna());
        let after = policy::lint(&fixed);
        prop_assert!(errors(&after) <= errors(&before), "{:?} -> {:?}", String::from_utf8_lossy(&text), String::from_utf8_lossy(&fixed));
        prop_assert_eq!(policy::fix_all(&fixed, default_idna()), fixed);
    }

    #[test]
    fn record_spans_are_inside_the_text(records in proptest::collection::vec("[ -~é😀\t;=]{0,40}", 0..4)) {
        let sts = record::lint_sts(&records);
        let tlsrpt = record::lint_tlsrpt(&records);
        for (text, d) in sts.diagnostics.iter().map(|d| (&sts.text, d)).chain(tlsrpt.diagnostics.iter().map(|d| (&tlsrpt.text, d))) {
            prop_assert!(d.range.end as usize <= text.len(), "{d:?}");
            prop_assert!(text.is_char_boundary(d.range.start as usize) && text.is_char_boundary(d.range.end as usize), "{d:?}");
        }
    }

    #[test]
    fn pasted_record_spans_and_fixes_are_inside_the_input(text in "([ -~é😀\t;=\"\\\\]|\\\\[0-9]{1,3}|\r\n|\n|\r){0,80}") {
        let input = record::intake::RecordInput::parse(&text);
        let sts = record::lint_sts_input(&input);
        let tlsrpt = record::lint_tlsrpt_input(&input, default_idna());
        for d in sts.diagnostics.iter().chain(&tlsrpt.diagnostics) {
            prop_assert!(d.range.start <= d.range.end && d.range.end as usize <= text.len(), "{d:?}");
            prop_assert!(text.is_char_boundary(d.range.start as usize) && text.is_char_boundary(d.range.end as usize), "{d:?}");
            for edit in d.fix.iter().flat_map(|f| &f.edits) {
                prop_assert!(edit.range.start <= edit.range.end && edit.range.end as usize <= text.len(), "{d:?}");
                prop_assert!(text.is_char_boundary(edit.range.start as usize) && text.is_char_boundary(edit.range.end as usize), "{d:?}");
            }
        }
        for r in &sts.records {
            prop_assert!(r.span.end as usize <= text.len(), "{r:?}");
        }
    }

    #[test]
    fn utf16_offsets_round_trip(text in "(\u{feff})?([a-z:é😀 \t]|\r\n|\n|\r){0,60}") {
        let index = LineIndex::new(text.as_bytes());
        let mut utf16 = 0u32;
        for (offset, c) in text.char_indices() {
            let pos = index.position(offset as u32);
            prop_assert_eq!(pos.utf16, utf16);
            prop_assert_eq!(index.offset_of_utf16(utf16), offset as u32);
            utf16 += c.len_utf16() as u32;
        }
        prop_assert_eq!(index.position(text.len() as u32).utf16, utf16);
        prop_assert_eq!(index.offset_of_utf16(utf16), text.len() as u32);
    }
}
