//! WebAssembly bindings of the [mtasts] validator: the JavaScript API of the npm package.
//!
//! A thin layer: every export converts its arguments, calls the core and converts the result;
//! no validation logic lives here (if a change needs an `if` that judges input, it belongs in
//! the core). Built with `npm run build` into `web/pkg/` (wasm-bindgen `--target web`, then
//! `wasm-opt -Oz`), usable from a browser ES module and from Node.
//!
//! | JavaScript | core |
//! |---|---|
//! | `lintPolicy(text, options?)` | [`mtasts::policy::lint_with_options`] |
//! | `analyzePolicy(text, { hosts, fixes }?)` | [`mtasts::policy::analyze`]: one parse for diagnostics, value and coverage |
//! | `lintStsRecords(input)` | [`mtasts::record::intake`], [`mtasts::record::lint_sts_input`] |
//! | `lintTlsRptRecord(input)` | [`mtasts::record::intake`], [`mtasts::record::lint_tlsrpt_input`] |
//! | `applyFixes(text, diagnostics \| "all-safe")` | [`mtasts::fix::apply_fixes`], [`mtasts::policy::fix_all`] |
//! | `matchMx(pattern, host)` | [`mtasts::mx::match_host`] |
//! | `coverage(policyText, hosts)` | [`mtasts::policy::analyze`] |
//! | `normalizeDomain(input)` | [`mtasts::check::parse_domain`] |
//! | `vocabulary()` | severities ([`mtasts::Severity`]) and modes ([`mtasts::policy::Mode`]) |
//! | `checkVocabulary()`, `overallStatus(statuses)` | [`mtasts::check::CheckId`], [`mtasts::check::CheckStatus::overall`] |
//! | `checkDomain(domain, options?)` | [`mtasts::check::Checker`], driven over DNS over HTTPS and `fetch()` |
//! | `version()` | the crate version |
//! | `ReportsReader`, `maxFileLength` | [`mtasts::aggregate::Batch`] (`read_file_bytes`), [`mtasts::aggregate::render`] (feature `tools`) |
//! | `generateSetUp`, `rolloutPlan`, `editPolicy`, `mxChange`, `decommission`, `generatorVocabulary` | [`mtasts::generate`] (feature `tools`) |
//!
//! The editor package, built without the default `lint` feature (`web/pkg-editor/`, the page's
//! first load): `analyzePolicy` without the MX match (`coverage` and `uncovered` are null),
//! `applyFixes`, `vocabulary` and `version`; the other lint exports and their DTOs (`lint_dto`)
//! need `lint`.
//!
//! The live check, built only with the `check` feature (the second package, `web/pkg-check/`;
//! the default build is lint-only and much smaller): `check` (the `checkDomain` export and its
//! options: every request of the engine at once, answers fed back as they arrive), `check_dns`
//! (DNS over HTTPS, RFC 8484), `dns_wire` (its wire format: the core's `check::dns_wire`,
//! re-exported for the fuzz target and tests), `check_fetch` (the policy fetch
//! and its honest failure states), `check_net` (`fetch()`, deadlines, capped body reads) and
//! `check_dto` (the report for JS).
//!
//! The tools, built only with the `tools` feature (the third package, `web/pkg-tools/`, imported
//! by the page when the reports reader or the generator is first used): `reports` (aggregate
//! reports read one file at a time, rendered by the core) and `generator` (set-ups, plans and
//! changes, with `now` from JavaScript); `tools.d.ts` their interfaces.
//!
//! The pieces: `dto` (the objects JavaScript receives, built with `From` from core types;
//! packed by `packed` and built into objects by `unpack.js` for `analyzePolicy`, `lintPolicy` and
//! `vocabulary`, serialized by one configured serializer for the rest), `input` (arguments, UTF-16 edits, `dig` lines),
//! `idna` (the core's IDNA seam answered by the JavaScript `URL` parser) and `api.d.ts` (the
//! TypeScript interfaces every export is declared with; `check.d.ts` those of `checkDomain`).
//! Errors reach JavaScript as `Error` objects with a message; nothing here panics on any input.
//!
//! [mtasts]: https://github.com/mtasts/mtasts

