//! Phase 1: split the raw bytes into lines and report what is wrong with the bytes
//! themselves (BOM, non-UTF-8, control characters, lone CR, line endings, size).
//!
//! RFC 8461 §3.2: `sts-policy-term = LF / CRLF`. A lone CR is not a terminator, but
//! we still break the line there so that a file with old Mac line endings gets
//! one diagnostic per CR instead of one unreadable line.

use crate::code::Code;
use crate::diagnostic::{Diagnostic, Edit, Fix, Sink};
use crate::text::{HIGH, ONES, TextRange, char_width, first_flagged, printable_prefix, to_u32};

/// Senders may refuse bodies over 64 KiB (RFC 8461 §3.3).
pub const MAX_POLICY_SIZE: usize = 64 * 1024;

/// How a line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Terminator {
    Lf,
    CrLf,
    LoneCr,
}

/// One line of the file, as byte ranges.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    /// The content, without the terminator.
    pub content: TextRange,
    /// The content plus its terminator: what "remove this line" deletes.
    pub full: TextRange,
    /// Whether the content holds invalid UTF-8 or a control character (already reported).
    pub has_bad_bytes: bool,
}

/// What [`split`] hands the lines to.
pub(crate) trait Reader {
    /// Offered each line first, at its start: reads a line of the most common shape
    /// in one pass and returns where its content ends (at a line feed, a carriage
    /// return or the end of the text), or `None` to have it handed to [`Reader::line`].
    fn quick(&mut self, start: usize, sink: &mut Sink) -> Option<usize>;

    /// Reads a line `quick` left.
    fn line(&mut self, line: &Line, sink: &mut Sink);
}

/// Hands each line of `text` from `start` on (after a BOM) to `reader`, in order,
/// reporting byte-level problems. Lines are handed over as they are found rather
/// than collected, so no list of lines is built.
pub(crate) fn split(text: &[u8], start: usize, sink: &mut Sink, reader: &mut impl Reader) {
    let eol = first_eol(&text[start..]);
    let mut first_style = None;
    let mut mixed_reported = false;
    let mut line_start = start;
    let mut bad = false;
    // Whether `reader.quick` took the current line.
    let mut taken = false;
    let mut i = start;
    while i < text.len() {
        if i == line_start
            && let Some(end) = reader.quick(i, sink)
        {
            taken = true;
            i = end;
        }
        // On a line already known bad, once both byte-level codes have reached their cap
        // nothing before the line's end can add a diagnostic (junk input gets here within
        // its first kilobyte): find the end a word at a time.
        if bad && sink.is_full(Code::PolicyControlChar) && sink.is_full(Code::PolicyInvalidUtf8) {
            i += line_break(&text[i..]);
        }
        // Printable ASCII is by far the most common byte and needs no check: skip
        // runs of it before looking at the next byte in detail.
        i += printable_prefix(&text[i..]);
        let Some(&b) = text.get(i) else { break };
        let width = char_width(text, i);
        match b {
            b'\n' | b'\r' => {
                let (terminator, len) = match (b, text.get(i + 1)) {
                    (b'\n', _) => (Terminator::Lf, 1),
                    (_, Some(b'\n')) => (Terminator::CrLf, 2),
                    _ => (Terminator::LoneCr, 1),
                };
                let term = TextRange::from_usize(i, i + len);
                match terminator {
                    Terminator::LoneCr if sink.is_full(Code::PolicyLoneCr) => {}
                    Terminator::LoneCr => sink.push(
                        Diagnostic::new(
                            Code::PolicyLoneCr,
                            term,
                            "This carriage return (CR) is not followed by a line feed (LF); lines must end with LF or CRLF.",
                        )
                        .with_fix(Fix::safe("Replace the CR with a line break", Edit::replace(term, eol))),
                    ),
                    _ if first_style.is_none() => first_style = Some(terminator),
                    _ if first_style != Some(terminator) && !mixed_reported => {
                        mixed_reported = true;
                        sink.push(Diagnostic::new(
                            Code::PolicyMixedLineEndings,
                            term,
                            "This line ends differently from the first one (LF vs CRLF). Both are allowed, but one style is easier to maintain.",
                        ));
                    }
                    _ => {}
                }
                if !taken {
                    let line = Line {
                        content: TextRange::from_usize(line_start, i),
                        full: TextRange::from_usize(line_start, i + len),
                        has_bad_bytes: bad,
                    };
                    reader.line(&line, sink);
                }
                taken = false;
                i += len;
                line_start = i;
                bad = false;
                continue;
            }
            b'\t' => {}
            0x00..=0x1F | 0x7F => {
                bad = true;
                if sink.is_full(Code::PolicyControlChar) {
                    i += 1;
                    continue;
                }
                sink.push(Diagnostic::new(
                    Code::PolicyControlChar,
                    TextRange::from_usize(i, i + 1),
                    format!("Control character {} is not allowed in a policy file.", control_name(b)),
                ));
            }
            0x80..=0xFF if width == 1 => {
                bad = true;
                let end = invalid_run_end(text, i);
                if sink.is_full(Code::PolicyInvalidUtf8) {
                    i = end;
                    continue;
                }
                sink.push(invalid_utf8(text, i, end));
                i = end;
                continue;
            }
            _ => {}
        }
        i += width;
    }
    if line_start < text.len() && !taken {
        let line = Line {
            content: TextRange::from_usize(line_start, text.len()),
            full: TextRange::from_usize(line_start, text.len()),
            has_bad_bytes: bad,
        };
        reader.line(&line, sink);
    }
}

