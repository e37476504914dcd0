//! Changes after the first set-up, each as the steps to take in order, with the date from
//! which each may be taken (from the `now` passed in).
//!
//! The rule behind every order here: senders cache a policy for its `max_age` and refetch
//! it only when the `_mta-sts` record's `id` changes (RFC 8461 §3.3, §5.1). So the policy
//! is published first and the new `id` after it (a sender that sees the new `id` and
//! fetches the old policy would cache the old one again), and a change that senders must
//! have seen before something else happens waits for the old policy's `max_age`.

use super::dns::DnsRecord;
use super::time::UtcTime;
use super::verify::{self, Family};
use super::{DECOMMISSION_MAX_AGE, GenerateError, Request, STEADY_MAX_AGE, TESTING_MAX_AGE, generate, patterns_for, policy_text};
use crate::diagnostic::Severity;
use crate::idna::Idna;
use crate::mx;
use crate::policy::{self, MAX_AGE_LIMIT, Mode, Policy};

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Not before this moment.
    pub when: UtcTime,
    /// What to do and why, in plain words.
    pub action: String,
    /// The policy to serve from this step on, if this step publishes one.
    pub policy: Option<String>,
    /// The records to publish in this step.
    pub records: Vec<DnsRecord>,
}

/// A change to a published set-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The `id` published now, when known.
    pub old_id: Option<String>,
    /// The `id` to publish once the new policy is served; `None` when nothing changes.
    pub new_id: Option<String>,
    /// The policy after the change.
    pub policy: String,
    /// The `mx` patterns the change adds.
    pub added_patterns: Vec<String>,
    /// What to do, in order.
    pub steps: Vec<Step>,
}

/// A fresh `id` for `now` that differs from `old` (two changes in the same second get a
/// letter after the timestamp).
fn fresh_id(now: UtcTime, old: Option<&str>) -> String {
    let id = now.id();
    if old != Some(id.as_str()) {
        return id;
    }
    ('a'..='z').map(|c| format!("{id}{c}")).find(|candidate| Some(candidate.as_str()) != old).unwrap_or(id)
}

/// The policy as read, or its errors.
fn read_policy<'a>(text: &'a str, idna: &dyn Idna) -> Result<Policy<'a>, GenerateError> {
    let report = policy::lint_with(text.as_bytes(), idna);
    let errors: Vec<String> =
        report.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| format!("{}: {}", d.code, d.message)).collect();
    if errors.is_empty() { Ok(report.policy) } else { Err(GenerateError::Policy(errors)) }
}

/// A changed policy has no error and covers `hosts` (a user's policy may keep its own
/// warnings; the generator adds none).
fn check_changed(text: &str, hosts: &[String], idna: &dyn Idna) -> Result<(), GenerateError> {
    read_policy(text, idna).map_err(|e| match e {
        GenerateError::Policy(problems) => GenerateError::Unverified { what: "policy", problems },
        other => other,
    })?;
    let report = policy::lint_with(text.as_bytes(), idna);
    let patterns: Vec<&str> = report.policy.mx_patterns().collect();
    let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let uncovered: Vec<String> =
        mx::coverage(&patterns, &hosts, idna).hosts.into_iter().filter(|r| r.matched_by.is_none()).map(|r| r.host).collect();
    if uncovered.is_empty() { Ok(()) } else { Err(GenerateError::Unverified { what: "policy", problems: uncovered }) }
}

/// The `_mta-sts` record with `id`, checked.
fn sts(domain: Option<&str>, id: &str, idna: &dyn Idna) -> Result<DnsRecord, GenerateError> {
    let record = DnsRecord::new("_mta-sts", domain, super::RecordType::Txt, format!("v=STSv1; id={id}"));
    verify::record(&record, Family::Sts, idna)?;
    Ok(record)
}

/// The two steps of publishing a policy: the policy, then the record that makes senders
/// fetch it.
fn publish(now: UtcTime, domain: Option<&str>, policy: &str, record: DnsRecord, old_id: Option<&str>, why: &str) -> Vec<Step> {
    let from = old_id.map_or(String::new(), |old| format!(" (replacing id={old})"));
    let url = crate::check::policy_url(domain.unwrap_or("DOMAIN"));
    vec![
        Step { when: now, action: format!("Serve the new policy at {url}. {why}"), policy: Some(policy.to_string()), records: Vec::new() },
        Step {
            when: now,
            action: format!(
                "Once the new policy is served, publish the _mta-sts record with {}{from}: senders refetch the policy when the id changes, so it goes second.",
                record.value.trim_start_matches("v=STSv1; ")
            ),
            policy: None,
            records: vec![record],
        },
    ]
}

