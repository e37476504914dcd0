//! A change between two revisions of a domain's MTA-STS set-up: the policy file and the
//! `_mta-sts` record before and after (say, two git commits).
//!
//! Senders cache a policy for `max_age` and refetch it only when the record's `id` changes
//! (RFC 8461 §3.1, §5.1), so:
//! * the policy changed and `id` did not → error: senders keep the old policy; the fix
//!   writes a new `id` (a UTC timestamp of `now`, which the caller passes: no clock here);
//! * `id` changed and the policy did not → info: senders refetch it for nothing;
//! * `mode` lowered from `enforce` → warning: senders that cached it keep enforcing it for
//!   up to the old `max_age`;
//! * an `mx` pattern removed while an MX host the caller names still needs it → error.
//!
//! "Changed" means changed as senders read it (RFC 8461 §3.2): the fields' values, not
//! whitespace, line endings, comments of front matter, the order of `mx` lines or the case
//! of host names.

use crate::code::Code;
use crate::diagnostic::{Diagnostic, Edit, Fix, has_errors};
use crate::idna::Idna;
use crate::policy::{self, LintOptions, Mode, Policy};
use crate::record;
use crate::record::intake::RecordInput;
use crate::text::TextRange;

/// One revision: the policy file's bytes and the `_mta-sts` records (as read by
/// [`crate::record::intake`] or [`crate::zone`]).
#[derive(Debug, Clone, Copy)]
pub struct Revision<'a> {
    /// The policy file (front matter allowed, as in a repository).
    pub policy: &'a [u8],
    /// The `_mta-sts` TXT records.
    pub record: &'a RecordInput,
}

/// What changed, and what it means for senders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeReport {
    /// Whether the policy differs as senders read it.
    pub policy_changed: bool,
    /// The `id` senders use, before and after (none when the records have no usable one).
    pub old_id: Option<String>,
    /// See `old_id`.
    pub new_id: Option<String>,
    /// The `id` to publish when the change needs a new one.
    pub suggested_id: Option<String>,
    /// Findings placed in the new policy file.
    pub policy: Vec<Diagnostic>,
    /// Findings placed in the new record's input (the zone file, for records read from one).
    pub record: Vec<Diagnostic>,
}

impl ChangeReport {
    /// Whether no finding is an error.
    pub fn is_valid(&self) -> bool {
        !has_errors(&self.policy) && !has_errors(&self.record)
    }
}

/// Compares two revisions. `mx_hosts` are the domain's MX hosts (may be empty); `now` is
/// the current time in seconds since the Unix epoch, for the suggested `id`.
pub fn compare(old: Revision<'_>, new: Revision<'_>, mx_hosts: &[&str], now: u64, idna: &dyn Idna) -> ChangeReport {
    let (old_policy, new_policy) = (
        policy::lint_with_options(old.policy, idna, LintOptions::FILE).policy,
        policy::lint_with_options(new.policy, idna, LintOptions::FILE).policy,
    );
    let policy_changed = content(&old_policy) != content(&new_policy);
    let (old_id, _) = used_id(old.record);
    let (new_id, id_range) = used_id(new.record);
    let mut report = ChangeReport { policy_changed, old_id, new_id, suggested_id: None, policy: Vec::new(), record: Vec::new() };
    if let (Some(old_id), Some(new_id), Some(range)) = (&report.old_id, &report.new_id, id_range) {
        if policy_changed && old_id == new_id {
            let suggested = timestamp_id(now, old_id);
            report.record.push(
                Diagnostic::new(
                    Code::ChangeIdNotBumped,
                    range,
                    format!(
                        "The policy changed but `id={new_id}` did not, so senders that cached the old policy keep using it. Publish a new id, e.g. `id={suggested}`."
                    ),
                )
                .with_fix(Fix::safe(format!("Write `id={suggested}`"), Edit::replace(range, suggested.clone()))),
            );
            report.suggested_id = Some(suggested);
        } else if !policy_changed && old_id != new_id {
            report.record.push(Diagnostic::new(
                Code::ChangeIdBumpedSamePolicy,
                range,
                format!(
                    "`id` changed from `{old_id}` to `{new_id}` but the policy is the same as senders read it; they refetch it for nothing."
                ),
            ));
        }
    }
    if old_policy.mode() == Some(Mode::Enforce) && matches!(new_policy.mode(), Some(Mode::Testing | Mode::None)) {
        let wait =
            old_policy.max_age().map_or_else(|| "its `max_age`".to_string(), |s| format!("`max_age` ({s} seconds, about {})", duration(s)));
        let range = field_value(new.policy, "mode").unwrap_or(TextRange::empty(0));
        let lowered = new_policy.mode().map_or("", Mode::as_str);
        report.policy.push(Diagnostic::new(
            Code::ChangeModeLowered,
            range,
            format!(
                "`mode` goes from `enforce` to `{lowered}`: senders that cached the enforce policy keep enforcing it for up to the old {wait} after they see the new `id`. Keep the old MX hosts working until then."
            ),
        ));
    }
    if new_policy.requires_mx() {
        for host in mx_hosts {
            let covers =
                |p: &Policy| p.mx_patterns().find(|pattern| crate::mx::match_host(pattern, host, idna).matched).map(str::to_string);
            let (Some(was), None) = (covers(&old_policy), covers(&new_policy)) else { continue };
            report.policy.push(Diagnostic::whole_file(
                Code::ChangeMxRemovedInUse,
                format!(
                    "`mx: {was}` was removed, but the MX host `{host}` still needs it: no pattern of the new policy covers it, so senders enforcing the policy will not deliver to it. Keep the pattern or change the MX records first."
                ),
            ));
        }
    }
    report
}

