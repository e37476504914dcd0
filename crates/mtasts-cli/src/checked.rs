//! The outcome of `lint`, independent of the output format: the checked text, what the
//! core found, and the mapping from the core's byte offsets to what a user can find in
//! the input file.
//!
//! For a policy the checked text is the file itself. For TXT records it is the records
//! joined by `\n` (the core's convention), so offsets are mapped per record: line N is
//! record N, shown in messages under the input line it came from.

use mtasts::policy::{self, Policy};
use mtasts::record::{self, StsRecord, TlsRptRecord};
use mtasts::{Diagnostic, LineIndex, Severity};

use crate::args::Kind;
use crate::error::CliError;
use crate::input::{self, RecordLine, Source};

/// The parsed value, as far as the core could read it.
#[derive(Debug)]
pub(crate) enum Value {
    /// The policy's fields (always present, possibly incomplete).
    Policy(Policy),
    /// The one `v=STSv1` record senders would use, if exactly one is there.
    Sts(Option<StsRecord>),
    /// The one `v=TLSRPTv1` record senders would use, if exactly one is there.
    TlsRpt(Option<TlsRptRecord>),
}

/// Everything the renderers need.
#[derive(Debug)]
pub(crate) struct Checked {
    pub(crate) kind: Kind,
    /// The input's name: the path as given, or `stdin`.
    pub(crate) name: String,
    /// The text that diagnostic ranges refer to.
    pub(crate) text: Vec<u8>,
    /// The records, for the record kinds; `None` for a policy.
    pub(crate) records: Option<Vec<RecordLine>>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) value: Value,
}

/// How many diagnostics of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) info: usize,
}

impl Counts {
    pub(crate) fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }
}

impl Checked {
    /// Runs the core on `source` as `kind`. Fails only on record input that cannot be
    /// split into records (a malformed quoted line).
    pub(crate) fn lint(kind: Kind, source: Source) -> Result<Self, CliError> {
        let checked = match kind {
            Kind::Policy => {
                let report = policy::lint(&source.bytes);
                Checked {
                    kind,
                    name: source.name,
                    text: source.bytes,
                    records: None,
                    diagnostics: report.diagnostics,
                    value: Value::Policy(report.policy),
                }
            }
            Kind::Sts => {
                let records = input::records(&source)?;
                let report = record::lint_sts(&texts(&records));
                Self::from_records(
                    kind,
                    source.name,
                    records,
                    report.text,
                    report.diagnostics,
                    Value::Sts(report.record),
                )
            }
            Kind::Tlsrpt => {
                let records = input::records(&source)?;
                let report = record::lint_tlsrpt(&texts(&records));
                let value = Value::TlsRpt(report.record);
                Self::from_records(kind, source.name, records, report.text, report.diagnostics, value)
            }
        };
        Ok(checked)
    }

    fn from_records(
        kind: Kind,
        name: String,
        records: Vec<RecordLine>,
        text: String,
        diagnostics: Vec<Diagnostic>,
        value: Value,
    ) -> Self {
        Checked { kind, name, text: text.into_bytes(), records: Some(records), diagnostics, value }
    }

    pub(crate) fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }

    /// Whether no diagnostic is an error: what exit status 0 means.
    pub(crate) fn is_valid(&self) -> bool {
        self.counts().errors == 0
    }

    /// The position mapping for this text.
    pub(crate) fn document(&self) -> Document<'_> {
        Document::new(&self.text, self.records.as_deref())
    }
}

fn texts(records: &[RecordLine]) -> Vec<&str> {
    records.iter().map(|r| r.text.as_str()).collect()
}

/// A position in the checked text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    /// 1-based line of the checked text (for records: the record number).
    pub(crate) line: u32,
    /// 1-based column in Unicode scalar values (an invalid byte counts as one).
    pub(crate) column: u32,
    /// Offset in UTF-16 code units from the start of the checked text.
    pub(crate) utf16: u32,
}

/// Maps byte offsets of the checked text to lines and columns.
///
/// Records are located by their byte spans, not by counting `\n`: a quoted record can
/// hold an escaped line break (`\010`), which must not shift every later record.
pub(crate) struct Document<'a> {
    text: &'a [u8],
    index: LineIndex<'a>,
    records: Option<&'a [RecordLine]>,
    /// Byte offset where each record starts in the joined text.
    record_starts: Vec<u32>,
}

impl<'a> Document<'a> {
    fn new(text: &'a [u8], records: Option<&'a [RecordLine]>) -> Self {
        let mut record_starts = Vec::new();
        let mut at = 0usize;
        for r in records.unwrap_or_default() {
            record_starts.push(u32::try_from(at).unwrap_or(u32::MAX));
            at += r.text.len() + 1;
        }
        Document { text, index: LineIndex::new(text), records, record_starts }
    }

    /// The position of a byte offset (clamped to the text).
    pub(crate) fn position(&self, offset: u32) -> Pos {
        let at = self.index.position(offset);
        if self.records.is_none() {
            return Pos { line: at.line, column: at.column, utf16: at.utf16 };
        }
        let offset = offset.min(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        let record = self.record_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.record_starts.get(record - 1).copied().unwrap_or(0);
        let column = scalar_count(&self.text[start as usize..offset as usize]) + 1;
        Pos { line: u32::try_from(record).unwrap_or(u32::MAX), column, utf16: at.utf16 }
    }

    /// Byte offset where `line` starts and its bytes, without a line terminator.
    pub(crate) fn line(&self, line: u32) -> (u32, &'a [u8]) {
        match self.records {
            None => {
                let range = self.index.line_range(line);
                (range.start, &self.text[range.as_usize()])
            }
            Some(records) => {
                let i = (line.max(1) - 1) as usize;
                match (self.record_starts.get(i), records.get(i)) {
                    (Some(&start), Some(r)) => (start, r.text.as_bytes()),
                    _ => (0, &[]),
                }
            }
        }
    }

    /// The line of the input file that `line` of the checked text came from.
    pub(crate) fn input_line(&self, line: u32) -> u32 {
        match self.records {
            None => line,
            Some(records) => records.get((line.max(1) - 1) as usize).map_or(1, |r| r.input_line),
        }
    }

    /// Whether columns on `line` are also columns of the input file (not so for a quoted
    /// record, whose text is the join of its strings).
    pub(crate) fn columns_match_input(&self, line: u32) -> bool {
        match self.records {
            None => true,
            Some(records) => records.get((line.max(1) - 1) as usize).is_none_or(|r| !r.presentation),
        }
    }

    /// Whether `line` is a record that was given in quoted form.
    pub(crate) fn is_presentation(&self, line: u32) -> bool {
        !self.columns_match_input(line)
    }

    /// Whether the checked text is empty (then there is no line to show).
    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Unicode scalar values in `bytes`, counting each invalid byte as one (as [`LineIndex`] does).
pub(crate) fn scalar_count(bytes: &[u8]) -> u32 {
    let mut n = 0usize;
    for chunk in bytes.utf8_chunks() {
        n += chunk.valid().chars().count() + chunk.invalid().len();
    }
    u32::try_from(n).unwrap_or(u32::MAX)
}
