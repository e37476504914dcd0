//! Phase 2: parse each line as `name ":" *WSP value *WSP` and validate the fields
//! (RFC 8461 §3.2). Every problem is reported and parsing goes on as if it had
//! been repaired, so one typo gives one diagnostic.

use super::lines::{self, Line};
use super::lookalike::{REGISTERED, registered_lookalike};
use super::{Extension, FieldValue, MAX_AGE_LIMIT, MAX_AGE_WEAK, Mode, MxEntry, Policy};
use crate::code::Code;
use crate::diagnostic::{Diagnostic, Edit, Fix, Sink};
use crate::idna::Idna;
use crate::mx::{MxPattern, PatternError};
use crate::text::{TextRange, to_u32};
use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher, RandomState};
use std::sync::OnceLock;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether [`parse`] builds the typed [`Policy`] or only reports diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Typed {
    /// Every `mx` entry and extension, with their text copied out of the input.
    Build,
    /// Only what the rules need (`mode`): no `String` per line.
    Skip,
}

pub(crate) fn parse(text: &[u8], idna: &dyn Idna, typed: Typed, sink: &mut Sink) -> Policy {
    // Sizing the collections from the line count up front saves their regrowth on
    // large files; counting line feeds is far cheaper than parsing them.
    let lines = count_lf(text) + 1;
    let mut parser = Parser {
        text,
        utf8: std::str::from_utf8(text).ok(),
        idna,
        eol: lines::first_eol(text),
        typed,
        policy: Policy { mx: Vec::with_capacity(if typed == Typed::Build { lines } else { 0 }), ..Policy::default() },
        present: [false; 4],
        lookalikes: Vec::new(),
        seen_mx: HashSet::with_capacity_and_hasher(lines, BuildHasherDefault::default()),
        body_start: 0,
        occurrences: [0; 3],
    };
    parser.run(sink);
    parser.policy
}

struct Parser<'a> {
    text: &'a [u8],
    /// The whole text as `&str` when it is valid UTF-8 (the usual case), so field
    /// values are sliced without validating each one again.
    utf8: Option<&'a str>,
    idna: &'a dyn Idna,
    /// The line ending repairs insert.
    eol: &'static str,
    /// Whether `policy` gets every `mx` entry and extension.
    typed: Typed,
    policy: Policy,
    /// Whether each of [`REGISTERED`] appears (valid or not).
    present: [bool; 4],
    /// Misspelt names of registered fields, resolved once we know what is missing.
    lookalikes: Vec<Lookalike>,
    /// Valid mx patterns seen, compared without regard to case, for duplicate detection.
    seen_mx: HashSet<Caseless<'a>, BuildHasherDefault<Prehashed>>,
    /// Where the first line starts (after a BOM).
    body_start: u32,
    /// How often `version`, `mode` and `max_age` were handled so far.
    occurrences: [u32; 3],
}

struct Lookalike {
    field: &'static str,
    name: TextRange,
    value: TextRange,
    /// `field-name-lookalike` for a valid extension name, `field-name-invalid` otherwise.
    code: Code,
}

/// A line split into its parts; all ranges are absolute byte offsets.
struct Field {
    name: TextRange,
    value: TextRange,
    /// From the name to the end of the value.
    whole: TextRange,
    /// Deletes the whole line.
    remove: Edit,
}