/// The policy as senders read it: field values, `mx` as a set without case.
#[derive(PartialEq, Eq)]
struct Content<'p> {
    version: Option<&'p str>,
    mode: Option<Mode>,
    max_age: Option<u32>,
    mx: Vec<String>,
    extensions: Vec<(&'p str, &'p str)>,
}

fn content<'p>(p: &'p Policy<'_>) -> Content<'p> {
    let mut mx: Vec<String> = p.mx_patterns().map(str::to_ascii_lowercase).collect();
    mx.sort();
    mx.dedup();
    let extensions = p.extensions.iter().map(|e| (&*e.name, &*e.value)).collect();
    Content { version: p.version(), mode: p.mode(), max_age: p.max_age(), mx, extensions }
}

/// The `id` of the record senders use, and where its value is in the input.
fn used_id(input: &RecordInput) -> (Option<String>, Option<TextRange>) {
    let report = record::lint_sts_input(input);
    let Some(id) = report.record.and_then(|r| r.id) else { return (None, None) };
    let Some(index) = report.records.iter().position(|r| r.used) else { return (Some(id), None) };
    let source = &input.records[index];
    let mut at = 0;
    let mut range = None;
    for field in source.text.split(';') {
        let lead = field.len() - field.trim_start().len();
        if let Some(value) = field.trim_start().strip_prefix("id=") {
            let start = at + lead + 3;
            range = Some(source.to_input(TextRange::from_usize(start, start + value.trim_end().len())));
            break;
        }
        at += field.len() + 1;
    }
    (Some(id), range)
}

/// The value's range of the first `name:` line of a policy file.
fn field_value(text: &[u8], name: &str) -> Option<TextRange> {
    let mut at = 0;
    for line in text.split(|&b| b == b'\n') {
        let content = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(colon) = content.iter().position(|&b| b == b':') {
            if content[..colon].trim_ascii().eq_ignore_ascii_case(name.as_bytes()) {
                let value = &content[colon + 1..];
                let start = at + colon + 1 + (value.len() - value.trim_ascii_start().len());
                return Some(TextRange::from_usize(start, start + value.trim_ascii().len()));
            }
        }
        at += line.len() + 1;
    }
    None
}

/// A new `id`: `now` as the generator writes one (`YYYYMMDDhhmmss`, UTC), made different from `old`.
fn timestamp_id(now: u64, old: &str) -> String {
    let id = crate::generate::UtcTime::from_unix_ms(now.saturating_mul(1000)).id();
    if id == old { format!("{id}0") } else { id }
}

/// `seconds` in words: days, or hours under two days.
fn duration(seconds: u32) -> String {
    if seconds >= 2 * 86_400 { format!("{} days", seconds / 86_400) } else { format!("{} hours", seconds / 3600) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_and_differ_from_the_old_id() {
        assert_eq!(timestamp_id(0, "1"), "19700101000000");
        assert_eq!(timestamp_id(951_782_400 + 3661, "1"), "20000229010101");
        assert_eq!(timestamp_id(0, "19700101000000"), "197001010000000");
    }

    #[test]
    fn finds_the_value_of_a_field() {
        let text = b"version: STSv1\r\nmode :  testing \nmx: a";
        assert_eq!(field_value(text, "mode"), Some(TextRange::new(24, 31)));
    }
}
