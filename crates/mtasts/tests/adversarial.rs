//! Hostile and huge inputs: each must finish (in linear time) with a clear,
//! positioned diagnostic. Timing is measured in benches, never asserted here.

use std::fmt::Write as _;

use mtasts::{Code, LineIndex, policy, record};

fn codes(report: &policy::PolicyReport) -> Vec<Code> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

/// A deterministic stream of pseudo-random bytes (xorshift), so failures reproduce.
fn junk(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

#[test]
fn one_mebibyte_of_random_bytes() {
    let text = junk(1 << 20, 0x9E37_79B9_7F4A_7C15);
    let report = policy::lint(&text);
    let c = codes(&report);
    assert!(c.contains(&Code::PolicyTooLarge));
    assert!(c.contains(&Code::PolicyInvalidUtf8));
    assert!(c.contains(&Code::PolicyControlChar));
    // Capped per code, so the output stays readable.
    assert!(report.diagnostics.len() < 2000, "{}", report.diagnostics.len());
}

#[test]
fn one_mebibyte_on_a_single_line() {
    let mut text = b"version: STSv1\nmode: enforce\nmax_age: 86400\nmx: ".to_vec();
    text.extend(std::iter::repeat_n(b'a', 1 << 20));
    let report = policy::lint(&text);
    assert_eq!(codes(&report), vec![Code::PolicyMxLabelTooLong, Code::PolicyTooLarge]);
    let loc = LineIndex::new(&text).location(report.diagnostics[0].range);
    assert_eq!((loc.start.line, loc.start.column, loc.end.column), (4, 5, 5 + (1 << 20)));
}

#[test]
fn a_hundred_thousand_lines() {
    let mut text = b"version: STSv1\nmode: enforce\nmax_age: 86400\n".to_vec();
    for i in 0..100_000 {
        text.extend_from_slice(format!("mx: mx{i}.example.com\n").as_bytes());
    }
    let report = policy::lint(&text);
    assert_eq!(codes(&report), vec![Code::PolicyTooLarge]);
    assert_eq!(report.policy.mx.len(), 100_000);
}

#[test]
fn a_hundred_thousand_blank_lines_are_capped() {
    let mut text = b"version: STSv1\nmode: none\nmax_age: 86400\n".to_vec();
    text.extend(std::iter::repeat_n(b'\n', 100_000));
    let report = policy::lint(&text);
    let blank = report.diagnostics.iter().filter(|d| d.code == Code::PolicyBlankLine).count();
    assert_eq!(blank as u32, mtasts::diagnostic::MAX_PER_CODE);
    assert!(report.diagnostics.iter().any(|d| d.message.contains("not reported")));
}

#[test]
fn deep_wildcard_repetition() {
    let pattern = "*.".repeat(50_000) + "example.com";
    let text = format!("version: STSv1\nmode: enforce\nmax_age: 86400\nmx: {pattern}\n");
    let report = policy::lint(text.as_bytes());
    assert!(codes(&report).contains(&Code::PolicyMxWildcardInvalid));
    let r = mtasts::mx::match_host(&pattern, "a.example.com", mtasts::default_idna());
    assert!(!r.matched);
}

#[test]
fn every_byte_value_alone_and_in_a_value() {
    for b in 0..=255u8 {
        let byte = [b];
        let alone = policy::lint(&byte);
        assert!(!alone.is_valid(), "byte {b:#04x}");
        let mut text = b"version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\nx: a".to_vec();
        text.push(b);
        text.extend_from_slice(b"b\n");
        let report = policy::lint(&text);
        let ok = b.is_ascii_graphic() || b == b' ';
        assert_eq!(report.is_valid(), ok, "byte {b:#04x}: {:?}", codes(&report));
    }
}

#[test]
fn invalid_utf8_in_every_position_class() {
    let base = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\nnote: hello\n";
    for (i, _) in base.char_indices() {
        for bad in [&b"\xff"[..], b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xed\xa0\x80", b"\xc0\xaf"] {
            let mut text = base.as_bytes()[..i].to_vec();
            text.extend_from_slice(bad);
            text.extend_from_slice(&base.as_bytes()[i..]);
            let report = policy::lint(&text);
            let d = report.diagnostics.iter().find(|d| d.code == Code::PolicyInvalidUtf8).expect("reported");
            assert_eq!(d.range.start as usize, i, "{bad:?} at {i}");
        }
    }
}

#[test]
fn huge_txt_record_set() {
    let long = format!("v=STSv1; id={}", "a".repeat(1 << 20));
    let many: Vec<String> = (0..10_000).map(|i| format!("v=spf{i} -all")).collect();
    let r = record::lint_sts(&[long]);
    assert_eq!(r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), vec![Code::StsIdTooLong]);
    let r = record::lint_sts(&many);
    assert!(r.diagnostics.iter().any(|d| d.code == Code::StsNoRecord));
}

