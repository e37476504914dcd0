//! An octodns zone config (YAML): a mapping from owner names (relative to the zone) to a
//! record or a list of records, each with `type` and `value` or `values`.
//!
//! In octodns a `;` in a TXT value must be written `\;` (octodns refuses the record
//! otherwise) and is published as `;`, so `v=STSv1\; id=1` is the right way to write the
//! record there. A bare `;` is reported, with the `\` to add as its fix.
//!
//! The YAML is read with `saphyr-parser` events, which carry spans; each value's bytes map
//! back to the file when the scalar is written on one line (plain, single- or double-quoted
//! without other escapes than `\\` and `\"`); otherwise every byte maps to the whole scalar.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::{Owners, ZoneRecords, owner_family};
use crate::code::Code;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::record::intake::SourceRecord;
use crate::text::{TextRange, to_u32};

/// A YAML node, with its byte range in the file.
enum Node<'t> {
    Scalar {
        value: Cow<'t, str>,
        style: ScalarStyle,
        range: TextRange,
    },
    Seq {
        items: Vec<Node<'t>>,
        range: TextRange,
    },
    Map {
        entries: Vec<(Node<'t>, Node<'t>)>,
        range: TextRange,
    },
    /// An alias: not followed.
    Alias {
        range: TextRange,
    },
}

impl Node<'_> {
    fn range(&self) -> TextRange {
        match self {
            Node::Scalar { range, .. } | Node::Seq { range, .. } | Node::Map { range, .. } | Node::Alias { range } => *range,
        }
    }

    fn scalar(&self) -> Option<&str> {
        match self {
            Node::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Node::Map { entries, .. } => entries.iter().find(|(k, _)| k.scalar() == Some(key)).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Byte offsets of each character of `text` (and of its end): saphyr counts in characters.
fn char_offsets(text: &str) -> Vec<u32> {
    let mut offsets: Vec<u32> = text.char_indices().map(|(i, _)| to_u32(i)).collect();
    offsets.push(to_u32(text.len()));
    offsets
}

/// A collection being read: a sequence's items, or a mapping's entries and a pending key.
enum Open<'t> {
    Seq(Vec<Node<'t>>, u32),
    Map(Vec<(Node<'t>, Node<'t>)>, Option<Node<'t>>, u32),
}

/// Builds the first document's root node, or says where the YAML breaks.
fn parse(text: &str) -> Result<Option<Node<'_>>, Diagnostic> {
    let offsets = char_offsets(text);
    let at = |index: usize| offsets.get(index).copied().unwrap_or(to_u32(text.len()));
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut root = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let start = at(e.marker().index());
            Diagnostic::new(
                Code::ZoneOctodnsInvalid,
                TextRange::new(start, start),
                format!("This is not valid YAML ({}), so octodns cannot read the file.", e.info()),
            )
        })?;
        let range = TextRange::new(at(span.start.index()), at(span.end.index()));
        let node = match event {
            Event::Scalar(value, style, _, _) => Node::Scalar { value, style, range },
            Event::Alias(_) => Node::Alias { range },
            Event::SequenceStart(..) => {
                stack.push(Open::Seq(Vec::new(), range.start));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Open::Map(Vec::new(), None, range.start));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Open::Seq(items, start)) => Node::Seq { items, range: TextRange::new(start, range.end.max(start)) },
                Some(Open::Map(entries, _, start)) => Node::Map { entries, range: TextRange::new(start, range.end.max(start)) },
                None => continue,
            },
            Event::DocumentEnd if root.is_some() => break,
            _ => continue,
        };
        match stack.last_mut() {
            Some(Open::Seq(items, _)) => items.push(node),
            Some(Open::Map(entries, key, _)) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
            None => root = Some(node),
        }
    }
    Ok(root)
}

/// Reads the octodns file `text`.
pub(super) fn read(text: &str) -> ZoneRecords {
    let mut zone = ZoneRecords { text: text.to_string(), owners: Vec::new(), diagnostics: Vec::new() };
    let mut owners = Owners::default();
    let root = match parse(text) {
        Ok(root) => root,
        Err(d) => {
            zone.diagnostics.push(d);
            return zone;
        }
    };
    let Some(Node::Map { entries, .. }) = root else { return zone };
    for (key, value) in &entries {
        let Some(name) = key.scalar() else { continue };
        let Some(family) = owner_family(name) else { continue };
        let records: Vec<&Node<'_>> = match value {
            Node::Seq { items, .. } => items.iter().collect(),
            other => vec![other],
        };
        for record in records {
            if !record.get("type").and_then(Node::scalar).is_some_and(|t| t.eq_ignore_ascii_case("TXT")) {
                continue;
            }
            let values: Vec<&Node<'_>> = match (record.get("value"), record.get("values")) {
                (None, Some(Node::Seq { items, .. })) => items.iter().collect(),
                (Some(v), _) | (None, Some(v)) => vec![v],
                (None, None) => {
                    zone.diagnostics.push(Diagnostic::new(
                        Code::ZoneOctodnsInvalid,
                        record.range(),
                        "This TXT record has neither `value` nor `values`; octodns refuses it.",
                    ));
                    continue;
                }
            };
            for v in values {
                let Node::Scalar { value, style, range } = v else {
                    zone.diagnostics.push(Diagnostic::new(Code::ZoneOctodnsInvalid, v.range(), "A TXT value must be a string."));
                    continue;
                };
                let (bytes, sources, content_end) = map_scalar(text, value, *style, *range);
                let (bytes, sources) = unescape(&bytes, &sources, &mut zone.diagnostics);
                let record = SourceRecord::assembled(bytes, sources, *range, content_end);
                owners.add(name.to_string(), family, record, Vec::new());
            }
        }
    }
    zone.owners = owners.list;
    zone
}

