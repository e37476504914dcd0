//! The policy file served at `https://mta-sts.DOMAIN/.well-known/mta-sts.txt`
//! (RFC 8461 §3.2).
//!
//! ```text
//! sts-policy-record = sts-policy-field *WSP
//!                     *(sts-policy-term sts-policy-field *WSP) [sts-policy-term]
//! sts-policy-field  = version / mode / max_age / mx / extension   ; "name:" *WSP value
//! sts-policy-term   = LF / CRLF
//! ```
//!
//! [`lint`] works on raw bytes in two phases: [`lines`] splits the file and
//! reports byte-level problems, then [`fields`] parses each line, recovers from
//! every error and validates the fields. The result is the typed [`Policy`]
//! (as far as it could be read) plus every diagnostic. A plain valid `mx` line,
//! nearly every line of a large policy, is read in one pass by [`mx_line`]
//! before the splitter looks at it byte by byte.
//!
//! The text is read as the policy host serves it, unless [`LintOptions`] say it is a
//! local source file ([`Origin::File`]): then a static-site generator's front matter at
//! the top is skipped, since the site strips it before serving.

mod analysis;
mod embedding;
mod fields;
pub(crate) mod lines;
mod lookalike;
mod mx_line;
mod mx_set;

pub use analysis::{PolicyAnalysis, Uncovered, analyze, uncovered};

use crate::diagnostic::{Diagnostic, Sink, has_errors};
use crate::fix::{apply_fixes, safe_fixes};
use crate::idna::{Idna, default_idna};
use crate::text::{MAX_INPUT_LEN, TextRange};
use std::borrow::Cow;

pub use lines::MAX_POLICY_SIZE;

/// The longest `max_age` allowed: 31557600 seconds, about one year (RFC 8461 §3.2, erratum 7282).
pub const MAX_AGE_LIMIT: u32 = 31_557_600;

/// Below one day, senders forget the policy almost at once.
pub const MAX_AGE_WEAK: u32 = 86_400;

/// The policy `mode` (RFC 8461 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Mode {
    /// Senders must not deliver to MX hosts that fail validation.
    Enforce,
    /// Senders deliver anyway and report failures via TLS-RPT.
    Testing,
    /// Senders should treat the domain as having no policy.
    None,
}

impl Mode {
    /// The value as written in a policy.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mode::Enforce => "enforce",
            Mode::Testing => "testing",
            Mode::None => "none",
        }
    }

    /// Every mode, in the order the RFC lists them.
    pub const ALL: [Mode; 3] = [Mode::Enforce, Mode::Testing, Mode::None];

    /// What the mode tells senders, in one sentence for people (RFC 8461 §5).
    pub const fn meaning(self) -> &'static str {
        match self {
            Mode::Enforce => {
                "Senders refuse to deliver mail to an MX host that fails validation: not listed by an `mx` line, or without a valid TLS certificate."
            }
            Mode::Testing => "Senders deliver mail even when an MX host fails validation, and report the failure to the TLS-RPT address.",
            Mode::None => "Senders forget any earlier policy of the domain and apply none: mail is not protected by MTA-STS.",
        }
    }

    /// Parses the exact (case-sensitive) value.
    pub fn parse(value: &str) -> Option<Mode> {
        match value {
            "enforce" => Some(Mode::Enforce),
            "testing" => Some(Mode::Testing),
            "none" => Some(Mode::None),
            _ => None,
        }
    }
}

/// What the policy says about one of the once-only fields (`version`, `mode`,
/// `max_age`): its first occurrence decides (a later one is only a duplicate warning).
/// "Present but invalid" is kept apart from "missing", because the fix differs: correct
/// the value, or add the line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "state", rename_all = "lowercase"))]
pub enum FieldValue<T> {
    /// No line with this field name.
    #[default]
    Missing,
    /// The line is there but its value is not valid (the diagnostics say why).
    Invalid {
        /// The value as written (lossy UTF-8 when its line holds invalid bytes).
        raw: String,
        /// Where the value is in the file.
        range: TextRange,
    },
    /// A valid value.
    Valid {
        /// The value read.
        value: T,
        /// Where the value is in the file.
        range: TextRange,
    },
}

impl<T> FieldValue<T> {
    /// The value when valid.
    pub fn valid(&self) -> Option<&T> {
        match self {
            FieldValue::Valid { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Where the value is, when the field is present.
    pub fn range(&self) -> Option<TextRange> {
        match self {
            FieldValue::Missing => None,
            FieldValue::Invalid { range, .. } | FieldValue::Valid { range, .. } => Some(*range),
        }
    }

    /// Whether the field is missing.
    pub fn is_missing(&self) -> bool {
        matches!(self, FieldValue::Missing)
    }
}

/// One `mx` line. Its pattern is borrowed from the checked text (no copy per line, which
/// was a third of the time of a large policy); [`MxEntry::into_owned`] detaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MxEntry<'a> {
    /// The pattern as written.
    pub pattern: Cow<'a, str>,
    /// Where the pattern is in the file.
    pub range: TextRange,
    /// Whether it is a valid pattern.
    pub valid: bool,
}

impl MxEntry<'_> {
    /// The entry with its pattern copied out of the text.
    pub fn into_owned(self) -> MxEntry<'static> {
        MxEntry { pattern: Cow::Owned(self.pattern.into_owned()), range: self.range, valid: self.valid }
    }
}

