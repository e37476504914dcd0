//! A strict JSON reader (RFC 8259) that keeps the byte range of every value and key.
//!
//! Why our own: the schema rules of a TLS-RPT report point at the value they are about
//! (line and column in the file), which `serde_json` cannot tell once a value is read; the
//! span-keeping crates either read a dialect (comments, trailing commas) or recurse without a
//! depth limit. This one is ~250 lines, iterative in its bounds (nesting capped at
//! [`MAX_DEPTH`], so no stack overflow on `[[[[…`), linear in the input, and never panics.
//! It stops at the first syntax error: after broken JSON nothing later can be trusted.

use crate::text::TextRange;

/// Deepest nesting of arrays and objects read; a report needs 5.
pub const MAX_DEPTH: usize = 32;

/// A JSON value and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Value {
    pub(crate) kind: Kind,
    /// From the first byte of the value to one past its last.
    pub(crate) range: TextRange,
}

/// What a value is. Numbers keep their text: the schema decides what it accepts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in file order, each key with its range (quotes included).
    Object(Vec<(String, TextRange, Value)>),
}

impl Kind {
    /// The JSON type's name, for messages.
    pub(crate) const fn type_name(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }
}

/// Why the text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) range: TextRange,
    pub(crate) message: String,
    /// Nesting deeper than [`MAX_DEPTH`], not a syntax error as such.
    pub(crate) too_deep: bool,
}

/// Reads one JSON text: a value with only whitespace around it (a UTF-8 BOM before it is
/// skipped, as RFC 8259 §8.1 allows).
pub(crate) fn parse(text: &[u8]) -> Result<Value, SyntaxError> {
    if let Err(e) = std::str::from_utf8(text) {
        let end = e.valid_up_to() + e.error_len().unwrap_or(text.len() - e.valid_up_to());
        return Err(error(e.valid_up_to(), end, "these bytes are not UTF-8; JSON text is UTF-8".into()));
    }
    let start = if text.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let mut reader = Reader { text, at: start };
    reader.skip_whitespace();
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.at < text.len() {
        return Err(reader.error_here("more text after the end of the JSON value".into()));
    }
    Ok(value)
}

