//! What `checkDomain` gives JavaScript: the engine's [`CheckReport`] as the `CheckReport`
//! interface of check.d.ts, and the `CheckProgress` events, serialized by the crate's one
//! serializer (`dto::to_js`). Positions are made the way the other exports make them.

use mtasts::LineIndex;
use mtasts::check::{
    CheckId, CheckReport, CheckStatus, Checker, Command, Deployment, PolicySource, PositionsIn, PreviousCheck, Request, RequestKind,
};
use serde::Serialize;

use crate::dto::{DiagnosticDto, PolicyDto};
use crate::lint_dto::{CoverageDto, RecordsResultDto, StsRecordDto, TlsRptRecordDto};

/// `CheckReport` in check.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckReportDto<'a> {
    domain: &'a str,
    checked_at: u64,
    overall: CheckStatus,
    wants_pasted_policy: bool,
    checks: Vec<CheckItemDto<'a>>,
    sts: Option<RecordsResultDto<'a, StsRecordDto<'a>>>,
    tlsrpt: Option<RecordsResultDto<'a, TlsRptRecordDto<'a>>>,
    policy: Option<CheckedPolicyDto<'a>>,
    mx_hosts: &'a [String],
    coverage: Option<CoverageDto<'a>>,
    previous: Option<PreviousDto<'a>>,
    proxy: Option<&'a str>,
    sts_dig: Option<&'a str>,
    tlsrpt_dig: Option<&'a str>,
    cause: Option<DiagnosticDto<'a>>,
    level: &'a Deployment,
}

/// `CheckItem` in check.d.ts.
#[derive(Debug, Serialize)]
struct CheckItemDto<'a> {
    id: CheckId,
    title: &'static str,
    status: CheckStatus,
    diagnostics: Vec<DiagnosticDto<'a>>,
    reproduce: &'a str,
    commands: &'a [Command],
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
        // The text each check's diagnostic positions refer to, as the core names it.
        let index_of = |id: CheckId| match id.positions() {
            PositionsIn::Sts => sts.as_ref().map_or(&empty, |(_, i)| i),
            PositionsIn::Tlsrpt => tlsrpt.as_ref().map_or(&empty, |(_, i)| i),
            PositionsIn::Policy => &body_index,
            PositionsIn::None => &empty,
        };
        CheckReportDto {
            domain: &report.domain,
            checked_at: report.checked_at,
            overall: report.overall(),
            wants_pasted_policy: report.wants_pasted_policy(),
            checks: report
                .checks
                .iter()
                .map(|c| CheckItemDto {
                    id: c.id,
                    title: c.id.title(),
                    status: c.status,
                    diagnostics: DiagnosticDto::all(&c.diagnostics, index_of(c.id), true),
                    reproduce: &c.reproduce,
                    commands: &c.commands,
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
            coverage: report.coverage.as_ref().zip(report.policy.as_ref()).map(|(c, p)| CoverageDto::new(&p.policy, c)),
            previous: report
                .previous
                .as_ref()
                .map(|p| PreviousDto { id: p.id.as_deref(), policy_hash: p.policy_hash.map(PreviousCheck::hash_text) }),
            proxy: None,
            sts_dig: report.sts_dig.as_deref(),
            tlsrpt_dig: report.tlsrpt_dig.as_deref(),
            cause: report.cause.as_ref().map(|d| DiagnosticDto::from((d, &empty))),
            level: &report.level,
        }
    }

    /// Names the proxy the policy was fetched through (`options.proxy`), if any.
    pub(crate) fn via(self, proxy: Option<&'a str>) -> Self {
        CheckReportDto { proxy, ..self }
    }
}

/// `CheckVocabulary` in check.d.ts: every check in report order, every status best to worst.
#[derive(Debug, Serialize)]
pub(crate) struct CheckVocabularyDto {
    checks: Vec<CheckInfoDto>,
    statuses: Vec<CheckStatusInfoDto>,
}

/// `CheckInfo` in check.d.ts.
#[derive(Debug, Serialize)]
struct CheckInfoDto {
    id: CheckId,
    title: &'static str,
    purpose: &'static str,
    positions: PositionsIn,
}

/// `CheckStatusInfo` in check.d.ts.
#[derive(Debug, Serialize)]
struct CheckStatusInfoDto {
    status: CheckStatus,
    label: &'static str,
    symbol: &'static str,
}

impl CheckVocabularyDto {
    pub(crate) fn new() -> Self {
        CheckVocabularyDto {
            checks: CheckId::ALL
                .iter()
                .map(|&id| CheckInfoDto { id, title: id.title(), purpose: id.purpose(), positions: id.positions() })
                .collect(),
            statuses: CheckStatus::ALL.iter().map(|&s| CheckStatusInfoDto { status: s, label: s.label(), symbol: s.symbol() }).collect(),
        }
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
            RequestKind::TlsProbe { host, .. } => ("TLS", host.as_str()),
        };
        ProgressDto { request_id: request.id.0, kind, name, status: if failed { "failed" } else { "done" }, elapsed_ms, report }
    }
}