#[cfg(feature = "check")]
mod check;
#[cfg(feature = "check")]
mod check_api;
#[cfg(feature = "check")]
mod check_dns;
#[cfg(feature = "check")]
mod check_dto;
#[cfg(feature = "check")]
mod check_fetch;
#[cfg(feature = "check")]
mod check_net;
// The DNS wire format lives in the core (feature `dns-wire`, shared with the native driver);
// re-exported, hidden from the docs, for the `dns_answer` fuzz target and the native tests.
#[cfg(feature = "check")]
#[doc(hidden)]
pub use mtasts::check::dns_wire;
mod dto;
#[cfg(feature = "tools")]
mod generator;
mod idna;
mod input;
#[cfg(feature = "lint")]
mod lint_dto;
mod packed;
#[cfg(feature = "tools")]
mod reports;

#[cfg(feature = "check")]
pub use crate::check::{check_domain, check_vocabulary, overall_status};
#[cfg(feature = "tools")]
pub use crate::generator::{decommission, edit_policy, generate_set_up, generator_vocabulary, mx_change, rollout_plan};
pub use crate::idna::UrlIdna;
#[cfg(feature = "tools")]
pub use crate::reports::{ReportsReader, max_file_length};

use mtasts::diagnostic::has_errors;
use mtasts::{LineIndex, policy};
#[cfg(feature = "lint")]
use mtasts::{mx, record};
#[cfg(feature = "lint")]
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

#[cfg(feature = "lint")]
use crate::dto::to_js;
use crate::dto::{DiagnosticDto, PolicyAnalysisDto, PolicyDto, VocabularyDto, into_error};
#[cfg(feature = "lint")]
use crate::input::LintOptions;
use crate::input::{AnalyzeOptions, FixableDiagnostic};
#[cfg(feature = "lint")]
use crate::lint_dto::{
    CoverageDto, DomainHintDto, DomainInputDto, MatchDto, PolicyResultDto, RecordsResultDto, StsRecordDto, TlsRptRecordDto,
};
use crate::packed::{Packed, Shape};

/// The TypeScript interfaces of the results, added to the generated `mtasts_wasm.d.ts`.
#[wasm_bindgen(typescript_custom_section)]
const API_TYPES: &str = include_str!("api.d.ts");

/// The TypeScript interfaces of `checkDomain` (only in the build with the `check` feature).
#[cfg(feature = "check")]
#[wasm_bindgen(typescript_custom_section)]
const CHECK_TYPES: &str = include_str!("check.d.ts");

/// The TypeScript interfaces of the reports reader and the generator (feature `tools`).
#[cfg(feature = "tools")]
#[wasm_bindgen(typescript_custom_section)]
const TOOLS_TYPES: &str = include_str!("tools.d.ts");

/// The `Code`, `Severity` and `Mode` unions, written by build.rs from the core.
#[wasm_bindgen(typescript_custom_section)]
const CODE_TYPE: &str = include_str!(concat!(env!("OUT_DIR"), "/code.d.ts"));

/// The `CheckId` and `CheckStatus` unions, written by build.rs from the core (feature `check`).
#[cfg(feature = "check")]
#[wasm_bindgen(typescript_custom_section)]
const CHECK_UNIONS: &str = include_str!(concat!(env!("OUT_DIR"), "/check.d.ts"));

// The unit tests in Node as an ES module host, as tests/node.rs: the glue imports src/unpack.js.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_node_experimental);

type JsResult = Result<JsValue, js_sys::Error>;

/// The version of this package, e.g. `"0.1.0"`: the workspace version it was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

