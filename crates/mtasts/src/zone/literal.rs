//! A quoted string literal of a configuration language (HCL, JavaScript), decoded with each
//! byte's place in the file, and turned into a TXT record the way DNS providers read it.

use crate::record::intake::SourceRecord;
use crate::text::{TextRange, to_u32};

/// What a value that is not a literal string is told: it is not checked.
pub(super) const NOT_LITERAL_MESSAGE: &str = "This value is computed (an interpolation, a variable, a function call or an operator), so it was not checked: only a literal string can be judged from the file.";

/// A decoded string literal.
pub(super) struct Literal {
    /// The value.
    pub(super) value: String,
    /// The file range of each byte of `value`.
    sources: Vec<TextRange>,
    /// The literal as written, quotes included.
    span: TextRange,
    /// Where an insertion at the end of the value lands: before the closing quote.
    content_end: u32,
}

/// Reads one escape at the start of its argument (which begins with a byte that may open one):
/// the text it stands for and how many bytes it takes, or `None` when that byte is literal.
pub(super) type Escape = fn(&str) -> Option<(String, usize)>;

impl Literal {
    /// The literal `text[span]` (quotes included), decoded with `escape`. When the parser that
    /// found it says its value is `expected` and the decoding disagrees, the value is kept and
    /// every byte maps to the whole literal: right, if less precise.
    pub(super) fn from_quoted(text: &str, span: TextRange, expected: &str, escape: Escape) -> Literal {
        let raw = text.get(span.as_usize()).unwrap_or("");
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
        let start = span.start as usize + 1;
        let content_end = to_u32(start + inner.len());
        let mut literal = Literal::decode(inner, start, escape);
        literal.span = span;
        literal.content_end = content_end;
        if literal.value != expected {
            literal.value = expected.to_string();
            literal.sources = vec![span; expected.len()];
            literal.content_end = span.end;
        }
        literal
    }

    /// Decodes `inner` (a literal without its quotes) that starts at byte `start` of the file.
    pub(super) fn decode(inner: &str, start: usize, escape: Escape) -> Literal {
        let mut value = String::with_capacity(inner.len());
        let mut sources = Vec::with_capacity(inner.len());
        let mut i = 0;
        while let Some(c) = inner[i..].chars().next() {
            let (text, width) = match c {
                '\\' | '$' | '%' => escape(&inner[i..]).unwrap_or_else(|| (c.to_string(), c.len_utf8())),
                _ => (c.to_string(), c.len_utf8()),
            };
            let whole = TextRange::from_usize(start + i, start + i + width);
            if width == text.len() && text.as_bytes() == inner.as_bytes().get(i..i + width).unwrap_or(&[]) {
                sources.extend((0..width).map(|k| TextRange::from_usize(start + i + k, start + i + k + 1)));
            } else {
                sources.extend(std::iter::repeat_n(whole, text.len()));
            }
            value.push_str(&text);
            i += width;
        }
        let end = to_u32(start + inner.len());
        Literal { value, sources, span: TextRange::from_usize(start.saturating_sub(1), start + inner.len() + 1), content_end: end }
    }

    /// `self` followed by `next` (an array of strings that makes one record).
    pub(super) fn join(mut self, next: Literal) -> Literal {
        self.value.push_str(&next.value);
        self.sources.extend(next.sources);
        self.span = TextRange::new(self.span.start, next.span.end);
        self.content_end = next.content_end;
        self
    }

    /// The record as the provider publishes it. With `implicit_quotes` (Route 53) the value is
    /// one character-string the provider quotes, so each `""` in it splits it; otherwise a value
    /// written with its own quotes (`"v=STSv1; " "id=1"`) is read as quoted character-strings,
    /// and any other value is the record itself. The strings are joined with no separator.
    pub(super) fn into_record(self, implicit_quotes: bool) -> SourceRecord {
        let bytes = self.value.as_bytes();
        let quoted = !implicit_quotes && bytes.len() >= 2 && bytes[0] == b'"' && bytes[bytes.len() - 1] == b'"';
        let mut out = Vec::with_capacity(bytes.len());
        let mut sources = Vec::with_capacity(bytes.len());
        let mut inside = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if implicit_quotes && b == b'"' && bytes.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            if quoted && b == b'"' {
                inside = !inside;
            } else if !quoted || inside || !b.is_ascii_whitespace() {
                out.push(b);
                sources.push(self.sources[i]);
            }
            i += 1;
        }
        SourceRecord::assembled(out, sources, self.span, self.content_end)
    }
}

/// Where brackets (`(`, `[`, `{`) first nest deeper than `limit`, counting every bracket of
/// the file: a guard for recursive parsers, which would otherwise overflow the stack.
pub(super) fn max_depth(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
