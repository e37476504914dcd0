//! A BIND zone file (RFC 1035 §5.1, the master file format) read far enough to find the TXT
//! records at `_mta-sts.*` and `_smtp._tls.*`, every byte of them mapped back to the file.
//!
//! What is read: `$ORIGIN` (relative names are completed with it), `$TTL` (skipped),
//! `$INCLUDE` (not followed: a file is read on its own, so a warning says its records were
//! not checked), owners written relative, absolute (ending in `.`), as `@` (the origin) or
//! left blank (a line starting with whitespace: the previous owner), an optional TTL and
//! class in either order, parentheses continuing a record over lines, `;` comments, quoted
//! and unquoted character-strings with `\DDD` and `\X` escapes. Other directives
//! (`$GENERATE`…) and other record types are skipped. No DNS crate was used: none reads zone
//! files keeping the position of each byte, which the diagnostics need.
//!
//! Linear: one pass over the bytes, then one over the entries.

use super::{Owners, ZoneRecords, owner_family};
use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::record::intake::{QuotingProblem, SourceRecord};
use crate::text::{TextRange, to_u32};

/// A token of an entry: a word or a quoted string, unescaped, with the input range of each byte.
struct Token {
    /// The token as written (quotes included).
    range: TextRange,
    quoted: bool,
    bytes: Vec<u8>,
    sources: Vec<TextRange>,
    /// Where an insertion at the end of the content lands: before a closing quote.
    content_end: u32,
    /// Quoting mistakes inside it (reported only when the token belongs to a record we check).
    problems: Vec<QuotingProblem>,
}

impl Token {
    /// The token as text, for names, types and directives (escapes undone).
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// One entry: a line, or several joined by parentheses.
struct Entry {
    /// The line began with whitespace: the owner is the previous one.
    blank_owner: bool,
    tokens: Vec<Token>,
}

/// Splits the file into entries (one pass), reporting unbalanced parentheses.
struct Lexer<'t> {
    bytes: &'t [u8],
    at: usize,
    depth: u32,
    open: usize,
    diagnostics: Vec<Diagnostic>,
}