/// A policy edited by hand: a new `id` to publish with it, after it.
pub fn edit(domain: Option<&str>, old_id: Option<&str>, new_policy: &str, now: u64, idna: &dyn Idna) -> Result<Change, GenerateError> {
    let now = UtcTime::from_unix_ms(now);
    read_policy(new_policy, idna)?;
    let new_id = fresh_id(now, old_id);
    let record = sts(domain, &new_id, idna)?;
    let steps = publish(now, domain, new_policy, record, old_id, "Senders that cached the old one keep it until they see the new id.");
    Ok(Change {
        old_id: old_id.map(str::to_string),
        new_id: Some(new_id),
        policy: new_policy.to_string(),
        added_patterns: Vec::new(),
        steps,
    })
}

/// The MX hosts are about to change to `hosts` (entries as [`super::read_mx_hosts`] reads
/// them): the `mx` lines to add to `old_policy` before the DNS change, and when the MX
/// records may change.
pub fn mx_change(
    domain: Option<&str>,
    old_policy: &str,
    old_id: Option<&str>,
    hosts: &[String],
    now: u64,
    idna: &dyn Idna,
) -> Result<Change, GenerateError> {
    let now = UtcTime::from_unix_ms(now);
    let old = read_policy(old_policy, idna)?;
    let hosts = super::read_hosts(hosts, idna)?;
    let patterns: Vec<&str> = old.mx_patterns().collect();
    let host_refs: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let coverage = mx::coverage(&patterns, &host_refs, idna);
    let uncovered: Vec<String> =
        coverage.hosts.iter().zip(&hosts).filter(|(r, _)| r.matched_by.is_none()).map(|(_, h)| h.clone()).collect();
    let unused = coverage.unused_patterns;
    let cleanup = (!unused.is_empty()).then(|| Step {
        when: now,
        action: format!(
            "After the MX change, the policy's {} cover no MX host any more: remove {} (an edit, with a new id).",
            unused.iter().map(|p| format!("`mx: {p}`")).collect::<Vec<_>>().join(", "),
            if unused.len() == 1 { "it" } else { "them" }
        ),
        policy: None,
        records: Vec::new(),
    });
    if uncovered.is_empty() {
        let steps = std::iter::once(Step {
            when: now,
            action: "The policy already covers every new MX host: change the MX records whenever you like.".into(),
            policy: None,
            records: Vec::new(),
        })
        .chain(cleanup.map(|mut s| {
            s.action = s.action.replacen("After the MX change, t", "T", 1);
            s
        }))
        .collect();
        return Ok(Change {
            old_id: old_id.map(str::to_string),
            new_id: None,
            policy: old_policy.to_string(),
            added_patterns: Vec::new(),
            steps,
        });
    }
    let added = patterns_for(&uncovered, false);
    let policy = with_mx_lines(old_policy, &old, &added);
    check_changed(&policy, &hosts, idna)?;
    let new_id = fresh_id(now, old_id);
    let record = sts(domain, &new_id, idna)?;
    let mut steps =
        publish(now, domain, &policy, record, old_id, "It adds the new MX hosts; the old ones stay until the MX records have changed.");
    // In enforce mode a sender that does not check the record keeps refusing the new hosts
    // until the old policy expires; in testing mode it only reports, so one TTL is enough.
    let wait = match old.mode() {
        Some(Mode::Enforce) => u64::from(old.max_age().unwrap_or(MAX_AGE_LIMIT)),
        _ => u64::from(super::RECORD_TTL),
    };
    steps.push(Step {
        when: now.plus_seconds(wait),
        action: format!(
            "Change the MX records. Not before {} ({}): by then every sender has the policy with the new hosts.",
            now.plus_seconds(wait).date(),
            if old.mode() == Some(Mode::Enforce) {
                "the old policy's max_age after publishing"
            } else {
                "one TTL of the record after publishing"
            }
        ),
        policy: None,
        records: Vec::new(),
    });
    steps.extend(cleanup.map(|mut s| {
        s.when = now.plus_seconds(wait);
        s
    }));
    Ok(Change { old_id: old_id.map(str::to_string), new_id: Some(new_id.clone()), policy, added_patterns: added, steps })
}

