//! The outcome of `lint`, independent of the output format: the checked text, what the
//! core found, and the mapping from the core's byte offsets to lines and columns.
//!
//! The checked text is always the input file: for TXT records the core's intake reads the
//! records out of it and reports positions in it, quoted `dig` lines included.

use mtasts::policy::{self, Policy};
use mtasts::record::intake::RecordInput;
use mtasts::record::{self, ReadRecord, StsRecord, TlsRptRecord};
use mtasts::{Diagnostic, LineIndex, Severity};

use crate::args::Kind;
use crate::input::Source;

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
    /// The records read, for the record kinds; `None` for a policy.
    pub(crate) records: Option<Vec<ReadRecord>>,
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
    /// Runs the core on `source` as `kind`.
    pub(crate) fn lint(kind: Kind, source: Source) -> Self {
        let (diagnostics, records, value) = match kind {
            Kind::Policy => {
                // A file or standard input is a source file, not a served body (for
                // front matter at the top; the domain check lints what the host serves).
                let report = policy::lint_with_options(&source.bytes, mtasts::default_idna(), policy::LintOptions::FILE);
                (report.diagnostics, None, Value::Policy(report.policy))
            }
            Kind::Sts => {
                let report = record::lint_sts_input(&Self::records(&source));
                (report.diagnostics, Some(report.records), Value::Sts(report.record))
            }
            Kind::Tlsrpt => {
                let report = record::lint_tlsrpt_input(&Self::records(&source), mtasts::default_idna());
                (report.diagnostics, Some(report.records), Value::TlsRpt(report.record))
            }
        };
        // Record input is read as text: a byte that is not UTF-8 becomes U+FFFD (one column,
        // as the byte itself would be), which the record rules report.
        let text = match kind {
            Kind::Policy => source.bytes,
            Kind::Sts | Kind::Tlsrpt => String::from_utf8_lossy(&source.bytes).into_owned().into_bytes(),
        };
        Checked { kind, name: source.name, text, records, diagnostics, value }
    }

    fn records(source: &Source) -> RecordInput {
        RecordInput::parse(&String::from_utf8_lossy(&source.bytes))
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
        Document::new(&self.text)
    }
}

/// A position in the checked text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    /// 1-based line of the checked text.
    pub(crate) line: u32,
    /// 1-based column in Unicode scalar values (an invalid byte counts as one).
    pub(crate) column: u32,
    /// Offset in UTF-16 code units from the start of the checked text.
    pub(crate) utf16: u32,
}

/// Maps byte offsets of the checked text to lines and columns.
pub(crate) struct Document<'a> {
    text: &'a [u8],
    index: LineIndex<'a>,
}

impl<'a> Document<'a> {
    fn new(text: &'a [u8]) -> Self {
        Document { text, index: LineIndex::new(text) }
    }

    /// The position of a byte offset (clamped to the text).
    pub(crate) fn position(&self, offset: u32) -> Pos {
        let at = self.index.position(offset);
        Pos { line: at.line, column: at.column, utf16: at.utf16 }
    }

    /// Byte offset where `line` starts and its bytes, without a line terminator.
    pub(crate) fn line(&self, line: u32) -> (u32, &'a [u8]) {
        let range = self.index.line_range(line);
        (range.start, &self.text[range.as_usize()])
    }

    /// Whether the checked text is empty (then there is no line to show).
    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}
