//! Record intake: whatever text a user or a tool hands us, turned into TXT records that
//! remember where each of their bytes came from.
//!
//! Accepted, one record per line:
//! ```text
//! v=STSv1; id=20261128                          a value as published
//! "v=STSv1; " "id=20261128"                     dig +short: character-strings, joined with no separator
//! _mta-sts.example.com. 300 IN TXT "v=STSv1; …"  a zone-file or full dig answer line
//! ;; ANSWER SECTION:                            a dig or zone-file comment: skipped
//! ```
//! Inside quotes (RFC 1035 §5.1) `\"` and `\\` stand for themselves and `\DDD` is a decimal
//! byte. A quote still open at the end of a line continues on the next one unless that line
//! opens a string of its own, so a raw CR or LF pasted inside a quoted value stays in the
//! record, where the record rules report it at its place.
//!
//! Quoting is not part of the record, so a quoting mistake is reported as a [`QuotingProblem`]
//! and the reader recovers (an unclosed string ends at the line's end, a bad escape is read
//! literally), so the record it meant is still judged. Every record keeps the input range of
//! each of its bytes: diagnostics found in the record are moved back onto the input
//! ([`SourceRecord::to_input`]) and fixes are re-quoted ([`SourceRecord::edit_to_input`]),
//! so every face shows positions in the text the user gave.

use std::fmt::Write as _;

use crate::diagnostic::Edit;
use crate::text::{TextRange, to_u32, utf8_width};

/// How a record was written in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Form {
    /// The value itself, as a DNS provider's form holds it.
    Value,
    /// Quoted character-strings, as `dig` and zone files print them.
    Quoted,
}

/// One TXT record of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRecord {
    /// The record as senders see it: the character-strings joined with no separator.
    pub text: String,
    /// The input it was read from (its line or lines, without the final line break).
    pub span: TextRange,
    /// How it was written.
    pub form: Form,
    /// For a quoted record, the input range of each byte of `text`.
    sources: Vec<TextRange>,
    /// Where an insertion at the end of `text` lands in the input.
    content_end: u32,
}

/// A quoting mistake, with where it is in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotingProblem {
    /// The offending characters.
    pub range: TextRange,
    /// What is wrong, in plain words.
    pub message: String,
}

/// The records of one input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordInput {
    /// The text positions refer to.
    pub text: String,
    /// The records, in input order.
    pub records: Vec<SourceRecord>,
    /// Quoting mistakes the reader recovered from.
    pub problems: Vec<QuotingProblem>,
}

impl RecordInput {
    /// Reads pasted text, `dig` output or zone-file lines.
    pub fn parse(text: &str) -> RecordInput {
        Reader { text, at: 0, input: RecordInput::default() }.read()
    }

    /// Records already joined (as a resolver returns them), one per line of a document of them
    /// joined by `\n`, which positions then refer to.
    pub fn from_values<S: AsRef<str>>(values: &[S]) -> RecordInput {
        let mut text = String::new();
        let mut records = Vec::with_capacity(values.len());
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            let start = to_u32(text.len());
            text.push_str(value.as_ref());
            records.push(SourceRecord::value(value.as_ref().to_string(), start));
        }
        RecordInput { text, records, problems: Vec::new() }
    }
}

impl SourceRecord {
    fn value(text: String, start: u32) -> SourceRecord {
        let end = start + to_u32(text.len());
        SourceRecord { text, span: TextRange::new(start, end), form: Form::Value, sources: Vec::new(), content_end: end }
    }

    /// A quoted record assembled elsewhere (a zone file's character-strings spread over lines):
    /// its bytes, the input range of each, the range of the whole record in the input and where
    /// an insertion at its end lands. Bytes that are not UTF-8 become U+FFFD, as in [`RecordInput::parse`].
    pub fn assembled(bytes: Vec<u8>, sources: Vec<TextRange>, span: TextRange, content_end: u32) -> SourceRecord {
        let mut sources = sources;
        sources.resize(bytes.len(), TextRange::empty(content_end));
        let (text, sources) = lossy(bytes, sources);
        SourceRecord { text, span, form: Form::Quoted, sources, content_end }
    }

