//! What the checks report: [`Diagnostic`]s with an optional machine-applicable [`Fix`].

use crate::code::Code;
use crate::text::TextRange;

/// How serious a finding is.
///
/// An error means at least one conforming sender rejects or ignores what was
/// published; a warning means it is accepted but risky or treated differently by
/// different senders; info is advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Severity {
    /// Advice; the input is valid.
    Info,
    /// Accepted, but risky or not portable.
    Warning,
    /// Rejected or ignored by at least one conforming sender.
    Error,
}

impl Severity {
    /// Every severity, worst first (the derived order: `Info < Warning < Error`).
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// A word for people: `Error`, `Warning` or `Note`.
    pub const fn label(self) -> &'static str {
        match self {
            Severity::Info => "Note",
            Severity::Warning => "Warning",
            Severity::Error => "Error",
        }
    }

    /// A symbol shown beside the label (never instead of it).
    pub const fn symbol(self) -> &'static str {
        match self {
            Severity::Info => "ℹ",
            Severity::Warning => "▲",
            Severity::Error => "✖",
        }
    }

    /// `error`, `warning` or `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix can be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Applicability {
    /// The intent is unambiguous; "fix all" applies it.
    Safe,
    /// A likely repair that may not be what was meant; offered, never applied in bulk.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One text replacement.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Edit {
    /// The bytes to replace (empty for an insertion).
    pub range: TextRange,
    /// The new text (empty for a deletion).
    pub replacement: String,
}

impl Edit {
    /// Replace `range` with `replacement`.
    pub fn replace(range: TextRange, replacement: impl Into<String>) -> Self {
        Self { range, replacement: replacement.into() }
    }

    /// Delete `range`.
    pub fn delete(range: TextRange) -> Self {
        Self::replace(range, String::new())
    }

    /// Insert `text` at `offset`.
    pub fn insert(offset: u32, text: impl Into<String>) -> Self {
        Self::replace(TextRange::empty(offset), text)
    }
}

/// A repair for a diagnostic: edits applied together.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Fix {
    /// What the fix does, e.g. "Rename `Mode` to `mode`".
    pub title: String,
    /// Non-overlapping edits on the original text, in order.
    pub edits: Vec<Edit>,
    /// Whether "fix all" may apply it.
    pub applicability: Applicability,
}

impl Fix {
    /// A safe fix made of one edit.
    pub fn safe(title: impl Into<String>, edit: Edit) -> Self {
        Self { title: title.into(), edits: vec![edit], applicability: Applicability::Safe }
    }

    /// An unsafe fix made of one edit.
    pub fn suggestion(title: impl Into<String>, edit: Edit) -> Self {
        Self { title: title.into(), edits: vec![edit], applicability: Applicability::Unsafe }
    }

    /// The range covered by all edits.
    pub fn range(&self) -> TextRange {
        let start = self.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.range.end).max().unwrap_or(0);
        TextRange::new(start, end)
    }
}

/// One finding: a rule that the input breaks (or advice), where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Diagnostic {
    /// Stable code such as `policy/mode-invalid`.
    pub code: Code,
    /// Severity; usually the code's default.
    pub severity: Severity,
    /// What is wrong, in words a non-expert understands.
    pub message: String,
    /// Where, in UTF-8 bytes of the checked text; an empty range at 0 when `whole_file`.
    pub range: TextRange,
    /// A problem of the text as a whole (a required field missing, every line indented)
    /// rather than of one place in it: faces show it apart from the lines, never as a
    /// marker on line 1.
    pub whole_file: bool,
    /// How to repair it, when the intent is clear enough.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and no fix.
    pub fn new(code: Code, range: TextRange, message: impl Into<String>) -> Self {
        Self { code, severity: code.default_severity(), message: message.into(), range, whole_file: false, fix: None }
    }

    /// A problem of the whole text, not of a place in it: `whole_file` set, an empty range at 0.
    pub fn whole_file(code: Code, message: impl Into<String>) -> Self {
        Self { whole_file: true, ..Self::new(code, TextRange::empty(0), message) }
    }

    /// Attaches a fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Attaches a fix when there is one.
    #[must_use]
    pub fn with_optional_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// Overrides the code's default severity.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The RFC section the rule comes from.
    pub fn rfc(&self) -> &'static str {
        self.code.rfc()
    }
}

/// Where diagnostics are collected. Parsers report into it and never stop on a
/// problem; the cap keeps the output bounded on junk input (1 MiB of random bytes
/// could otherwise yield a diagnostic per byte).
#[derive(Debug, Default)]
pub(crate) struct Sink {
    diagnostics: Vec<Diagnostic>,
    /// Count per code, indexed by the code's position in [`Code::ALL`]; an array
    /// rather than a map keeps hashing code out of the wasm build.
    per_code: Vec<u32>,
    /// Keep every diagnostic ([`Sink::uncapped`]).
    uncapped: bool,
}

/// How many diagnostics of one code are kept; the last one kept says more were dropped.
pub const MAX_PER_CODE: u32 = 100;

impl Sink {
    /// A sink that keeps every diagnostic: for applying every fix at once, where a cap
    /// would leave the rest of a repeated problem (thousands of lone CRs) for later rounds.
    pub(crate) fn uncapped() -> Sink {
        Sink { uncapped: true, ..Sink::default() }
    }

    pub(crate) fn push(&mut self, mut diagnostic: Diagnostic) {
        if self.uncapped {
            self.diagnostics.push(diagnostic);
            return;
        }
        if self.per_code.is_empty() {
            self.per_code = vec![0; Code::ALL.len()];
        }
        let count = &mut self.per_code[diagnostic.code as usize];
        *count += 1;
        if *count > MAX_PER_CODE {
            return;
        }
        if *count == MAX_PER_CODE {
            diagnostic.message.push_str(" (further occurrences of this problem are not reported)");
        }
        self.diagnostics.push(diagnostic);
    }

    /// Whether `code` has reached its cap, so a hot loop can skip building the message.
    pub(crate) fn is_full(&self, code: Code) -> bool {
        self.per_code.get(code as usize).is_some_and(|&n| n >= MAX_PER_CODE)
    }

    /// The diagnostics sorted: those of the whole file first, then by position, then code.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        sort_diagnostics(&mut self.diagnostics);
        self.diagnostics
    }
}

/// Sorts diagnostics the way every report lists them: whole-file problems first, then by
/// position, then code.
pub(crate) fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_unstable_by(|a, b| {
        (!a.whole_file, a.range.start, a.code.as_str(), a.range.end).cmp(&(!b.whole_file, b.range.start, b.code.as_str(), b.range.end))
    });
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
