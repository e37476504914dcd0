//! The valid `mx` patterns seen so far, compared without regard to ASCII case: the set
//! behind `policy/mx-duplicate`.
//!
//! A large policy is thousands of distinct `mx` lines, each looked up once in this set.
//! std's `HashSet` of (hash, `&str`) took 24 bytes a slot, and from a few hundred
//! thousand lines on its slots no longer fitted the caches: every lookup was a miss, and
//! time grew faster than the text. Here a slot is one `u32` and the table grows with the
//! number of patterns (not the number of lines), so a 2 MiB policy's table is 512 KiB.
//!
//! Open addressing with linear probing over a power-of-two table at most two-thirds full.
//! With `2^k` slots, a slot holds the hash's bits above the lowest `k` (a tag that rules out
//! nearly every other pattern without touching it) and, in the lowest `k` bits, the
//! pattern's index in `entries` plus one (0 is an empty slot; there are fewer entries than
//! slots, so the index fits). The hash is [`super::mx_line::caseless_hash`], keyed: no
//! policy written without the keys makes the probes long (docs/ROBUSTNESS.md, "Keys of the
//! duplicate-`mx` hash").

use crate::text::TextRange;

/// The set, over the patterns of one text.
pub(super) struct MxSet<'a> {
    text: &'a [u8],
    /// Empty, or a power of two many slots (see the module's documentation).
    slots: Vec<u32>,
    /// Each pattern inserted, in order.
    entries: Vec<Entry>,
}

/// A pattern in the set: its hash (kept for growing the table) and where it is.
struct Entry {
    hash: u32,
    range: TextRange,
}

impl<'a> MxSet<'a> {
    /// An empty set of patterns of `text`, with room for `expected` of them before it
    /// grows: growing puts every entry back, in a table that may no longer be cached.
    pub(super) fn with_capacity(text: &'a [u8], expected: usize) -> Self {
        // `vec!` of zeros asks the allocator for zeroed memory: pages of a large table that
        // no pattern reaches are never touched.
        let slots = if expected > 0 { vec![0; slots_for(expected)] } else { Vec::new() };
        MxSet { text, slots, entries: Vec::with_capacity(expected) }
    }

    /// Adds the pattern at `range` of the text, whose [`super::mx_line::caseless_hash`] is
    /// `hash`; `false` when the set already holds it (ASCII case aside).
    pub(super) fn insert(&mut self, hash: u64, range: TextRange) -> bool {
        if (self.entries.len() + 1) * 3 > self.slots.len() * 2 {
            self.grow();
        }
        // `caseless_hash` repeats its 32 strongly universal bits in both halves.
        let hash = hash as u32;
        let mask = self.mask();
        let tag = hash & !mask;
        let mut at = hash & mask;
        loop {
            let slot = self.slots[at as usize];
            if slot == 0 {
                self.slots[at as usize] = tag | to_slot_index(self.entries.len());
                self.entries.push(Entry { hash, range });
                return true;
            }
            if slot & !mask == tag {
                let entry = &self.entries[(slot & mask) as usize - 1];
                if entry.hash == hash && self.text[entry.range.as_usize()].eq_ignore_ascii_case(&self.text[range.as_usize()]) {
                    return false;
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// The bits of a slot that hold the index, and of a hash that choose the slot.
    fn mask(&self) -> u32 {
        (self.slots.len() - 1) as u32
    }

    /// Doubles the table (16 slots at first) and puts every entry back.
    fn grow(&mut self) {
        let len = (self.slots.len() * 2).max(slots_for(1));
        self.slots = vec![0; len];
        let mask = self.mask();
        for (index, entry) in self.entries.iter().enumerate() {
            let mut at = entry.hash & mask;
            while self.slots[at as usize] != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at as usize] = (entry.hash & !mask) | to_slot_index(index);
        }
    }
}

/// The table size for `entries` patterns: a power of two at least 16 that they fill to
/// at most two-thirds (the bound [`MxSet::insert`] grows at).
fn slots_for(entries: usize) -> usize {
    (entries * 3 / 2 + 1).next_power_of_two().max(16)
}

/// Entry `index` as stored in a slot: one more, so that no stored slot is 0.
fn to_slot_index(index: usize) -> u32 {
    index as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::super::mx_line::caseless_hash;
    use super::*;
    use std::collections::HashSet;

    /// Inserts each line of `text` and says for each whether it was new, beside a std
    /// `HashSet` of the lower-cased lines fed the same way.
    fn both(text: &str, hash: impl Fn(&str) -> u64) -> (Vec<bool>, Vec<bool>) {
        let mut set = MxSet::with_capacity(text.as_bytes(), 0);
        let mut reference = HashSet::new();
        let mut start = 0;
        let (mut got, mut want) = (Vec::new(), Vec::new());
        for line in text.split('\n') {
            let range = TextRange::from_usize(start, start + line.len());
            got.push(set.insert(hash(line), range));
            want.push(reference.insert(line.to_ascii_lowercase()));
            start += line.len() + 1;
        }
        (got, want)
    }

    #[test]
    fn finds_duplicates_whatever_their_case_across_growth() {
        let mut lines: Vec<String> = (0..5000).map(|i| format!("mx{i}.Example.com")).collect();
        lines.extend((0..5000).step_by(7).map(|i| format!("MX{i}.example.COM")));
        let text = lines.join("\n");
        let (got, want) = both(&text, caseless_hash);
        assert_eq!(got, want);
        assert_eq!(got.iter().filter(|&&new| !new).count(), 715);
    }

    #[test]
    fn colliding_hashes_are_told_apart_by_the_text() {
        // Every pattern with the same hash: the tags match and the text decides.
        let text = "a\nb\nA\nc\nb\nd";
        let (got, want) = both(text, |_| 0x1234_5678_1234_5678);
        assert_eq!(got, want);
        let (got, want) = both(text, |_| 0);
        assert_eq!(got, want);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_a_std_set(lines in proptest::collection::vec("[a-dA-D]{1,3}", 0..200)) {
            let text = lines.join("\n");
            let (got, want) = both(&text, caseless_hash);
            proptest::prop_assert_eq!(&got, &want);
            // Sized up front, it gives the same answers.
            let mut sized = MxSet::with_capacity(text.as_bytes(), lines.len());
            let mut start = 0;
            let answers: Vec<bool> = text.split('\n').map(|line| {
                let range = TextRange::from_usize(start, start + line.len());
                start += line.len() + 1;
                sized.insert(caseless_hash(line), range)
            }).collect();
            proptest::prop_assert_eq!(&answers, &got);
            // With a weak hash (few bits, many collisions and long probe runs) as well.
            let (got, want) = both(&text, |s| u64::from(s.len() as u32 & 3));
            proptest::prop_assert_eq!(got, want);
        }
    }
}