impl<'a> Parser<'a> {
    fn run(&mut self, sink: &mut Sink) {
        if self.text.is_empty() {
            sink.push(Diagnostic::new(
                Code::PolicyEmpty,
                TextRange::empty(0),
                "The policy file is empty. It needs at least `version`, `mode`, `mx` and `max_age` lines.",
            ));
            return;
        }
        if let Some(range) = lines::oversize(self.text) {
            sink.push(Diagnostic::new(
                Code::PolicyTooLarge,
                range,
                format!(
                    "The policy file is {} bytes; senders may refuse anything over {} bytes (64 KiB).",
                    self.text.len(),
                    lines::MAX_POLICY_SIZE
                ),
            ));
        }
        if self.text.starts_with(BOM) {
            let range = TextRange::new(0, 3);
            self.body_start = 3;
            sink.push(
                Diagnostic::new(
                    Code::PolicyBom,
                    range,
                    "The file starts with a byte order mark (BOM), so senders read the first field name as \"\\u{FEFF}…\" and do not recognize it. Save the file as UTF-8 without BOM.",
                )
                .with_fix(Fix::safe("Remove the byte order mark", Edit::delete(range))),
            );
        }
        lines::split(self.text, self.body_start as usize, sink, |line, sink| self.line(line, sink));
        self.finish(sink);
    }