/// A long non-ASCII name. Found by the `check_engine` fuzz target: an MX host of 1,400
/// U+FFFD was converted (UTS 46) once per `mx` pattern in every report, 240 ms per input.
/// Now every conversion refuses a name over `idna::MAX_NAME_BYTES` first, and coverage
/// converts each host once.
fn long_unicode_name() -> String {
    format!("{}.example.com", "\u{FFFD}".repeat(20_000))
}

#[test]
fn long_unicode_names_are_refused_before_conversion() {
    let idna = mtasts::default_idna();
    let name = long_unicode_name();
    let result = mtasts::mx::match_host("*.example.com", &name, idna);
    assert_eq!(result.reason, mtasts::mx::MatchReason::InvalidHost);
    assert!(mtasts::mx::MxPattern::check(&name, idna).is_err());
    let policy = format!("version: STSv1\nmode: enforce\nmx: {name}\nmax_age: 86400\n");
    assert!(codes(&policy::lint(policy.as_bytes())).contains(&Code::PolicyMxULabel));
    let tlsrpt = record::lint_tlsrpt(&[format!("v=TLSRPTv1; rua=https://{name}/report")]);
    assert!(!tlsrpt.is_valid());
    let err = mtasts::check::Checker::new(&name, mtasts::check::CheckOptions::default(), 0).map(|_| ()).expect_err("refused");
    assert!(err.to_string().contains("not a valid internationalized domain name"), "{err}");
}

#[test]
fn long_unicode_mx_host_in_a_dns_answer() {
    use mtasts::check::{CheckOptions, Checker, DnsAnswer, DnsRecord, FetchResult, Rcode, RecordData, Response};
    let mut checker = Checker::new("example.com", CheckOptions::default(), 0).expect("valid domain");
    let requests: Vec<_> = std::iter::from_fn(|| checker.poll_request()).collect();
    let answer = |records| Response::Dns(DnsAnswer { rcode: Rcode::NoError, records, authenticated_data: false });
    let host = long_unicode_name();
    for r in &requests {
        let response = match &r.kind {
            mtasts::check::RequestKind::Fetch { .. } => Response::Fetch(FetchResult {
                status: 200,
                redirect_location: None,
                content_type: Some("text/plain".into()),
                body: b"version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 86400\n".to_vec(),
                truncated: false,
            }),
            mtasts::check::RequestKind::Dns { name, rtype: mtasts::check::RecordType::Mx } => {
                answer(vec![DnsRecord { name: name.clone(), data: RecordData::Mx(10, host.clone()) }])
            }
            mtasts::check::RequestKind::Dns { .. } | mtasts::check::RequestKind::TlsProbe { .. } => answer(Vec::new()),
        };
        assert!(checker.handle_response(r.id, response));
    }
    let report = checker.report();
    let coverage = report.check(mtasts::check::CheckId::MxCoverage).expect("reported");
    assert_ne!(coverage.status, mtasts::check::CheckStatus::Pass);
}

/// Thousands of the same fixable problem: one "Fix all" repairs every one, not the first
/// hundred per round that the diagnostics' per-code cap would leave (fuzz finding of the `fix`
/// target: a second "Fix all" still changed the text).
#[test]
fn fix_all_repairs_every_occurrence_at_once() {
    let idna = mtasts::default_idna();
    let mut text = String::from("version: STSv1\rmode: enforce\rmax_age: 86400\r");
    for i in 0..2_000 {
        write!(text, "mx: mx{i}.example.com  \r\r").expect("writing to a String");
    }
    let once = policy::fix_all(text.as_bytes(), idna);
    assert!(!once.contains(&b'\r'), "lone CRs left after one Fix all");
    assert_eq!(policy::fix_all(&once, idna), once, "a second Fix all changed the text");
    let left: Vec<_> = policy::lint_with(&once, idna).diagnostics.iter().map(|d| d.code).collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The inputs of the `fix` target's findings, as found: "Fix all" never leaves more errors
/// than before and a second "Fix all" changes nothing.
#[test]
fn fix_findings_stay_fixed() {
    let idna = mtasts::default_idna();
    let errors = |text: &[u8]| policy::lint_with(text, idna).diagnostics.iter().filter(|d| d.severity == mtasts::Severity::Error).count();
    for (name, input) in [
        ("fix-lookalike-rename", &include_bytes!("fuzz-findings/fix-lookalike-rename.bin")[..]),
        ("fix-not-idempotent", &include_bytes!("fuzz-findings/fix-not-idempotent.bin")[..]),
        ("fix-colonless-duplicate", &include_bytes!("fuzz-findings/fix-colonless-duplicate.bin")[..]),
    ] {
        let fixed = policy::fix_all(input, idna);
        assert!(errors(&fixed) <= errors(input), "{name}: more errors after Fix all");
        assert_eq!(policy::fix_all(&fixed, idna), fixed, "{name}: a second Fix all changed the text");
    }
}
