//! The `_mta-sts` (RFC 8461 §3.1) and `_smtp._tls` (RFC 8460 §3) TXT records.
//!
//! A TXT record is a list of character-strings; senders join them with no
//! separator, so every function here takes records already joined (see
//! [`presentation`] for reading `dig` output). Several records are judged as a
//! set, like a sender does:
//!
//! > If multiple TXT records for _mta-sts are returned by the resolver, records
//! > that do not begin with "v=STSv1;" are discarded. If the number of resulting
//! > records is not one, [...] senders MUST assume the recipient domain does not
//! > have an available MTA-STS Policy. (RFC 8461 §3.1; RFC 8460 §3 likewise.)
//!
//! Positions refer to a document of the records joined by `\n`, so line N is
//! record N and the same [`crate::LineIndex`] serves records and policy files.

pub mod presentation;
mod sts;
mod tags;
mod tlsrpt;
mod uri;

pub use sts::StsRecord;
pub use tlsrpt::TlsRptRecord;

use crate::code::Code;
use crate::diagnostic::{Diagnostic, Sink, has_errors};
use crate::idna::{Idna, default_idna};
use crate::text::{MAX_INPUT_LEN, TextRange};

/// The outcome of checking a set of TXT records.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RecordSetReport<T> {
    /// The records joined by `\n`: what diagnostic ranges refer to.
    pub text: String,
    /// The one record senders would use, when exactly one has the right version.
    pub record: Option<T>,
    /// Every finding, by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> RecordSetReport<T> {
    /// Whether no diagnostic is an error.
    pub fn is_valid(&self) -> bool {
        !has_errors(&self.diagnostics)
    }
}

/// Which record family, with its version tag and codes.
struct Family {
    version: &'static str,
    name: &'static str,
    no_record: Code,
    multiple: Code,
    discarded: Code,
}

const STS: Family = Family {
    version: sts::VERSION,
    name: "_mta-sts",
    no_record: Code::StsNoRecord,
    multiple: Code::StsMultipleRecords,
    discarded: Code::StsDiscardedRecord,
};

const TLSRPT: Family = Family {
    version: tlsrpt::VERSION,
    name: "_smtp._tls",
    no_record: Code::TlsRptNoRecord,
    multiple: Code::TlsRptMultipleRecords,
    discarded: Code::TlsRptDiscardedRecord,
};

/// Checks the TXT records found at `_mta-sts.DOMAIN` as a set.
pub fn lint_sts<S: AsRef<str>>(records: &[S]) -> RecordSetReport<StsRecord> {
    lint_set(records, &STS, sts::check, &sts::CODES)
}

/// Checks the TXT records found at `_smtp._tls.DOMAIN` as a set.
pub fn lint_tlsrpt<S: AsRef<str>>(records: &[S]) -> RecordSetReport<TlsRptRecord> {
    lint_tlsrpt_with(records, default_idna())
}

/// Checks TLS-RPT records, converting internationalized domains with `idna`.
pub fn lint_tlsrpt_with<S: AsRef<str>>(records: &[S], idna: &dyn Idna) -> RecordSetReport<TlsRptRecord> {
    lint_set(records, &TLSRPT, |doc, fields, whole, sink| tlsrpt::check(doc, fields, whole, idna, sink), &tlsrpt::CODES)
}

/// Whether `record` begins with the version tag, followed by `;`, whitespace or nothing.
fn has_version(record: &str, version: &str) -> bool {
    record
        .strip_prefix(version)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([';', ' ', '\t']))
}

/// Whether `record` was probably meant as this family's record (case or leading whitespace off).
fn looks_like(record: &str, version: &str) -> bool {
    let trimmed = record.trim_start();
    trimmed.len() >= version.len() && trimmed.as_bytes()[..version.len()].eq_ignore_ascii_case(version.as_bytes())
}

fn lint_set<S: AsRef<str>, T>(
    records: &[S],
    family: &Family,
    check: impl Fn(&str, &[tags::Tag], TextRange, &mut Sink) -> T,
    codes: &tags::Codes,
) -> RecordSetReport<T> {
    let mut doc = String::new();
    let mut spans = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            doc.push('\n');
        }
        let r = r.as_ref();
        let room = MAX_INPUT_LEN.saturating_sub(doc.len());
        let cut = (0..=r.len().min(room)).rev().find(|&c| r.is_char_boundary(c)).unwrap_or(0);
        let start = doc.len();
        doc.push_str(&r[..cut]);
        spans.push(TextRange::from_usize(start, doc.len()));
    }
    let mut sink = Sink::default();
    let is_candidate: Vec<bool> = spans.iter().map(|s| has_version(&doc[s.as_usize()], family.version)).collect();
    let candidates = is_candidate.iter().filter(|&&c| c).count();
    let mut chosen = None;
    let mut seen = 0;
    let mut lookalikes = 0;
    for (&span, &candidate) in spans.iter().zip(&is_candidate) {
        let text = &doc[span.as_usize()];
        if candidate {
            seen += 1;
            if seen > 1 {
                sink.push(Diagnostic::new(
                    family.multiple,
                    span,
                    format!("More than one record begins with `{}`: senders then ignore all of them. Publish exactly one.", family.version),
                ));
            }
        } else {
            let similar = looks_like(text, family.version);
            let message = if similar {
                lookalikes += 1;
                format!("This record does not begin with exactly `{}`, so senders discard it.", family.version)
            } else {
                format!("This record does not begin with `{}`; senders ignore it when looking for the {} record (that is fine for other records such as SPF).", family.version, family.name)
            };
            sink.push(Diagnostic::new(family.discarded, span, message));
            // A near miss matters only when it leaves the domain without a record:
            // then its own problems explain why, and its fixes repair it.
            if !similar || candidates > 0 {
                continue;
            }
        }
        let tags = tags::lex(text, span.start, family.version, codes, &mut sink);
        let fields = check_version(&doc, &tags, family.version, codes, &mut sink);
        let parsed = check(&doc, fields, span, &mut sink);
        if candidate && seen == 1 {
            chosen = Some(parsed);
        }
    }
    if candidates == 0 {
        let message = if lookalikes == 0 {
            format!("No TXT record begins with `{}`, so senders see none.", family.version)
        } else {
            format!("No TXT record begins with exactly `{}` (see the discarded look-alike), so senders see none.", family.version)
        };
        sink.push(Diagnostic::new(family.no_record, TextRange::empty(0), message));
    }
    if candidates != 1 {
        chosen = None;
    }
    RecordSetReport { text: doc, record: chosen, diagnostics: sink.finish() }
}

/// Checks that the first field is the version tag; returns the remaining fields.
fn check_version<'t>(doc: &str, tags: &'t [tags::Tag], version: &str, codes: &tags::Codes, sink: &mut Sink) -> &'t [tags::Tag] {
    let Some((first, rest)) = tags.split_first() else { return tags };
    let text = &doc[first.whole.as_usize()];
    if text != version && !first.has_bad_chars {
        let fix = text.eq_ignore_ascii_case(version).then(|| {
            crate::diagnostic::Fix::safe(format!("Write `{version}`"), crate::diagnostic::Edit::replace(first.whole, version))
        });
        sink.push(
            Diagnostic::new(
                codes.version_invalid,
                first.whole,
                format!("The record must start with exactly `{version}` (case-sensitive), not `{text}`."),
            )
            .with_optional_fix(fix),
        );
    }
    rest
}
