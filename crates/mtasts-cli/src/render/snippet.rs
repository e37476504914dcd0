//! One source line made safe and measurable for a terminal, with the caret under a span.
//!
//! The column in ` --> file:2:7` counts Unicode scalar values (what editors jump to), but
//! the caret must be placed in terminal cells: a tab is expanded, an emoji or a CJK
//! character takes two cells, a control character or a BOM would be invisible or move the
//! cursor, and a byte that is not UTF-8 cannot be printed at all. So every character is
//! turned into a visible *unit* whose width is known, and the caret is counted in units.
//! Very long lines (1 MiB of junk on one line) are cut to a window around the span.

use std::borrow::Cow;
use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use crate::words::is_invisible;

/// Tabs are shown as this many spaces (as rustc does), so the caret lines up whatever
/// the terminal's tab stops are.
const TAB: &str = "    ";

/// Most cells of source shown; longer lines are cut around the span.
const MAX_CELLS: usize = 100;

/// Cells of context kept before the span when a line is cut.
const CONTEXT_BEFORE: usize = 24;

/// Bytes looked at before the span start and after it; bounds the work on huge lines.
const BYTES_BEFORE: usize = 256;
const BYTES_AFTER: usize = 1024;

/// Marks text cut off a long line.
const ELLIPSIS: &str = "…";

/// A line ready to print, and where its caret goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snippet {
    /// The line as shown.
    pub(crate) text: String,
    /// Cells before the caret.
    pub(crate) caret_start: usize,
    /// Cells under the caret, at least one (an empty span or a span past the end gets one).
    pub(crate) caret_len: usize,
}

/// One character as shown.
struct Unit {
    /// Byte range in the line.
    bytes: Range<usize>,
    text: Cow<'static, str>,
    width: usize,
}

/// Renders `line` (without its terminator) with a caret under `span`, given in bytes
/// relative to the line start. The span may be empty, and may reach past the end of the
/// line (a span covering the line break, a lone CR, or the end of the file): then the
/// caret continues one cell past the last character.
pub(crate) fn snippet(line: &[u8], span: Range<usize>) -> Snippet {
    let start = span.start.min(line.len());
    let past_end = span.end > line.len() || span.start > line.len();
    let end = span.end.clamp(start, line.len());

    // Only decode a byte window around the span, snapped to character starts.
    let mut from = start.saturating_sub(BYTES_BEFORE);
    while from > 0 && from < line.len() && is_continuation(line[from]) {
        from += 1;
    }
    let from = from.min(start);
    let mut to = (start + BYTES_AFTER).min(line.len());
    while to < line.len() && to > start && is_continuation(line[to]) {
        to -= 1;
    }
    let units = units(&line[from..to], from);

    // Cell positions of the caret within the window.
    let mut cell = 0;
    let (mut caret_start, mut caret_end) = (0, 0);
    for u in &units {
        if u.bytes.end <= start {
            caret_start = cell + u.width;
        }
        if u.bytes.start < end {
            caret_end = cell + u.width;
        }
        cell += u.width;
    }
    let total = cell;
    caret_end = caret_end.max(caret_start);
    if past_end {
        caret_end = total + 1;
    }

    // Which cells to show.
    let cut_left_bytes = from > 0;
    let cut_right_bytes = to < line.len();
    let (left, right) = if total <= MAX_CELLS && !cut_left_bytes && !cut_right_bytes {
        (0, total)
    } else {
        let left = if caret_start <= CONTEXT_BEFORE && !cut_left_bytes { 0 } else { caret_start.saturating_sub(CONTEXT_BEFORE) };
        (left, (left + MAX_CELLS).min(total))
    };

    let mut text = String::new();
    let mut shown_from = None;
    let mut shown_to = 0;
    let mut cell = 0;
    for u in &units {
        if cell >= left && cell + u.width <= right {
            shown_from.get_or_insert(cell);
            text.push_str(&u.text);
            shown_to = cell + u.width;
        }
        cell += u.width;
    }
    let shown_from = shown_from.unwrap_or(left.min(total));
    let shown_to = shown_to.max(shown_from);
    let cut_left = cut_left_bytes || shown_from > 0;
    let cut_right = cut_right_bytes || shown_to < total;

    let prefix = usize::from(cut_left);
    if cut_left {
        text.insert_str(0, ELLIPSIS);
    }
    if cut_right {
        text.push_str(ELLIPSIS);
    }
    // Clip the caret to what is shown; a caret running on past a cut ends on the `…`.
    let visible_end = shown_to + usize::from(cut_right || past_end);
    let caret_start_shown = caret_start.clamp(shown_from, visible_end.max(shown_from));
    let caret_end_shown = caret_end.min(visible_end).max(caret_start_shown);
    Snippet { text, caret_start: caret_start_shown - shown_from + prefix, caret_len: (caret_end_shown - caret_start_shown).max(1) }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Splits `bytes` into shown characters; `base` is their offset in the line.
fn units(bytes: &[u8], base: usize) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut at = base;
    for chunk in bytes.utf8_chunks() {
        for (i, c) in chunk.valid().char_indices() {
            let start = at + i;
            let (text, width) = show(c);
            units.push(Unit { bytes: start..start + c.len_utf8(), text, width });
        }
        at += chunk.valid().len();
        // Each invalid byte is one column in the core's positions, so one `�` each here.
        for _ in chunk.invalid() {
            units.push(Unit { bytes: at..at + 1, text: Cow::Borrowed("\u{FFFD}"), width: 1 });
            at += 1;
        }
    }
    units
}