    /// The text of `range`, borrowed from the input rather than from the parser so
    /// that no field value is copied. Lines with invalid UTF-8 are never parsed.
    fn str(&self, range: TextRange) -> &'a str {
        match self.utf8 {
            Some(text) => text.get(range.as_usize()).unwrap_or(""),
            None => std::str::from_utf8(&self.text[range.as_usize()]).unwrap_or(""),
        }
    }

    fn line(&mut self, line: &Line, sink: &mut Sink) {
        let content = &self.text[line.content.as_usize()];
        let at = |i: usize| line.content.start + to_u32(i);
        let remove_line = || Edit::delete(line.full);
        if content.iter().all(|&b| b == b' ' || b == b'\t') {
            let message = if content.is_empty() {
                "Blank lines are not allowed in a policy file; strict senders reject the whole file."
            } else {
                "This line holds only whitespace; blank lines are not allowed in a policy file."
            };
            sink.push(
                Diagnostic::new(Code::PolicyBlankLine, line.content, message)
                    .with_fix(Fix::safe("Remove the blank line", remove_line())),
            );
            return;
        }
        if content[0] == b'#' {
            if !line.has_bad_bytes {
                sink.push(
                    Diagnostic::new(
                        Code::PolicyComment,
                        line.content,
                        "Policy files have no comment syntax; senders read this line as a malformed field and may reject the file.",
                    )
                    .with_fix(Fix::safe("Remove the comment line", remove_line())),
                );
            }
            return;
        }
        let start = content.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(0);
        if start > 0 {
            let range = TextRange::new(at(0), at(start));
            sink.push(
                Diagnostic::new(
                    Code::PolicyLeadingWhitespace,
                    range,
                    "The line starts with whitespace; each line must start with its field name.",
                )
                .with_fix(Fix::safe("Remove the leading whitespace", Edit::delete(range))),
            );
        }
        let Some(colon) = content[start..].iter().position(|&b| b == b':').map(|c| c + start) else {
            if !line.has_bad_bytes {
                self.missing_colon(TextRange::new(at(start), line.content.end), line.content, sink);
            }
            return;
        };
        let name_end = content[..colon].iter().rposition(|&b| b != b' ' && b != b'\t').map_or(start, |e| e + 1);
        if name_end < colon {
            let range = TextRange::new(at(name_end), at(colon));
            sink.push(
                Diagnostic::new(
                    Code::PolicySpaceBeforeColon,
                    range,
                    "There must be no whitespace between the field name and the colon.",
                )
                .with_fix(Fix::safe("Remove the whitespace before the colon", Edit::delete(range))),
            );
        }
        let value_start = content[colon + 1..].iter().position(|&b| b != b' ' && b != b'\t').map_or(content.len(), |v| v + colon + 1);
        let value_end = content.iter().rposition(|&b| b != b' ' && b != b'\t').map_or(value_start, |e| (e + 1).max(value_start));
        let field = Field {
            name: TextRange::new(at(start), at(name_end)),
            value: TextRange::new(at(value_start), at(value_end)),
            whole: TextRange::new(at(start), at(value_end)),
            remove: remove_line(),
        };
        let name = &self.text[field.name.as_usize()];
        let registered = REGISTERED.iter().position(|f| f.as_bytes() == name);
        if let Some(i) = registered {
            self.present[i] = true;
        }
        if line.has_bad_bytes {
            // Present, but unreadable: its value is invalid, not missing.
            if let Some(i) = registered {
                let raw = String::from_utf8_lossy(&self.text[field.value.as_usize()]).into_owned();
                self.invalid(i, raw, field.value);
            }
            return;
        }
        let name = self.str(field.name);
        match registered {
            Some(0) => self.version(&field, sink),
            Some(1) => self.mode(&field, sink),
            Some(2) => self.max_age(&field, sink),
            Some(_) => self.mx(&field, sink),
            None => self.extension(name, &field, sink),
        }
    }

    /// A line without a colon; repairable when it is a registered name followed by
    /// whitespace or `=`, as in `mode enforce` or `max_age=86400`.
    fn missing_colon(&mut self, rest: TextRange, content: TextRange, sink: &mut Sink) {
        let text = self.str(rest).to_string();
        let split = text.find([' ', '\t', '=']);
        let fix = split.and_then(|i| {
            let name = &text[..i];
            let field = REGISTERED.iter().position(|f| *f == name)?;
            self.present[field] = true;
            let sep_end = text[i..].find(|c: char| c != ' ' && c != '\t' && c != '=').map_or(text.len(), |e| e + i);
            self.invalid(field, text[sep_end..].to_string(), TextRange::new(rest.start + to_u32(sep_end), rest.end));
            let range = TextRange::new(rest.start + to_u32(i), rest.start + to_u32(sep_end));
            Some(Fix::safe(format!("Write `{name}: …`"), Edit::replace(range, ": ")))
        });
        sink.push(
            Diagnostic::new(
                Code::PolicyMissingColon,
                content,
                "This line is not a `name: value` field: there is no colon.",
            )
            .with_optional_fix(fix),
        );
    }

    /// Records the first occurrence of once-only field `index` (of [`REGISTERED`]) as
    /// present but invalid; `mx` (index 3) has no single value and is left alone.
    fn invalid(&mut self, index: usize, raw: String, range: TextRange) {
        match index {
            0 if self.policy.version.is_missing() => self.policy.version = FieldValue::Invalid { raw, range },
            1 if self.policy.mode.is_missing() => self.policy.mode = FieldValue::Invalid { raw, range },
            2 if self.policy.max_age.is_missing() => self.policy.max_age = FieldValue::Invalid { raw, range },
            _ => {}
        }
    }

    /// Counts an occurrence of a once-only field; warns from the second one on.
    /// Returns whether this is the first occurrence: only that one is validated,
    /// since it is the one a strict sender uses (SPEC-NOTES: later ones are a warning).
    fn first_occurrence(&mut self, index: usize, field: &Field, sink: &mut Sink) -> bool {
        self.occurrences[index] += 1;
        if self.occurrences[index] > 1 {
            sink.push(Diagnostic::new(
                Code::PolicyDuplicateField,
                field.whole,
                format!(
                    "`{}` appears more than once. Some senders use the first one, others the last: keep only one.",
                    REGISTERED[index]
                ),
            ));
        }
        self.occurrences[index] == 1
    }

    /// `sts-policy-version-value = %s"STSv1"`
    fn version(&mut self, field: &Field, sink: &mut Sink) {
        if !self.first_occurrence(0, field, sink) {
            return;
        }
        let value = self.str(field.value).to_string();
        if value == "STSv1" {
            self.policy.version = FieldValue::Valid { value, range: field.value };
            return;
        }
        self.invalid(0, value.clone(), field.value);
        let fix = (value.is_empty() || value.eq_ignore_ascii_case("stsv1"))
            .then(|| Fix::safe("Write `STSv1`", Edit::replace(field.value, "STSv1")));
        let message = if value.is_empty() {
            "The `version` field is empty; it must be `STSv1`.".to_string()
        } else {
            format!("`{value}` is not a valid version; it must be exactly `STSv1` (case-sensitive).")
        };
        sink.push(Diagnostic::new(Code::PolicyVersionInvalid, field.value, message).with_optional_fix(fix));
    }

    /// `sts-policy-mode-value = %s"testing" / %s"enforce" / %s"none"`
    fn mode(&mut self, field: &Field, sink: &mut Sink) {
        if !self.first_occurrence(1, field, sink) {
            return;
        }
        let value = self.str(field.value).to_string();
        if let Some(mode) = Mode::parse(&value) {
            self.policy.mode = FieldValue::Valid { value: mode, range: field.value };
            if mode == Mode::None {
                sink.push(Diagnostic::new(
                    Code::PolicyModeNone,
                    field.value,
                    "`mode: none` tells senders to forget any earlier policy: mail is not protected by MTA-STS. Use it only to retire a policy.",
                ));
            }
            return;
        }
        self.invalid(1, value.clone(), field.value);
        let lower = value.to_ascii_lowercase();
        let fix = if let Some(mode) = Mode::parse(&lower) {
            Some(Fix::safe(format!("Write `{}`", mode.as_str()), Edit::replace(field.value, mode.as_str())))
        } else if lower.starts_with("enforc") || lower.starts_with("test") {
            let mode = if lower.starts_with("test") { Mode::Testing } else { Mode::Enforce };
            Some(Fix::suggestion(format!("Write `{}`", mode.as_str()), Edit::replace(field.value, mode.as_str())))
        } else {
            None
        };
        let message = if value.is_empty() {
            "The `mode` field is empty; use `enforce`, `testing` or `none`.".to_string()
        } else {
            format!("`{value}` is not a valid mode; use `enforce`, `testing` or `none` (lowercase, case-sensitive).")
        };
        sink.push(Diagnostic::new(Code::PolicyModeInvalid, field.value, message).with_optional_fix(fix));
    }

    /// `sts-policy-max-age-value = 1*10(DIGIT)`, at most 31557600 (prose of §3.2, erratum 7282).
    fn max_age(&mut self, field: &Field, sink: &mut Sink) {
        if !self.first_occurrence(2, field, sink) {
            return;
        }
        let value = self.str(field.value).to_string();
        self.invalid(2, value.clone(), field.value);
        let all_digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
        let clamp = || Fix::safe(format!("Use the maximum, `{MAX_AGE_LIMIT}`"), Edit::replace(field.value, MAX_AGE_LIMIT.to_string()));
        if all_digits && value.len() <= 10 {
            let n: u64 = value.parse().unwrap_or(u64::MAX);
            if n > u64::from(MAX_AGE_LIMIT) {
                sink.push(
                    Diagnostic::new(
                        Code::PolicyMaxAgeTooLarge,
                        field.value,
                        format!("`max_age` is {n} seconds; the maximum is {MAX_AGE_LIMIT} (about one year)."),
                    )
                    .with_fix(clamp()),
                );
                return;
            }
            let n = n as u32;
            self.policy.max_age = FieldValue::Valid { value: n, range: field.value };
            let trimmed = value.trim_start_matches('0');
            if value.len() > 1 && value.starts_with('0') {
                let plain = if trimmed.is_empty() { "0" } else { trimmed };
                sink.push(
                    Diagnostic::new(
                        Code::PolicyMaxAgeLeadingZeros,
                        field.value,
                        format!("`{value}` has leading zeros; it is read as {n}, but `{plain}` is clearer."),
                    )
                    .with_fix(Fix::safe("Remove the leading zeros", Edit::replace(field.value, plain))),
                );
            }
            if n < MAX_AGE_WEAK {
                sink.push(Diagnostic::new(
                    Code::PolicyMaxAgeShort,
                    field.value,
                    format!(
                        "`max_age` is {n} seconds, under one day: senders forget the policy almost at once, so it protects little. Use at least `604800` (one week); `31557600` is common."
                    ),
                ));
            }
            return;
        }
        let (message, fix) = if value.is_empty() {
            ("The `max_age` field is empty; give how many seconds senders may cache the policy, e.g. `604800` (one week).".to_string(), None)
        } else if let Some(digits) = value.strip_prefix('+').filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) {
            (
                format!("`{value}` has a sign; `max_age` must be digits only."),
                Some(Fix::safe("Remove the `+`", Edit::replace(field.value, digits))),
            )
        } else if all_digits {
            let trimmed = value.trim_start_matches('0');
            let fix = if trimmed.len() <= 10 && trimmed.parse::<u64>().is_ok_and(|n| n <= u64::from(MAX_AGE_LIMIT)) {
                Fix::safe("Remove the leading zeros", Edit::replace(field.value, if trimmed.is_empty() { "0" } else { trimmed }))
            } else {
                clamp()
            };
            (format!("`max_age` has {} digits; at most 10 are allowed (and the value at most {MAX_AGE_LIMIT}).", value.len()), Some(fix))
        } else {
            (
                format!("`{value}` is not a number of seconds; `max_age` must be digits only, e.g. `604800` for one week."),
                None,
            )
        };
        sink.push(Diagnostic::new(Code::PolicyMaxAgeInvalid, field.value, message).with_optional_fix(fix));
    }

    /// `sts-policy-mx-value = ["*."] Domain`
    fn mx(&mut self, field: &Field, sink: &mut Sink) {
        let value = self.str(field.value);
        let abs = |r: std::ops::Range<usize>| TextRange::new(field.value.start + to_u32(r.start), field.value.start + to_u32(r.end));
        let checked = MxPattern::check(value, self.idna);
        if self.typed == Typed::Build {
            self.policy.mx.push(MxEntry { pattern: value.to_string(), range: field.value, valid: checked.is_ok() });
        }
        let error = match checked {
            Ok(wildcard) => {
                let hash = caseless_hash(value);
                if !self.seen_mx.insert(Caseless { hash, text: value }) {
                    sink.push(
                        Diagnostic::new(Code::PolicyMxDuplicate, field.value, format!("`{value}` is already listed."))
                            .with_fix(Fix::safe("Remove the duplicate line", field.remove.clone())),
                    );
                } else if wildcard && !value[2..].contains('.') {
                    sink.push(Diagnostic::new(
                        Code::PolicyMxWildcardTld,
                        field.value,
                        format!("`{value}` allows every host directly under the top-level domain `{}`, almost certainly a mistake: name your own MX hosts.", &value[2..]),
                    ));
                }
                return;
            }
            Err(e) => e,
        };
        let message = format!("Invalid `mx` pattern: {}.", error.describe(value));
        let diagnostic = match &error {
            PatternError::Empty => Diagnostic::new(Code::PolicyMxInvalid, field.value, "The `mx` field is empty; give an MX host name such as `mail.example.com` or a pattern such as `*.example.com`."),
            PatternError::List(pieces) => {
                let names: Vec<&str> = pieces.iter().map(|r| &value[r.clone()]).collect();
                let all_valid = names.iter().all(|n| MxPattern::parse(n, self.idna).is_ok());
                let lines: Vec<String> = names.iter().map(|n| format!("mx: {n}")).collect();
                let fix = all_valid.then(|| Fix::safe("Put each pattern on its own `mx` line", Edit::replace(field.whole, lines.join(self.eol))));
                Diagnostic::new(Code::PolicyMxList, field.value, message).with_optional_fix(fix)
            }
            PatternError::IpAddress => Diagnostic::new(Code::PolicyMxIpAddress, field.value, message),
            PatternError::TrailingDot(r) => Diagnostic::new(Code::PolicyMxTrailingDot, abs(r.clone()), message)
                .with_fix(Fix::safe("Remove the trailing dot", Edit::delete(abs(r.clone())))),
            PatternError::LabelTooLong(r) => Diagnostic::new(Code::PolicyMxLabelTooLong, abs(r.clone()), message),
            PatternError::TooLong => Diagnostic::new(Code::PolicyMxTooLong, field.value, message),
            PatternError::ULabel(ascii) => Diagnostic::new(Code::PolicyMxULabel, field.value, message).with_optional_fix(
                ascii.as_ref().map(|a| Fix::safe(format!("Write the A-label `{a}`"), Edit::replace(field.value, a.clone()))),
            ),
            PatternError::Wildcard(r) => Diagnostic::new(Code::PolicyMxWildcardInvalid, abs(r.clone()), message),
            PatternError::LeadingDot => Diagnostic::new(Code::PolicyMxInvalid, TextRange::empty(field.value.start), message)
                .with_fix(Fix::suggestion(format!("Write `*{value}`"), Edit::insert(field.value.start, "*"))),
            PatternError::Syntax(r, _) => Diagnostic::new(Code::PolicyMxInvalid, abs(r.clone()), message),
        };
        sink.push(diagnostic);
    }

    /// `sts-policy-ext-name  = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")`
    /// `sts-policy-ext-value = sts-policy-vchar [*(%x20 / sts-policy-vchar) sts-policy-vchar]`
    fn extension(&mut self, name: &str, field: &Field, sink: &mut Sink) {
        if let Some(start) = name.find(|c: char| !c.is_ascii()) {
            let end = name[start..].find(|c: char| c.is_ascii()).map_or(name.len(), |e| start + e);
            let range = TextRange::new(field.name.start + to_u32(start), field.name.start + to_u32(end));
            sink.push(Diagnostic::new(
                Code::PolicyNonAscii,
                range,
                format!("The field name `{name}` contains non-ASCII characters; field names are ASCII letters, digits, `_`, `-` and `.`."),
            ));
            return;
        }
        if let Some(problem) = ext_name_problem(name) {
            match registered_lookalike(name) {
                Some(f) => self.lookalikes.push(Lookalike { field: f, name: field.name, value: field.value, code: Code::PolicyFieldNameInvalid }),
                None => sink.push(Diagnostic::new(Code::PolicyFieldNameInvalid, field.name, problem)),
            }
            return;
        }
        if let Some(f) = registered_lookalike(name) {
            self.lookalikes.push(Lookalike { field: f, name: field.name, value: field.value, code: Code::PolicyFieldNameLookalike });
        }
        let value = self.str(field.value);
        if value.is_empty() {
            sink.push(Diagnostic::new(
                Code::PolicyExtensionValueInvalid,
                field.value,
                format!("The field `{name}` has no value; every field needs one."),
            ));
        } else if value.contains('\t') {
            sink.push(Diagnostic::new(
                Code::PolicyExtensionValueInvalid,
                field.value,
                format!("The value of `{name}` contains a tab; inside a value only spaces are allowed."),
            ));
        }
        if self.typed == Typed::Build {
            self.policy.extensions.push(Extension { name: name.to_string(), value: value.to_string() });
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        let mut renamed = [false; 4];
        for lookalike in &self.lookalikes {
            let index = REGISTERED.iter().position(|f| *f == lookalike.field).unwrap_or(0);
            let name = self.str(lookalike.name).to_string();
            // Safe only when the renamed line is valid or has a safe fix of its own: renaming
            // `mxx: de:none` would turn an ignored extension into an invalid `mx` line.
            let safe = !self.present[index] && !renamed[index] && repairable(lookalike.field, self.str(lookalike.value), self.idna);
            renamed[index] |= safe;
            let edit = Edit::replace(lookalike.name, lookalike.field);
            let title = format!("Rename `{name}` to `{}`", lookalike.field);
            let fix = if safe { Fix::safe(title, edit) } else { Fix::suggestion(title, edit) };
            let field = lookalike.field;
            let message = if lookalike.code == Code::PolicyFieldNameInvalid {
                format!("`{name}` is not a valid field name; did you mean `{field}`?")
            } else if name.eq_ignore_ascii_case(field) {
                format!("`{name}` is not `{field}`: field names are case-sensitive, so senders treat `{name}` as an unknown extension and ignore it.")
            } else {
                format!("`{name}` looks like a misspelling of `{field}`; senders treat it as an unknown extension and ignore it.")
            };
            sink.push(Diagnostic::new(lookalike.code, lookalike.name, message).with_fix(fix));
        }
        let start = TextRange::empty(0);
        let hint = |field: &str| {
            self.lookalikes
                .iter()
                .find(|l| l.field == field)
                .map(|l| format!(" (`{}` does not count: field names are exact and case-sensitive)", self.str(l.name)))
                .unwrap_or_default()
        };
        if !self.present[0] {
            let fix = (!renamed[0] && !self.lookalikes.iter().any(|l| l.field == "version")).then(|| {
                Fix::safe("Insert `version: STSv1` as the first line", Edit::insert(self.body_start, format!("version: STSv1{}", self.eol)))
            });
            sink.push(
                Diagnostic::new(Code::PolicyVersionMissing, start, format!("The required `version: STSv1` line is missing{}.", hint("version")))
                    .with_optional_fix(fix),
            );
        }
        if !self.present[1] {
            sink.push(Diagnostic::new(
                Code::PolicyModeMissing,
                start,
                format!("The required `mode` field is missing{}; add `mode: enforce`, `mode: testing` or `mode: none`.", hint("mode")),
            ));
        }
        if !self.present[2] {
            sink.push(Diagnostic::new(
                Code::PolicyMaxAgeMissing,
                start,
                format!("The required `max_age` field is missing{}; add e.g. `max_age: 604800` (one week).", hint("max_age")),
            ));
        }
        if !self.present[3] && self.policy.mode() != Some(Mode::None) {
            sink.push(Diagnostic::new(
                Code::PolicyMxMissing,
                start,
                format!("No `mx` field{}: with mode `enforce` or `testing`, at least one `mx` line must name the allowed MX hosts.", hint("mx")),
            ));
        }
    }
}