/// The scalar's bytes with the file range of each, and where an insertion at its end lands.
fn map_scalar(text: &str, value: &str, style: ScalarStyle, range: TextRange) -> (Vec<u8>, Vec<TextRange>, u32) {
    let raw = text.get(range.as_usize()).unwrap_or("");
    let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) && raw.len() >= 2;
    let (inner, start) = if quoted { (&raw[1..raw.len() - 1], range.start + 1) } else { (raw, range.start) };
    let content_end = start + to_u32(inner.len());
    let mut bytes = Vec::with_capacity(value.len());
    let mut sources = Vec::with_capacity(value.len());
    let simple = matches!(style, ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
    if simple && style == ScalarStyle::DoubleQuoted {
        let b = inner.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let width = if b[i] == b'\\' && matches!(b.get(i + 1), Some(b'\\' | b'"')) { 2 } else { 1 };
            bytes.push(b[i + width - 1]);
            sources.push(TextRange::from_usize(start as usize + i, start as usize + i + width));
            i += width;
        }
    } else if simple {
        bytes.extend_from_slice(inner.as_bytes());
        sources.extend((0..inner.len()).map(|i| TextRange::from_usize(start as usize + i, start as usize + i + 1)));
    }
    if bytes != value.as_bytes() {
        // Folded, escaped or multi-line: the value is right, its places are the whole scalar.
        return (value.as_bytes().to_vec(), vec![range; value.len()], range.end);
    }
    (bytes, sources, content_end)
}

/// octodns's escape undone (`\;` is `;`); a bare `;` is reported with the `\` to add.
fn unescape(bytes: &[u8], sources: &[TextRange], diagnostics: &mut Vec<Diagnostic>) -> (Vec<u8>, Vec<TextRange>) {
    let mut out = Vec::with_capacity(bytes.len());
    let mut mapped = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b';') {
            out.push(b';');
            mapped.push(TextRange::new(sources[i].start, sources[i + 1].end));
            i += 2;
            continue;
        }
        if bytes[i] == b';' {
            let at = sources[i];
            diagnostics.push(
                Diagnostic::new(
                    Code::ZoneOctodnsUnescapedSemicolon,
                    at,
                    "octodns requires `;` in a TXT value to be written `\\;` and refuses the record otherwise; it publishes `\\;` as `;`.",
                )
                .with_fix(Fix::safe("Write `\\;`", Edit::insert(at.start, "\\"))),
            );
        }
        out.push(bytes[i]);
        mapped.push(sources[i]);
        i += 1;
    }
    (out, mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_mappings_lists_and_escapes() {
        let text = "---\n'':\n  type: MX\n  value: {exchange: mx.example.com., preference: 10}\n_mta-sts:\n  type: TXT\n  value: v=STSv1\\; id=1\n\
                    _smtp._tls:\n- type: TXT\n  values:\n  - \"v=TLSRPTv1\\\\; rua=mailto:a@example.com\"\n";
        let zone = read(text);
        assert!(zone.diagnostics.is_empty(), "{:?}", zone.diagnostics);
        let texts: Vec<_> = zone.owners.iter().map(|o| (o.name.as_str(), o.input.records[0].text.as_str())).collect();
        assert_eq!(texts, [("_mta-sts", "v=STSv1; id=1"), ("_smtp._tls", "v=TLSRPTv1; rua=mailto:a@example.com")]);
        let record = &zone.owners[0].input.records[0];
        assert_eq!(&text[record.to_input(TextRange::new(7, 8)).as_usize()], "\\;");
        assert_eq!(&text[record.to_input(TextRange::new(9, 11)).as_usize()], "id");
        let record = &zone.owners[1].input.records[0];
        assert_eq!(&text[record.to_input(TextRange::new(10, 11)).as_usize()], "\\\\;");
    }

    #[test]
    fn a_bare_semicolon_and_broken_yaml_are_reported() {
        let zone = read("_mta-sts:\n  type: TXT\n  value: v=STSv1; id=1\n");
        assert_eq!(zone.diagnostics.len(), 1);
        assert_eq!(zone.diagnostics[0].code, Code::ZoneOctodnsUnescapedSemicolon);
        assert_eq!(zone.diagnostics[0].range, TextRange::new(38, 39));
        assert_eq!(zone.owners[0].input.records[0].text, "v=STSv1; id=1");
        let zone = read("_mta-sts: [\n");
        assert_eq!(zone.diagnostics[0].code, Code::ZoneOctodnsInvalid);
    }
}