/// The line ending a repair should insert: the file's first one, LF by default.
pub(crate) fn first_eol(text: &[u8]) -> &'static str {
    match text.iter().position(|&b| b == b'\n') {
        Some(i) if i > 0 && text[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// How many bytes at the start of `bytes` come before the first line feed or carriage
/// return (all of them when there is none), eight bytes at a time.
///
/// A byte of `w ^ c` is zero where `w` holds `c`; subtracting 1 from every byte borrows
/// into the high bit of a zero byte whose own high bit was clear. A borrow only moves
/// towards higher bytes, so the lowest flagged byte is the first match (a byte above it
/// may be flagged falsely, never one below).
fn line_break(bytes: &[u8]) -> usize {
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    first_flagged(bytes, |w| zero(w ^ (ONES * u64::from(b'\n'))) | zero(w ^ (ONES * u64::from(b'\r'))), |b| b == b'\n' || b == b'\r')
}

/// `policy/invalid-utf8` for the bytes `start..end`.
fn invalid_utf8(text: &[u8], start: usize, end: usize) -> Diagnostic {
    Diagnostic::new(
        Code::PolicyInvalidUtf8,
        TextRange::from_usize(start, end),
        format!(
            "Byte{} {} at offset {start} {} not valid UTF-8; save the file as UTF-8 (plain ASCII is best).",
            if end - start > 1 { "s" } else { "" },
            text[start..end].iter().map(|b| format!("0x{b:02X}")).collect::<Vec<_>>().join(" "),
            if end - start > 1 { "are" } else { "is" },
        ),
    )
}

/// End of a run of bytes that are not part of any valid UTF-8 character.
fn invalid_run_end(text: &[u8], start: usize) -> usize {
    let mut end = start + 1;
    while end < text.len() && text[end] >= 0x80 && char_width(text, end) == 1 && end - start < 16 {
        end += 1;
    }
    end
}

fn control_name(b: u8) -> String {
    match b {
        0 => "NUL (0x00)".into(),
        0x7F => "DEL (0x7F)".into(),
        0x0B => "vertical tab (0x0B)".into(),
        0x0C => "form feed (0x0C)".into(),
        _ => format!("0x{b:02X}"),
    }
}

/// Offsets of the body past the size limit, if any.
pub(crate) fn oversize(text: &[u8]) -> Option<TextRange> {
    (text.len() > MAX_POLICY_SIZE).then(|| TextRange::new(to_u32(MAX_POLICY_SIZE), to_u32(text.len())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::MAX_PER_CODE;

    /// Records the lines [`split`] hands over.
    #[derive(Default)]
    struct Recorder(Vec<(TextRange, TextRange, bool)>);

    impl Reader for Recorder {
        fn quick(&mut self, _: usize, _: &mut Sink) -> Option<usize> {
            None
        }

        fn line(&mut self, line: &Line, _: &mut Sink) {
            self.0.push((line.content, line.full, line.has_bad_bytes));
        }
    }

    fn split_into(text: &[u8], mut sink: Sink) -> (Vec<(TextRange, TextRange, bool)>, Vec<Diagnostic>) {
        let mut recorder = Recorder::default();
        split(text, 0, &mut sink, &mut recorder);
        (recorder.0, sink.finish())
    }

    /// Bytes that are mostly bad (control characters, stray UTF-8 bytes), with line breaks.
    fn junk() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        proptest::collection::vec(
            prop_oneof![
                2 => Just(b'\n'),
                1 => Just(b'\r'),
                4 => 0x00..0x20u8,
                4 => 0x80..=0xFFu8,
                2 => Just(b'\t'),
                6 => any::<u8>(),
                1 => Just("é".as_bytes()[0]),
            ],
            0..3000,
        )
    }

    proptest::proptest! {
        #[test]
        fn line_break_finds_the_first_lf_or_cr(bytes in proptest::collection::vec(proptest::prop_oneof![
            1 => proptest::strategy::Just(b'\n'),
            1 => proptest::strategy::Just(b'\r'),
            1 => proptest::strategy::Just(0x0A ^ 0x80),
            1 => proptest::strategy::Just(0x0D ^ 0x80),
            20 => proptest::prelude::any::<u8>(),
        ], 0..80)) {
            let expected = bytes.iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(bytes.len());
            proptest::prop_assert_eq!(line_break(&bytes), expected);
        }

        /// Skipping the rest of a bad line once the byte-level codes are capped changes
        /// nothing: the lines and diagnostics are those of a byte-by-byte reading (an
        /// uncapped sink, which never skips) with the cap applied afterwards.
        #[test]
        fn capped_split_is_the_full_split_capped(text in junk()) {
            let (lines, capped) = split_into(&text, Sink::default());
            let (full_lines, full) = split_into(&text, Sink::uncapped());
            proptest::prop_assert_eq!(lines, full_lines);
            let mut seen = std::collections::HashMap::new();
            let mut expected = Vec::new();
            for mut d in full {
                let n: &mut u32 = seen.entry(d.code).or_default();
                *n += 1;
                if *n == MAX_PER_CODE {
                    d.message.push_str(" (further occurrences of this problem are not reported)");
                }
                if *n <= MAX_PER_CODE {
                    expected.push(d);
                }
            }
            proptest::prop_assert_eq!(capped, expected);
        }
    }
}
