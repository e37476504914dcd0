//! The tag-list syntax shared by the `_mta-sts` and `_smtp._tls` TXT records.
//!
//! ```text
//! record      = version 1*(field-delim field) [field-delim]
//! field-delim = *WSP ";" *WSP
//! field       = name "=" value
//! ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//! ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)     ; no "=", ";", SP or CTLs
//! ```
//! (RFC 8461 §3.1, RFC 8460 §3.) The lexer reports delimiter and character
//! problems and hands the fields to the record-specific rules.

use crate::code::Code;
use crate::diagnostic::{Diagnostic, Edit, Fix, Sink};
use crate::text::{TextRange, to_u32};
use crate::work;

/// The codes one kind of record reports structural problems with.
pub(crate) struct Codes {
    pub version_invalid: Code,
    pub space_before_delimiter: Code,
    pub missing_delimiter: Code,
    pub trailing_whitespace: Code,
    pub field_invalid: Code,
    pub extension_value_invalid: Code,
    pub invalid_char: Code,
}

/// One `name=value` field (or what stands in its place); ranges are absolute.
#[derive(Debug, Clone)]
pub(crate) struct Tag {
    /// The whole field.
    pub whole: TextRange,
    /// The name; the whole field when there is no `=`.
    pub name: TextRange,
    /// The value after `=`, `None` when there is no `=`.
    pub value: Option<TextRange>,
    /// Whether the field holds a character already reported as invalid.
    pub has_bad_chars: bool,
}

/// Splits `record` (which starts at `base` in the checked text) into fields.
pub(crate) fn lex(record: &str, base: u32, version: &str, codes: &Codes, sink: &mut Sink) -> Vec<Tag> {
    let abs = |i: usize| base + to_u32(i);
    let range = |s: usize, e: usize| TextRange::new(abs(s), abs(e));
    let is_wsp = |b: u8| b == b' ' || b == b'\t';
    let bytes = record.as_bytes();
    let mut bad = Vec::new();
    for (i, c) in record.char_indices() {
        if !(c == ' ' || c == '\t' || c.is_ascii_graphic()) {
            bad.push(i);
            if sink.is_full(codes.invalid_char) {
                continue;
            }
            let what = if c.is_ascii() { format!("control character 0x{:02X}", c as u32) } else { format!("`{c}` (non-ASCII)") };
            sink.push(Diagnostic::new(
                codes.invalid_char,
                range(i, i + c.len_utf8()),
                format!("The record contains {what}; only printable ASCII is allowed."),
            ));
        }
    }
    let lead = bytes.iter().take_while(|&&b| is_wsp(b)).count();
    if lead > 0 && lead < bytes.len() {
        sink.push(
            Diagnostic::new(
                codes.version_invalid,
                range(0, lead),
                format!("The record starts with whitespace; it must start with `{version}`, or senders ignore it."),
            )
            .with_fix(Fix::safe("Remove the leading whitespace", Edit::delete(range(0, lead)))),
        );
    }
    let mut tags = Vec::new();
    let mut seg_start = lead;
    let mut index = 0;
    loop {
        let seg_end = record[seg_start..].find(';').map_or(record.len(), |e| seg_start + e);
        let at_end = seg_end == record.len();
        let seg = &bytes[seg_start..seg_end];
        let lw = if index == 0 { 0 } else { seg.iter().take_while(|&&b| is_wsp(b)).count() };
        let content_end = seg_start + lw + seg[lw..].iter().rposition(|&b| !is_wsp(b)).map_or(0, |e| e + 1);
        let content_start = seg_start + lw;
        if content_end < seg_end {
            let ws = range(content_end, seg_end);
            if at_end {
                sink.push(
                    Diagnostic::new(codes.trailing_whitespace, ws, "Whitespace after the last field is not allowed (only around a `;`).")
                        .with_fix(Fix::safe("Remove the trailing whitespace", Edit::delete(ws))),
                );
            } else if index == 0 {
                sink.push(
                    Diagnostic::new(
                        codes.space_before_delimiter,
                        ws,
                        format!("Whitespace before the first `;`: the grammar allows it, but senders that look for `{version};` ignore the whole record."),
                    )
                    .with_fix(Fix::safe("Remove the whitespace before `;`", Edit::delete(ws))),
                );
            }
        }
        if content_start == content_end {
            if !(at_end && index > 0) {
                sink.push(Diagnostic::new(
                    if index == 0 { codes.version_invalid } else { codes.field_invalid },
                    range(content_start, content_start),
                    if index == 0 {
                        format!("The record must start with `{version}`.")
                    } else {
                        "Empty field: two `;` in a row.".to_string()
                    },
                ));
            }
        } else {
            split_fields(record, content_start, content_end, base, &bad, codes, sink, &mut tags);
        }
        if at_end {
            break;
        }
        seg_start = seg_end + 1;
        index += 1;
    }
    tags
}

