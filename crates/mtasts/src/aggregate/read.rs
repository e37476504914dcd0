//! One aggregate report (RFC 8460 §4.4) from its JSON text: the typed report, and a
//! positioned diagnostic for each part that breaks the schema or deviates as real senders do.
//!
//! What breaks the schema (a required field missing, a wrong JSON type, a count that is not a
//! non-negative integer, a date that is not RFC 3339) is an error and the report is not
//! counted: its figures cannot be trusted. What real senders do (`mx-host` as an array,
//! `contact-info: null`, failure details without `sending-mta-ip`, an unregistered result
//! type) is read with a note and counted in full (docs/DECISIONS.md, "Aggregate reports").

use crate::aggregate::day::{Instant, parse_date_time};
use crate::aggregate::json::{self, Kind, Value};
use crate::aggregate::result_type::ResultType;
use crate::code::Code;
use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::text::TextRange;

/// The largest report read, in bytes (decompressed). Real reports are a few KiB; a large
/// receiver's with many failure details some hundred KiB.
pub const MAX_REPORT_LEN: usize = 16 * 1024 * 1024;

/// One report as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateReport {
    /// `organization-name`: who sent the report.
    pub organization: String,
    /// `date-range.start-datetime`.
    pub start: Instant,
    /// `date-range.end-datetime`.
    pub end: Instant,
    /// `contact-info`, when given.
    pub contact_info: Option<String>,
    /// `report-id`.
    pub report_id: String,
    /// Where the `report-id` value is, for the duplicate note.
    pub report_id_range: TextRange,
    /// `policies[]`.
    pub policies: Vec<PolicyResult>,
}

/// The `policy-type` of a policy entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicyType {
    /// An MTA-STS policy (RFC 8461).
    Sts,
    /// DANE TLSA records (RFC 7672).
    Tlsa,
    /// The sender found no policy.
    NoPolicyFound,
}

impl PolicyType {
    /// The name in reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            PolicyType::Sts => "sts",
            PolicyType::Tlsa => "tlsa",
            PolicyType::NoPolicyFound => "no-policy-found",
        }
    }
}

/// One entry of `policies[]`: the policy a sender applied and the sessions under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyResult {
    /// `policy.policy-type`.
    pub policy_type: PolicyType,
    /// `policy.policy-string`: the policy's lines as the sender saw them.
    pub policy_string: Option<Vec<String>>,
    /// `policy.policy-domain`.
    pub domain: String,
    /// `policy.mx-host`, one or several.
    pub mx_hosts: Vec<String>,
    /// `summary.total-successful-session-count`.
    pub successful: u64,
    /// `summary.total-failure-session-count`.
    pub failed: u64,
    /// `failure-details[]`.
    pub failures: Vec<FailureDetail>,
}

/// One entry of `failure-details[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureDetail {
    /// `result-type`.
    pub result_type: ResultType,
    /// `sending-mta-ip`.
    pub sending_mta_ip: Option<String>,
    /// `receiving-mx-hostname`.
    pub receiving_mx_hostname: Option<String>,
    /// `receiving-mx-helo`.
    pub receiving_mx_helo: Option<String>,
    /// `receiving-ip`.
    pub receiving_ip: Option<String>,
    /// `failed-session-count`.
    pub failed: u64,
    /// `additional-information`.
    pub additional_information: Option<String>,
    /// `failure-reason-code`.
    pub failure_reason_code: Option<String>,
}

/// What reading one report gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The report, unless an error makes its figures untrustworthy.
    pub report: Option<AggregateReport>,
    /// Everything noticed, sorted by position; positions are in the text read.
    pub diagnostics: Vec<Diagnostic>,
}

/// A problem of the file as a whole that stops it from being read (a face could not
/// decompress it, it is too large once decompressed, a mail held no report): the one
/// wording every face uses.
pub fn unreadable(reason: &str) -> Diagnostic {
    Diagnostic::whole_file(
        Code::TlsrptReportUnreadable,
        format!("This file could not be read as a TLS-RPT report: {reason}. It is not counted."),
    )
}

/// A gzip file (or attachment) whose decompression a face stopped at [`MAX_REPORT_LEN`].
pub fn decompressed_too_large() -> Diagnostic {
    unreadable(&format!("it is larger than {} MiB once decompressed (a gzip bomb?)", MAX_REPORT_LEN >> 20))
}

