//! dnscontrol's `dnsconfig.js`: the `TXT(name, value)` calls, inside `D('example.com', …)`.
//!
//! ```js
//! D("example.com", REG_NONE, DnsProvider(DSP_CLOUDFLARE),
//!   TXT("_mta-sts", "v=STSv1; id=20240101"),
//!   TXT("_smtp._tls", ["v=TLSRPTv1; ", "rua=mailto:tls@example.com"]),   // strings, joined
//! );
//! ```
//!
//! The file is JavaScript, but the records people write are literal calls, so this reads
//! just enough of the language instead of running it: string literals (`'`, `"` and `` ` ``
//! without `${`) with their escapes, `//` and `/* */` comments, brackets. A name is made
//! absolute with the domain of the `D(…)` around it (`@` is the domain itself; a name ending
//! in `.` is kept). A value that is not a literal string or an array of them (a variable, a
//! `+`, a template with `${…}`) is noted `zone/not-literal` and not checked; so is a `TXT`
//! whose name is computed, when the literal start of it names an MTA-STS owner.
//!
//! Linear: one pass making tokens, one over the tokens; no recursion.

use super::literal::{Literal, NOT_LITERAL_MESSAGE};
use super::{Owners, ZoneRecords, owner_family};
use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;

/// A token of the file.
#[derive(Debug, PartialEq)]
enum Kind {
    /// A string literal, decoded (`None`: a template with `${…}`, not a literal).
    Str(Option<String>),
    /// An identifier, a number or an operator character run.
    Word,
    /// One of `( ) [ ] { } ,`.
    Punct(u8),
}

struct Token {
    kind: Kind,
    range: TextRange,
}

/// Splits `text` into tokens, or says where a string or comment is left open.
fn tokens(text: &str) -> Result<Vec<Token>, Diagnostic> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            _ if c.is_ascii_whitespace() => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => i = memchr_from(b, i, b'\n').unwrap_or(b.len()),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").ok_or_else(|| invalid(i, i + 2, "This comment is never closed (`*/`)"))?;
                i += 2 + end + 2;
            }
            b'\'' | b'"' | b'`' => {
                let end = string_end(b, i).ok_or_else(|| invalid(i, i + 1, "This string is never closed"))?;
                let inner = &text[i + 1..end];
                let kind = if c == b'`' && inner.contains("${") { None } else { Some(Literal::decode(inner, i + 1, js_escape).value) };
                out.push(Token { kind: Kind::Str(kind), range: TextRange::from_usize(i, end + 1) });
                i = end + 1;
            }
            b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' => {
                out.push(Token { kind: Kind::Punct(c), range: TextRange::from_usize(i, i + 1) });
                i += 1;
            }
            _ => {
                while i < b.len()
                    && !b[i].is_ascii_whitespace()
                    && !b"'\"`()[]{},".contains(&b[i])
                    && !text[i..].starts_with("//")
                    && !text[i..].starts_with("/*")
                {
                    i += 1;
                }
                out.push(Token { kind: Kind::Word, range: TextRange::from_usize(start, i) });
            }
        }
    }
    Ok(out)
}

fn memchr_from(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    b[from..].iter().position(|&x| x == needle).map(|p| from + p)
}