/// An extension field: any name other than the registered ones. Senders ignore it.
/// Borrowed from the checked text, as [`MxEntry`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Extension<'a> {
    /// The field name.
    pub name: Cow<'a, str>,
    /// The value, without surrounding whitespace.
    pub value: Cow<'a, str>,
}

impl Extension<'_> {
    /// The extension with its name and value copied out of the text.
    pub fn into_owned(self) -> Extension<'static> {
        Extension { name: Cow::Owned(self.name.into_owned()), value: Cow::Owned(self.value.into_owned()) }
    }
}

/// The policy as far as it could be read. Each once-only field holds its first
/// occurrence, valid or not; check [`PolicyReport::is_valid`] before trusting it.
/// `mx` patterns and extensions borrow from the checked text (`'a`); a policy kept
/// beyond the text is [`Policy::into_owned`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Policy<'a> {
    /// `version` (always `STSv1` when valid).
    pub version: FieldValue<String>,
    /// `mode`.
    pub mode: FieldValue<Mode>,
    /// `max_age` in seconds.
    pub max_age: FieldValue<u32>,
    /// Every `mx` line, valid or not, in file order.
    pub mx: Vec<MxEntry<'a>>,
    /// Extension fields, in file order.
    pub extensions: Vec<Extension<'a>>,
}

impl Policy<'_> {
    /// The policy with everything it borrows copied out of the text.
    pub fn into_owned(self) -> Policy<'static> {
        Policy {
            version: self.version,
            mode: self.mode,
            max_age: self.max_age,
            mx: self.mx.into_iter().map(MxEntry::into_owned).collect(),
            extensions: self.extensions.into_iter().map(Extension::into_owned).collect(),
        }
    }

    /// Whether at least one `mx` line is required: unless the mode is `none` (RFC 8461 §3.2).
    pub fn requires_mx(&self) -> bool {
        self.mode() != Some(Mode::None)
    }

    /// The mode, when valid.
    pub fn mode(&self) -> Option<Mode> {
        self.mode.valid().copied()
    }

    /// The `max_age` in seconds, when valid.
    pub fn max_age(&self) -> Option<u32> {
        self.max_age.valid().copied()
    }

    /// The `version`, when valid (always `STSv1`).
    pub fn version(&self) -> Option<&str> {
        self.version.valid().map(String::as_str)
    }

    /// The valid `mx` patterns.
    pub fn mx_patterns(&self) -> impl Iterator<Item = &str> {
        self.mx.iter().filter(|m| m.valid).map(|m| &*m.pattern)
    }
}

/// The outcome of checking a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PolicyReport<'a> {
    /// The policy as read.
    pub policy: Policy<'a>,
    /// Every finding, by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl PolicyReport<'_> {
    /// The report with everything it borrows copied out of the text.
    pub fn into_owned(self) -> PolicyReport<'static> {
        PolicyReport { policy: self.policy.into_owned(), diagnostics: self.diagnostics }
    }

    /// Whether no diagnostic is an error.
    pub fn is_valid(&self) -> bool {
        !has_errors(&self.diagnostics)
    }
}

/// Where a policy text comes from, which decides how front matter at its top is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The body the policy host serves (what senders read), fetched or pasted from
    /// such a body: every line is checked as it is.
    #[default]
    Served,
    /// A local source file, such as one kept in a GitHub Pages repository: Jekyll or
    /// Hugo front matter (`---` … `---`) at the top is what the site generator strips,
    /// so it is noted (`policy/front-matter`) and the lines after it are checked.
    File,
}

/// How [`lint_with_options`] reads the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct LintOptions {
    /// Where the text comes from; [`Origin::Served`] unless told otherwise.
    pub origin: Origin,
}

impl LintOptions {
    /// The options for a local source file ([`Origin::File`]).
    pub const FILE: LintOptions = LintOptions { origin: Origin::File };
}

/// Checks a policy body as served, with the build's default IDNA converter.
pub fn lint(text: &[u8]) -> PolicyReport<'_> {
    lint_with(text, default_idna())
}

/// Checks a policy body as served, converting U-labels with `idna`.
pub fn lint_with<'a>(text: &'a [u8], idna: &dyn Idna) -> PolicyReport<'a> {
    lint_with_options(text, idna, LintOptions::default())
}

