//! The sans-I/O domain check fed an arbitrary input and arbitrary scripted
//! responses (format: `mtasts_fuzz::decode_script`). Never panics; the request
//! protocol holds (six requests, first answer wins, unknown ids refused);
//! `report()` always succeeds, after every accepted answer; and the honesty rule
//! holds: a check whose answer is missing or opaque is never a pass or a fail.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::Severity;
use mtasts::check::{CheckId, CheckOptions, CheckReport, CheckStatus, Checker, FailureKind, Response, TimeoutBy};
use mtasts::domain;
use mtasts_fuzz::{assert_diagnostics, decode_script};

const NOW: u64 = 1_767_225_600_000;
// Slots: 0 `_mta-sts` TXT, 1 `_smtp._tls` TXT, 2 MX, 3 A, 4 AAAA, 5 fetch.
const SLOTS: usize = 6;

/// The answer for a slot says nothing: none yet, a failure nobody could see into, or the
/// checker's own deadline.
fn opaque(r: Option<&Response>) -> bool {
    matches!(r, None | Some(Response::Failed(FailureKind::CouldNotVerify(_) | FailureKind::Timeout(TimeoutBy::Checker))))
}

fn assert_report(checker: &Checker, report: &CheckReport, answers: &[Option<Response>; SLOTS]) {
    assert_eq!(report.domain, checker.domain());
    assert_eq!(report.checked_at, NOW);
    let ids: Vec<&str> = report.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "sts-record",
            "tlsrpt-record",
            "mx",
            "policy-host",
            "policy-host-tls",
            "policy-fetch",
            "policy-syntax",
            "mx-coverage",
            "mx-tls",
            "consistency"
        ]
    );
    for c in &report.checks {
        assert!(!c.reproduce.is_empty(), "{}: no reproduce command", c.id);
        if c.status == CheckStatus::Pass {
            assert!(
                c.diagnostics.iter().all(|d| d.severity == Severity::Info),
                "{}: pass with a warning or error: {:?}",
                c.id,
                c.diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
            );
        }
        for d in &c.diagnostics {
            assert!(!d.message.is_empty(), "{}: {} has no message", c.id, d.code);
        }
    }
    // Honesty: nothing seen, nothing judged.
    let status = |id: &str| CheckId::parse(id).and_then(|id| report.check(id)).map(|c| c.status).expect("every check is reported");
    let unjudged = |s: CheckStatus| matches!(s, CheckStatus::CouldNotVerify | CheckStatus::Skipped);
    let a = |slot: usize| answers[slot].as_ref();
    for (slot, id) in [(0, "sts-record"), (1, "tlsrpt-record"), (2, "mx")] {
        if opaque(a(slot)) {
            assert!(unjudged(status(id)), "{id} judged {:?} without an answer", status(id));
        }
    }
    // Without TLS probes (this target's options) nothing about certificates is known.
    for id in ["policy-host-tls", "mx-tls"] {
        assert_eq!(status(id), CheckStatus::Skipped, "{id} judged without a TLS probe");
    }
    if opaque(a(3)) && opaque(a(4)) {
        assert!(unjudged(status("policy-host")), "policy-host judged without an answer");
    }
    if a(5).is_none() {
        assert!(unjudged(status("policy-fetch")), "policy-fetch judged without an answer");
        assert!(report.policy.is_none());
    }
    if matches!(a(5), Some(Response::Failed(FailureKind::Timeout(TimeoutBy::Checker)))) {
        assert!(unjudged(status("policy-fetch")), "policy-fetch judged for the checker's own deadline");
    }
    // Agreement of record and policy needs both: an unseen policy may exist without its record
    // (or be missing behind a valid one). A fetch that could not be seen is explained, and so
    // judged, only when DNS proved the policy host has no address (policy-host fails).
    let fetch_unseen = match a(5) {
        None => true,
        Some(Response::Failed(FailureKind::CouldNotVerify(_))) => status("policy-host") != CheckStatus::Fail,
        Some(Response::Failed(FailureKind::Timeout(TimeoutBy::Checker))) => true,
        Some(_) => false,
    };
    if opaque(a(0)) || fetch_unseen {
        assert!(unjudged(status("consistency")), "consistency judged {:?} without the record or the policy", status("consistency"));
    }
    // Embedded record and policy diagnostics point into their texts.
    if let Some(sts) = &report.sts {
        assert_diagnostics(sts.text.as_bytes(), &sts.diagnostics);
    }
    if let Some(t) = &report.tlsrpt {
        assert_diagnostics(t.text.as_bytes(), &t.diagnostics);
    }
    if let (Some(p), Some(Response::Fetch(f))) = (&report.policy, a(5)) {
        assert_diagnostics(&f.body, &p.diagnostics);
    }
}

fuzz_target!(|data: &[u8]| {
    let script = decode_script(data);
    let options = CheckOptions { previous: script.previous, idna: None, tls_probes: false };
    let Ok(mut checker) = Checker::new(&script.input, options, NOW) else { return };
    let d = checker.domain().to_string();
    assert!(domain::check(&d).is_ok(), "accepted domain {d:?} is not a valid name");
    assert!(d.contains('.') && d == d.to_ascii_lowercase() && !d.ends_with('.'), "domain {d:?}");

    let mut ids = Vec::new();
    while let Some(r) = checker.poll_request() {
        ids.push(r.id.0);
        assert!(ids.len() <= SLOTS, "more than six requests");
    }
    assert_eq!(ids, [0, 1, 2, 3, 4, 5]);
    assert!(checker.poll_request().is_none());

    let mut answers: [Option<Response>; SLOTS] = Default::default();
    assert_report(&checker, &checker.report(), &answers);
    for (id, response) in script.responses {
        let slot = id.0 as usize;
        let fresh = slot < SLOTS && answers[slot].is_none();
        let accepted = checker.handle_response(id, response.clone());
        assert_eq!(accepted, fresh, "handle_response({id:?}) returned {accepted}");
        if accepted {
            answers[slot] = Some(response);
            assert_report(&checker, &checker.report(), &answers);
        }
        assert_eq!(checker.is_done(), answers.iter().all(Option::is_some));
    }
});