    /// The input range of `range`, a range of [`SourceRecord::text`].
    pub fn to_input(&self, range: TextRange) -> TextRange {
        if self.form == Form::Value {
            return TextRange::new(self.span.start + range.start, self.span.start + range.end);
        }
        let at = |i: u32| self.sources.get(i as usize).map_or(self.content_end, |s| s.start);
        let start = at(range.start);
        let end = match range.end.checked_sub(1) {
            Some(last) if range.end > range.start => self.sources.get(last as usize).map_or(self.content_end, |s| s.end),
            _ => start,
        };
        TextRange::new(start, end.max(start))
    }

    /// `edit` (on [`SourceRecord::text`]) as an edit of the input: moved, and for a quoted
    /// record with its replacement written in quoted form.
    pub fn edit_to_input(&self, edit: &Edit) -> Edit {
        let range = self.to_input(edit.range);
        match self.form {
            Form::Value => Edit::replace(range, edit.replacement.as_str()),
            Form::Quoted => Edit::replace(range, quote_escape(&edit.replacement)),
        }
    }
}

/// One TXT record in `dig` presentation form: each character-string quoted and escaped
/// (`"v=STSv1; id=1"`, `"a" "b"`), as [`RecordInput::parse`] reads it back. A value that carries
/// its own quote characters stays visible as such (`"\"v=STSv1; id=1\""`) instead of being read
/// as quoting when the record is pasted into a checker.
pub fn presentation<S: AsRef<str>>(strings: &[S]) -> String {
    let quoted: Vec<String> = strings.iter().map(|s| format!("\"{}\"", quote_escape(s.as_ref()))).collect();
    if quoted.is_empty() { "\"\"".to_string() } else { quoted.join(" ") }
}

/// `text` as it must be written inside a quoted character-string.
fn quote_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\{b:03}");
            }
        }
    }
    out
}

struct Reader<'t> {
    text: &'t str,
    /// Byte offset of the next line.
    at: usize,
    input: RecordInput,
}