/// How one character is shown, and its width in cells.
fn show(c: char) -> (Cow<'static, str>, usize) {
    match c {
        '\t' => (Cow::Borrowed(TAB), TAB.len()),
        // C0 controls as their Unicode "control pictures" (␀, ␍, ␊ …), DEL as ␡; C1 controls,
        // the BOM and other invisible characters as `<U+FEFF>`.
        '\0'..='\x1f' => (Cow::Owned(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}').to_string()), 1),
        '\x7f' => (Cow::Borrowed("\u{2421}"), 1),
        c if c.is_control() || is_invisible(c) => {
            let text = format!("<U+{:04X}>", u32::from(c));
            let width = text.len();
            (Cow::Owned(text), width)
        }
        c => (Cow::Owned(c.to_string()), c.width().unwrap_or(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caret(s: &Snippet) -> String {
        format!("{}{}", " ".repeat(s.caret_start), "^".repeat(s.caret_len))
    }

    #[test]
    fn plain_span() {
        let s = snippet(b"mode: Enforce", 6..13);
        assert_eq!(s.text, "mode: Enforce");
        assert_eq!(caret(&s), "      ^^^^^^^");
    }

    #[test]
    fn empty_span_and_past_end_get_one_caret() {
        let s = snippet(b"mx", 1..1);
        assert_eq!(caret(&s), " ^");
        let s = snippet(b"mx", 2..3);
        assert_eq!(caret(&s), "  ^");
        let s = snippet(b"", 0..1);
        assert_eq!((s.text.as_str(), caret(&s).as_str()), ("", "^"));
    }

    #[test]
    fn tabs_wide_and_invisible_characters() {
        let s = snippet("\tmx: 😀x".as_bytes(), 9..10);
        assert_eq!(s.text, "    mx: 😀x");
        assert_eq!(caret(&s), "          ^");
        let s = snippet("\u{feff}version".as_bytes(), 0..3);
        assert_eq!(s.text, "<U+FEFF>version");
        assert_eq!(caret(&s), "^^^^^^^^");
        let s = snippet(b"a\0b", 1..2);
        assert_eq!(s.text, "a\u{2400}b");
        assert_eq!(caret(&s), " ^");
    }

    #[test]
    fn invalid_bytes_are_one_cell_each() {
        let s = snippet(b"x: \xe2\x82z", 4..5);
        assert_eq!(s.text, "x: \u{FFFD}\u{FFFD}z");
        assert_eq!(caret(&s), "    ^");
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let mut line = vec![b'a'; 5000];
        line[3000] = b'!';
        let s = snippet(&line, 3000..3001);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "{}", s.text);
        assert!(s.text.chars().count() <= MAX_CELLS + 2);
        let shown: Vec<char> = s.text.chars().collect();
        assert_eq!(shown[s.caret_start], '!');
        assert_eq!(s.caret_len, 1);
        // A span longer than the window ends on the ellipsis.
        let s = snippet(&line, 10..4000);
        assert_eq!(s.caret_start, 10);
        assert_eq!(s.caret_start + s.caret_len, s.text.chars().count());
    }
}
