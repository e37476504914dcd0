//! The `_mta-sts` (RFC 8461 §3.1) and `_smtp._tls` (RFC 8460 §3) TXT records.
//!
//! A TXT record is a list of character-strings; senders join them with no
//! separator. [`intake`] reads whatever text a user hands us (values, `dig` output, zone-file
//! lines) into records that remember where each byte came from; the `*_input` functions judge
//! those and report positions in that text, the others take records already joined (as a
//! resolver returns them). Several records are judged as a set, like a sender does:
//!
//! > If multiple TXT records for _mta-sts are returned by the resolver, records
//! > that do not begin with "v=STSv1;" are discarded. If the number of resulting
//! > records is not one, [...] senders MUST assume the recipient domain does not
//! > have an available MTA-STS Policy. (RFC 8461 §3.1; RFC 8460 §3 likewise.)
//!
//! Positions refer to [`RecordSetReport::text`]: the input as given, or for records already
//! joined a document of them joined by `\n` (line N is record N), so the same
//! [`crate::LineIndex`] serves records and policy files.

pub mod intake;
mod sts;
mod tags;
mod tlsrpt;
mod uri;

pub use sts::StsRecord;
pub use tlsrpt::TlsRptRecord;

use crate::code::Code;
use crate::diagnostic::{Diagnostic, Edit, Fix, Sink, has_errors, sort_diagnostics};
use crate::idna::{Idna, default_idna};
use crate::text::{MAX_INPUT_LEN, TextRange};
use intake::{Form, RecordInput, SourceRecord};

/// The outcome of checking a set of TXT records.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RecordSetReport<T> {
    /// What diagnostic ranges refer to: the input as given, or records already joined by `\n`.
    pub text: String,
    /// Every record read, in input order.
    pub records: Vec<ReadRecord>,
    /// The one record senders would use, when exactly one has the right version.
    pub record: Option<T>,
    /// Every finding, by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// One record as read from the input, and what senders make of it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReadRecord {
    /// The record as senders see it (character-strings joined).
    pub value: String,
    /// Where it is in [`RecordSetReport::text`].
    pub span: TextRange,
    /// How it was written.
    pub form: Form,
    /// Whether it is the one record senders use.
    pub used: bool,
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
    quoting: Code,
    quoted_value: Code,
}

const STS: Family = Family {
    version: sts::VERSION,
    name: "_mta-sts",
    no_record: Code::StsNoRecord,
    multiple: Code::StsMultipleRecords,
    discarded: Code::StsDiscardedRecord,
    quoting: Code::StsQuotingInvalid,
    quoted_value: Code::StsQuotedValue,
};

const TLSRPT: Family = Family {
    version: tlsrpt::VERSION,
    name: "_smtp._tls",
    no_record: Code::TlsRptNoRecord,
    multiple: Code::TlsRptMultipleRecords,
    discarded: Code::TlsRptDiscardedRecord,
    quoting: Code::TlsRptQuotingInvalid,
    quoted_value: Code::TlsRptQuotedValue,
};

/// Checks the TXT records found at `_mta-sts.DOMAIN` (already joined) as a set.
pub fn lint_sts<S: AsRef<str>>(records: &[S]) -> RecordSetReport<StsRecord> {
    lint_sts_input(&RecordInput::from_values(records))
}

/// Checks the `_mta-sts` records of an input read by [`intake`].
pub fn lint_sts_input(input: &RecordInput) -> RecordSetReport<StsRecord> {
    lint_set(input, &STS, sts::check, &sts::CODES)
}

/// Checks the TXT records found at `_smtp._tls.DOMAIN` (already joined) as a set.
pub fn lint_tlsrpt<S: AsRef<str>>(records: &[S]) -> RecordSetReport<TlsRptRecord> {
    lint_tlsrpt_with(records, default_idna())
}

/// Checks TLS-RPT records (already joined), converting internationalized domains with `idna`.
pub fn lint_tlsrpt_with<S: AsRef<str>>(records: &[S], idna: &dyn Idna) -> RecordSetReport<TlsRptRecord> {
    lint_tlsrpt_input(&RecordInput::from_values(records), idna)
}

/// Checks the `_smtp._tls` records of an input read by [`intake`].
pub fn lint_tlsrpt_input(input: &RecordInput, idna: &dyn Idna) -> RecordSetReport<TlsRptRecord> {
    lint_set(input, &TLSRPT, |doc, fields, whole, sink| tlsrpt::check(doc, fields, whole, idna, sink), &tlsrpt::CODES)
}

