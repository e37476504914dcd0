//! The domain check of a probing driver (`tls_probes`: the native CLI, a page behind
//! `mtasts serve`) fed an arbitrary input and scripted answers, TLS probe facts included
//! (format: `mtasts_fuzz::decode_script`, kind `S`). Never panics; the request list grows only
//! by one STARTTLS probe per MX host (at most ten, after the MX answer), first answer wins;
//! `report()` always succeeds; a TLS check passes only on what was seen: the policy host's
//! certificate names it, chains to a trusted root and is in date, and every MX host probed
//! has answered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::check::{
    ChainTrust, CheckId, CheckOptions, CheckReport, CheckStatus, Checker, ProbeService, RequestKind, Response, TlsProbe, dns_id_matches,
};
use mtasts_fuzz::decode_script;

const NOW: u64 = 1_767_225_600_000;
/// The first requests: five DNS questions, the fetch, the policy host's TLS probe.
const FIRST: usize = 7;
/// At most this many MX hosts are probed (`check::MAX_PROBED_MX_HOSTS`).
const MX_PROBES: usize = 10;

fn status(report: &CheckReport, id: CheckId) -> CheckStatus {
    report.check(id).map(|c| c.status).expect("every check is reported")
}

fn assert_report(report: &CheckReport, kinds: &[RequestKind], answers: &[Option<Response>]) {
    let now = (NOW / 1000) as i64;
    if status(report, CheckId::PolicyHostTls) == CheckStatus::Pass {
        let host = format!("mta-sts.{}", report.domain);
        let Some(Some(Response::Tls(TlsProbe::Handshake(h)))) = answers.get(6) else {
            panic!("policy-host-tls passed without a handshake: {:?}", answers.get(6));
        };
        let leaf = h.chain.first().expect("a pass has a certificate");
        assert!(leaf.dns_names.iter().any(|n| dns_id_matches(n, &host)), "passed without a DNS-ID for {host}: {leaf:?}");
        assert_eq!(h.trust, ChainTrust::Trusted, "passed an untrusted chain");
        assert!(leaf.not_before <= now && now <= leaf.not_after, "passed a certificate out of date: {leaf:?}");
    }
    if status(report, CheckId::MxTls) == CheckStatus::Pass {
        for (kind, answer) in kinds.iter().zip(answers).skip(FIRST) {
            let seen = matches!(answer, Some(Response::Tls(TlsProbe::Handshake(_) | TlsProbe::StarttlsNotOffered { .. } | TlsProbe::HandshakeFailed { .. })));
            assert!(seen, "mx-tls passed with {kind:?} answered {answer:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let script = decode_script(data);
    let options = CheckOptions { previous: script.previous, idna: None, tls_probes: true };
    let Ok(mut checker) = Checker::new(&script.input, options, NOW) else { return };

    let mut kinds = Vec::new();
    let poll = |checker: &mut Checker, kinds: &mut Vec<RequestKind>| {
        while let Some(r) = checker.poll_request() {
            assert_eq!(r.id.0 as usize, kinds.len(), "ids are issued in order");
            kinds.push(r.kind);
        }
    };
    poll(&mut checker, &mut kinds);
    assert_eq!(kinds.len(), FIRST);
    let mut answers: Vec<Option<Response>> = vec![None; FIRST];
    assert_report(&checker.report(), &kinds, &answers);
    for (id, response) in script.responses {
        let slot = id.0 as usize;
        let fresh = slot < kinds.len() && answers[slot].is_none();
        let accepted = checker.handle_response(id, response.clone());
        assert_eq!(accepted, fresh, "handle_response({id:?}) returned {accepted}");
        if !accepted {
            continue;
        }
        answers[slot] = Some(response);
        let before = kinds.len();
        poll(&mut checker, &mut kinds);
        if kinds.len() > before {
            assert_eq!(slot, 2, "only the MX answer brings new requests");
            assert!(kinds.len() - before <= MX_PROBES, "{} MX probes", kinds.len() - before);
            let mut hosts = Vec::new();
            for kind in &kinds[before..] {
                let RequestKind::TlsProbe { host, port: 25, service: ProbeService::SmtpStarttls } = kind else {
                    panic!("an MX answer asked for {kind:?}");
                };
                assert!(!hosts.contains(host), "{host} probed twice");
                hosts.push(host.clone());
            }
            answers.resize(kinds.len(), None);
        }
        assert_report(&checker.report(), &kinds, &answers);
        assert_eq!(checker.is_done(), answers.iter().all(Option::is_some));
    }
});
