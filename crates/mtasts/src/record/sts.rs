//! The `_mta-sts.DOMAIN` TXT record (RFC 8461 §3.1).
//!
//! ```text
//! sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
//! sts-field       = sts-id / sts-extension
//! sts-version     = %s"v=STSv1"
//! sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
//! ```

use super::tags::{self, Codes, Tag};
use crate::code::Code;
use crate::diagnostic::{Diagnostic, Sink};

pub(crate) const VERSION: &str = "v=STSv1";

pub(crate) const CODES: Codes = Codes {
    version_invalid: Code::StsVersionInvalid,
    space_before_delimiter: Code::StsSpaceBeforeDelimiter,
    missing_delimiter: Code::StsMissingDelimiter,
    trailing_whitespace: Code::StsTrailingWhitespace,
    field_invalid: Code::StsFieldInvalid,
    extension_value_invalid: Code::StsExtensionValueInvalid,
    invalid_char: Code::StsInvalidChar,
};

/// A `v=STSv1` record as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct StsRecord {
    /// The first valid `id`.
    pub id: Option<String>,
    /// Extension fields as `(name, value)`.
    pub extensions: Vec<(String, String)>,
}

/// Validates the fields after the version.
pub(crate) fn check(doc: &str, fields: &[Tag], whole: crate::text::TextRange, sink: &mut Sink) -> StsRecord {
    let mut record = StsRecord::default();
    let mut ids = 0;
    for tag in fields {
        let Some((name, value)) = tags::check_field(doc, tag, &CODES, sink) else { continue };
        if name != "id" {
            tags::check_extension(name, value, tag, &CODES, sink);
            record.extensions.push((name.to_string(), value.to_string()));
            continue;
        }
        ids += 1;
        if ids > 1 {
            sink.push(Diagnostic::new(
                Code::StsDuplicateId,
                tag.whole,
                "`id` appears more than once; senders use the first one. Keep only one.",
            ));
        }
        // Senders use the first `id`; a later one is only the duplicate warning above.
        if tag.has_bad_chars || ids > 1 {
            continue;
        }
        let alnum = value.bytes().all(|b| b.is_ascii_alphanumeric());
        if alnum && (1..=32).contains(&value.len()) {
            record.id = Some(value.to_string());
        } else if alnum && !value.is_empty() {
            sink.push(Diagnostic::new(
                Code::StsIdTooLong,
                tag.whole,
                format!("`id` is {} characters long; at most 32 letters and digits are allowed.", value.len()),
            ));
        } else {
            let message = if value.is_empty() {
                "`id` is empty; use 1 to 32 letters and digits, e.g. a timestamp like `20261128T120000`.".to_string()
            } else {
                format!("`{value}` is not a valid id: only letters and digits are allowed (no `-`, `_`, `.` or spaces), at most 32.")
            };
            sink.push(Diagnostic::new(Code::StsIdInvalid, tag.whole, message));
        }
    }
    if ids == 0 {
        sink.push(Diagnostic::new(
            Code::StsIdMissing,
            crate::text::TextRange::empty(whole.start),
            "The required `id` field is missing; add `id=` followed by 1 to 32 letters and digits, and change it whenever the policy changes.",
        ));
    }
    record
}
