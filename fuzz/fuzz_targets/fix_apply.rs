//! Fix application on arbitrary edits (not only the linter's): the result equals the rule
//! written plainly (fixes by position, each accepted when none of its edits overlaps an edit
//! accepted before it, in O(n²)), and the steps `mtasts::work` counts stay within two per edit
//! (one overlap query, one insertion), each query being O(log n) in the tree.
//!
//! Input: two bytes give the text's length (at most 4,095), then 4 bytes per fix: the kind
//! (bit 0: a second edit after the first; bit 1: a safe fix, else a suggestion), the start,
//! the length (0 is an insertion; a range may end past the text, which refuses the fix) and
//! the replacement.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::diagnostic::Edit;
use mtasts::{Fix, TextRange, fix, work};

fn decode(data: &[u8]) -> (Vec<u8>, Vec<Fix>) {
    let Some((head, rest)) = data.split_first_chunk::<2>() else { return (Vec::new(), Vec::new()) };
    let len = usize::from(u16::from_le_bytes(*head) & 0x0fff);
    let text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
    let span = len as u32 + 2;
    let fixes = rest
        .chunks_exact(4)
        .map(|c| {
            let start = (u32::from(c[1]) * 17 + u32::from(c[0] >> 2)) % span;
            let end = start + u32::from(c[2] % 8);
            let replacement = "x".repeat(usize::from(c[3] % 3));
            let mut edits = vec![Edit::replace(TextRange::new(start, end), replacement.clone())];
            if c[0] & 1 == 1 {
                let second = end + u32::from(c[3] % 5);
                edits.push(Edit::replace(TextRange::new(second, second + u32::from(c[2] % 3)), replacement));
            }
            let base = if c[0] & 2 == 2 { Fix::safe("fuzz", Edit::insert(0, "")) } else { Fix::suggestion("fuzz", Edit::insert(0, "")) };
            Fix { edits, ..base }
        })
        .collect();
    (text, fixes)
}

/// The rule as the documentation states it, one comparison per pair.
fn plainly(text: &[u8], fixes: &[&Fix]) -> (Vec<u8>, usize) {
    let mut sorted: Vec<&Fix> = fixes.to_vec();
    sorted.sort_by_key(|f| (f.range().start, f.range().end));
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut count = 0;
    for f in sorted {
        let in_bounds = f.edits.iter().all(|e| e.range.end as usize <= text.len());
        if in_bounds && !f.edits.iter().any(|e| accepted.iter().any(|a| a.range.overlaps(e.range))) {
            accepted.extend(f.edits.iter());
            count += 1;
        }
    }
    accepted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = Vec::new();
    let mut at = 0usize;
    for e in accepted {
        let r = e.range.as_usize();
        if r.start < at {
            continue;
        }
        out.extend_from_slice(&text[at..r.start]);
        out.extend_from_slice(e.replacement.as_bytes());
        at = r.end;
    }
    out.extend_from_slice(&text[at..]);
    (out, count)
}

fuzz_target!(|data: &[u8]| {
    let (text, fixes) = decode(data);
    let refs: Vec<&Fix> = fixes.iter().collect();
    let (result, steps) = work::measure(|| fix::apply_fixes(&text, &refs));
    let edits: usize = fixes.iter().map(|f| f.edits.len()).sum();
    assert!(steps <= 2 * edits as u64, "{steps} steps for {edits} edits");
    assert_eq!(result, plainly(&text, &refs), "apply_fixes disagrees with the plain rule");
});
