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
    Policy(Policy<'static>),
    /// The one `v=STSv1` record senders would use, if exactly one is there.
    Sts(Option<StsRecord>),
    /// The one `v=TLSRPTv1` record senders would use, if exactly one is there.
    TlsRpt(Option<TlsRptRecord>),
    /// A file of records: its owners are in [`Checked::owners`].
    Zone,
}

/// One owner of a zone file or octodns config, and how its records fared.
#[derive(Debug)]
pub(crate) struct OwnerLine {
    pub(crate) name: String,
    /// `sts` or `tlsrpt`.
    pub(crate) family: &'static str,
    pub(crate) records: usize,
    pub(crate) counts: Counts,
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
    /// For a zone file or octodns config: each owner checked.
    pub(crate) owners: Option<Vec<OwnerLine>>,
    /// The `_mta-sts` owners read (zone files, octodns), for the id-bump check.
    pub(crate) sts_owners: Vec<mtasts::zone::Owner>,
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
                (report.diagnostics, None, Value::Policy(report.policy.into_owned()))
            }
            Kind::Sts => {
                let report = record::lint_sts_input(&Self::records(&source));
                (report.diagnostics, Some(report.records), Value::Sts(report.record))
            }
            Kind::Tlsrpt => {
                let report = record::lint_tlsrpt_input(&Self::records(&source), mtasts::default_idna());
                (report.diagnostics, Some(report.records), Value::TlsRpt(report.record))
            }
            Kind::Zone | Kind::Octodns | Kind::Terraform | Kind::Dnscontrol => return Self::zone(kind, source),
        };
        // Record input is read as text: a byte that is not UTF-8 becomes U+FFFD (one column,
        // as the byte itself would be), which the record rules report.
        let text = match kind {
            Kind::Policy => source.bytes,
            _ => String::from_utf8_lossy(&source.bytes).into_owned().into_bytes(),
        };
        Checked { kind, name: source.name, text, records, diagnostics, value, owners: None, sts_owners: Vec::new() }
    }

    /// A file of records (zone file, octodns, Terraform, dnscontrol): every owner's records, positions in the file.
    fn zone(kind: Kind, source: Source) -> Self {
        let text = String::from_utf8_lossy(&source.bytes).into_owned();
        let read = mtasts::zone::read_source(kind.file_of_records().unwrap_or(mtasts::zone::SourceKind::Zone), &text);
        let sts_owners = read.owners.iter().filter(|o| o.family == mtasts::zone::Family::Sts).cloned().collect();
        let report = mtasts::zone::lint(read, mtasts::default_idna());
        let owners = report
            .owners
            .iter()
            .map(|o| OwnerLine {
                name: o.name.clone(),
                family: o.family.as_str(),
                records: o.report.records().len(),
                counts: Counts::of(o.report.diagnostics()),
            })
            .collect();
        let records = report.owners.iter().flat_map(|o| o.report.records().iter().cloned()).collect();
        Checked {
            kind,
            name: source.name,
            diagnostics: report.all_diagnostics(),
            text: report.text.into_bytes(),
            records: Some(records),
            value: Value::Zone,
            owners: Some(owners),
            sts_owners,
        }
    }

    /// Findings made elsewhere (the id-bump check) about this text, merged by position.
    pub(crate) fn add(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            if !self.diagnostics.contains(&d) {
                self.diagnostics.push(d);
            }
        }
        self.diagnostics.sort_by(|a, b| {
            (!a.whole_file, a.range.start, a.code.as_str(), a.range.end).cmp(&(!b.whole_file, b.range.start, b.code.as_str(), b.range.end))
        });
    }

    /// A text that only carries findings made elsewhere (`diff`): no lint of its own.
    pub(crate) fn findings(kind: Kind, name: String, text: Vec<u8>, diagnostics: Vec<Diagnostic>) -> Self {
        let value = if kind == Kind::Policy { Value::Policy(Policy::default()) } else { Value::Sts(None) };
        let mut checked = Checked { kind, name, text, records: None, diagnostics: Vec::new(), value, owners: None, sts_owners: Vec::new() };
        checked.add(diagnostics);
        checked
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