/// Checks a policy text read as `options` say, converting U-labels with `idna`.
pub fn lint_with_options<'a>(text: &'a [u8], idna: &dyn Idna, options: LintOptions) -> PolicyReport<'a> {
    let text = &text[..text.len().min(MAX_INPUT_LEN)];
    let mut sink = Sink::default();
    let policy = fields::parse(text, idna, fields::Typed::Build, options.origin, &mut sink);
    PolicyReport { policy, diagnostics: sink.finish() }
}

/// The diagnostics of [`lint_with`] alone, without the typed [`Policy`]: for an
/// editor that checks on every keystroke and has no use for an entry per `mx` line.
pub fn lint_diagnostics_with(text: &[u8], idna: &dyn Idna) -> Vec<Diagnostic> {
    lint_diagnostics_with_options(text, idna, LintOptions::default())
}

/// The diagnostics of [`lint_with_options`] alone (see [`lint_diagnostics_with`]).
pub fn lint_diagnostics_with_options(text: &[u8], idna: &dyn Idna, options: LintOptions) -> Vec<Diagnostic> {
    diagnostics_into(text, idna, options, Sink::default())
}

/// The diagnostics of `text` collected into `sink`: capped as reports are, or
/// [`Sink::uncapped`] for a round of [`fix_all`], which applies every fix at once.
fn diagnostics_into(text: &[u8], idna: &dyn Idna, options: LintOptions, mut sink: Sink) -> Vec<Diagnostic> {
    fields::parse(&text[..text.len().min(MAX_INPUT_LEN)], idna, fields::Typed::Skip, options.origin, &mut sink);
    sink.finish()
}

/// Applies every safe fix, re-checking until nothing changes (a fix can uncover
/// another, e.g. a renamed field whose value then gets fixed).
pub fn fix_all(text: &[u8], idna: &dyn Idna) -> Vec<u8> {
    fix_all_counted(text, idna).0
}

/// Like [`fix_all`], also returning how many fixes were applied in all rounds.
pub fn fix_all_counted(text: &[u8], idna: &dyn Idna) -> (Vec<u8>, usize) {
    fix_all_with_options(text, idna, LintOptions::default())
}

/// Like [`fix_all_counted`], the text read as `options` say.
pub fn fix_all_with_options(text: &[u8], idna: &dyn Idna, options: LintOptions) -> (Vec<u8>, usize) {
    let mut current = text.to_vec();
    let mut total = 0;
    for _ in 0..8 {
        let diagnostics = diagnostics_into(&current, idna, options, Sink::uncapped());
        let safe: Vec<_> = safe_fixes(&diagnostics).collect();
        let (next, applied) = apply_fixes(&current, &safe);
        if applied == 0 || next == current {
            break;
        }
        total += applied;
        current = next;
    }
    (current, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_alone_are_those_of_the_full_lint() {
        let texts: [&[u8]; 4] = [
            b"version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: MAIL.example.com\nmx: *.com\nmax_age: 604800\n",
            b"Mode: Enforce\r\nmx: a.example, b.example\nx-ext:\tv\nmax-age: 99\n\n# comment\n",
            b"\xef\xbb\xbfversion: stsv1\nmode: none\nmx: .example.com\nmx: 192.0.2.1\nmx: b\xc3\xbccher.example\n",
            b"",
        ];
        for text in texts {
            assert_eq!(lint_diagnostics_with(text, default_idna()), lint_with(text, default_idna()).diagnostics);
        }
    }

    proptest::proptest! {
        #[test]
        fn diagnostics_alone_match_on_any_input(pieces in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just(b"mx: Mail.Example.com\n".to_vec()),
            proptest::strategy::Just(b"mx: mail.example.com\r\n".to_vec()),
            proptest::strategy::Just(b"mode: none\n".to_vec()),
            proptest::strategy::Just(b"ext: a\tb\n".to_vec()),
            proptest::collection::vec(proptest::prelude::any::<u8>(), 0..12),
        ], 0..16)) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(lint_diagnostics_with(&text, default_idna()), lint_with(&text, default_idna()).diagnostics);
        }
    }

    #[test]
    fn fix_all_counts_fixes_across_rounds() {
        let broken = b"\xef\xbb\xbfversion: STSv1\r\nMode: Enforce\r\n\r\nmx: mail.example.com\r\nmax_age: 999999999\r\n";
        let (fixed, count) = fix_all_counted(broken, default_idna());
        // BOM, blank line, max_age clamp and the rename in round one; `Enforce` in round two.
        assert_eq!(count, 5);
        assert_eq!(fixed, b"version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 31557600\r\n");
        assert_eq!(fix_all_counted(&fixed, default_idna()).1, 0);
    }
}