/// Whether `record` begins with the version tag, followed by `;`, whitespace or nothing.
fn has_version(record: &str, version: &str) -> bool {
    record.strip_prefix(version).is_some_and(|rest| rest.is_empty() || rest.starts_with([';', ' ', '\t']))
}

/// How a record that does not begin with the version tag relates to it.
enum NearMiss {
    /// Not meant as this family's record (an SPF record, say).
    Unrelated,
    /// Meant as one, with the case or leading whitespace off.
    Close,
    /// Meant as one, with quote characters typed into the value: the record without them
    /// (local range) and the quote characters to delete.
    Quoted { inner: TextRange, quotes: Vec<TextRange> },
}

/// Whether `record` was probably meant as this family's record, and how it misses.
fn near_miss(record: &str, version: &str) -> NearMiss {
    let starts_like = |text: &str| text.len() >= version.len() && text.as_bytes()[..version.len()].eq_ignore_ascii_case(version.as_bytes());
    let trimmed = record.trim_start();
    if starts_like(trimmed) {
        return NearMiss::Close;
    }
    let lead = record.len() - trimmed.len();
    let Some(quote) = trimmed.chars().next().filter(|c| matches!(c, '"' | '\'' | '“' | '”')) else { return NearMiss::Unrelated };
    let after = &trimmed[quote.len_utf8()..];
    if !starts_like(after) {
        return NearMiss::Unrelated;
    }
    let open = TextRange::from_usize(lead, lead + quote.len_utf8());
    let body_end = record.trim_end().len();
    let close = record[..body_end]
        .chars()
        .next_back()
        .filter(|c| matches!(c, '"' | '\'' | '“' | '”'))
        .map(|c| TextRange::from_usize(body_end - c.len_utf8(), body_end));
    let inner_end = close.map_or(record.len(), |c| c.start as usize);
    let mut quotes = vec![open];
    quotes.extend(close.filter(|c| c.start >= open.end));
    NearMiss::Quoted { inner: TextRange::from_usize(open.end as usize, inner_end.max(open.end as usize)), quotes }
}

fn lint_set<T>(
    input: &RecordInput,
    family: &Family,
    check: impl Fn(&str, &[tags::Tag], TextRange, &mut Sink) -> T,
    codes: &tags::Codes,
) -> RecordSetReport<T> {
    let (doc, spans) = join(input);
    let mut sink = Sink::default();
    let is_candidate: Vec<bool> = spans.iter().map(|s| has_version(&doc[s.as_usize()], family.version)).collect();
    let candidates = is_candidate.iter().filter(|&&c| c).count();
    let mut chosen = None;
    let mut used = None;
    let mut seen = 0;
    let mut lookalikes = 0;
    for (index, (&span, &candidate)) in spans.iter().zip(&is_candidate).enumerate() {
        let mut body = span;
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
            let text = &doc[span.as_usize()];
            let miss = near_miss(text, family.version);
            match &miss {
                NearMiss::Quoted { inner, quotes } if candidates == 0 => {
                    lookalikes += 1;
                    let shift = |r: &TextRange| TextRange::new(span.start + r.start, span.start + r.end);
                    body = shift(inner);
                    let edits = quotes.iter().map(|q| Edit::delete(shift(q))).collect();
                    sink.push(
                        Diagnostic::new(
                            family.quoted_value,
                            span,
                            format!(
                                "The record's value is wrapped in quote characters, so senders read a record beginning with a quote instead of `{}` and see none. The quotes were probably typed into the DNS provider's form, which adds its own: remove them.",
                                family.version
                            ),
                        )
                        .with_fix(Fix { title: "Remove the quote characters".into(), edits, applicability: crate::Applicability::Safe }),
                    );
                }
                _ => {
                    let similar = !matches!(miss, NearMiss::Unrelated);
                    let message = if similar {
                        lookalikes += 1;
                        format!("This record does not begin with exactly `{}`, so senders discard it.", family.version)
                    } else {
                        format!(
                            "This record does not begin with `{}`; senders ignore it when looking for the {} record (that is fine for other records such as SPF).",
                            family.version, family.name
                        )
                    };
                    sink.push(Diagnostic::new(family.discarded, span, message));
                    // A near miss matters only when it leaves the domain without a record:
                    // then its own problems explain why, and its fixes repair it.
                    if !matches!(miss, NearMiss::Close) || candidates > 0 {
                        continue;
                    }
                }
            }
        }
        let tags = tags::lex(&doc[body.as_usize()], body.start, family.version, codes, &mut sink);
        let fields = check_version(&doc, &tags, family.version, codes, &mut sink);
        let parsed = check(&doc, fields, body, &mut sink);
        if candidate && seen == 1 {
            chosen = Some(parsed);
            used = Some(index);
        }
    }
    if candidates == 0 {
        let message = if lookalikes == 0 {
            format!("No TXT record begins with `{}`, so senders see none.", family.version)
        } else {
            format!("No TXT record begins with exactly `{}` (see the record that was meant as one), so senders see none.", family.version)
        };
        sink.push(Diagnostic::whole_file(family.no_record, message));
    }
    if candidates != 1 {
        chosen = None;
        used = None;
    }
    let mut diagnostics: Vec<Diagnostic> = sink.finish().into_iter().map(|d| to_input(d, &input.records, &spans)).collect();
    let mut quoting = Sink::default();
    for p in &input.problems {
        quoting.push(Diagnostic::new(family.quoting, p.range, p.message.as_str()));
    }
    diagnostics.extend(quoting.finish());
    sort_diagnostics(&mut diagnostics);
    let records = input
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| ReadRecord { value: r.text.clone(), span: r.span, form: r.form, used: used == Some(i) })
        .collect();
    RecordSetReport { text: input.text.clone(), records, record: chosen, diagnostics }
}

