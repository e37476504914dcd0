//! Phase 2: parse each line as `name ":" *WSP value *WSP` and validate the fields
//! (RFC 8461 §3.2). Every problem is reported and parsing goes on as if it had
//! been repaired, so one typo gives one diagnostic.

use super::embedding;
use super::lines::{self, Line};
use super::lookalike::{REGISTERED, registered_lookalike};
use super::mx_line::{self, caseless_hash};
use super::mx_set::MxSet;
use super::{Extension, FieldValue, MAX_AGE_LIMIT, MAX_AGE_WEAK, Mode, MxEntry, Origin, Policy};
use crate::code::Code;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Sink};
use crate::idna::Idna;
use crate::mx::{MxPattern, PatternError};
use crate::text::{TextRange, to_u32};
use std::borrow::Cow;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether [`parse`] builds the typed [`Policy`] or only reports diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Typed {
    /// Every `mx` entry and extension, with their text copied out of the input.
    Build,
    /// Only what the rules need (`mode`): no `String` per line.
    Skip,
}

pub(crate) fn parse<'a>(text: &'a [u8], idna: &dyn Idna, typed: Typed, origin: Origin, sink: &mut Sink) -> Policy<'a> {
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
        colonless: Vec::new(),
        // Each valid `mx` line has a line of its own and at least 4 bytes (`mx:a`): a bound
        // on the set's size that is the `mx` count in a large policy, and small for junk.
        seen_mx: MxSet::with_capacity(text, lines.min(text.len() / 4)),
        body_start: 0,
        occurrences: [0; 3],
        origin,
        indent: 0,
        indent_edits: Vec::new(),
        pending: None,
    };
    parser.run(sink);
    parser.policy
}

const MISSING_COLON: &str = "This line is not a `name: value` field: there is no colon.";

struct Parser<'a, 'i> {
    text: &'a [u8],
    /// The whole text as `&str` when it is valid UTF-8 (the usual case), so field
    /// values are sliced without validating each one again.
    utf8: Option<&'a str>,
    idna: &'i dyn Idna,
    /// The line ending repairs insert.
    eol: &'static str,
    /// Whether `policy` gets every `mx` entry and extension.
    typed: Typed,
    policy: Policy<'a>,
    /// Whether each of [`REGISTERED`] appears (valid or not).
    present: [bool; 4],
    /// Misspelt names of registered fields, resolved once we know what is missing.
    lookalikes: Vec<Lookalike>,
    /// Registered fields written without a colon, whose repair is judged once every line is read.
    colonless: Vec<Colonless>,
    /// Valid mx patterns seen, compared without regard to case, for duplicate detection.
    seen_mx: MxSet<'a>,
    /// Where the first line starts (after a BOM).
    body_start: u32,
    /// How often `version`, `mode` and `max_age` were handled so far.
    occurrences: [u32; 3],
    /// Where the text comes from: front matter is skipped only in a local file.
    origin: Origin,
    /// The indentation every line shares ([`embedding::common_indent`]), in bytes.
    indent: usize,
    /// Removing that indentation, line by line: the fix of `policy/indented`.
    indent_edits: Vec<Edit>,
    /// A field with an empty value, held back until the next line shows whether a
    /// YAML-style list follows it.
    pending: Option<Pending>,
}

/// A field with an empty value and the `- item` lines found under it so far.
struct Pending {
    field: Field,
    registered: Option<usize>,
    /// Each item's value.
    items: Vec<TextRange>,
    /// Where the last item line ends.
    end: u32,
}

struct Lookalike {
    field: &'static str,
    name: TextRange,
    value: TextRange,
    /// `field-name-lookalike` for a valid extension name, `field-name-invalid` otherwise.
    code: Code,
}

