//! What `checkDomain` gives JavaScript: the engine's [`CheckReport`] as the `CheckReport`
//! interface of check.d.ts, and the `CheckProgress` events, serialized by the crate's one
//! serializer (`dto::to_js`). Positions are made the way the other exports make them.

use mtasts::LineIndex;
use mtasts::check::{CheckItem, CheckReport, CheckStatus, Checker, PolicySource, Request, RequestKind};
use serde::Serialize;

use crate::dto::{CoverageDto, DiagnosticDto, HostCoverageDto, PolicyDto, RecordsResultDto, StsRecordDto, TlsRptRecordDto};

/// `CheckReport` in check.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckReportDto<'a> {
    domain: &'a str,
    checked_at: u64,
    overall: CheckStatus,
    checks: Vec<CheckItemDto<'a>>,
    sts: Option<RecordsResultDto<'a, StsRecordDto<'a>>>,
    tlsrpt: Option<RecordsResultDto<'a, TlsRptRecordDto<'a>>>,
    policy: Option<CheckedPolicyDto<'a>>,
    mx_hosts: &'a [String],
    coverage: Option<CoverageDto<'a>>,
    previous: Option<PreviousDto<'a>>,
    proxy: Option<&'a str>,
}

/// `CheckItem` in check.d.ts.
#[derive(Debug, Serialize)]
struct CheckItemDto<'a> {
    id: &'static str,
    title: &'a str,
    status: CheckStatus,
    diagnostics: Vec<DiagnosticDto<'a>>,
    reproduce: &'a str,
}

/// `CheckedPolicy` in check.d.ts: `PolicyResult` plus the text positions refer to.
#[derive(Debug, Serialize)]
struct CheckedPolicyDto<'a> {
    valid: bool,
    diagnostics: Vec<DiagnosticDto<'a>>,
    value: PolicyDto<'a>,
    text: String,
    source: PolicySource,
}

/// `PreviousCheck` in check.d.ts. The hash is 16 hex digits: a `u64` does not fit a JS number.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PreviousDto<'a> {
    id: Option<&'a str>,
    policy_hash: Option<String>,
}

impl<'a> CheckReportDto<'a> {
    /// The report, with the policy text taken from the checker that made it.
    pub(crate) fn new(report: &'a CheckReport, checker: &'a Checker) -> Self {
        let sts = report.sts.as_ref().map(|s| (s, LineIndex::new(s.text.as_bytes())));
        let tlsrpt = report.tlsrpt.as_ref().map(|t| (t, LineIndex::new(t.text.as_bytes())));
        let body = report.policy_source.and_then(|source| checker.policy_body(source)).unwrap_or_default();
        let body_index = LineIndex::new(body);
        let empty = LineIndex::new(b"");
        // Which text each check's diagnostic positions refer to (the engine's own findings have
        // an empty range at 0).
        let index_of = |item: &CheckItem| match item.id {
            "sts-record" => sts.as_ref().map_or(&empty, |(_, i)| i),
            "tlsrpt-record" => tlsrpt.as_ref().map_or(&empty, |(_, i)| i),
            "policy-syntax" => &body_index,
            _ => &empty,
        };
        CheckReportDto {
            domain: &report.domain,
            checked_at: report.checked_at,
            overall: report.overall(),
            checks: report
                .checks
                .iter()
                .map(|c| CheckItemDto {
                    id: c.id,
                    title: &c.title,
                    status: c.status,
                    diagnostics: DiagnosticDto::all(&c.diagnostics, index_of(c), true),
                    reproduce: &c.reproduce,
                })
                .collect(),
            sts: sts.as_ref().map(|(s, i)| RecordsResultDto::<StsRecordDto>::from((*s, i))),
            tlsrpt: tlsrpt.as_ref().map(|(t, i)| RecordsResultDto::<TlsRptRecordDto>::from((*t, i))),
            policy: report.policy.as_ref().zip(report.policy_source).map(|(p, source)| CheckedPolicyDto {
                valid: p.is_valid(),
                diagnostics: DiagnosticDto::all(&p.diagnostics, &body_index, true),
                value: PolicyDto::from((&p.policy, &body_index)),
                text: String::from_utf8_lossy(body).into_owned(),
                source,
            }),
            mx_hosts: &report.mx_hosts,
            coverage: report.coverage.as_ref().zip(report.policy.as_ref()).map(|(c, p)| CoverageDto {
                patterns: p.policy.mx_patterns().collect(),
                ignored_patterns: p.policy.mx.iter().filter(|m| !m.valid).map(|m| m.pattern.as_str()).collect(),
                hosts: c.hosts.iter().map(HostCoverageDto::from).collect(),
                unused_patterns: c.unused_patterns.iter().map(String::as_str).collect(),
            }),
            previous: report
                .previous
                .as_ref()
                .map(|p| PreviousDto { id: p.id.as_deref(), policy_hash: p.policy_hash.map(|h| format!("{h:016x}")) }),
            proxy: None,
        }
    }

    /// Names the proxy the policy was fetched through (`options.proxy`), if any.
    pub(crate) fn via(self, proxy: Option<&'a str>) -> Self {
        CheckReportDto { proxy, ..self }
    }
}

/// `CheckProgress` in check.d.ts: one request has completed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProgressDto<'a> {
    request_id: u32,
    kind: &'static str,
    name: &'a str,
    status: &'static str,
    elapsed_ms: f64,
    report: CheckReportDto<'a>,
}

impl<'a> ProgressDto<'a> {
    pub(crate) fn new(request: &'a Request, failed: bool, elapsed_ms: f64, report: CheckReportDto<'a>) -> Self {
        let (kind, name) = match &request.kind {
            RequestKind::Dns { name, rtype } => (rtype.as_str(), name.as_str()),
            RequestKind::Fetch { url } => ("FETCH", url.as_str()),
        };
        ProgressDto { request_id: request.id.0, kind, name, status: if failed { "failed" } else { "done" }, elapsed_ms, report }
    }
}
