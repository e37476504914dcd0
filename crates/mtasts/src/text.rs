//! Positions in the checked text.
//!
//! Inside the core every span is a [`TextRange`] of UTF-8 byte offsets, which is
//! what the parsers index with. People and editors want other units, so
//! [`LineIndex`] converts at the edge: 1-based line and column (a column counts
//! Unicode scalar values, so `é`, an emoji or a BOM is one column) and UTF-16
//! code-unit offsets for JavaScript editors (textarea, `CodeMirror`, Monaco).
//!
//! LF, CRLF and a lone CR all end a line, as in every editor, so a file with old
//! Mac line endings is still shown line by line.

/// A half-open range `start..end` of UTF-8 byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TextRange {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl TextRange {
    /// The range `start..end`.
    pub const fn new(start: u32, end: u32) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    /// An empty range at `offset`.
    pub const fn empty(offset: u32) -> Self {
        Self { start: offset, end: offset }
    }

    /// The range covering `start..end` given as `usize` offsets.
    pub(crate) fn from_usize(start: usize, end: usize) -> Self {
        Self::new(to_u32(start), to_u32(end))
    }

    /// Length in bytes.
    pub const fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the range holds no byte.
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` overlaps this range (touching ends do not overlap, but two
    /// insertions at the same offset do).
    pub const fn overlaps(self, other: TextRange) -> bool {
        (self.start < other.end && other.start < self.end) || (self.is_empty() && other.is_empty() && self.start == other.start)
    }

    /// The range as `usize` offsets, for slicing.
    pub fn as_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The number of bytes of the UTF-8 sequence led by `b` (1 for a stray byte): for readers
/// that step over an escaped character in text they scan byte by byte.
pub(crate) fn utf8_width(b: u8) -> usize {
    match b {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

/// Converts an offset to `u32`. Inputs are checked to be far below 4 GiB before any
/// parser runs (see [`MAX_INPUT_LEN`]), so this never saturates in practice.
pub(crate) fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// Inputs larger than this are cut off before parsing, so offsets fit in `u32`
/// and the work stays bounded; the policy parser reports anything over 64 KiB anyway.
pub const MAX_INPUT_LEN: usize = 64 * 1024 * 1024;

/// A human position: 1-based line and column, plus the UTF-16 offset from the
/// start of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in Unicode scalar values (an invalid byte counts as one).
    pub column: u32,
    /// Offset in UTF-16 code units from the start of the text.
    pub utf16: u32,
}

/// Start and end of a range in human and UTF-16 units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Location {
    /// Where the range starts.
    pub start: Position,
    /// Where the range ends (exclusive).
    pub end: Position,
}

/// Line starts of a text, for converting byte offsets into [`Position`]s.
///
/// Besides line starts it keeps a checkpoint every [`CHECKPOINT_EVERY`] bytes, so
/// locating an offset scans at most that many bytes even on a 1 MiB single line.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a [u8],
    /// Byte offset where each line starts; `line_starts[0] == 0`.
    line_starts: Vec<u32>,
    /// Known positions at character boundaries, in increasing offset order.
    checkpoints: Vec<Checkpoint>,
}

#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    offset: u32,
    column: u32,
    utf16: u32,
}

const CHECKPOINT_EVERY: usize = 1024;

impl<'a> LineIndex<'a> {
    /// Indexes `text` (any bytes; invalid UTF-8 counts one unit per byte).
    pub fn new(text: &'a [u8]) -> Self {
        let mut line_starts = vec![0];
        let mut checkpoints = vec![Checkpoint { offset: 0, column: 1, utf16: 0 }];
        let (mut utf16, mut column) = (0u32, 1u32);
        let mut i = 0;
        while i < text.len() {
            let b = text[i];
            if (0x20..0x7F).contains(&b) {
                // Printable ASCII never ends a line and is one column and one UTF-16 unit
                // a byte: take a run of it at once, with the checkpoints it passes.
                let end = i + printable_prefix(&text[i..]);
                let mut next = checkpoints.last().map_or(0, |c| c.offset as usize) + CHECKPOINT_EVERY;
                while next <= end {
                    let skipped = to_u32(next - i);
                    checkpoints.push(Checkpoint { offset: to_u32(next), column: column + skipped, utf16: utf16 + skipped });
                    next += CHECKPOINT_EVERY;
                }
                column += to_u32(end - i);
                utf16 += to_u32(end - i);
                i = end;
                continue;
            }
            let width = char_width(text, i);
            utf16 += utf16_units(width);
            column += 1;
            i += width;
            if b == b'\n' || (b == b'\r' && text.get(i) != Some(&b'\n')) {
                line_starts.push(to_u32(i));
                column = 1;
                checkpoints.push(Checkpoint { offset: to_u32(i), column, utf16 });
            } else if i - checkpoints.last().map_or(0, |c| c.offset as usize) >= CHECKPOINT_EVERY {
                checkpoints.push(Checkpoint { offset: to_u32(i), column, utf16 });
            }
        }
        Self { text, line_starts, checkpoints }
    }

    /// The text this index was built from.
    pub fn text(&self) -> &'a [u8] {
        self.text
    }

    /// Number of lines (a text ending with a line break has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of 1-based `line`, without its terminator.
    pub fn line_range(&self, line: u32) -> TextRange {
        let idx = (line.max(1) - 1) as usize;
        let len = to_u32(self.text.len());
        let start = self.line_starts.get(idx).copied().unwrap_or(len);
        let mut end = self.line_starts.get(idx + 1).copied().unwrap_or(len) as usize;
        if end > start as usize && self.text[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start as usize && self.text[end - 1] == b'\r' {
            end -= 1;
        }
        TextRange::new(start, to_u32(end))
    }

    /// The position of byte `offset` (clamped to the text).
    pub fn position(&self, offset: u32) -> Position {
        let offset = offset.min(to_u32(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let cp = self.checkpoints[self.checkpoints.partition_point(|c| c.offset <= offset) - 1];
        let (mut column, mut utf16) = (cp.column, cp.utf16);
        let mut i = cp.offset as usize;
        // No line break lies between a checkpoint and `offset` (every line start is one), so an
        // ASCII stretch is one column and one UTF-16 unit a byte: std's `is_ascii` checks it a
        // word at a time. It is what most texts are, and a report asks for thousands of positions.
        if self.text[i..offset as usize].is_ascii() {
            let n = offset - to_u32(i);
            return Position { line: to_u32(line), column: column + n, utf16: utf16 + n };
        }
        while i < offset as usize {
            let width = char_width(self.text, i);
            utf16 += utf16_units(width);
            column += 1;
            i += width;
        }
        Position { line: to_u32(line), column, utf16 }
    }

    /// Start and end positions of `range`.
    pub fn location(&self, range: TextRange) -> Location {
        Location { start: self.position(range.start), end: self.position(range.end) }
    }

    /// The byte offset of a UTF-16 offset, as a JavaScript editor reports it.
    /// An offset inside a surrogate pair or past the end snaps to the next character boundary.
    pub fn offset_of_utf16(&self, utf16: u32) -> u32 {
        let cp = self.checkpoints[self.checkpoints.partition_point(|c| c.utf16 <= utf16).max(1) - 1];
        let (mut i, mut at) = (cp.offset as usize, cp.utf16);
        while i < self.text.len() && at < utf16 {
            let width = char_width(self.text, i);
            at += utf16_units(width);
            i += width;
        }
        to_u32(i)
    }
}

/// Byte length of the character at `i`: its UTF-8 length when valid, else 1.
///
/// The lead byte bounds the second byte (no overlong form, no surrogate, nothing past
/// U+10FFFF: RFC 3629 §4), the others are continuation bytes; checked here rather than
/// by `str::from_utf8` per character, whose call dominated indexing non-ASCII text.
pub(crate) fn char_width(text: &[u8], i: usize) -> usize {
    let continuation = |at: usize| text.get(at).is_some_and(|&b| b & 0xC0 == 0x80);
    let second = |range: std::ops::RangeInclusive<u8>| text.get(i + 1).is_some_and(|b| range.contains(b));
    let width = match text[i] {
        0xC2..=0xDF => 2,
        0xE0 if second(0xA0..=0xBF) => 3,
        0xE1..=0xEC | 0xEE..=0xEF if second(0x80..=0xBF) => 3,
        0xED if second(0x80..=0x9F) => 3,
        0xF0 if second(0x90..=0xBF) => 4,
        0xF1..=0xF3 if second(0x80..=0xBF) => 4,
        0xF4 if second(0x80..=0x8F) => 4,
        _ => return 1,
    };
    if (i + 1..i + width).all(continuation) { width } else { 1 }
}

/// How many bytes at the start of `bytes` are printable ASCII (0x20..=0x7E).
///
/// Such bytes need no check and are one column each, so the policy splitter and
/// [`LineIndex::new`] skip runs of them, eight bytes at a time: a word holds a
/// byte below 0x20 exactly when subtracting 0x20 from every byte borrows into a
/// high bit that was clear, and a byte above 0x7E exactly when its high bit is set
/// or adding 1 carries into it. A borrow or carry only moves towards higher bytes,
/// so the lowest flagged byte is the first one out of range.
pub(crate) fn printable_prefix(bytes: &[u8]) -> usize {
    first_flagged(bytes, |w| ((w.wrapping_sub(ONES * 0x20) & !w) | w.wrapping_add(ONES) | w) & HIGH, |b| !(0x20..0x7F).contains(&b))
}

/// A byte of every value in a word: the operands of the word-at-a-time scans.
pub(crate) const ONES: u64 = u64::from_le_bytes([0x01; 8]);
/// The high bit of every byte in a word: where those scans flag a byte.
pub(crate) const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// The index of the first byte of `bytes` that the scan flags, else `bytes.len()`: `flags` is
/// given each word of eight bytes (little-endian) and sets the high bit of flagged bytes, where
/// the lowest one must be right (a false flag may only follow a true one, as borrows and carries
/// move towards higher bytes); `flagged` judges the last bytes one at a time. The word loop of
/// the splitter's line-break search and of [`printable_prefix`].
pub(crate) fn first_flagged(bytes: &[u8], flags: impl Fn(u64) -> u64, flagged: impl Fn(u8) -> bool) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut done = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let found = flags(u64::from_le_bytes(word));
        if found != 0 {
            return done + found.trailing_zeros() as usize / 8;
        }
        done += 8;
    }
    let rest = chunks.remainder();
    done + rest.iter().position(|&b| flagged(b)).unwrap_or(rest.len())
}

/// UTF-16 length of a character of `width` UTF-8 bytes (an invalid byte becomes U+FFFD).
const fn utf16_units(width: usize) -> u32 {
    if width == 4 { 2 } else { 1 }
}

/// Shows `s` in a message with control, invisible and bidirectional-control characters as
/// `\u{..}` escapes (a message must not show the same text as a correct one, or reorder
/// itself). Unlike `str::escape_debug` it needs no Unicode tables, which would weigh on the
/// wasm build.
pub(crate) fn escape(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() || crate::idn::invisible(c).is_some() { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() })
        .collect()
}

/// `text` safe to show on a terminal or in Markdown: control and invisible characters become
/// `\u{…}`.
///
/// Messages quote the input (a field name, a pattern, a host), and the input may hold an
/// ESC that would recolor or clear a terminal, or a bidirectional override that would make
/// the quoted text read differently from what it is.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let escape = |c: char| c.is_control() || is_invisible(c);
    if !text.chars().any(escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(|c| if escape(c) { format!("\\u{{{:x}}}", u32::from(c)) } else { c.to_string() }).collect())
}

/// Characters shown as nothing (or acted on) that matter in a policy: the BOM, zero-width
/// and bidirectional formatting characters. Controls are checked separately.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_scalar_values_and_utf16_units() {
        let text = "\u{feff}a\né😀b\r\nc\rd";
        let idx = LineIndex::new(text.as_bytes());
        assert_eq!(idx.line_count(), 4);
        let b = text.find('b').unwrap() as u32;
        assert_eq!(idx.position(b), Position { line: 2, column: 3, utf16: 6 });
        let d = text.find('d').unwrap() as u32;
        assert_eq!(idx.position(d), Position { line: 4, column: 1, utf16: 11 });
        assert_eq!(idx.offset_of_utf16(6), b);
        assert_eq!(idx.line_range(2), TextRange::new(5, 12));
    }

    proptest::proptest! {
        #[test]
        fn char_width_is_that_of_the_utf8_decoder(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 1..6)) {
            let decoded = match std::str::from_utf8(&bytes) {
                Ok(s) => s.chars().next().map_or(1, char::len_utf8),
                Err(e) if e.valid_up_to() > 0 => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok().and_then(|s| s.chars().next()).map_or(1, char::len_utf8),
                Err(_) => 1,
            };
            proptest::prop_assert_eq!(char_width(&bytes, 0), decoded);
        }
    }

    #[test]
    fn char_width_of_every_edge_of_the_encoding() {
        for c in ['\u{7f}', '\u{80}', '\u{7ff}', '\u{800}', '\u{d7ff}', '\u{e000}', '\u{ffff}', '\u{10000}', '\u{10ffff}'] {
            let mut buf = [0; 4];
            assert_eq!(char_width(c.encode_utf8(&mut buf).as_bytes(), 0), c.len_utf8(), "{c:?}");
        }
        // Overlong forms, a surrogate, past U+10FFFF, a missing continuation byte.
        for bad in [
            &b"\xc0\x80"[..],
            b"\xc1\xbf",
            b"\xe0\x9f\xbf",
            b"\xed\xa0\x80",
            b"\xf0\x8f\xbf\xbf",
            b"\xf4\x90\x80\x80",
            b"\xe2\x82",
            b"\xf5\x80\x80\x80",
        ] {
            assert_eq!(char_width(bad, 0), 1, "{bad:x?}");
        }
    }

    #[test]
    fn invalid_bytes_count_one_column_each() {
        let idx = LineIndex::new(b"a\xff\xfeb");
        assert_eq!(idx.position(3), Position { line: 1, column: 4, utf16: 3 });
    }

    /// The index as built before [`LineIndex::new`] skipped runs, one character at a time.
    fn index_char_by_char(text: &[u8]) -> (Vec<u32>, Vec<(u32, u32, u32)>) {
        let mut line_starts = vec![0];
        let mut checkpoints = vec![(0, 1, 0)];
        let (mut utf16, mut column) = (0u32, 1u32);
        let mut i = 0;
        while i < text.len() {
            let b = text[i];
            let width = char_width(text, i);
            utf16 += utf16_units(width);
            column += 1;
            i += width;
            if b == b'\n' || (b == b'\r' && text.get(i) != Some(&b'\n')) {
                line_starts.push(to_u32(i));
                column = 1;
                checkpoints.push((to_u32(i), column, utf16));
            } else if i - checkpoints.last().map_or(0, |c| c.0 as usize) >= CHECKPOINT_EVERY {
                checkpoints.push((to_u32(i), column, utf16));
            }
        }
        (line_starts, checkpoints)
    }

    fn assert_same_index(text: &[u8]) {
        let index = LineIndex::new(text);
        let checkpoints = index.checkpoints.iter().map(|c| (c.offset, c.column, c.utf16)).collect();
        assert_eq!((index.line_starts, checkpoints), index_char_by_char(text));
    }

    #[test]
    fn runs_of_ascii_index_like_single_characters() {
        assert_same_index(b"");
        assert_same_index(&[b'a'; 5000]);
        let ends: [&[u8]; 7] = [b"\n", b"\r\n", b"\r", b"\t", "\u{e9}".as_bytes(), "\u{1F600}".as_bytes(), b"\xFF"];
        let mut text = Vec::new();
        for i in 0..400 {
            text.extend_from_slice(b"mx: mail.example.com");
            text.extend_from_slice(ends[i % 7]);
            text.extend(std::iter::repeat_n(b'x', i * 7 % 1500));
        }
        assert_same_index(&text);
    }

    proptest::proptest! {
        #[test]
        fn printable_prefix_stops_at_the_first_other_byte(bytes in proptest::collection::vec(0u8..=255, 0..40), skew in 0u8..0x5F) {
            // Mostly printable input, so that runs are long enough to cross words, with
            // control characters and non-ASCII bytes here and there.
            let bytes: Vec<u8> = bytes
                .iter()
                .map(|&b| match b {
                    0xF0.. => b & 0x1F,
                    0xE0.. => b,
                    _ => 0x20 + b.wrapping_add(skew) % 0x5F,
                })
                .collect();
            let naive = bytes.iter().position(|b| !(0x20..0x7F).contains(b)).unwrap_or(bytes.len());
            proptest::prop_assert_eq!(printable_prefix(&bytes), naive);
        }

        #[test]
        fn positions_are_those_of_walking_character_by_character(pieces in proptest::collection::vec(0usize..8, 0..600)) {
            // Mostly ASCII lines (the ASCII shortcut), with multi-byte, invalid and line-break
            // pieces, long enough to pass checkpoints; every offset where a character starts.
            let alphabet: [&[u8]; 8] = [b"mx: mail", b".example", b"\n", b"\r\n", b"\r", "é".as_bytes(), "😀".as_bytes(), b"\xFF\t"];
            let text: Vec<u8> = pieces.iter().flat_map(|&p| alphabet[p].iter().copied()).collect();
            let idx = LineIndex::new(&text);
            let (mut line, mut column, mut utf16, mut i) = (1, 1, 0, 0);
            let mut expected = Vec::new();
            while i < text.len() {
                let width = char_width(&text, i);
                for _ in 0..width {
                    expected.push(Position { line, column, utf16 });
                }
                let b = text[i];
                i += width;
                utf16 += utf16_units(width);
                column += 1;
                if b == b'\n' || (b == b'\r' && text.get(i) != Some(&b'\n')) {
                    line += 1;
                    column = 1;
                }
            }
            expected.push(Position { line, column, utf16 });
            for (offset, want) in expected.iter().enumerate() {
                // Only where a character starts (inside one the walk ends past it).
                if offset == 0 || expected[offset - 1] != *want {
                    proptest::prop_assert_eq!(idx.position(to_u32(offset)), *want, "offset {}", offset);
                }
            }
        }
    }

    #[test]
    fn printable_prefix_stops_at_controls_and_non_ascii() {
        for bad in [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xC3, 0xFF] {
            for at in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[at] = bad;
                assert_eq!(printable_prefix(&bytes), at, "0x{bad:02X} at {at}");
            }
        }
        assert_eq!(printable_prefix(b" ~ ~ ~ ~ ~ ~"), 12);
    }
}
