//! Every output is checked by the same rules a user's input is, before it is returned: a
//! generator whose output this project would flag is a bug, and it is reported as one
//! ([`GenerateError::Unverified`]) instead of being handed out.

use super::GenerateError;
use super::dns::DnsRecord;
use crate::code::Code;
use crate::idna::Idna;
use crate::record::intake::RecordInput;
use crate::{mx, policy, record};

/// Which record family a TXT record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// `_mta-sts`.
    Sts,
    /// `_smtp._tls`.
    TlsRpt,
}

/// The policy lints clean (only `policy/mode-none`, which says what a decommissioning
/// policy is for, may be reported), `fix_all` leaves it as it is, and its patterns cover
/// every host.
pub(crate) fn policy(text: &str, hosts: &[String], idna: &dyn Idna) -> Result<(), GenerateError> {
    let report = policy::lint_with(text.as_bytes(), idna);
    let problems: Vec<String> =
        report.diagnostics.iter().filter(|d| d.code != Code::PolicyModeNone).map(|d| format!("{}: {}", d.code, d.message)).collect();
    if !problems.is_empty() {
        return Err(GenerateError::Unverified { what: "policy", problems });
    }
    if policy::fix_all(text.as_bytes(), idna) != text.as_bytes() {
        return Err(GenerateError::Unverified { what: "policy", problems: vec!["a safe fix would change it".into()] });
    }
    let patterns: Vec<&str> = report.policy.mx_patterns().collect();
    let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let uncovered: Vec<String> = mx::coverage(&patterns, &hosts, idna)
        .hosts
        .into_iter()
        .filter(|row| row.matched_by.is_none())
        .map(|row| format!("`{}` is not covered: {}", row.host, row.explanation))
        .collect();
    if uncovered.is_empty() { Ok(()) } else { Err(GenerateError::Unverified { what: "policy", problems: uncovered }) }
}

/// The diagnostics of a TXT record as a user would paste it (`text`: its value or its
/// zone-file line), as messages.
pub(crate) fn record_problems(text: &str, family: Family, idna: &dyn Idna) -> Vec<String> {
    let input = RecordInput::parse(text);
    let diagnostics = match family {
        Family::Sts => record::lint_sts_input(&input).diagnostics,
        Family::TlsRpt => record::lint_tlsrpt_input(&input, idna).diagnostics,
    };
    diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect()
}

/// The record lints clean both as its value and as its zone-file line. With no diagnostic
/// there is no fix either, so applying every safe fix leaves it as it is.
pub(crate) fn record(record: &DnsRecord, family: Family, idna: &dyn Idna) -> Result<(), GenerateError> {
    let mut problems = record_problems(&record.value, family, idna);
    problems.extend(record_problems(&record.zone_line(), family, idna));
    if problems.is_empty() { Ok(()) } else { Err(GenerateError::Unverified { what: "TXT record", problems }) }
}