/// `text` with an `mx: PATTERN` line for each of `added` after its last `mx` line (or after
/// its `mode` line), in the file's own line ending.
fn with_mx_lines(text: &str, policy: &Policy, added: &[String]) -> String {
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: String = added.iter().flat_map(|p| ["mx: ", p.as_str(), ending]).collect();
    let after = policy.mx.last().map(|m| m.range.end as usize).or_else(|| text.find("mode:"));
    let Some(after) = after else { return format!("{text}{lines}") };
    match text[after..].find('\n') {
        Some(newline) => {
            let at = after + newline + 1;
            format!("{}{lines}{}", &text[..at], &text[at..])
        }
        None => format!("{text}{ending}{}", lines.trim_end_matches(ending)),
    }
}

/// Retiring MTA-STS (RFC 8461 §8.3): `mode: none` with a short `max_age` and a new `id`,
/// then, once every policy senders may have cached has expired, the records removed.
pub fn decommission(
    domain: Option<&str>,
    old_policy: &str,
    old_id: Option<&str>,
    now: u64,
    idna: &dyn Idna,
) -> Result<Change, GenerateError> {
    let now = UtcTime::from_unix_ms(now);
    let old = read_policy(old_policy, idna)?;
    let patterns: Vec<String> = old.mx_patterns().map(str::to_string).collect();
    let policy = policy_text(Mode::None, &patterns, DECOMMISSION_MAX_AGE);
    verify::policy(&policy, &[], idna)?;
    let new_id = fresh_id(now, old_id);
    let record = sts(domain, &new_id, idna)?;
    let mut steps = publish(now, domain, &policy, record, old_id, "`mode: none` tells senders to drop the policy they cached.");
    let expiry = now.plus_seconds(u64::from(old.max_age().unwrap_or(MAX_AGE_LIMIT)));
    steps.push(Step {
        when: expiry,
        action: format!(
            "On {} (the old policy's max_age after publishing), remove the _mta-sts record, then the policy host. Keep the _smtp._tls record if you still want TLS reports.",
            expiry.date()
        ),
        policy: None,
        records: Vec::new(),
    });
    Ok(Change { old_id: old_id.map(str::to_string), new_id: Some(new_id), policy, added_patterns: Vec::new(), steps })
}