/// The index of the quote closing the string opened at `open` (a `\` escapes the next byte;
/// only a template literal may span lines).
fn string_end(b: &[u8], open: usize) -> Option<usize> {
    let quote = b[open];
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' if quote != b'`' => return None,
            x if x == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn invalid(start: usize, end: usize, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ZoneDnscontrolInvalid,
        TextRange::from_usize(start, end),
        format!("{what}, so the rest of the file could not be read (dnscontrol would refuse it too)."),
    )
}

/// One JavaScript escape at the start of `rest` (which begins with `\`).
fn js_escape(rest: &str) -> Option<(String, usize)> {
    let mut chars = rest.chars();
    if chars.next()? != '\\' {
        return None;
    }
    let c = chars.next()?;
    let simple = |s: &str| Some((s.to_string(), 1 + c.len_utf8()));
    match c {
        'n' => simple("\n"),
        'r' => simple("\r"),
        't' => simple("\t"),
        'b' => simple("\u{8}"),
        'f' => simple("\u{c}"),
        'v' => simple("\u{b}"),
        '0' if !rest[2..].starts_with(|d: char| d.is_ascii_digit()) => simple("\0"),
        '\n' => simple(""),
        'x' => {
            let code = u32::from_str_radix(rest.get(2..4)?, 16).ok()?;
            Some((char::from_u32(code)?.to_string(), 4))
        }
        'u' if rest[2..].starts_with('{') => {
            // At most 6 hex digits: the search stays short, so decoding stays linear.
            let close = rest.get(..rest.len().min(10))?.find('}')?;
            let code = u32::from_str_radix(rest.get(3..close)?, 16).ok()?;
            Some((char::from_u32(code)?.to_string(), close + 1))
        }
        'u' => {
            let code = u32::from_str_radix(rest.get(2..6)?, 16).ok()?;
            Some((char::from_u32(code)?.to_string(), 6))
        }
        _ => simple(&c.to_string()),
    }
}

/// For each opening bracket token, the index of the token closing it (`tokens.len()` when
/// none does); other entries are unused. One pass with a stack.
fn matching(tokens: &[Token]) -> Vec<usize> {
    let mut out = vec![tokens.len(); tokens.len()];
    let mut open = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            Kind::Punct(b'(' | b'[' | b'{') => open.push(i),
            Kind::Punct(b')' | b']' | b'}') => {
                if let Some(o) = open.pop() {
                    out[o] = i;
                }
            }
            _ => {}
        }
    }
    out
}

/// The tokens of one call argument, from `start` to the `,` or closing bracket that ends it,
/// and the index after it. Brackets inside are jumped over (`matching`), so each token is
/// walked by the argument it is directly in only: linear over all the calls of a file.
fn argument<'t>(tokens: &'t [Token], matching: &[usize], start: usize) -> (&'t [Token], usize) {
    let mut i = start;
    while let Some(t) = tokens.get(i) {
        match t.kind {
            Kind::Punct(b'(' | b'[' | b'{') => i = matching[i],
            Kind::Punct(b')' | b']' | b'}' | b',') => break,
            _ => {}
        }
        i += 1;
    }
    let end = i.min(tokens.len());
    (&tokens[start.min(end)..end], if tokens.get(i).is_some_and(|t| t.kind == Kind::Punct(b',')) { i + 1 } else { i })
}

/// The literal strings an argument is, in order: one string, or an array of strings.
fn strings(arg: &[Token]) -> Option<Vec<&Token>> {
    match arg {
        [one @ Token { kind: Kind::Str(Some(_)), .. }] => Some(vec![one]),
        [Token { kind: Kind::Punct(b'['), .. }, items @ .., Token { kind: Kind::Punct(b']'), .. }] => {
            let mut out = Vec::new();
            for (k, item) in items.iter().enumerate() {
                match (&item.kind, k % 2) {
                    (Kind::Str(Some(_)), 0) => out.push(item),
                    (Kind::Punct(b','), 1) => {}
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

fn span_of(arg: &[Token]) -> TextRange {
    match (arg.first(), arg.last()) {
        (Some(a), Some(b)) => TextRange::new(a.range.start, b.range.end),
        _ => TextRange::empty(0),
    }
}

/// Reads the `dnsconfig.js` file `text`.
pub(super) fn read(text: &str) -> ZoneRecords {
    let mut zone = ZoneRecords { text: text.to_string(), owners: Vec::new(), diagnostics: Vec::new() };
    let tokens = match tokens(text) {
        Ok(tokens) => tokens,
        Err(d) => {
            zone.diagnostics.push(d);
            return zone;
        }
    };
    let matching = matching(&tokens);
    let mut owners = Owners::default();
    // The domain of the `D(…)` call being read, and the bracket depth its parentheses close at.
    let mut domain: Option<(String, usize)> = None;
    let mut depth = 0usize;
    let word = |i: usize, w: &str| tokens.get(i).is_some_and(|t| t.kind == Kind::Word && &text[t.range.as_usize()] == w);
    let opens_call = |i: usize| tokens.get(i).is_some_and(|t| t.kind == Kind::Punct(b'('));
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].kind {
            Kind::Punct(b'(' | b'[' | b'{') => depth += 1,
            Kind::Punct(b')' | b']' | b'}') => {
                depth = depth.saturating_sub(1);
                if domain.as_ref().is_some_and(|(_, d)| *d == depth) {
                    domain = None;
                }
            }
            _ => {}
        }
        if (word(i, "D") || word(i, "D_EXTEND")) && opens_call(i + 1) {
            if let Some(Token { kind: Kind::Str(Some(name)), .. }) = tokens.get(i + 2) {
                domain = Some((name.trim_end_matches('.').to_string(), depth));
            }
        } else if word(i, "TXT") && opens_call(i + 1) {
            let (name, next) = argument(&tokens, &matching, i + 2);
            let (value, _) = argument(&tokens, &matching, next);
            record(text, name, value, domain.as_ref().map(|(d, _)| d.as_str()), &mut owners, &mut zone.diagnostics);
        }
        i += 1;
    }
    zone.owners = owners.list;
    zone
}

/// One `TXT(name, value)` call: its record added to its owner, or a note that it is computed.
fn record(text: &str, name: &[Token], value: &[Token], domain: Option<&str>, owners: &mut Owners, diagnostics: &mut Vec<Diagnostic>) {
    let (literal_name, leading) = match name {
        [Token { kind: Kind::Str(Some(n)), .. }] => (true, n.clone()),
        [Token { kind: Kind::Str(Some(n)), .. }, ..] => (false, n.clone()),
        _ => return,
    };
    let Some(family) = owner_family(&leading) else { return };
    let Some(strings) = strings(value).filter(|_| literal_name) else {
        let at = if literal_name { span_of(value) } else { span_of(name) };
        diagnostics.push(Diagnostic::new(Code::ZoneNotLiteral, at, NOT_LITERAL_MESSAGE));
        return;
    };
    let owner = match domain {
        Some(d) if !leading.ends_with('.') => format!("{leading}.{d}"),
        _ => leading,
    };
    // An array is one record of several character-strings: one literal of their bytes.
    let mut parts = strings.iter().map(|t| {
        let raw = &text[t.range.as_usize()];
        Literal::decode(&raw[1..raw.len() - 1], t.range.start as usize + 1, js_escape)
    });
    let Some(first) = parts.next() else { return };
    let joined = parts.fold(first, Literal::join);
    owners.add(owner, family, joined.into_record(false), Vec::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_literal_calls_inside_d() {
        let text = "// MTA-STS\nvar REG_NONE = NewRegistrar('none');\nD('example.com', REG_NONE,\n  TXT('_mta-sts', \"v=STSv1; id=20240101\"), /* TXT('_mta-sts', 'x') */\n  TXT(`_smtp._tls`, ['v=TLSRPTv1; ', 'rua=mailto:tls\\x40example.com']),\n  TXT('_mta-sts.other.org.', 'v=STSv1; id=1')\n);\n";
        let zone = read(text);
        assert!(zone.diagnostics.is_empty(), "{:?}", zone.diagnostics);
        let texts: Vec<_> = zone.owners.iter().map(|o| (o.name.as_str(), o.input.records[0].text.as_str())).collect();
        assert_eq!(
            texts,
            [
                ("_mta-sts.example.com", "v=STSv1; id=20240101"),
                ("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tls@example.com"),
                ("_mta-sts.other.org.", "v=STSv1; id=1"),
            ]
        );
        let record = &zone.owners[0].input.records[0];
        assert_eq!(&text[record.to_input(TextRange::new(9, 11)).as_usize()], "id");
        let record = &zone.owners[1].input.records[0];
        assert_eq!(&text[record.to_input(TextRange::new(26, 27)).as_usize()], "\\x40");
    }

    #[test]
    fn computed_values_and_open_strings_are_reported() {
        let zone = read(
            "D('example.com', REG,\n  TXT('_mta-sts', 'v=STSv1; id=' + ID),\n  TXT('_mta-sts', `v=STSv1; id=${id}`),\n  TXT('_mta-sts' + sub, 'v=STSv1; id=1'));\n",
        );
        assert_eq!(zone.owners.len(), 0);
        let codes: Vec<_> = zone.diagnostics.iter().map(|d| (d.code, d.range)).collect();
        assert_eq!(
            codes,
            [
                (Code::ZoneNotLiteral, TextRange::new(40, 59)),
                (Code::ZoneNotLiteral, TextRange::new(80, 99)),
                (Code::ZoneNotLiteral, TextRange::new(108, 124))
            ]
        );
        assert_eq!(read("TXT('_mta-sts, 'x')\n").diagnostics[0].code, Code::ZoneDnscontrolInvalid);
        assert_eq!(read("/* open").diagnostics[0].code, Code::ZoneDnscontrolInvalid);
    }
}