/// A gzip file (or attachment) that does not decompress; `detail` is the decompressor's word.
pub fn gzip_broken(detail: &str) -> Diagnostic {
    unreadable(&format!("its gzip data is broken ({detail})"))
}

/// A message of a mailbox (an mbox export) with no report attached: skipped with a note, as
/// an export of a reports folder often holds other mail too. A single mail without a report
/// is [`unreadable`].
pub fn skipped_mail() -> Diagnostic {
    Diagnostic::whole_file(Code::TlsrptReportUnreadable, "This message of the mailbox has no report attached; it is skipped.")
        .with_severity(crate::diagnostic::Severity::Info)
}

/// Reads one report's JSON text.
pub fn read(text: &[u8]) -> Reading {
    if text.len() > MAX_REPORT_LEN {
        let reason = format!("it is larger than {} MiB", MAX_REPORT_LEN >> 20);
        return Reading { report: None, diagnostics: vec![unreadable(&reason)] };
    }
    if text.starts_with(&[0x1f, 0x8b]) {
        return Reading { report: None, diagnostics: vec![unreadable("it is gzip-compressed (`.json.gz`) and was not decompressed")] };
    }
    let value = match json::parse(text) {
        Ok(value) => value,
        Err(e) => {
            let code = if e.too_deep { Code::TlsrptReportTooDeep } else { Code::TlsrptReportJsonInvalid };
            let message = format!("Not valid JSON: {}. The report is not counted.", e.message);
            return Reading { report: None, diagnostics: vec![Diagnostic::new(code, e.range, message)] };
        }
    };
    let mut schema = Schema { diagnostics: Vec::new(), broken: false };
    let report = schema.report(&value);
    sort_diagnostics(&mut schema.diagnostics);
    Reading { report: report.filter(|_| !schema.broken), diagnostics: schema.diagnostics }
}

/// The schema walk: reports into `diagnostics`, never stops at the first problem.
struct Schema {
    diagnostics: Vec<Diagnostic>,
    /// An error was reported: the report is not counted.
    broken: bool,
}

/// An object's members, looked up by name (the first of duplicate names).
struct Object<'a> {
    members: &'a [(String, TextRange, Value)],
    range: TextRange,
    /// Where the object is, for messages: `policies[0].summary`.
    path: String,
}

impl<'a> Object<'a> {
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.members.iter().find(|(key, _, _)| key == name).map(|(_, _, value)| value)
    }
}

impl Schema {
    fn error(&mut self, code: Code, range: TextRange, mut message: String) {
        self.broken = true;
        message.push_str(" The report is not counted.");
        self.diagnostics.push(Diagnostic::new(code, range, message));
    }

    fn note(&mut self, code: Code, range: TextRange, message: String) {
        self.diagnostics.push(Diagnostic::new(code, range, message));
    }