/// Whether `value`, as the value of the registered field `field`, is valid or gets a safe
/// fix from that field's own rule (see `version`, `mode`, `max_age` and `mx` above).
fn repairable(field: &str, value: &str, idna: &dyn Idna) -> bool {
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    match field {
        "version" => value.is_empty() || value.eq_ignore_ascii_case("STSv1"),
        "mode" => Mode::parse(&value.to_ascii_lowercase()).is_some(),
        "max_age" => digits(value.strip_prefix('+').unwrap_or(value)),
        _ => MxPattern::check(value, idna).is_ok(),
    }
}

/// The number of line feeds in `text`.
///
/// Counting into a byte per chunk short enough not to overflow lets the compiler
/// add 16 bytes at a time; `filter().count()` widened every byte to `usize` and
/// ran at a sixth of the speed. (Not worth a `memchr` dependency in the wasm build.)
fn count_lf(text: &[u8]) -> usize {
    text.chunks(255).map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')))).sum()
}

/// What is wrong with an extension field name, if anything.
fn ext_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("The line starts with a colon: the field name is missing.".into());
    }
    if name.len() > 32 {
        return Some(format!("The field name is {} characters long; at most 32 are allowed.", name.len()));
    }
    let first_ok = name.as_bytes()[0].is_ascii_alphanumeric();
    let bad = name.chars().find(|&c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'));
    match (first_ok, bad) {
        (_, Some(c)) => Some(format!(
            "`{}` is not allowed in a field name (letters, digits, `_`, `-` and `.` only).",
            crate::text::escape(c.encode_utf8(&mut [0; 4]))
        )),
        (false, None) => Some(format!("The field name `{name}` must start with a letter or digit.")),
        (true, None) => None,
    }
}

