//! Applying fixes to text.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::text::TextRange;
use crate::work;

/// Applies `fixes` to `text`. Each fix's edits refer to the original text; fixes are
/// taken in order of position, and one whose edits overlap a fix accepted before it
/// is skipped (apply again after re-checking to pick it up). Returns the new text and
/// how many fixes were applied. O(n log n) in the number of edits: each edit is
/// checked against the accepted ones in a tree over their ends, never one by one.
///
/// Not generic over the iterator on purpose: one copy of this code in the wasm build.
pub fn apply_fixes(text: &[u8], fixes: &[&Fix]) -> (Vec<u8>, usize) {
    let mut sorted: Vec<&Fix> = fixes.to_vec();
    sorted.sort_by_cached_key(|f| (f.range().start, f.range().end));
    let mut taken = Taken::new(&sorted);
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
/// ([`TextRange::overlaps`]) in O(log n).
///
/// A range is a closed interval of cells: offset `p` is cell `2p`, the bytes between
/// offsets `p` and `p + 1` are cell `2p + 1`. An insertion at `p` is cell `2p`, a
/// replacement of `s..e` the cells `2s + 1 ..= 2e - 1` (the offsets strictly inside it and
/// its bytes), so two ranges overlap exactly when their cells meet. The cells of every
/// edit's ends are numbered in order (all edits are known up front), and a segment tree
/// over those numbers keeps which are taken: a plain `Vec`, where an ordered map
/// (`BTreeMap`) cost some 7 KiB gzip of the wasm build.
struct Taken {
    /// The end cells of every edit, sorted and without repeats.
    ends: Vec<u64>,
    /// Per tree node: some cell below it is taken.
    some: Vec<bool>,
    /// Per tree node: every cell below it is taken.
    all: Vec<bool>,
}

impl Taken {
    fn new(fixes: &[&Fix]) -> Self {
        let mut ends: Vec<u64> = fixes.iter().flat_map(|f| f.edits.iter()).flat_map(|e| Self::cells(e.range)).collect();
        ends.sort_unstable();
        ends.dedup();
        let nodes = 4 * ends.len().max(1);
        Taken { ends, some: vec![false; nodes], all: vec![false; nodes] }
    }

    /// The first and last cell of `r`.
    fn cells(r: TextRange) -> [u64; 2] {
        let (s, e) = (u64::from(r.start), u64::from(r.end));
        if r.is_empty() { [2 * s, 2 * s] } else { [2 * s + 1, (2 * e).saturating_sub(1)] }
    }

    /// The numbers of the first and last cell of `r` (both are among `ends`).
    fn span(&self, r: TextRange) -> (usize, usize) {
        let [lo, hi] = Self::cells(r);
        (self.ends.partition_point(|&c| c < lo), self.ends.partition_point(|&c| c < hi))
    }

    fn overlaps(&self, r: TextRange) -> bool {
        work::add(1);
        let (lo, hi) = self.span(r);
        lo <= hi && self.any_taken(1, 0, self.ends.len() - 1, lo, hi)
    }

    fn insert(&mut self, r: TextRange) {
        work::add(1);
        let (lo, hi) = self.span(r);
        if lo <= hi {
            self.take(1, 0, self.ends.len() - 1, lo, hi);
        }
    }

    /// Whether a cell numbered `lo..=hi` under `node` (which holds `from..=to`) is taken.
    fn any_taken(&self, node: usize, from: usize, to: usize, lo: usize, hi: usize) -> bool {
        if hi < from || to < lo || !self.some[node] {
            return false;
        }
        if self.all[node] || (lo <= from && to <= hi) {
            return true;
        }
        let mid = from + (to - from) / 2;
        self.any_taken(2 * node, from, mid, lo, hi) || self.any_taken(2 * node + 1, mid + 1, to, lo, hi)
    }

    /// Marks the cells numbered `lo..=hi` under `node` (which holds `from..=to`) taken.
    fn take(&mut self, node: usize, from: usize, to: usize, lo: usize, hi: usize) {
        if hi < from || to < lo || self.all[node] {
            return;
        }
        self.some[node] = true;
        if lo <= from && to <= hi {
            self.all[node] = true;
            return;
        }
        let mid = from + (to - from) / 2;
        self.take(2 * node, from, mid, lo, hi);
        self.take(2 * node + 1, mid + 1, to, lo, hi);
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
        /// The segment tree accepts exactly the fixes that the pairwise comparison does,
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