    fn object<'a>(&mut self, value: &'a Value, path: &str) -> Option<Object<'a>> {
        match &value.kind {
            Kind::Object(members) => Some(Object { members, range: value.range, path: path.to_string() }),
            other => {
                let what = if path.is_empty() { "A report".to_string() } else { format!("`{path}`") };
                self.error(Code::TlsrptReportFieldType, value.range, format!("{what} must be an object, not {}.", other.type_name()));
                None
            }
        }
    }

    /// A required member; reports it missing at the object's opening brace.
    fn required<'a>(&mut self, object: &Object<'a>, name: &str) -> Option<&'a Value> {
        let value = object.get(name);
        if value.is_none() {
            let at = TextRange::new(object.range.start, object.range.start + 1);
            let whose = if object.path.is_empty() { "The report".to_string() } else { format!("`{}`", object.path) };
            self.error(Code::TlsrptReportFieldMissing, at, format!("{whose} has no `{name}`, which RFC 8460 §4.4 requires."));
        }
        value
    }

    fn string(&mut self, value: &Value, path: &str) -> Option<String> {
        match &value.kind {
            Kind::String(s) => Some(s.clone()),
            other => {
                self.error(Code::TlsrptReportFieldType, value.range, format!("`{path}` must be a string, not {}.", other.type_name()));
                None
            }
        }
    }

    fn required_string(&mut self, object: &Object<'_>, name: &str) -> Option<String> {
        let value = self.required(object, name)?;
        self.string(value, &join(&object.path, name))
    }

    /// An optional string; `null` counts as absent.
    fn optional_string(&mut self, object: &Object<'_>, name: &str) -> Option<String> {
        match object.get(name) {
            None | Some(Value { kind: Kind::Null, .. }) => None,
            Some(value) => self.string(value, &join(&object.path, name)),
        }
    }

    fn count(&mut self, object: &Object<'_>, name: &str) -> Option<u64> {
        let value = self.required(object, name)?;
        let path = join(&object.path, name);
        match &value.kind {
            Kind::Number(text) => {
                let count = text.parse::<u64>().ok();
                if count.is_none() {
                    let message = format!("`{path}` must be a whole number of sessions, 0 or more, not `{text}`.");
                    self.error(Code::TlsrptReportValueInvalid, value.range, message);
                }
                count
            }
            other => {
                self.error(Code::TlsrptReportFieldType, value.range, format!("`{path}` must be a number, not {}.", other.type_name()));
                None
            }
        }
    }

    fn date_time(&mut self, object: &Object<'_>, name: &str) -> Option<(Instant, TextRange)> {
        let value = self.required(object, name)?;
        let text = self.string(value, &join(&object.path, name))?;
        let instant = parse_date_time(&text);
        if instant.is_none() {
            let message =
                format!("`{}` must be an RFC 3339 date-time such as `2024-01-31T00:00:00Z`, not `{text}`.", join(&object.path, name));
            self.error(Code::TlsrptReportValueInvalid, value.range, message);
        }
        Some((instant?, value.range))
    }

    fn report(&mut self, value: &Value) -> Option<AggregateReport> {
        let top = self.object(value, "")?;
        let organization = self.required_string(&top, "organization-name");
        let range = self.required(&top, "date-range").and_then(|v| self.object(v, "date-range"));
        let dates = range.and_then(|range| {
            let start = self.date_time(&range, "start-datetime");
            let end = self.date_time(&range, "end-datetime");
            let ((start, _), (end, end_range)) = (start?, end?);
            if end < start {
                self.error(Code::TlsrptReportValueInvalid, end_range, "`date-range.end-datetime` is before its start.".into());
            }
            Some((start, end))
        });
        let contact_info = match top.get("contact-info") {
            None => {
                self.required(&top, "contact-info");
                None
            }
            Some(Value { kind: Kind::Null, range }) => {
                self.note(
                    Code::TlsrptReportContactInfoNull,
                    *range,
                    "`contact-info` is null; RFC 8460 §4.4 asks for a contact, but the report is read in full.".into(),
                );
                None
            }
            Some(v) => self.string(v, "contact-info"),
        };
        let report_id = self.required(&top, "report-id").and_then(|v| Some((self.string(v, "report-id")?, v.range)));
        let policies = self.required(&top, "policies").and_then(|v| match &v.kind {
            Kind::Array(items) => {
                Some(items.iter().enumerate().filter_map(|(i, item)| self.policy(item, &format!("policies[{i}]"))).collect())
            }
            other => {
                self.error(Code::TlsrptReportFieldType, v.range, format!("`policies` must be an array, not {}.", other.type_name()));
                None
            }
        });
        let ((start, end), (report_id, report_id_range)) = (dates?, report_id?);
        Some(AggregateReport { organization: organization?, start, end, contact_info, report_id, report_id_range, policies: policies? })
    }

    fn policy(&mut self, value: &Value, path: &str) -> Option<PolicyResult> {
        let entry = self.object(value, path)?;
        let policy = self.required(&entry, "policy").and_then(|v| self.object(v, &join(path, "policy")));
        let summary = self.required(&entry, "summary").and_then(|v| self.object(v, &join(path, "summary")));
        let described = policy.and_then(|p| self.policy_description(&p));
        let counts = summary.and_then(|s| {
            let successful = self.count(&s, "total-successful-session-count");
            let failed = self.count(&s, "total-failure-session-count");
            Some((successful?, failed?))
        });
        let failures = match entry.get("failure-details") {
            None | Some(Value { kind: Kind::Null, .. }) => Some(Vec::new()),
            Some(Value { kind: Kind::Array(items), .. }) => {
                let details: Vec<Option<FailureDetail>> =
                    items.iter().enumerate().map(|(i, item)| self.failure(item, &format!("{path}.failure-details[{i}]"))).collect();
                details.into_iter().collect()
            }
            Some(v) => {
                let message = format!("`{path}.failure-details` must be an array, not {}.", v.kind.type_name());
                self.error(Code::TlsrptReportFieldType, v.range, message);
                None
            }
        };
        let ((policy_type, policy_string, domain, mx_hosts), (successful, failed)) = (described?, counts?);
        Some(PolicyResult { policy_type, policy_string, domain, mx_hosts, successful, failed, failures: failures? })
    }

    #[allow(clippy::type_complexity)]
    fn policy_description(&mut self, policy: &Object<'_>) -> Option<(PolicyType, Option<Vec<String>>, String, Vec<String>)> {
        let kind = self.required(policy, "policy-type").and_then(|v| {
            let name = self.string(v, &join(&policy.path, "policy-type"))?;
            let kind = [PolicyType::Sts, PolicyType::Tlsa, PolicyType::NoPolicyFound].into_iter().find(|t| t.as_str() == name);
            if kind.is_none() {
                let message = format!("`policy-type` must be `sts`, `tlsa` or `no-policy-found`, not `{name}`.");
                self.error(Code::TlsrptReportValueInvalid, v.range, message);
            }
            kind
        });
        let strings = |schema: &mut Schema, value: &Value, path: &str| -> Option<Vec<String>> {
            match &value.kind {
                Kind::Array(items) => items.iter().map(|item| schema.string(item, path)).collect(),
                other => {
                    schema.error(
                        Code::TlsrptReportFieldType,
                        value.range,
                        format!("`{path}` must be an array of strings, not {}.", other.type_name()),
                    );
                    None
                }
            }
        };
        let policy_string = match policy.get("policy-string") {
            None | Some(Value { kind: Kind::Null, .. }) => Some(None),
            Some(v) => strings(self, v, &join(&policy.path, "policy-string")).map(Some),
        };
        let domain = self.required_string(policy, "policy-domain");
        let mx_hosts = match policy.get("mx-host") {
            None | Some(Value { kind: Kind::Null, .. }) => Some(Vec::new()),
            Some(v @ Value { kind: Kind::Array(_), .. }) => {
                let message =
                    "`mx-host` is an array; RFC 8460 §4.4 describes one string, but many senders list every MX host, so each is read.";
                self.note(Code::TlsrptReportMxHostArray, v.range, message.into());
                strings(self, v, &join(&policy.path, "mx-host"))
            }
            Some(v) => self.string(v, &join(&policy.path, "mx-host")).map(|s| vec![s]),
        };
        Some((kind?, policy_string?, domain?, mx_hosts?))
    }

    fn failure(&mut self, value: &Value, path: &str) -> Option<FailureDetail> {
        let detail = self.object(value, path)?;
        let result_type = self.required(&detail, "result-type").and_then(|v| {
            let name = self.string(v, &join(path, "result-type"))?;
            let parsed = ResultType::parse(&name);
            if matches!(parsed, ResultType::Other(_)) {
                let message = format!("`{name}` is not a result type RFC 8460 §4.3 registers; its sessions are counted under that name.");
                self.note(Code::TlsrptReportResultTypeUnknown, v.range, message);
            }
            Some(parsed)
        });
        let sending_mta_ip = self.optional_string(&detail, "sending-mta-ip");
        if sending_mta_ip.is_none() {
            let at = TextRange::new(detail.range.start, detail.range.start + 1);
            let message = "This failure detail has no `sending-mta-ip`; RFC 8460 §4.4 asks for it, but the failed sessions are counted.";
            self.note(Code::TlsrptReportSendingMtaIpMissing, at, message.into());
        }
        let receiving_mx_hostname = self.optional_string(&detail, "receiving-mx-hostname");
        let receiving_mx_helo = self.optional_string(&detail, "receiving-mx-helo");
        let receiving_ip = self.optional_string(&detail, "receiving-ip");
        let additional_information = self.optional_string(&detail, "additional-information");
        let failure_reason_code = self.optional_string(&detail, "failure-reason-code");
        let failed = self.count(&detail, "failed-session-count");
        Some(FailureDetail {
            result_type: result_type?,
            sending_mta_ip,
            receiving_mx_hostname,
            receiving_mx_helo,
            receiving_ip,
            failed: failed?,
            additional_information,
            failure_reason_code,
        })
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() { name.to_string() } else { format!("{path}.{name}") }
}