#[cfg(feature = "lint")]
/// Checks an MTA-STS policy file (the body of `https://mta-sts.DOMAIN/.well-known/mta-sts.txt`,
/// RFC 8461 §3.2). Spans refer to `text`.
#[wasm_bindgen(js_name = lintPolicy, unchecked_return_type = "PolicyResult")]
pub fn lint_policy(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LintOptions")] options: &JsValue,
) -> JsResult {
    let text = input::utf8(text, "text").map_err(|e| into_error(&e))?;
    let options = LintOptions::from_js(options).map_err(|e| into_error(&e))?;
    let index = LineIndex::new(&text);
    if !options.value {
        // What the editor calls on every keystroke: no copy of each `mx` line to throw away.
        let diagnostics = policy::lint_diagnostics_with_options(&text, &UrlIdna, options.read);
        return Ok(Packed::of(&PolicyResultDto {
            valid: !has_errors(&diagnostics),
            diagnostics: DiagnosticDto::all(&diagnostics, &index, options.fixes),
            value: None,
        })
        .unpack(Shape::PolicyResult));
    }
    let report = policy::lint_with_options(&text, &UrlIdna, options.read);
    Ok(Packed::of(&PolicyResultDto {
        valid: report.is_valid(),
        diagnostics: DiagnosticDto::all(&report.diagnostics, &index, options.fixes),
        value: Some(PolicyDto::from((&report.policy, &index))),
    })
    .unpack(Shape::PolicyResult))
}

/// Everything an editor shows on a keystroke, from one parse of the policy: its diagnostics, the
/// policy as read (each once-only field valid, invalid or missing) and how its valid `mx`
/// patterns cover `options.hosts`, with what an uncovered host means under its mode.
#[wasm_bindgen(js_name = analyzePolicy, unchecked_return_type = "PolicyAnalysis")]
pub fn analyze_policy(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: &JsValue,
) -> JsResult {
    let text = input::utf8(text, "text").map_err(|e| into_error(&e))?;
    let options = AnalyzeOptions::from_js(options).map_err(|e| into_error(&e))?;
    let index = LineIndex::new(&text);
    if !options.value {
        // What an editor asks on a keystroke into a large policy: the diagnostics alone, without
        // an object per `mx` line to build and throw away.
        let diagnostics = policy::lint_diagnostics_with(&text, &UrlIdna);
        return Ok(Packed::of(&PolicyAnalysisDto {
            valid: !has_errors(&diagnostics),
            diagnostics: DiagnosticDto::all(&diagnostics, &index, options.fixes),
            value: None,
            uncovered: None,
        })
        .unpack(Shape::PolicyAnalysis));
    }
    #[cfg(feature = "lint")]
    let (report, coverage) = {
        let analysis = policy::analyze(&text, &options.hosts, &UrlIdna);
        (analysis.report, Some((analysis.coverage, analysis.uncovered)))
    };
    // The editor package (no `lint` feature: the page's first load) matches no hosts, which
    // saves it the coverage index and the host-input hints (~9 KiB gzip); the match preview asks
    // the lint package, whose `analyzePolicy` is this one with the coverage.
    #[cfg(not(feature = "lint"))]
    let (report, coverage) = (policy::lint_with(&text, &UrlIdna), None::<(mtasts::mx::Coverage, policy::Uncovered)>);
    let analysis = Packed::of(&PolicyAnalysisDto {
        valid: report.is_valid(),
        diagnostics: DiagnosticDto::all(&report.diagnostics, &index, options.fixes),
        value: Some(PolicyDto::from((&report.policy, &index))),
        uncovered: coverage.as_ref().map(|&(_, u)| u.into()),
    })
    .unpack(Shape::PolicyAnalysis);
    #[cfg(feature = "lint")]
    if let Some((c, _)) = &coverage {
        let coverage = to_js(&CoverageDto::new(&report.policy, c))?;
        js_sys::Reflect::set(&analysis, &JsValue::from_str("coverage"), &coverage).map_err(JsCast::unchecked_into::<js_sys::Error>)?;
    }
    Ok(analysis)
}

/// The core's vocabulary: every severity (worst first, with its label and symbol) and every
/// mode (with its meaning and what an uncovered MX host means under it).
#[wasm_bindgen(unchecked_return_type = "Vocabulary")]
pub fn vocabulary() -> JsResult {
    Ok(Packed::of(&VocabularyDto::new()).unpack(Shape::Vocabulary))
}

#[cfg(feature = "lint")]
/// The domain a domain, email address or URL names, as the live check reads it (lowercase
/// A-labels, no trailing dot), or why it names none.
#[wasm_bindgen(js_name = normalizeDomain, unchecked_return_type = "DomainInput")]
pub fn normalize_domain(input: &str) -> JsResult {
    let (domain, error) = match mtasts::check::parse_domain(input, &UrlIdna) {
        Ok(d) => (Some(d), None),
        Err(e) => (None, Some(e.message)),
    };
    let hint = mtasts::check::domain_hint(input).map(|h| DomainHintDto { suggestion: h.suggestion, message: h.message });
    to_js(&DomainInputDto { domain, error, hint })
}

