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
use crate::diagnostic::{Diagnostic, Sink};
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
        for (i, (start, end)) in split_uris(value).into_iter().enumerate() {
            let text = &value[start..end];
            let range = TextRange::new(value_range.start + to_u32(start), value_range.start + to_u32(end));
            match uri::check(text, i > 0, idna) {
                Ok(()) => record.rua.push(text.to_string()),
                Err((code, message)) => sink.push(Diagnostic::new(code, range, message)),
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

/// Byte ranges of the URIs in a `rua` value: split at commas, whitespace around them trimmed.
fn split_uris(value: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in value.split(',') {
        let lead = piece.len() - piece.trim_start_matches([' ', '\t']).len();
        let trimmed = piece.trim_matches([' ', '\t']);
        out.push((start + lead, start + lead + trimmed.len()));
        start += piece.len() + 1;
    }
    out
}