impl Lexer<'_> {
    fn entries(mut self) -> (Vec<Entry>, Vec<Diagnostic>) {
        let mut entries = Vec::new();
        let mut current: Option<Entry> = None;
        let mut line_start = true;
        while self.at < self.bytes.len() {
            let b = self.bytes[self.at];
            if line_start && self.depth == 0 {
                if let Some(entry) = current.take().filter(|e| !e.tokens.is_empty()) {
                    entries.push(entry);
                }
                current = Some(Entry { blank_owner: matches!(b, b' ' | b'\t'), tokens: Vec::new() });
            }
            line_start = false;
            match b {
                b'\n' => {
                    line_start = true;
                    self.at += 1;
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                b';' => {
                    while self.at < self.bytes.len() && self.bytes[self.at] != b'\n' {
                        self.at += 1;
                    }
                }
                b'(' => {
                    if self.depth == 0 {
                        self.open = self.at;
                    }
                    self.depth += 1;
                    self.at += 1;
                }
                b')' => {
                    if self.depth == 0 {
                        self.diagnostics.push(Diagnostic::new(
                            Code::ZoneSyntaxInvalid,
                            TextRange::from_usize(self.at, self.at + 1),
                            "This `)` closes no `(`; remove it.",
                        ));
                    }
                    self.depth = self.depth.saturating_sub(1);
                    self.at += 1;
                }
                b'"' => {
                    let token = self.quoted();
                    push(&mut current, token);
                }
                _ => {
                    let token = self.word();
                    push(&mut current, token);
                }
            }
        }
        if let Some(entry) = current.filter(|e| !e.tokens.is_empty()) {
            entries.push(entry);
        }
        if self.depth > 0 {
            self.diagnostics.push(Diagnostic::new(
                Code::ZoneSyntaxInvalid,
                TextRange::from_usize(self.open, self.open + 1),
                "This `(` is never closed, so every line after it is read as part of one record; add the `)`.",
            ));
        }
        (entries, self.diagnostics)
    }

    /// A quoted string at `self.at` (a `"`); it ends at its closing quote or, unclosed, at the
    /// end of the line.
    fn quoted(&mut self) -> Token {
        let open = self.at;
        let mut token = Token {
            range: TextRange::empty(0),
            quoted: true,
            bytes: Vec::new(),
            sources: Vec::new(),
            content_end: 0,
            problems: Vec::new(),
        };
        self.at += 1;
        loop {
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    token.content_end = to_u32(self.at);
                    self.at += 1;
                    break;
                }
                None | Some(b'\n') => {
                    let end = if self.at > open && self.bytes.get(self.at.wrapping_sub(1)) == Some(&b'\r') { self.at - 1 } else { self.at };
                    token.content_end = to_u32(end);
                    token.problems.push(QuotingProblem {
                        range: TextRange::from_usize(open, open + 1),
                        message: "This quoted string is not closed; add the closing `\"`.".to_string(),
                    });
                    break;
                }
                Some(b'\\') => self.escape(&mut token),
                Some(&c) => {
                    token.bytes.push(c);
                    token.sources.push(TextRange::from_usize(self.at, self.at + 1));
                    self.at += 1;
                }
            }
        }
        token.range = TextRange::from_usize(open, self.at);
        if token.problems.iter().any(|p| p.range.start == to_u32(open)) && token.bytes.last() == Some(&b'\r') {
            token.bytes.pop();
            token.sources.pop();
        }
        token
    }

    /// A word: up to whitespace, `;`, `(`, `)` or `"`.
    fn word(&mut self) -> Token {
        let start = self.at;
        let mut token = Token {
            range: TextRange::empty(0),
            quoted: false,
            bytes: Vec::new(),
            sources: Vec::new(),
            content_end: 0,
            problems: Vec::new(),
        };
        while let Some(&c) = self.bytes.get(self.at) {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'(' | b')' | b'"' => break,
                b'\\' => self.escape(&mut token),
                _ => {
                    token.bytes.push(c);
                    token.sources.push(TextRange::from_usize(self.at, self.at + 1));
                    self.at += 1;
                }
            }
        }
        token.range = TextRange::from_usize(start, self.at);
        token.content_end = to_u32(self.at);
        token
    }

    /// The escape at `self.at` (a `\`): `\DDD` is a byte, `\X` is X.
    fn escape(&mut self, token: &mut Token) {
        let i = self.at;
        let digits = self.bytes.get(i + 1..i + 4).filter(|d| d.iter().all(u8::is_ascii_digit));
        let number = digits.map(|d| d.iter().fold(0u16, |n, &c| n * 10 + u16::from(c - b'0')));
        match (self.bytes.get(i + 1), number) {
            (_, Some(n)) if n <= 255 => {
                token.bytes.push(n as u8);
                token.sources.push(TextRange::from_usize(i, i + 4));
                self.at = i + 4;
            }
            (Some(&c), _) if !c.is_ascii_digit() && c != b'\n' && c != b'\r' => {
                let width = crate::text::utf8_width(c).min(self.bytes.len() - (i + 1));
                token.bytes.extend_from_slice(&self.bytes[i + 1..i + 1 + width]);
                token.sources.extend(std::iter::repeat_n(TextRange::from_usize(i, i + 1 + width), width));
                self.at = i + 1 + width;
            }
            _ => {
                let digits = self.bytes[i + 1..].iter().take(3).take_while(|b| b.is_ascii_digit()).count();
                token.problems.push(QuotingProblem {
                    range: TextRange::from_usize(i, i + 1 + digits),
                    message:
                        "`\\` must be followed by three digits 000-255 or by the character it escapes; it is read as a plain `\\` here."
                            .to_string(),
                });
                token.bytes.push(b'\\');
                token.sources.push(TextRange::from_usize(i, i + 1));
                self.at = i + 1;
            }
        }
    }
}

fn push(entry: &mut Option<Entry>, token: Token) {
    if let Some(entry) = entry {
        entry.tokens.push(token);
    }
}

/// Whether `word` is a TTL: digits, or BIND's units (`1h30m`, `1W`).
fn is_ttl(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word.bytes().all(|b| b.is_ascii_digit() || matches!(b.to_ascii_lowercase(), b's' | b'm' | b'h' | b'd' | b'w'))
}

fn is_class(word: &str) -> bool {
    ["IN", "CH", "HS", "CS", "ANY"].iter().any(|c| word.eq_ignore_ascii_case(c))
}

/// `name` made absolute with `origin` (`@` is the origin; a name ending in `.` is absolute).
fn absolute(name: &str, origin: Option<&str>) -> String {
    match (name, origin) {
        ("@", Some(origin)) => origin.to_string(),
        (name, _) if name.ends_with('.') => name.to_string(),
        (name, Some(".")) => format!("{name}."),
        (name, Some(origin)) => format!("{name}.{origin}"),
        (name, None) => name.to_string(),
    }
}