/// A registered field written without its colon (`mode enforce`, `max_age=86400`).
struct Colonless {
    /// Its index in [`REGISTERED`].
    field: usize,
    /// The whole line, where the diagnostic points.
    content: TextRange,
    /// The separator the repair replaces by `: `.
    separator: TextRange,
    value: TextRange,
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

impl<'a> Parser<'a, '_> {
    fn run(&mut self, sink: &mut Sink) {
        if self.text.is_empty() {
            sink.push(Diagnostic::whole_file(
                Code::PolicyEmpty,
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
        if self.origin == Origin::File
            && let Some(front) = embedding::front_matter(self.text, self.body_start as usize)
        {
            self.body_start = front.body_start;
            sink.push(Diagnostic::new(
                Code::PolicyFrontMatter,
                front.range,
                "This is front matter for a static-site generator (Jekyll, Hugo): the site strips it when it builds, so it is not checked; the lines after it are what the site serves. Served as is, front matter would break the policy: make sure the site builds this file.",
            ));
        }
        self.indent = embedding::common_indent(self.text, self.body_start as usize);
        lines::split(self.text, self.body_start as usize, sink, self);
        self.finish(sink);
    }

    /// A plain valid `mx` line at `start` (`mx:`, spaces, a value [`mx_line::scan`] reads,
    /// the end of the line), judged in one pass: where its content ends, or `None` to
    /// leave the line to [`Parser::line`]. What `line` would add to such a line (an
    /// indentation edit, a pending YAML list's end) sends it there too.
    fn quick(&mut self, start: usize, sink: &mut Sink) -> Option<usize> {
        if self.indent > 0 || self.pending.is_some() {
            return None;
        }
        let after = self.text[start..].strip_prefix(b"mx:")?;
        let value_start = start + 3 + after.iter().take_while(|&&b| b == b' ').count();
        let scanned = mx_line::scan(&self.text[value_start..])?;
        let end = value_start + scanned.len;
        self.present[3] = true;
        let range = TextRange::from_usize(value_start, end);
        let value = self.str(range);
        if self.typed == Typed::Build {
            self.policy.mx.push(MxEntry { pattern: Cow::Borrowed(value), range, valid: true });
        }
        let text = self.text;
        self.valid_mx(value, range, scanned.wildcard, scanned.hash, sink, || {
            let terminator = match text.get(end..end + 2) {
                Some(b"\r\n") => 2,
                _ => usize::from(end < text.len()),
            };
            TextRange::from_usize(start, end + terminator)
        });
        Some(end)
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
        let blank = content.iter().all(|&b| b == b' ' || b == b'\t');
        if self.indent > 0 && !blank {
            self.indent_edits.push(Edit::delete(TextRange::new(at(0), at(self.indent))));
        }
        if self.pending.is_some() {
            if let Some(item) = (!blank).then(|| yaml_item(content, line)).flatten()
                && let Some(pending) = &mut self.pending
            {
                pending.items.push(TextRange::new(at(item.start), at(item.end)));
                pending.end = line.content.end;
                return;
            }
            self.flush(sink);
        }
        if blank {
            let message = if content.is_empty() {
                "Blank lines are not allowed in a policy file; strict senders reject the whole file."
            } else {
                "This line holds only whitespace; blank lines are not allowed in a policy file."
            };
            sink.push(
                Diagnostic::new(Code::PolicyBlankLine, line.content, message).with_fix(Fix::safe("Remove the blank line", remove_line())),
            );
            return;
        }
        if content.get(self.indent) == Some(&b'#') {
            if !line.has_bad_bytes {
                sink.push(
                    Diagnostic::new(
                        Code::PolicyComment,
                        TextRange::new(at(self.indent), line.content.end),
                        "Policy files have no comment syntax; senders read this line as a malformed field and may reject the file.",
                    )
                    .with_fix(Fix::safe("Remove the comment line", remove_line())),
                );
            }
            return;
        }
        let start = content.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(0);
        if start > self.indent {
            // Beyond the indentation every line shares, which `policy/indented` reports once.
            let range = TextRange::new(at(self.indent), at(start));
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
                Diagnostic::new(Code::PolicySpaceBeforeColon, range, "There must be no whitespace between the field name and the colon.")
                    .with_fix(Fix::safe("Remove the whitespace before the colon", Edit::delete(range))),
            );
        }
        let value_start = content[colon + 1..].iter().position(|&b| b != b' ' && b != b'\t').map_or(content.len(), |v| v + colon + 1);
        let value_end = content.iter().rposition(|&b| b != b' ' && b != b'\t').map_or(value_start, |e| (e + 1).max(value_start));
        let mut field = Field {
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
        if let Some(i) = registered {
            self.inline_comment(&mut field, i, sink);
        }
        if field.value.is_empty() {
            self.pending = Some(Pending { field, registered, items: Vec::new(), end: line.content.end });
            return;
        }
        self.field(&field, registered, sink);
    }

    /// Validates a field by its name: one of [`REGISTERED`] (by index) or an extension.
    fn field(&mut self, field: &Field, registered: Option<usize>, sink: &mut Sink) {
        match registered {
            Some(0) => self.version(field, sink),
            Some(1) => self.mode(field, sink),
            Some(2) => self.max_age(field, sink),
            Some(_) => self.mx(field, sink),
            None => self.extension(self.str(field.name), field, sink),
        }
    }

    /// The held-back field with an empty value: validated as it is when no `- item` line
    /// followed it, else one `policy/yaml-list` for the field and its items.
    fn flush(&mut self, sink: &mut Sink) {
        let Some(pending) = self.pending.take() else { return };
        if pending.items.is_empty() {
            self.field(&pending.field, pending.registered, sink);
            return;
        }
        let name = self.str(pending.field.name);
        let range = TextRange::new(pending.field.whole.start, pending.end);
        // Each item is a YAML scalar: `'*.example.net'` (quoted, as YAML needs for a `*`) is `*.example.net`.
        let items: Vec<&str> = pending.items.iter().map(|&r| yaml_unquoted(self.str(r))).collect();
        let count = match items.len() {
            1 => "1 item".to_string(),
            n => format!("{n} items"),
        };
        let mut message = format!(
            "`{name}:` is followed by a YAML-style list ({count} on `- ` lines), but a policy file is not YAML: each line is one `name: value` field, so senders see an empty `{name}` and lines that are not fields."
        );
        let fix = (pending.registered == Some(3)).then(|| {
            message.push_str(" Write each pattern on its own `mx:` line.");
            let lines: Vec<String> = items.iter().map(|item| format!("mx: {item}")).collect();
            let edit = Edit::replace(range, lines.join(self.eol));
            let title = "Write one `mx:` line per item";
            if items.iter().all(|item| MxPattern::check(item, self.idna).is_ok()) {
                Fix::safe(title, edit)
            } else {
                Fix::suggestion(title, edit)
            }
        });
        sink.push(Diagnostic::new(Code::PolicyYamlList, range, message).with_optional_fix(fix));
    }

    /// `value # note` on a registered field: RFC 8461 §3.2 has no comments, so the note
    /// is part of the value (docs/DECISIONS.md). Reports it and narrows `field` to what
    /// precedes it, so the value is then judged as if the note were gone.
    fn inline_comment(&self, field: &mut Field, registered: usize, sink: &mut Sink) {
        let value = &self.text[field.value.as_usize()];
        let Some(hash) = (0..value.len()).find(|&i| value[i] == b'#' && (i == 0 || value[i - 1] == b' ' || value[i - 1] == b'\t')) else {
            return;
        };
        let kept_end = value[..hash].iter().rposition(|&b| b != b' ' && b != b'\t').map_or(0, |e| e + 1);
        let cut = field.value.start + to_u32(kept_end);
        let comment = TextRange::new(field.value.start + to_u32(hash), field.value.end);
        let kept = TextRange::new(field.value.start, cut);
        let name = REGISTERED[registered];
        // Safe only when what remains is a valid value: then the note can only have been a note.
        let edit = Edit::delete(TextRange::new(cut, field.value.end));
        let title = "Remove the comment";
        let fix = if valid_value(name, self.str(kept), self.idna) { Fix::safe(title, edit) } else { Fix::suggestion(title, edit) };
        sink.push(
            Diagnostic::new(
                Code::PolicyInlineComment,
                comment,
                format!(
                    "`{}` is not a comment: policy files have no comment syntax, so senders read it as part of the `{name}` value and reject the line. Keep notes outside the served file.",
                    self.str(comment)
                ),
            )
            .with_fix(fix),
        );
        field.value = kept;
        field.whole = TextRange::new(field.whole.start, cut);
    }

    /// A line without a colon; repairable when it is a registered name followed by
    /// whitespace or `=`, as in `mode enforce` or `max_age=86400` (judged in `finish`, when
    /// every line is known).
    fn missing_colon(&mut self, rest: TextRange, content: TextRange, sink: &mut Sink) {
        let text = self.str(rest);
        let registered = text.find([' ', '\t', '=']).and_then(|i| Some((i, REGISTERED.iter().position(|f| *f == &text[..i])?)));
        let Some((i, field)) = registered else {
            sink.push(Diagnostic::new(Code::PolicyMissingColon, content, MISSING_COLON));
            return;
        };
        let sep_end = text[i..].find(|c: char| c != ' ' && c != '\t' && c != '=').map_or(text.len(), |e| e + i);
        let value = TextRange::new(rest.start + to_u32(sep_end), rest.end);
        self.present[field] = true;
        self.invalid(field, text[sep_end..].to_string(), value);
        self.colonless.push(Colonless { field, content, separator: TextRange::new(rest.start + to_u32(i), value.start), value });
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
    /// since it is the one a strict sender uses (docs/DECISIONS.md: later ones are a warning).
    fn first_occurrence(&mut self, index: usize, field: &Field, sink: &mut Sink) -> bool {
        self.occurrences[index] += 1;
        if self.occurrences[index] > 1 {
            sink.push(Diagnostic::new(
                Code::PolicyDuplicateField,
                field.whole,
                format!("`{}` appears more than once. Some senders use the first one, others the last: keep only one.", REGISTERED[index]),
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
        let intended = value.is_empty() || means_stsv1(&value);
        let fix = intended.then(|| Fix::safe("Write `STSv1`", Edit::replace(field.value, "STSv1")));
        let message = if value.is_empty() {
            "The `version` field is empty; it must be `STSv1`.".to_string()
        } else if value.eq_ignore_ascii_case("STSv1") {
            format!("`{value}` is not a valid version: it must be exactly `STSv1`, and the case matters.")
        } else if intended {
            format!(
                "`{value}` is not a valid version: it must be exactly `STSv1`, without quotes, punctuation or the `v=` of the DNS record."
            )
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
        let intended = intended_mode(&value);
        let fix = intended.map(|(mode, safe)| {
            let title = format!("Write `{}`", mode.as_str());
            let edit = Edit::replace(field.value, mode.as_str());
            if safe { Fix::safe(title, edit) } else { Fix::suggestion(title, edit) }
        });
        let message = match intended {
            _ if value.is_empty() => "The `mode` field is empty; use `enforce`, `testing` or `none`.".to_string(),
            Some((mode, true)) => format!(
                "`{value}` is not a valid mode: it must be exactly `enforce`, `testing` or `none`, in lowercase; `{value}` stands for `{}`.",
                mode.as_str()
            ),
            Some((mode, false)) => format!(
                "`{value}` is not a valid mode; use `enforce`, `testing` or `none` (lowercase). `{}` is the likeliest, but check it is what you mean: {}.",
                mode.as_str(),
                match mode {
                    Mode::Enforce => "with `enforce`, senders refuse to deliver to MX hosts that fail validation",
                    Mode::Testing => "with `testing`, senders deliver anyway and only report failures",
                    Mode::None => "with `none`, senders drop the policy",
                }
            ),
            None => format!("`{value}` is not a valid mode; use `enforce`, `testing` or `none` (lowercase, case-sensitive)."),
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
            (
                "The `max_age` field is empty; give how many seconds senders may cache the policy, e.g. `604800` (one week).".to_string(),
                None,
            )
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
            (format!("`{value}` is not a number of seconds; `max_age` must be digits only, e.g. `604800` for one week."), None)
        };
        sink.push(Diagnostic::new(Code::PolicyMaxAgeInvalid, field.value, message).with_optional_fix(fix));
    }

    /// `sts-policy-mx-value = ["*."] Domain`
    fn mx(&mut self, field: &Field, sink: &mut Sink) {
        let value = self.str(field.value);
        let abs = |r: std::ops::Range<usize>| TextRange::new(field.value.start + to_u32(r.start), field.value.start + to_u32(r.end));
        let checked = MxPattern::check(value, self.idna);
        if self.typed == Typed::Build {
            self.policy.mx.push(MxEntry { pattern: Cow::Borrowed(value), range: field.value, valid: checked.is_ok() });
        }
        let error = match checked {
            Ok(wildcard) => {
                let remove = field.remove.range;
                self.valid_mx(value, field.value, wildcard, caseless_hash(value), sink, || remove);
                // A-labels hide what they spell: decoded, a label may imitate another name.
                if has_a_label(value) {
                    if let Some((r, why)) = crate::idn::first_lookalike(value) {
                        sink.push(mixed_script(abs(r), &why));
                    }
                }
                return;
            }
            Err(e) => e,
        };
        let message = format!("Invalid `mx` pattern: {}.", error.describe(value));
        let diagnostic = match &error {
            PatternError::Empty => Diagnostic::new(
                Code::PolicyMxInvalid,
                field.value,
                "The `mx` field is empty; give an MX host name such as `mail.example.com` or a pattern such as `*.example.com`.",
            ),
            PatternError::List(pieces) => {
                let names: Vec<&str> = pieces.iter().map(|r| &value[r.clone()]).collect();
                let all_valid = names.iter().all(|n| MxPattern::parse(n, self.idna).is_ok());
                let lines: Vec<String> = names.iter().map(|n| format!("mx: {n}")).collect();
                let fix =
                    all_valid.then(|| Fix::safe("Put each pattern on its own `mx` line", Edit::replace(field.whole, lines.join(self.eol))));
                Diagnostic::new(Code::PolicyMxList, field.value, message).with_optional_fix(fix)
            }
            PatternError::IpAddress => Diagnostic::new(Code::PolicyMxIpAddress, field.value, message),
            PatternError::TrailingDot(r) => Diagnostic::new(Code::PolicyMxTrailingDot, abs(r.clone()), message)
                .with_fix(Fix::safe("Remove the trailing dot", Edit::delete(abs(r.clone())))),
            PatternError::LabelTooLong(r) => Diagnostic::new(Code::PolicyMxLabelTooLong, abs(r.clone()), message),
            PatternError::TooLong => Diagnostic::new(Code::PolicyMxTooLong, field.value, message),
            PatternError::ULabel(_) if crate::idn::first_invisible(value).is_some() => {
                let (r, name) = crate::idn::first_invisible(value).unwrap_or_default();
                Diagnostic::new(
                    Code::PolicyMxInvisibleChar,
                    abs(r.clone()),
                    format!(
                        "Invalid `mx` pattern: `{}` contains {name}, a character that is invisible or changes the text's direction; a host name holds only letters, digits, `-` and `.`.",
                        crate::text::escape(value)
                    ),
                )
                .with_fix(Fix::suggestion(format!("Remove {name}"), Edit::delete(abs(r))))
            }
            PatternError::ULabel(ascii) => {
                // A look-alike is flagged, and converting it is never a safe fix: the user must
                // see which name the letters really spell.
                let lookalike = crate::idn::first_lookalike(value);
                let fix = ascii.as_ref().map(|a| {
                    let edit = Edit::replace(field.value, a.clone());
                    let title = format!("Write the A-label `{a}`");
                    if lookalike.is_some() { Fix::suggestion(title, edit) } else { Fix::safe(title, edit) }
                });
                if let Some((r, why)) = lookalike {
                    sink.push(mixed_script(abs(r), &why));
                }
                Diagnostic::new(Code::PolicyMxULabel, field.value, message).with_optional_fix(fix)
            }
            PatternError::ALabel(r) => Diagnostic::new(Code::PolicyMxALabelInvalid, abs(r.clone()), message),
            PatternError::Wildcard(r) => Diagnostic::new(Code::PolicyMxWildcardInvalid, abs(r.clone()), message),
            PatternError::LeadingDot => Diagnostic::new(Code::PolicyMxInvalid, TextRange::empty(field.value.start), message)
                .with_fix(Fix::suggestion(format!("Write `*{value}`"), Edit::insert(field.value.start, "*"))),
            PatternError::Syntax(r, _) => Diagnostic::new(Code::PolicyMxInvalid, abs(r.clone()), message),
        };
        sink.push(diagnostic);
    }

    /// The rules on a valid `mx` pattern `value` at `range`: a duplicate (its fix removes
    /// the line `line` gives), or else a wildcard over a top-level domain.
    fn valid_mx(&mut self, value: &'a str, range: TextRange, wildcard: bool, hash: u64, sink: &mut Sink, line: impl FnOnce() -> TextRange) {
        if !self.seen_mx.insert(hash, range) {
            sink.push(
                Diagnostic::new(Code::PolicyMxDuplicate, range, format!("`{value}` is already listed."))
                    .with_fix(Fix::safe("Remove the duplicate line", Edit::delete(line()))),
            );
        } else if wildcard && MxPattern::is_wildcard_over_tld(value) {
            sink.push(Diagnostic::new(
                Code::PolicyMxWildcardTld,
                range,
                format!(
                    "`{value}` allows every host directly under the top-level domain `{}`, almost certainly a mistake: name your own MX hosts.",
                    &value[2..]
                ),
            ));
        }
    }

    /// `sts-policy-ext-name  = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")`
    /// `sts-policy-ext-value = sts-policy-vchar [*(%x20 / sts-policy-vchar) sts-policy-vchar]`
    fn extension(&mut self, name: &'a str, field: &Field, sink: &mut Sink) {
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
                Some(f) => {
                    self.lookalikes.push(Lookalike { field: f, name: field.name, value: field.value, code: Code::PolicyFieldNameInvalid });
                }
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
            self.policy.extensions.push(Extension { name: Cow::Borrowed(name), value: Cow::Borrowed(value) });
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        self.flush(sink);
        self.indented(sink);
        // Adding the colon is safe only when the line then means what it says: its value valid
        // or safely repaired, and no other line setting the same once-only field (the repaired
        // line would become a duplicate, and the first of them the one senders read).
        let mut repaired = [false; 3];
        for colonless in &self.colonless {
            let name = REGISTERED[colonless.field];
            let taken = colonless.field < 3 && (self.occurrences[colonless.field] > 0 || repaired[colonless.field]);
            let safe = !taken && repairable(name, self.str(colonless.value), self.idna);
            if let Some(done) = repaired.get_mut(colonless.field) {
                *done |= safe;
            }
            let (title, edit) = (format!("Write `{name}: …`"), Edit::replace(colonless.separator, ": "));
            let fix = if safe { Fix::safe(title, edit) } else { Fix::suggestion(title, edit) };
            sink.push(Diagnostic::new(Code::PolicyMissingColon, colonless.content, MISSING_COLON).with_fix(fix));
        }
        // A required field counts as missing unless written exactly (RFC 8461 §3.2); `mx`
        // is not required with `mode: none`.
        let required = [!self.present[0], !self.present[1], !self.present[2], !self.present[3] && self.policy.requires_mx()];
        let mut explained = [false; 4];
        let mut renamed = [false; 4];
        for lookalike in &self.lookalikes {
            let index = REGISTERED.iter().position(|f| *f == lookalike.field).unwrap_or(0);
            let name = self.str(lookalike.name);
            // Safe only when the renamed line is valid or has a safe fix of its own: renaming
            // `mxx: de:none` would turn an ignored extension into an invalid `mx` line.
            let safe = !self.present[index] && !renamed[index] && repairable(lookalike.field, self.str(lookalike.value), self.idna);
            renamed[index] |= safe;
            let edit = Edit::replace(lookalike.name, lookalike.field);
            let title = format!("Rename `{name}` to `{}`", lookalike.field);
            let fix = if safe { Fix::safe(title, edit) } else { Fix::suggestion(title, edit) };
            let field = lookalike.field;
            let why = if lookalike.code == Code::PolicyFieldNameInvalid {
                format!("`{name}` is not a valid field name; did you mean `{field}`?")
            } else if name.eq_ignore_ascii_case(field) {
                format!(
                    "`{name}` is not `{field}`: field names are case-sensitive, so senders treat `{name}` as an unknown extension and ignore it."
                )
            } else {
                format!("`{name}` looks like a misspelling of `{field}`; senders treat it as an unknown extension and ignore it.")
            };
            // The first look-alike of a missing field is where that error shows: one
            // diagnosis, at its cause, instead of a file-level error and a note here.
            let diagnostic = if required[index] && !explained[index] {
                explained[index] = true;
                Diagnostic::new(MISSING[index], lookalike.name, format!("The required `{field}` field is missing. {why}"))
            } else {
                Diagnostic::new(lookalike.code, lookalike.name, why)
            };
            sink.push(diagnostic.with_fix(fix));
        }
        if required[0] && !explained[0] {
            let fix = Fix::safe(
                "Insert `version: STSv1` as the first line",
                Edit::insert(self.body_start, format!("version: STSv1{}", self.eol)),
            );
            sink.push(Diagnostic::whole_file(MISSING[0], "The required `version: STSv1` line is missing.").with_fix(fix));
        }
        if required[1] && !explained[1] {
            sink.push(Diagnostic::whole_file(
                MISSING[1],
                "The required `mode` field is missing; add `mode: enforce`, `mode: testing` or `mode: none`.",
            ));
        }
        if required[2] && !explained[2] {
            sink.push(Diagnostic::whole_file(
                MISSING[2],
                "The required `max_age` field is missing; add e.g. `max_age: 604800` (one week).",
            ));
        }
        if required[3] && !explained[3] {
            sink.push(Diagnostic::whole_file(
                MISSING[3],
                "No `mx` field: with mode `enforce` or `testing`, at least one `mx` line must name the allowed MX hosts.",
            ));
        }
    }

    /// One `policy/indented` for a file whose every line shares the same indentation
    /// (copied out of a YAML file or a heredoc), instead of a `leading-whitespace` per line.
    fn indented(&mut self, sink: &mut Sink) {
        if self.indent_edits.is_empty() {
            return;
        }
        let first = self.indent_edits[0].range;
        let indent = &self.text[first.as_usize()];
        let what = match (indent.iter().all(|&b| b == b' '), indent.iter().all(|&b| b == b'\t'), indent.len()) {
            (true, _, 1) => "one space".to_string(),
            (true, _, n) => format!("{n} spaces"),
            (_, true, 1) => "a tab".to_string(),
            (_, true, n) => format!("{n} tabs"),
            (_, _, n) => format!("the same {n} spaces and tabs"),
        };
        let edits = std::mem::take(&mut self.indent_edits);
        sink.push(
            Diagnostic::whole_file(
                Code::PolicyIndented,
                format!(
                    "Every line is indented by {what}, as when the policy is copied out of a YAML file or a heredoc; each line must start with its field name, so senders reject the file."
                ),
            )
            .with_fix(Fix { title: "Remove the indentation from every line".into(), edits, applicability: Applicability::Safe }),
        );
    }
}

/// The code of each of [`REGISTERED`] when it is missing.
const MISSING: [Code; 4] = [Code::PolicyVersionMissing, Code::PolicyModeMissing, Code::PolicyMaxAgeMissing, Code::PolicyMxMissing];

/// Whether `value`, as the value of the registered field `field`, is valid or gets a safe
/// fix from that field's own rule (see `version`, `mode`, `max_age` and `mx` above).
fn repairable(field: &str, value: &str, idna: &dyn Idna) -> bool {
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    match field {
        "version" => value.is_empty() || means_stsv1(value),
        "mode" => intended_mode(value).is_some_and(|(_, safe)| safe),
        "max_age" => digits(value.strip_prefix('+').unwrap_or(value)),
        _ => MxPattern::check(value, idna).is_ok(),
    }
}

/// Whether `value` is a valid value of the registered field `field`, with no diagnostic.
fn valid_value(field: &str, value: &str, idna: &dyn Idna) -> bool {
    match field {
        "version" => value == "STSv1",
        "mode" => Mode::parse(value).is_some(),
        "max_age" => {
            (1..=10).contains(&value.len())
                && value.bytes().all(|b| b.is_ascii_digit())
                && value.parse::<u64>().is_ok_and(|n| n <= u64::from(MAX_AGE_LIMIT))
        }
        _ => MxPattern::check(value, idna).is_ok(),
    }
}

/// `value` without what people wrap a value in by mistake: surrounding whitespace
/// (a no-break space included), quotes, and a trailing `;`, `,`, `.` or `\`.
fn unwrapped(value: &str) -> &str {
    fn trim(v: &str) -> &str {
        v.trim().trim_end_matches([';', ',', '.', '\\']).trim()
    }
    let mut v = trim(value);
    for quote in ['"', '\'', '`'] {
        if let Some(inner) = v.strip_prefix(quote).and_then(|v| v.strip_suffix(quote)) {
            v = trim(inner);
        }
    }
    v
}

/// Whether a `version` value plainly means `STSv1`: another case, quotes, punctuation,
/// or the `v=` copied from the DNS record (`"STSv1"`, `STSv1;`, `v=STSv1`, `STSV1`).
fn means_stsv1(value: &str) -> bool {
    let v = unwrapped(value);
    let v = v.strip_prefix("v=").or_else(|| v.strip_prefix("V=")).unwrap_or(v);
    v.eq_ignore_ascii_case("STSv1")
}

/// The mode an invalid `mode` value stands for, and whether that is unambiguous
/// (docs/DECISIONS.md): another case, quotes or punctuation, and the `-ing`/`-ed` forms
/// of `enforce` are; `test`, `on`, `live` and the like are only likely.
fn intended_mode(value: &str) -> Option<(Mode, bool)> {
    let v = unwrapped(value).to_ascii_lowercase();
    if let Some(mode) = Mode::parse(&v) {
        return Some((mode, true));
    }
    match v.as_str() {
        "enforcing" | "enforced" => Some((Mode::Enforce, true)),
        "on" | "live" | "enabled" | "enable" | "active" | "strict" | "true" | "yes" => Some((Mode::Enforce, false)),
        "off" | "disabled" | "disable" | "false" | "no" => Some((Mode::None, false)),
        _ if v.starts_with("enforc") => Some((Mode::Enforce, false)),
        _ if v.starts_with("test") => Some((Mode::Testing, false)),
        _ => None,
    }
}

/// A YAML scalar without the one pair of matching quotes around it, if any.
fn yaml_unquoted(item: &str) -> &str {
    ['"', '\''].iter().find_map(|&q| item.strip_prefix(q)?.strip_suffix(q)).unwrap_or(item)
}

/// The value of a YAML list item line (`  - value`), as a range of `content`.
fn yaml_item(content: &[u8], line: &Line) -> Option<std::ops::Range<usize>> {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    if line.has_bad_bytes {
        return None;
    }
    let dash = content.iter().position(|b| !blank(b))?;
    let rest = content[dash..].strip_prefix(b"-")?;
    let start = rest.iter().position(|b| !blank(b)).filter(|&s| s > 0)?;
    let end = rest.iter().rposition(|b| !blank(b))? + 1;
    Some(dash + 1 + start..dash + 1 + end)
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

/// Whether a label of `value` starts with `xn--` (ASCII case aside).
fn has_a_label(value: &str) -> bool {
    value.split('.').any(|l| l.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("xn--")))
}

/// `policy/mx-mixed-script` on the label at `range`, with why it may imitate another name.
fn mixed_script(range: TextRange, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::PolicyMxMixedScript,
        range,
        format!("This `mx` pattern may imitate another name: {why}. Make sure it is the host you mean."),
    )
}

impl lines::Reader for Parser<'_, '_> {
    fn quick(&mut self, start: usize, sink: &mut Sink) -> Option<usize> {
        Parser::quick(self, start, sink)
    }

    fn line(&mut self, line: &Line, sink: &mut Sink) {
        Parser::line(self, line, sink);
    }
}