impl Reader<'_> {
    fn read(mut self) -> RecordInput {
        self.input.text = self.text.to_string();
        while self.at < self.text.len() {
            let start = self.at;
            let (end, next) = self.line(start);
            self.at = next;
            let line = &self.text[start..end];
            let body = line.trim_start_matches([' ', '\t']);
            if body.is_empty() || body.trim_end_matches([' ', '\t', '\r']).is_empty() || body.starts_with(';') {
                continue;
            }
            match quoted_start(line) {
                Some(quote) => self.quoted(start, start + quote),
                None => self.input.records.push(SourceRecord::value(line.to_string(), to_u32(start))),
            }
        }
        self.input
    }

    /// The line at `start`: its content's end (before an LF, and before a CR that precedes
    /// it) and where the next line begins.
    fn line(&self, start: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let lf = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| start + p);
        let end = if lf > start && bytes[lf - 1] == b'\r' { lf - 1 } else { lf };
        (end, lf + 1)
    }

    /// Reads quoted character-strings starting at byte `open` (a `"`), the record's line
    /// starting at `line_start`.
    fn quoted(&mut self, line_start: usize, open: usize) {
        let bytes = self.text.as_bytes();
        let mut out: Vec<u8> = Vec::new();
        let mut sources: Vec<TextRange> = Vec::new();
        let mut i = open;
        let mut content_end = open + 1;
        let (mut line_end, mut next_line) = self.line(line_start);
        loop {
            while i < line_end && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            if i >= line_end || bytes[i] == b';' {
                break;
            }
            if bytes[i] == b'(' || bytes[i] == b')' {
                i += 1;
                continue;
            }
            if bytes[i] != b'"' {
                let stop = (i..line_end).find(|&j| matches!(bytes[j], b' ' | b'\t' | b'"')).unwrap_or(line_end);
                self.problem(i, stop, "Text between quoted strings is not part of the record; put it inside the quotes or remove it.");
                i = stop;
                continue;
            }
            let string_open = i;
            i += 1;
            loop {
                if i >= line_end {
                    // A raw line break inside the quotes: part of the value when the string
                    // closes on the next line, which does not open a string of its own.
                    let continues = next_line < bytes.len() && {
                        let (ne, _) = self.line(next_line);
                        let rest = &self.text[next_line..ne];
                        !rest.trim_start_matches([' ', '\t']).starts_with('"') && rest.contains('"')
                    };
                    if !continues {
                        self.problem(string_open, string_open + 1, "This quoted string is not closed; add the closing `\"`.");
                        content_end = line_end;
                        break;
                    }
                    out.extend_from_slice(&bytes[line_end..next_line]);
                    sources.extend((line_end..next_line).map(|b| TextRange::from_usize(b, b + 1)));
                    i = next_line;
                    let (e, n) = self.line(next_line);
                    line_end = e;
                    next_line = n;
                    self.at = next_line;
                    continue;
                }
                match bytes[i] {
                    b'"' => {
                        content_end = i;
                        i += 1;
                        break;
                    }
                    b'\\' => i = self.escape(i, line_end, &mut out, &mut sources),
                    c => {
                        out.push(c);
                        sources.push(TextRange::from_usize(i, i + 1));
                        i += 1;
                    }
                }
            }
        }
        let (text, sources) = lossy(out, sources);
        let end = line_end;
        self.input.records.push(SourceRecord {
            text,
            span: TextRange::from_usize(line_start, end),
            form: Form::Quoted,
            sources,
            content_end: to_u32(content_end),
        });
    }

    /// Reads the escape at byte `i` (a `\\`) into `out`; returns where reading goes on.
    fn escape(&mut self, i: usize, line_end: usize, out: &mut Vec<u8>, sources: &mut Vec<TextRange>) -> usize {
        let bytes = self.text.as_bytes();
        let digits = bytes.get(i + 1..i + 4).filter(|d| d.iter().all(u8::is_ascii_digit));
        let number = digits.map(|d| d.iter().fold(0u16, |n, &c| n * 10 + u16::from(c - b'0')));
        match (bytes.get(i + 1), number) {
            (_, Some(n)) if n <= 255 => {
                out.push(n as u8);
                sources.push(TextRange::from_usize(i, i + 4));
                i + 4
            }
            (Some(c), _) if !c.is_ascii_digit() && i + 1 < line_end => {
                let width = utf8_width(*c);
                out.extend_from_slice(&bytes[i + 1..i + 1 + width]);
                sources.extend(std::iter::repeat_n(TextRange::from_usize(i, i + 1 + width), width));
                i + 1 + width
            }
            _ => {
                let digits = bytes[i + 1..line_end].iter().take(3).take_while(|b| b.is_ascii_digit()).count();
                self.problem(
                    i,
                    i + 1 + digits,
                    "`\\` must be followed by three digits 000-255, `\"` or `\\`; it is read as a plain `\\` here.",
                );
                out.push(b'\\');
                sources.push(TextRange::from_usize(i, i + 1));
                i + 1
            }
        }
    }

    fn problem(&mut self, start: usize, end: usize, message: &str) {
        self.input.problems.push(QuotingProblem { range: TextRange::from_usize(start, end), message: message.to_string() });
    }
}

/// Where the quoted strings of `line` begin: at its first character, or after `TXT` in a
/// zone-file or full `dig` answer line (`name [ttl] [class] TXT "…"`).
fn quoted_start(line: &str) -> Option<usize> {
    let quote = line.find('"')?;
    let before = &line[..quote];
    if before.trim_start_matches([' ', '\t']).is_empty() {
        return Some(quote);
    }
    let last = before.split_ascii_whitespace().last()?;
    (before.ends_with([' ', '\t']) && last.eq_ignore_ascii_case("TXT")).then_some(quote)
}