fn error(start: usize, end: usize, message: String) -> SyntaxError {
    SyntaxError { range: TextRange::from_usize(start, end), message, too_deep: false }
}

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// An error at the current character (or the empty end of the text).
    fn error_here(&self, message: String) -> SyntaxError {
        let len = match self.text.get(self.at..) {
            Some(rest) if !rest.is_empty() => std::str::from_utf8(rest).ok().and_then(|s| s.chars().next()).map_or(1, char::len_utf8),
            _ => 0,
        };
        error(self.at, self.at + len, message)
    }

    fn unexpected(&self, wanted: &str) -> SyntaxError {
        if self.peek().is_none() {
            return self.error_here(format!("the text ends where {wanted} was expected"));
        }
        let found = std::str::from_utf8(&self.text[self.at..]).ok().and_then(|s| s.chars().next()).unwrap_or('?');
        self.error_here(format!("expected {wanted}, found `{}`", found.escape_debug()))
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        let start = self.at;
        let kind = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Value { kind, range: TextRange::from_usize(start, self.at) })
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, SyntaxError> {
        if self.text[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(kind)
        } else {
            Err(self.unexpected("a value (`true`, `false` and `null` are lowercase)"))
        }
    }

    fn open(&mut self, depth: usize) -> Result<(), SyntaxError> {
        if depth >= MAX_DEPTH {
            let mut e = self.error_here(format!("nested more than {MAX_DEPTH} levels deep; a report needs 5"));
            e.too_deep = true;
            return Err(e);
        }
        self.at += 1;
        self.skip_whitespace();
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Kind, SyntaxError> {
        self.open(depth)?;
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.at += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        return Err(self.error_here("a comma before `]`: JSON allows no trailing comma".into()));
                    }
                }
                Some(b']') => {
                    self.at += 1;
                    return Ok(Kind::Array(items));
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Kind, SyntaxError> {
        self.open(depth)?;
        let mut members = Vec::new();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a member name in double quotes"));
            }
            let key_start = self.at;
            let key = self.string()?;
            let key_range = TextRange::from_usize(key_start, self.at);
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("`:` after the member name"));
            }
            self.at += 1;
            self.skip_whitespace();
            let value = self.value(depth + 1)?;
            members.push((key, key_range, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.at += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        return Err(self.error_here("a comma before `}`: JSON allows no trailing comma".into()));
                    }
                }
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Kind::Object(members));
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.at;
        self.at += 1;
        let mut out = String::new();
        loop {
            let run_start = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The text was checked to be UTF-8 and the run stops only at ASCII bytes.
            out.push_str(std::str::from_utf8(&self.text[run_start..self.at]).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => {
                    return Err(
                        self.error_here("a control character inside a string must be written as an escape (`\\n`, `\\u0009`)".into())
                    );
                }
                None => return Err(error(open, self.at, "this string has no closing `\"`".into())),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let start = self.at;
        self.at += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let high = self.hex4(start)?;
                let scalar = if (0xD800..0xDC00).contains(&high) && self.text[self.at..].starts_with(b"\\u") {
                    self.at += 2;
                    let low = self.hex4(start)?;
                    if (0xDC00..0xE000).contains(&low) { 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00) } else { 0xFFFD }
                } else {
                    high
                };
                out.push(char::from_u32(scalar).unwrap_or('\u{FFFD}'));
                return Ok(());
            }
            _ => {
                return Err(error(
                    start,
                    (self.at + 1).min(self.text.len()),
                    "unknown escape; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX".into(),
                ));
            }
        };
        self.at += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self, start: usize) -> Result<u32, SyntaxError> {
        let digits = self.text.get(self.at..self.at + 4).and_then(|d| std::str::from_utf8(d).ok());
        match digits.filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit())).and_then(|d| u32::from_str_radix(d, 16).ok()) {
            Some(n) => {
                self.at += 4;
                Ok(n)
            }
            None => Err(error(start, (self.at + 4).min(self.text.len()), "`\\u` must be followed by four hex digits".into())),
        }
    }

    fn number(&mut self) -> Result<Kind, SyntaxError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit after the decimal point"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit in the exponent"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error_here("a number may not have leading zeros".into()));
        }
        Ok(Kind::Number(String::from_utf8_lossy(&self.text[start..self.at]).into_owned()))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (u32, u32) {
        let e = parse(text.as_bytes()).expect_err(text);
        (e.range.start, e.range.end)
    }

    #[test]
    fn reads_values_with_their_ranges() {
        let v = parse(br#" {"a": [1, -2.5e3, "x\u00e9\ud83d\ude00"], "b": null} "#).unwrap();
        let Kind::Object(members) = &v.kind else { panic!("object") };
        assert_eq!(v.range, TextRange::new(1, 53));
        assert_eq!(members[0].0, "a");
        assert_eq!(members[0].1, TextRange::new(2, 5));
        let Kind::Array(items) = &members[0].2.kind else { panic!("array") };
        assert_eq!(items[1].kind, Kind::Number("-2.5e3".into()));
        assert_eq!(items[2].kind, Kind::String("x\u{e9}\u{1F600}".into()));
        assert_eq!(members[1].2.range, TextRange::new(48, 52));
    }

    #[test]
    fn points_at_each_kind_of_mistake() {
        assert_eq!(err("{\"a\": 1,}"), (8, 9));
        assert_eq!(err("[1 2]"), (3, 4));
        assert_eq!(err("{\"a\" 1}"), (5, 6));
        assert_eq!(err("{a: 1}"), (1, 2));
        assert_eq!(err("\"abc"), (0, 4));
        assert_eq!(err("\"a\\qb\""), (2, 4));
        assert_eq!(err("[01]"), (2, 3));
        assert_eq!(err("[True]"), (1, 2));
        assert_eq!(err("{}x"), (2, 3));
        assert_eq!(err("[1,"), (3, 3));
        assert_eq!(err("\"a\tb\""), (2, 3));
        assert_eq!(err("[\"\u{e9}\" é]"), (6, 8));
    }

    #[test]
    fn caps_the_depth_without_recursing_past_it() {
        let deep = "[".repeat(100_000);
        let e = parse(deep.as_bytes()).unwrap_err();
        assert!(e.too_deep);
        assert_eq!(e.range.start as usize, MAX_DEPTH);
        assert!(parse(format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH)).as_bytes()).is_ok());
    }

    #[test]
    fn refuses_bytes_that_are_not_utf8() {
        assert_eq!(err("[\"a\u{0}\"]").0, 3);
        let e = parse(b"[\"\xff\"]").unwrap_err();
        assert_eq!(e.range, TextRange::new(2, 3));
    }
}
