//! The `_smtp._tls.DOMAIN` TXT record (RFC 8460 §3).
//!
//! ```text
//! tlsrpt-record  = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
//! tlsrpt-version = %s"v=TLSRPTv1"
//! tlsrpt-rua     = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
//! tlsrpt-uri     = URI          ; only "mailto:" and "https:" are defined
//! ```
//! Commas, `!` and `;` inside a URI must be percent-encoded.

use super::tags::{self, Codes, Tag};
use super::uri;
use crate::code::Code;
use crate::diagnostic::{Diagnostic, Edit, Fix, Sink};
use crate::idna::Idna;
use crate::text::{TextRange, to_u32};

pub(crate) const VERSION: &str = "v=TLSRPTv1";

pub(crate) const CODES: Codes = Codes {
    version_invalid: Code::TlsRptVersionInvalid,
    space_before_delimiter: Code::TlsRptSpaceBeforeDelimiter,
    missing_delimiter: Code::TlsRptMissingDelimiter,
    trailing_whitespace: Code::TlsRptTrailingWhitespace,
    field_invalid: Code::TlsRptFieldInvalid,
    extension_value_invalid: Code::TlsRptExtensionValueInvalid,
    invalid_char: Code::TlsRptInvalidChar,
};

/// A `v=TLSRPTv1` record as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TlsRptRecord {
    /// Every valid report URI, from every `rua` field.
    pub rua: Vec<String>,
    /// Extension fields as `(name, value)`.
    pub extensions: Vec<(String, String)>,
}

/// Validates the fields after the version.
pub(crate) fn check(doc: &str, fields: &[Tag], whole: TextRange, idna: &dyn Idna, sink: &mut Sink) -> TlsRptRecord {
    let mut record = TlsRptRecord::default();
    let mut has_rua = false;
    for tag in fields {
        let Some((name, value)) = tags::check_field(doc, tag, &CODES, sink) else { continue };
        if name != "rua" {
            tags::check_extension(name, value, tag, &CODES, sink);
            record.extensions.push((name.to_string(), value.to_string()));
            continue;
        }
        has_rua = true;
        if tag.has_bad_chars {
            continue;
        }
        let Some(value_range) = tag.value else { continue };
        if value.trim().is_empty() {
            sink.push(Diagnostic::new(Code::TlsRptRuaScheme, tag.whole, "`rua` is empty; give a `mailto:` or `https:` URI for reports."));
            continue;
        }
        let at = |i: usize| value_range.start + to_u32(i);
        let members = split_uris(value);
        for (i, member) in members.iter().enumerate() {
            let (start, end) = member.uri;
            let text = &value[start..end];
            let range = TextRange::new(at(start), at(end));
            if text.is_empty() {
                // The list's comma beside the empty member goes with it: the one before it,
                // or for a leading empty member the one after it.
                let (from, to) = if i == 0 { (member.raw.0, member.raw.1 + 1) } else { (member.raw.0 - 1, member.raw.1) };
                let to = to.min(value.len());
                sink.push(
                    Diagnostic::new(
                        Code::TlsRptRuaEmptyMember,
                        range,
                        if members.len() == 1 {
                            "The `rua` list is empty.".to_string()
                        } else {
                            "The `rua` list has an empty member: a comma with no URI on one side.".to_string()
                        },
                    )
                    .with_fix(Fix::safe("Remove the empty member", Edit::delete(TextRange::new(at(from), at(to))))),
                );
                continue;
            }
            match uri::check(text, i > 0, idna) {
                Ok(()) => record.rua.push(text.to_string()),
                Err(problem) => {
                    let fix = problem.repair.map(|r| {
                        let edit = Edit::replace(TextRange::new(at(start + r.range.0), at(start + r.range.1)), r.replacement);
                        if r.safe { Fix::safe(r.title, edit) } else { Fix::suggestion(r.title, edit) }
                    });
                    sink.push(Diagnostic::new(problem.code, range, problem.message).with_optional_fix(fix));
                }
            }
        }
    }
    if !has_rua {
        sink.push(Diagnostic::new(
            Code::TlsRptRuaMissing,
            TextRange::empty(whole.start),
            "The required `rua` field is missing; add e.g. `rua=mailto:tlsrpt@example.com` so reports reach you.",
        ));
    }
    record
}

/// One member of a `rua` list: byte ranges in the value.
struct Member {
    /// The URI, whitespace around it trimmed.
    uri: (usize, usize),
    /// Everything between its commas.
    raw: (usize, usize),
}

/// The members of a `rua` value, split at commas.
fn split_uris(value: &str) -> Vec<Member> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in value.split(',') {
        let lead = piece.len() - piece.trim_start_matches([' ', '\t']).len();
        let trimmed = piece.trim_matches([' ', '\t']);
        out.push(Member { uri: (start + lead, start + lead + trimmed.len()), raw: (start, start + piece.len()) });
        start += piece.len() + 1;
    }
    out
}