/// The unescaped bytes as text: a byte sequence that is not UTF-8 becomes U+FFFD (which the
/// record rules report), covering the input of the bytes it replaces.
fn lossy(bytes: Vec<u8>, sources: Vec<TextRange>) -> (String, Vec<TextRange>) {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return (text, sources),
        Err(e) => e.into_bytes(),
    };
    let mut text = String::with_capacity(bytes.len() + 8);
    let mut mapped = Vec::with_capacity(sources.len() + 8);
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        text.push_str(valid);
        mapped.extend_from_slice(&sources[at..at + valid.len()]);
        at += valid.len();
        let invalid = chunk.invalid().len();
        if invalid > 0 {
            let range = TextRange::new(sources[at].start, sources[at + invalid - 1].end);
            text.push(char::REPLACEMENT_CHARACTER);
            mapped.extend([range; 3]);
            at += invalid;
        }
    }
    (text, mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presentation_reads_back_to_the_same_values() {
        let values = ["v=STSv1; id=1", "\"v=STSv1; id=1\"", "a\\b \"c", "id=é😀", "tab\there", ""];
        for v in values {
            let line = presentation(&[v]);
            assert_eq!(texts(&RecordInput::parse(&line)), [v], "{line}");
        }
        assert_eq!(presentation(&["v=STSv1; ", "id=1"]), "\"v=STSv1; \" \"id=1\"");
        assert_eq!(texts(&RecordInput::parse(&presentation(&["v=STSv1; ", "id=1"]))), ["v=STSv1; id=1"]);
    }

    fn texts(input: &RecordInput) -> Vec<&str> {
        input.records.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn reads_values_quoted_strings_and_answer_lines() {
        let input = RecordInput::parse(
            "v=STSv1; id=1\r\n\n\"v=STSv1; \" \"id=2\"\n;; ANSWER SECTION:\n_mta-sts.example.com. 300 IN TXT \"a\\\"b\\\\c\\059\"\n",
        );
        assert_eq!(texts(&input), ["v=STSv1; id=1", "v=STSv1; id=2", "a\"b\\c;"]);
        assert_eq!(input.records[0].form, Form::Value);
        assert_eq!(input.records[1].form, Form::Quoted);
        assert!(input.problems.is_empty());
    }

    #[test]
    fn positions_of_quoted_bytes_point_into_the_input() {
        let line = "\"v=STSv1; \" \"id=a\\010b\"";
        let input = RecordInput::parse(line);
        let record = &input.records[0];
        assert_eq!(record.text, "v=STSv1; id=a\nb");
        // `id` starts after the second opening quote.
        let id = record.to_input(TextRange::new(9, 11));
        assert_eq!(&line[id.as_usize()], "id");
        // The escaped LF is the four bytes `\010`.
        let lf = record.to_input(TextRange::new(13, 14));
        assert_eq!(&line[lf.as_usize()], "\\010");
        // An insertion at the end lands before the closing quote.
        assert_eq!(record.to_input(TextRange::empty(15)), TextRange::empty(to_u32(line.len() - 1)));
    }

    #[test]
    fn quoted_replacements_are_escaped() {
        let input = RecordInput::parse("\"\\\"v=STSv1\"");
        let record = &input.records[0];
        let edit = record.edit_to_input(&Edit::replace(TextRange::new(0, 1), "\";"));
        assert_eq!(edit.range, TextRange::new(1, 3));
        assert_eq!(edit.replacement, "\\\";");
    }

    #[test]
    fn a_raw_line_break_inside_quotes_stays_in_the_value() {
        let input = RecordInput::parse("\"v=STSv1; id=1\r\nx\"\n\"v=spf1 -all\"");
        assert_eq!(texts(&input), ["v=STSv1; id=1\r\nx", "v=spf1 -all"]);
        assert!(input.problems.is_empty());
    }

    #[test]
    fn quoting_mistakes_are_reported_and_recovered() {
        let input = RecordInput::parse("\"v=STSv1; id=1\n\"v=spf1\" junk \"x\\9\"");
        assert_eq!(texts(&input), ["v=STSv1; id=1", "v=spf1x\\9"]);
        let problems: Vec<_> = input.problems.iter().map(|p| p.range).collect();
        assert_eq!(problems, [TextRange::new(0, 1), TextRange::new(24, 28), TextRange::new(31, 33)]);
    }

    #[test]
    fn bytes_that_are_not_utf8_become_replacement_characters() {
        let input = RecordInput::parse("\"a\\255b\"");
        let record = &input.records[0];
        assert_eq!(record.text, "a\u{fffd}b");
        assert_eq!(record.to_input(TextRange::new(1, 4)), TextRange::new(2, 6));
        assert_eq!(record.to_input(TextRange::new(4, 5)), TextRange::new(6, 7));
    }

    #[test]
    fn from_values_joins_by_line() {
        let input = RecordInput::from_values(&["a", "bc"]);
        assert_eq!(input.text, "a\nbc");
        assert_eq!(input.records[1].span, TextRange::new(2, 4));
        assert_eq!(input.records[1].to_input(TextRange::new(1, 2)), TextRange::new(3, 4));
    }
}