/// The records joined by `\n` (each cut so the whole stays within [`MAX_INPUT_LEN`]) and
/// their spans in that document: the text the record rules read.
fn join(input: &RecordInput) -> (String, Vec<TextRange>) {
    let mut doc = String::new();
    let mut spans = Vec::with_capacity(input.records.len());
    for (i, r) in input.records.iter().enumerate() {
        if i > 0 {
            doc.push('\n');
        }
        let r = r.text.as_str();
        let room = MAX_INPUT_LEN.saturating_sub(doc.len());
        let cut = (0..=r.len().min(room)).rev().find(|&c| r.is_char_boundary(c)).unwrap_or(0);
        let start = doc.len();
        doc.push_str(&r[..cut]);
        spans.push(TextRange::from_usize(start, doc.len()));
    }
    (doc, spans)
}

/// `diagnostic`, found in the document of the records joined by `\n`, with its range and fix
/// moved onto the input the records were read from.
fn to_input(mut diagnostic: Diagnostic, records: &[SourceRecord], spans: &[TextRange]) -> Diagnostic {
    if diagnostic.whole_file || records.is_empty() {
        return diagnostic;
    }
    let index = spans.partition_point(|s| s.start <= diagnostic.range.start).saturating_sub(1);
    let (record, span) = (&records[index], spans[index]);
    let local = |r: TextRange| {
        let clamp = |o: u32| o.saturating_sub(span.start).min(span.len());
        TextRange::new(clamp(r.start), clamp(r.end))
    };
    diagnostic.range = record.to_input(local(diagnostic.range));
    if let Some(fix) = &mut diagnostic.fix {
        for edit in &mut fix.edits {
            *edit = record.edit_to_input(&Edit::replace(local(edit.range), std::mem::take(&mut edit.replacement)));
        }
    }
    diagnostic
}

/// Checks that the first field is the version tag; returns the remaining fields.
fn check_version<'t>(doc: &str, tags: &'t [tags::Tag], version: &str, codes: &tags::Codes, sink: &mut Sink) -> &'t [tags::Tag] {
    let Some((first, rest)) = tags.split_first() else { return tags };
    let text = &doc[first.whole.as_usize()];
    if text == version || first.has_bad_chars {
        return rest;
    }
    let escaped = text.strip_suffix('\\').is_some_and(|t| t.eq_ignore_ascii_case(version));
    let diagnostic = if escaped {
        // `v=STSv1\; id=…`: a zone-file or octodns escape of `;` copied into the value.
        let edits = tags
            .iter()
            .filter(|t| doc[t.whole.as_usize()].ends_with('\\') && doc[t.whole.end as usize..].starts_with(';'))
            .map(|t| Edit::delete(TextRange::new(t.whole.end - 1, t.whole.end)))
            .collect();
        Diagnostic::new(
            codes.version_invalid,
            first.whole,
            format!("The record starts with `{text}`: the `\\` before `;` is the escape a zone file or octodns needs, copied into the value. Senders see the backslash; remove it (and any other `\\` before a `;`)."),
        )
        .with_fix(Fix { title: "Remove the `\\` before each `;`".into(), edits, applicability: crate::Applicability::Safe })
    } else {
        let fix = text.eq_ignore_ascii_case(version).then(|| Fix::safe(format!("Write `{version}`"), Edit::replace(first.whole, version)));
        Diagnostic::new(
            codes.version_invalid,
            first.whole,
            format!("The record must start with exactly `{version}` (case-sensitive), not `{text}`."),
        )
        .with_optional_fix(fix)
    };
    sink.push(diagnostic);
    rest
}