/// An `mx` pattern compared without regard to ASCII case, carrying its
/// [`caseless_hash`], computed once and reused whenever the set grows.
struct Caseless<'a> {
    hash: u64,
    text: &'a str,
}

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.text.eq_ignore_ascii_case(other.text)
    }
}

impl Eq for Caseless<'_> {}

impl Hash for Caseless<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// How many 4-byte pieces [`caseless_hash`] reads: enough for the longest valid
/// pattern (`*.` and 253 bytes), the only ones it is given.
const HASHED_PIECES: usize = 64;

/// A keyed hash of a valid `mx` pattern that ignores ASCII case.
///
/// Multilinear hashing (Lemire and Kaser, "Strongly universal string hashing is
/// fast", 2014): random 64-bit keys times the length and the 32-bit pieces of the
/// pattern, summed, keeping the high 32 bits. Two different patterns collide with
/// probability 2^-32 over the keys, whatever the patterns, so a hostile policy
/// cannot make duplicate detection quadratic. It costs a multiplication per four
/// bytes; std's `SipHash` took a third of the time of a large policy.
///
/// Each byte is read with bit 0x20 set: `b | 0x20` equals
/// `b.to_ascii_lowercase() | 0x20` for every byte, so patterns equal without regard
/// to case hash alike (among the bytes of a valid pattern, the bit merges only
/// upper and lower case).
fn caseless_hash(pattern: &str) -> u64 {
    static KEYS: OnceLock<[u64; HASHED_PIECES + 2]> = OnceLock::new();
    // std's keyed `SipHash` of a counter: secret keys without a random number generator.
    let keys = KEYS.get_or_init(|| {
        let random = RandomState::new();
        std::array::from_fn(|i| random.hash_one(i))
    });
    let bytes = pattern.as_bytes();
    let mut pieces = bytes.chunks_exact(4);
    let mut values = keys[2..].iter();
    let mut sum = keys[0].wrapping_add(keys[1].wrapping_mul(bytes.len() as u64));
    for (piece, key) in (&mut pieces).zip(&mut values) {
        let mut word = [0; 4];
        word.copy_from_slice(piece);
        sum = sum.wrapping_add(key.wrapping_mul(u64::from(u32::from_le_bytes(word) | 0x2020_2020)));
    }
    let tail = pieces.remainder().iter().rev().fold(0, |word, &b| word << 8 | u32::from(b | 0x20));
    if let Some(key) = values.next() {
        sum = sum.wrapping_add(key.wrapping_mul(u64::from(tail)));
    }
    // The high half is the strongly universal part; the set needs good low bits
    // (the bucket) and good top bits (the tag it compares first), so both get it.
    let high = sum >> 32;
    high << 32 | high
}

/// Passes on the hash [`Caseless`] already holds.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; mix anything else in rather than lose it.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caseless_hash_ignores_ascii_case_only() {
        assert_eq!(caseless_hash("*.MX.Example.COM"), caseless_hash("*.mx.example.com"));
        let long = "a".repeat(63) + "." + &"B".repeat(63) + "." + &"c".repeat(63) + "." + &"D".repeat(61);
        assert_eq!(caseless_hash(&long), caseless_hash(&long.to_ascii_lowercase()));
        // Different patterns, among them ones that differ by length, in one piece or in the tail.
        let patterns = ["mx1.example.com", "mx2.example.com", "mx1.example.co", "mx1.example.comm", "a", "b", "ab", "abcd", "abcde"];
        for (i, a) in patterns.iter().enumerate() {
            for b in &patterns[i + 1..] {
                assert_ne!(caseless_hash(a), caseless_hash(b), "{a} {b}");
            }
        }
    }
}
