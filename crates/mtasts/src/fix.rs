//! Applying fixes to text.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::text::TextRange;
use crate::work;

/// Applies `fixes` to `text`. Each fix's edits refer to the original text; fixes are
/// taken in order of position, and one whose edits overlap a fix accepted before it
/// is skipped (apply again after re-checking to pick it up). Returns the new text and
/// how many fixes were applied. O(n log n) in the number of edits: each edit is
/// checked against the accepted ones in an ordered map, never one by one.
///
/// Not generic over the iterator on purpose: one copy of this code in the wasm build.
pub fn apply_fixes(text: &[u8], fixes: &[&Fix]) -> (Vec<u8>, usize) {
    let mut sorted: Vec<&Fix> = fixes.to_vec();
    sorted.sort_by_cached_key(|f| (f.range().start, f.range().end));
    let mut taken = Taken::default();
    let mut accepted: Vec<&Fix> = Vec::new();
    for fix in sorted {
        let in_bounds = fix.edits.iter().all(|e| e.range.end as usize <= text.len());
        if in_bounds && !fix.edits.iter().any(|e| taken.overlaps(e.range)) {
            fix.edits.iter().for_each(|e| taken.insert(e.range));
            accepted.push(fix);
        }
    }
    let mut edits: Vec<&Edit> = accepted.iter().flat_map(|f| f.edits.iter()).collect();
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

/// The ranges of the accepted edits, answering "does this range overlap one of them?"
/// ([`TextRange::overlaps`]) in O(log n). Replacements are kept as disjoint ranges
/// (start → end; ranges of one fix that overlap each other are merged), so the only
/// one that can overlap a range is the last one starting before its end; insertions
/// are points.
#[derive(Default)]
struct Taken {
    spans: BTreeMap<u32, u32>,
    points: BTreeSet<u32>,
}

impl Taken {
    fn overlaps(&self, r: TextRange) -> bool {
        work::add(1);
        // A replacement that starts before `r` ends and ends after `r` starts (for an
        // insertion: one that strictly contains its offset).
        let span = self.spans.range(..r.end).next_back();
        let span_overlaps = span.is_some_and(|(&s, &e)| r.overlaps(TextRange::new(s, e)));
        let point_overlaps =
            if r.is_empty() { self.points.contains(&r.start) } else { self.points.range(r.start + 1..r.end).next().is_some() };
        span_overlaps || point_overlaps
    }

    fn insert(&mut self, r: TextRange) {
        if r.is_empty() {
            self.points.insert(r.start);
            return;
        }
        // Only edits of the same fix can overlap here (others were refused): merge them.
        let (mut start, mut end) = (r.start, r.end);
        while let Some((&s, &e)) = self.spans.range(..end).next_back().filter(|&(&s, &e)| s < end && start < e) {
            work::add(1);
            self.spans.remove(&s);
            start = start.min(s);
            end = end.max(e);
        }
        self.spans.insert(start, end);
    }
}

/// The safe fixes among `diagnostics`.
pub fn safe_fixes(diagnostics: &[Diagnostic]) -> impl Iterator<Item = &Fix> {
    diagnostics.iter().filter_map(|d| d.fix.as_ref()).filter(|f| f.applicability == Applicability::Safe)
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

    /// The rule as first written: each fix, in order of position, against every edit
    /// of every fix accepted before it.
    fn accepted_one_by_one(text: &[u8], fixes: &[&Fix]) -> usize {
        let mut sorted = fixes.to_vec();
        sorted.sort_by_key(|f| (f.range().start, f.range().end));
        let mut accepted: Vec<&Fix> = Vec::new();
        for fix in sorted {
            let in_bounds = fix.edits.iter().all(|e| e.range.end as usize <= text.len());
            let clashes = accepted.iter().any(|a| a.edits.iter().any(|ea| fix.edits.iter().any(|e| e.range.overlaps(ea.range))));
            if in_bounds && !clashes {
                accepted.push(fix);
            }
        }
        accepted.len()
    }

    proptest::proptest! {
        /// The ordered map accepts exactly the fixes that the pairwise comparison does,
        /// including fixes of several edits, insertions and edits that touch.
        #[test]
        fn same_fixes_as_comparing_with_every_accepted_one(
            fixes in proptest::collection::vec(proptest::collection::vec((0u32..24, 0u32..4), 1..4), 0..12)
        ) {
            let fixes: Vec<Fix> = fixes
                .iter()
                .map(|edits| Fix {
                    edits: edits.iter().map(|&(start, len)| Edit::replace(TextRange::new(start, start + len), "#")).collect(),
                    ..Fix::safe("f", Edit::insert(0, ""))
                })
                .collect();
            let refs: Vec<&Fix> = fixes.iter().collect();
            let text = [b'.'; 20];
            proptest::prop_assert_eq!(apply_fixes(&text, &refs).1, accepted_one_by_one(&text, &refs));
        }
    }
}