/// Reads the zone file `text`.
pub(super) fn read(text: &str) -> ZoneRecords {
    let lexer = Lexer { bytes: text.as_bytes(), at: 0, depth: 0, open: 0, diagnostics: Vec::new() };
    let (entries, mut diagnostics) = lexer.entries();
    let mut owners = Owners::default();
    let mut origin: Option<String> = None;
    let mut previous: Option<String> = None;
    for entry in entries {
        let first = &entry.tokens[0];
        let directive = !entry.blank_owner && !first.quoted && first.bytes.first() == Some(&b'$');
        if directive {
            let name = first.text();
            if name.eq_ignore_ascii_case("$ORIGIN") {
                origin = entry.tokens.get(1).map(|t| absolute(&t.text(), origin.as_deref()));
            } else if name.eq_ignore_ascii_case("$INCLUDE") {
                let last = entry.tokens.last().map_or(first.range, |t| t.range);
                diagnostics.push(Diagnostic::new(
                    Code::ZoneIncludeUnsupported,
                    TextRange::new(first.range.start, last.end),
                    "`$INCLUDE` is not followed: the records of the included file were not checked. Lint that file too.",
                ));
            }
            continue;
        }
        let mut tokens = entry.tokens.iter();
        let owner = if entry.blank_owner {
            previous.clone()
        } else {
            let name = absolute(&first.text(), origin.as_deref());
            tokens.next();
            previous = Some(name.clone());
            Some(name)
        };
        let mut rest = tokens.skip_while(|t| !t.quoted && (is_ttl(&t.text()) || is_class(&t.text())));
        let Some(kind) = rest.next() else { continue };
        if !kind.text().eq_ignore_ascii_case("TXT") {
            continue;
        }
        let Some(owner) = owner else { continue };
        let Some(family) = owner_family(&owner) else { continue };
        let strings: Vec<&Token> = rest.collect();
        let (Some(first_string), Some(last_string)) = (strings.first(), strings.last()) else {
            diagnostics.push(Diagnostic::new(
                Code::ZoneSyntaxInvalid,
                kind.range,
                "This TXT record has no text: write the value in quotes after `TXT`.",
            ));
            continue;
        };
        let mut bytes = Vec::new();
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for s in &strings {
            bytes.extend_from_slice(&s.bytes);
            sources.extend_from_slice(&s.sources);
            problems.extend(s.problems.iter().cloned());
        }
        let span = TextRange::new(first_string.range.start, last_string.range.end);
        let record = SourceRecord::assembled(bytes, sources, span, last_string.content_end);
        owners.add(owner, family, record, problems);
    }
    ZoneRecords { text: text.to_string(), owners: owners.list, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners(text: &str) -> Vec<(String, Vec<String>)> {
        read(text).owners.into_iter().map(|o| (o.name, o.input.records.into_iter().map(|r| r.text).collect())).collect()
    }

    #[test]
    fn origin_relative_absolute_at_and_blank_owners() {
        let zone = "$ORIGIN example.com.\n$TTL 300\n@ IN MX 10 mx\n_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n\
                    \tIN TXT \"v=spf1 -all\"\n_smtp._tls.other.net. IN 60 TXT ( \"v=TLSRPTv1; \"\n  \"rua=mailto:a@b.c\" ) ; c\n";
        assert_eq!(
            owners(zone),
            [
                ("_mta-sts.example.com.".to_string(), vec!["v=STSv1; id=1".to_string(), "v=spf1 -all".to_string()]),
                ("_smtp._tls.other.net.".to_string(), vec!["v=TLSRPTv1; rua=mailto:a@b.c".to_string()]),
            ]
        );
    }

    #[test]
    fn escapes_and_positions() {
        let zone = "_mta-sts TXT \"v=STSv1\\059 id=\\\"1\"";
        let read = read(zone);
        let record = &read.owners[0].input.records[0];
        assert_eq!(record.text, "v=STSv1; id=\"1");
        assert_eq!(&zone[record.to_input(TextRange::new(7, 8)).as_usize()], "\\059");
        assert_eq!(&zone[record.to_input(TextRange::new(9, 11)).as_usize()], "id");
    }

    #[test]
    fn unbalanced_parentheses_and_include() {
        let read = read("$INCLUDE other.zone\n_mta-sts TXT ( \"v=STSv1; id=1\"\n)\n)\nx (\n");
        let mut codes: Vec<_> = read.diagnostics.iter().map(|d| (d.range.start, d.code, d.range)).collect();
        codes.sort_by_key(|c| c.0);
        let codes: Vec<_> = codes.into_iter().map(|(_, code, range)| (code, range)).collect();
        assert_eq!(
            codes,
            [
                (Code::ZoneIncludeUnsupported, TextRange::new(0, 19)),
                (Code::ZoneSyntaxInvalid, TextRange::new(53, 54)),
                (Code::ZoneSyntaxInvalid, TextRange::new(57, 58))
            ]
        );
        assert_eq!(read.owners.len(), 1);
    }
}
