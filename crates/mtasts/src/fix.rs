//! Applying fixes to text.

use crate::diagnostic::{Applicability, Diagnostic, Fix};

/// Applies `fixes` to `text`. Each fix's edits refer to the original text; a fix
/// whose edits overlap an already accepted fix is skipped (apply again after
/// re-checking to pick it up). Returns the new text and how many fixes were applied.
///
/// Not generic over the iterator on purpose: one copy of this code in the wasm build.
pub fn apply_fixes(text: &[u8], fixes: &[&Fix]) -> (Vec<u8>, usize) {
    let mut accepted: Vec<&Fix> = Vec::new();
    let mut sorted: Vec<&Fix> = fixes.to_vec();
    sorted.sort_unstable_by_key(|f| (f.range().start, f.range().end));
    for fix in sorted {
        let in_bounds = fix.edits.iter().all(|e| e.range.end as usize <= text.len());
        let clashes = accepted
            .iter()
            .any(|a| a.edits.iter().any(|ea| fix.edits.iter().any(|e| e.range.overlaps(ea.range))));
        if in_bounds && !clashes {
            accepted.push(fix);
        }
    }
    let mut edits: Vec<_> = accepted.iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_unstable_by_key(|e| (e.range.start, e.range.end));
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0usize;
    for edit in edits {
        let range = edit.range.as_usize();
        if range.start < at {
            continue;
        }
        out.extend_from_slice(&text[at..range.start]);
        out.extend_from_slice(edit.replacement.as_bytes());
        at = range.end;
    }
    out.extend_from_slice(&text[at..]);
    (out, accepted.len())
}

/// The safe fixes among `diagnostics`.
pub fn safe_fixes(diagnostics: &[Diagnostic]) -> impl Iterator<Item = &Fix> {
    diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use crate::text::TextRange;

    #[test]
    fn overlapping_fixes_are_skipped() {
        let a = Fix::safe("a", Edit::replace(TextRange::new(0, 3), "X"));
        let b = Fix::safe("b", Edit::replace(TextRange::new(2, 4), "Y"));
        let c = Fix::safe("c", Edit::insert(5, "!"));
        let (out, n) = apply_fixes(b"abcdef", &[&a, &b, &c]);
        assert_eq!((out.as_slice(), n), (&b"Xde!f"[..], 2));
    }
}