/// A dated plan from nothing to the steady state: `testing` (a week's `max_age`) for
/// `testing_days`, then `enforce` with a week's `max_age`, so a mistake still leaves senders'
/// caches within a week, then a week later the steady two weeks. `request.mode` is ignored.
pub fn rollout(request: &Request, testing_days: u32, now: u64, idna: &dyn Idna) -> Result<Vec<Step>, GenerateError> {
    let start = UtcTime::from_unix_ms(now);
    let testing = generate(&Request { mode: Mode::Testing, ..request.clone() }, now, idna)?;
    let domain = testing.domain.as_deref();
    let enforce_at = start.plus_days(testing_days);
    let steady_at = enforce_at.plus_seconds(u64::from(TESTING_MAX_AGE));
    let enforce = policy_text(Mode::Enforce, &testing.patterns, TESTING_MAX_AGE);
    let steady = policy_text(Mode::Enforce, &testing.patterns, STEADY_MAX_AGE);
    for text in [&enforce, &steady] {
        verify::policy(text, &testing.hosts, idna)?;
    }
    let enforce_id = fresh_id(enforce_at, Some(&testing.id));
    let steady_id = fresh_id(steady_at, Some(&enforce_id));
    let mut first = vec![Step {
        when: start,
        action: format!(
            "Serve the testing policy (max_age {TESTING_MAX_AGE}, a week) at {url}, then publish the records. For {testing_days} days read the TLS reports: every failure they show would be a refused message under enforce.",
            url = testing.policy_url().unwrap_or_else(|| "https://mta-sts.DOMAIN/.well-known/mta-sts.txt".into())
        ),
        policy: Some(testing.policy.clone()),
        records: testing.records().into_iter().cloned().collect(),
    }];
    first.push(Step {
        when: enforce_at,
        action: format!(
            "If the reports show no failure, serve the enforce policy with max_age {TESTING_MAX_AGE} (a week: a mistake leaves senders' caches within a week), then publish id={enforce_id}."
        ),
        policy: Some(enforce),
        records: vec![sts(domain, &enforce_id, idna)?],
    });
    first.push(Step {
        when: steady_at,
        action: format!(
            "Every sender has now seen enforce: raise max_age to {STEADY_MAX_AGE} (two weeks, the steady state), then publish id={steady_id}."
        ),
        policy: Some(steady),
        records: vec![sts(domain, &steady_id, idna)?],
    });
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idna::default_idna;

    const NOW: u64 = 1_776_945_600_000; // 2026-04-23T12:00:00Z
    const POLICY: &str = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 1209600\n";

    #[test]
    fn an_edit_gets_a_new_id_published_after_the_policy() {
        let c = edit(Some("example.com"), Some("20260101000000"), POLICY, NOW, default_idna()).expect("change");
        assert_eq!(c.new_id.as_deref(), Some("20260423120000"));
        assert_eq!(c.steps[0].policy.as_deref(), Some(POLICY));
        assert_eq!(c.steps[1].records[0].value, "v=STSv1; id=20260423120000");
        assert!(c.steps[1].action.contains("replacing id=20260101000000"));
        // The same second as the old id: still a different id.
        let again = edit(None, Some("20260423120000"), POLICY, NOW, default_idna()).expect("change");
        assert_eq!(again.new_id.as_deref(), Some("20260423120000a"));
        assert!(matches!(edit(None, None, "mode: enforce\n", NOW, default_idna()), Err(GenerateError::Policy(_))));
    }

    #[test]
    fn an_mx_change_adds_lines_first_and_waits_max_age_in_enforce() {
        let hosts = vec!["10 mx1.example.com.\n20 mx2.example.net.".to_string()];
        let c = mx_change(Some("example.com"), POLICY, Some("1"), &hosts, NOW, default_idna()).expect("change");
        assert_eq!(c.added_patterns, ["mx2.example.net"]);
        assert_eq!(c.policy, "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.net\nmax_age: 1209600\n");
        assert_eq!(c.steps[2].when.date().to_string(), "2026-05-07");
        // Moving away from mx1 entirely: mx1's line is to go once the MX records changed.
        let c = mx_change(None, POLICY, None, &["mx3.example.com".into()], NOW, default_idna()).expect("change");
        assert!(c.steps.last().is_some_and(|s| s.action.contains("`mx: mx1.example.com`")), "{:?}", c.steps);
        // Nothing to add: nothing to publish.
        let c = mx_change(None, POLICY, Some("1"), &["MX1.example.com.".into()], NOW, default_idna()).expect("change");
        assert_eq!((c.new_id, c.policy.as_str(), c.steps.len()), (None, POLICY, 1));
    }

    #[test]
    fn mx_lines_go_after_the_last_one_in_the_files_line_ending() {
        let text = "version: STSv1\r\nmode: testing\r\nmx: a.example\r\nmax_age: 86400";
        let policy = policy::lint(text.as_bytes()).policy;
        assert_eq!(
            with_mx_lines(text, &policy, &["b.example".into()]),
            "version: STSv1\r\nmode: testing\r\nmx: a.example\r\nmx: b.example\r\nmax_age: 86400"
        );
    }

    #[test]
    fn decommissioning_waits_for_the_old_max_age() {
        let c = decommission(Some("example.com"), POLICY, Some("1"), NOW, default_idna()).expect("change");
        assert_eq!(c.policy, "version: STSv1\nmode: none\nmx: mx1.example.com\nmax_age: 86400\n");
        assert_eq!(c.steps.len(), 3);
        assert_eq!(c.steps[2].when.date().to_string(), "2026-05-07");
    }

    #[test]
    fn a_rollout_is_dated_from_now() {
        let request = Request::new(Some("example.com"), vec!["mx1.example.com".into()]);
        let plan = rollout(&request, 14, NOW, default_idna()).expect("plan");
        let dates: Vec<String> = plan.iter().map(|s| s.when.date().to_string()).collect();
        assert_eq!(dates, ["2026-04-23", "2026-05-07", "2026-05-14"]);
        assert!(plan[0].policy.as_deref().is_some_and(|p| p.contains("mode: testing\n") && p.contains("max_age: 604800")));
        assert!(plan[1].policy.as_deref().is_some_and(|p| p.contains("mode: enforce\n") && p.contains("max_age: 604800")));
        assert!(plan[2].policy.as_deref().is_some_and(|p| p.contains("max_age: 1209600")));
        let ids: Vec<&str> = plan.iter().map(|s| s.records[0].value.as_str()).collect();
        assert_eq!(ids, ["v=STSv1; id=20260423120000", "v=STSv1; id=20260507120000", "v=STSv1; id=20260514120000"]);
    }
}
