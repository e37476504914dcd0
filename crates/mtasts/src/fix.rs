//! Applying fixes to text.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::text::TextRange;
use crate::work;

/// Applies `fixes` to `text`. Each fix's edits refer to the original text; fixes are
/// taken in order of position, and one whose edits overlap a fix accepted before it
/// is skipped (apply again after re-checking to pick it up). Returns the new text and
/// how many fixes were applied. O(n log n) in the number of edits: each edit is
/// checked against the accepted ones in a tree over the text, never one by one.
///
/// Not generic over the iterator on purpose: one copy of this code in the wasm build.
pub fn apply_fixes(text: &[u8], fixes: &[&Fix]) -> (Vec<u8>, usize) {
    let mut taken = Taken::new(text.len());
    let mut accepted: Vec<&Fix> = Vec::new();
    for i in sorted_by_range(fixes.iter().map(|f| f.range())) {
        let fix = fixes[i];
        let in_bounds = fix.edits.iter().all(|e| e.range.end as usize <= text.len());
        if in_bounds && !fix.edits.iter().any(|e| taken.overlaps(e.range)) {
            fix.edits.iter().for_each(|e| taken.insert(e.range));
            accepted.push(fix);
        }
    }
    let edits: Vec<&Edit> = accepted.iter().flat_map(|f| f.edits.iter()).collect();
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0usize;
    for edit in sorted_by_range(edits.iter().map(|e| e.range)).map(|i| edits[i]) {
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

/// The indices of `ranges` in order of position (start, then end; equal ranges in their
/// order). Fixes and edits are both sorted through this one function, so the wasm build
/// carries one copy of the sort (each `sort_by` of another type is ~2 KiB more).
fn sorted_by_range(ranges: impl Iterator<Item = TextRange>) -> impl Iterator<Item = usize> {
    let mut keys: Vec<(u32, u32, usize)> = ranges.enumerate().map(|(i, r)| (r.start, r.end, i)).collect();
    keys.sort_unstable();
    keys.into_iter().map(|(_, _, i)| i)
}

/// The ranges of the accepted edits, answering "does this range overlap one of them?"
/// ([`TextRange::overlaps`]) in O(log n) of the text's length.
///
/// A range is a closed interval of cells: offset `p` is cell `2p`, the bytes between
/// offsets `p` and `p + 1` are cell `2p + 1`. An insertion at `p` is cell `2p`, a
/// replacement of `s..e` the cells `2s + 1 ..= 2e - 1` (the offsets strictly inside it and
/// its bytes), so two ranges overlap exactly when their cells meet. A segment tree over the
/// cells of the text, its nodes made as edits reach them, keeps which are taken: a plain
/// `Vec` with no sorting, where an ordered map (`BTreeMap`) cost ~6 KiB gzip of the wasm.
struct Taken {
    /// The root (all cells of the text) first; a child index of 0 means "not made yet".
    nodes: Vec<Node>,
    /// The last cell of the text.
    last: u64,
}

#[derive(Clone, Copy, Default)]
struct Node {
    children: [usize; 2],
    /// Some cell below this node is taken.
    some: bool,
    /// Every cell below this node is taken.
    all: bool,
}

impl Taken {
    fn new(text_len: usize) -> Self {
        Taken { nodes: vec![Node::default()], last: 2 * text_len as u64 }
    }

    /// The first and last cell of `r` (the first is after the last for an inverted range).
    fn cells(r: TextRange) -> (u64, u64) {
        let (s, e) = (u64::from(r.start), u64::from(r.end));
        if r.is_empty() { (2 * s, 2 * s) } else { (2 * s + 1, (2 * e).saturating_sub(1)) }
    }

    fn overlaps(&self, r: TextRange) -> bool {
        work::add(1);
        let (lo, hi) = Self::cells(r);
        self.any_taken(0, 0, self.last, lo, hi)
    }

    fn insert(&mut self, r: TextRange) {
        work::add(1);
        let (lo, hi) = Self::cells(r);
        self.take(0, 0, self.last, lo, hi);
    }

    /// Whether a cell of `lo..=hi` under `node` (which holds cells `from..=to`) is taken.
    fn any_taken(&self, node: usize, from: u64, to: u64, lo: u64, hi: u64) -> bool {
        let n = self.nodes[node];
        if hi < from || to < lo || lo > hi || !n.some {
            return false;
        }
        if n.all || (lo <= from && to <= hi) {
            return true;
        }
        let mid = from + (to - from) / 2;
        (n.children[0] != 0 && self.any_taken(n.children[0], from, mid, lo, hi))
            || (n.children[1] != 0 && self.any_taken(n.children[1], mid + 1, to, lo, hi))
    }

    /// Marks the cells `lo..=hi` under `node` (which holds cells `from..=to`) taken.
    fn take(&mut self, node: usize, from: u64, to: u64, lo: u64, hi: u64) {
        if hi < from || to < lo || lo > hi || self.nodes[node].all {
            return;
        }
        self.nodes[node].some = true;
        if lo <= from && to <= hi {
            self.nodes[node].all = true;
            return;
        }
        let mid = from + (to - from) / 2;
        for (side, from, to) in [(0, from, mid), (1, mid + 1, to)] {
            if hi < from || to < lo {
                continue;
            }
            let mut child = self.nodes[node].children[side];
            if child == 0 {
                child = self.nodes.len();
                self.nodes.push(Node::default());
                self.nodes[node].children[side] = child;
            }
            self.take(child, from, to, lo, hi);
        }
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