/// Splits one `;`-delimited segment into fields. Whitespace followed by `name=`
/// means a missing `;` (as in `v=STSv1 id=1`); other whitespace stays in the value.
#[allow(clippy::too_many_arguments)]
fn split_fields(record: &str, start: usize, end: usize, base: u32, bad: &[usize], codes: &Codes, sink: &mut Sink, tags: &mut Vec<Tag>) {
    let bytes = record.as_bytes();
    let mut field_start = start;
    let mut i = start;
    while i < end {
        if bytes[i] == b' ' || bytes[i] == b'\t' {
            let ws_end = i + bytes[i..end].iter().take_while(|&&b| b == b' ' || b == b'\t').count();
            if starts_with_tag_name(&record[ws_end..end]) {
                let ws = TextRange::new(base + to_u32(i), base + to_u32(ws_end));
                sink.push(
                    Diagnostic::new(codes.missing_delimiter, ws, "Fields must be separated by `;`.")
                        .with_fix(Fix::safe("Insert `;`", Edit::insert(ws.start, ";"))),
                );
                tags.push(make_tag(record, field_start, i, base, bad));
                field_start = ws_end;
            }
            i = ws_end;
        } else {
            i += 1;
        }
    }
    tags.push(make_tag(record, field_start, end, base, bad));
}

fn starts_with_tag_name(s: &str) -> bool {
    let name_len = s.bytes().take_while(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.').count();
    name_len > 0 && s.as_bytes().get(name_len) == Some(&b'=')
}

fn make_tag(record: &str, start: usize, end: usize, base: u32, bad: &[usize]) -> Tag {
    let abs = |i: usize| base + to_u32(i);
    let whole = TextRange::new(abs(start), abs(end));
    // `bad` is in ascending order: one binary search, not a scan of every bad position.
    let first_at_or_after = bad.partition_point(|&b| {
        work::add(1);
        b < start
    });
    let has_bad_chars = bad.get(first_at_or_after).is_some_and(|&b| b < end);
    match record[start..end].find('=') {
        Some(eq) => Tag {
            whole,
            name: TextRange::new(abs(start), abs(start + eq)),
            value: Some(TextRange::new(abs(start + eq + 1), abs(end))),
            has_bad_chars,
        },
        None => Tag { whole, name: whole, value: None, has_bad_chars },
    }
}

/// Whether `name` matches `ext-name`.
pub(crate) fn is_ext_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
}

/// Whether `value` matches `ext-value`: printable ASCII except `=`, `;` and space.
pub(crate) fn is_ext_value(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_graphic() && b != b'=' && b != b';')
}

/// Reports the generic problems of a field (no `=`, bad name, bad extension value).
/// Returns `(name, value)` when the field has the `name=value` shape.
pub(crate) fn check_field<'a>(doc: &'a str, tag: &Tag, codes: &Codes, sink: &mut Sink) -> Option<(&'a str, &'a str)> {
    let text = &doc[tag.whole.as_usize()];
    let Some(value) = tag.value else {
        if !tag.has_bad_chars {
            sink.push(Diagnostic::new(codes.field_invalid, tag.whole, format!("`{text}` is not a `name=value` field.")));
        }
        return None;
    };
    let name = &doc[tag.name.as_usize()];
    if !is_ext_name(name) && !tag.has_bad_chars {
        sink.push(Diagnostic::new(
            codes.field_invalid,
            tag.whole,
            format!("`{name}` is not a valid field name (1 to 32 letters, digits, `_`, `-`, `.`, starting with a letter or digit)."),
        ));
        return None;
    }
    Some((name, &doc[value.as_usize()]))
}

/// Reports an extension value outside `ext-value`.
pub(crate) fn check_extension(name: &str, value: &str, tag: &Tag, codes: &Codes, sink: &mut Sink) {
    if tag.has_bad_chars || is_ext_value(value) {
        return;
    }
    let message = if value.is_empty() {
        format!("The field `{name}` has an empty value.")
    } else {
        format!("The value of `{name}` contains `=`, `;` or whitespace, which extension values may not hold.")
    };
    sink.push(Diagnostic::new(codes.extension_value_invalid, tag.whole, message));
}