#[cfg(feature = "lint")]
/// Checks the TXT records found at `_mta-sts.DOMAIN` as a set (RFC 8461 §3.1). `input` is text
/// as a user pastes it (values, `dig` output, zone-file lines; read by the core's
/// [`mtasts::record::intake`], positions in that text) or the records already joined (positions
/// in them joined by `\n`).
#[wasm_bindgen(js_name = lintStsRecords, unchecked_return_type = "StsResult")]
pub fn lint_sts_records(#[wasm_bindgen(unchecked_param_type = "string | readonly string[]")] input: &JsValue) -> JsResult {
    let input = input::record_input(input).map_err(|e| into_error(&e))?;
    let report = record::lint_sts_input(&input);
    let index = LineIndex::new(report.text.as_bytes());
    to_js(&RecordsResultDto::<StsRecordDto>::from((&report, &index)))
}

#[cfg(feature = "lint")]
/// Checks the TXT records found at `_smtp._tls.DOMAIN` as a set (RFC 8460 §3); `input` as for
/// `lintStsRecords`.
#[wasm_bindgen(js_name = lintTlsRptRecord, unchecked_return_type = "TlsRptResult")]
pub fn lint_tlsrpt_record(#[wasm_bindgen(unchecked_param_type = "string | readonly string[]")] input: &JsValue) -> JsResult {
    let input = input::record_input(input).map_err(|e| into_error(&e))?;
    let report = record::lint_tlsrpt_input(&input, &UrlIdna);
    let index = LineIndex::new(report.text.as_bytes());
    to_js(&RecordsResultDto::<TlsRptRecordDto>::from((&report, &index)))
}

/// Applies fixes to `text`: those of the given diagnostics (all of each one's edits, offsets in
/// UTF-16 units of `text`; a fix overlapping an earlier one is skipped), or with `"all-safe"`
/// every safe fix of the policy file, re-checking until nothing changes (as `mtasts fix` does).
/// Throws when an edit is out of range for `text`.
#[wasm_bindgen(js_name = applyFixes)]
pub fn apply_fixes(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "readonly FixableDiagnostic[] | \"all-safe\"")] diagnostics: &JsValue,
) -> Result<String, js_sys::Error> {
    match diagnostics.as_string() {
        Some(all) if all == "all-safe" => input::into_string(policy::fix_all(text.as_bytes(), &UrlIdna)),
        Some(_) => Err("diagnostics: expected a list of diagnostics or \"all-safe\"".to_owned()),
        None => FixableDiagnostic::list_from_js(diagnostics).and_then(|list| input::apply_listed(text, &list)),
    }
    .map_err(|e| into_error(&e))
}

#[cfg(feature = "lint")]
/// Matches an MX host name against one `mx` pattern (RFC 8461 §4.1) and explains the verdict.
/// A U-label host (`mail.münchen.de`) is converted to A-labels first.
#[wasm_bindgen(js_name = matchMx, unchecked_return_type = "MxMatch")]
pub fn match_mx(pattern: &str, host: &str) -> JsResult {
    to_js(&MatchDto::from(&mx::match_host(pattern, host, &UrlIdna)))
}

#[cfg(feature = "lint")]
/// Which valid `mx` pattern of the policy covers each MX host, and which patterns cover none.
/// Invalid patterns take no part (they are listed in `ignoredPatterns`; `lintPolicy` says why).
#[wasm_bindgen(unchecked_return_type = "Coverage")]
pub fn coverage(
    #[wasm_bindgen(js_name = policyText)] policy_text: &str,
    #[wasm_bindgen(unchecked_param_type = "readonly string[]")] hosts: &JsValue,
) -> JsResult {
    let hosts: Vec<String> = input::strings(hosts, "hosts").map_err(|e| into_error(&e))?;
    let analysis = policy::analyze(policy_text.as_bytes(), &hosts, &UrlIdna);
    to_js(&CoverageDto::new(&analysis.report.policy, &analysis.coverage))
}
