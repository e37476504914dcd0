//! The work and output budgets of docs/ROBUSTNESS.md ("Budgets"), at the sizes of the
//! inputs that once froze the page (issue 15). Linear time is asserted, never timed: each
//! case runs at `n` and `2n` and the steps counted by `mtasts::work` (or the size of the
//! output) may grow at most [`MAX_GROWTH`] times. A quadratic loop would grow 4 times.

use std::fmt::Write as _;

use mtasts::check::{
    CheckOptions, CheckReport, Checker, DnsAnswer, DnsRecord, FetchResult, Rcode, RecordData, RecordType, RequestKind, Response,
};
use mtasts::diagnostic::Edit;
use mtasts::{Code, Fix, TextRange, default_idna, fix, mx, policy, record, work};

/// How much the work may grow when the input doubles, in tenths (2, with room for
/// `n log n` terms; a quadratic loop grows 40 tenths).
const MAX_GROWTH_TENTHS: u64 = 22;

/// Runs `case` at `n` and `2n` and asserts that the steps grow at most [`MAX_GROWTH_TENTHS`].
fn assert_linear_steps<T>(what: &str, n: usize, case: impl Fn(usize) -> T) -> (T, T) {
    let (small, small_steps) = work::measure(|| case(n));
    let (large, large_steps) = work::measure(|| case(2 * n));
    assert_growth(what, "steps", small_steps, large_steps);
    (small, large)
}

fn assert_growth(what: &str, unit: &str, small: u64, large: u64) {
    assert!(small > 0, "{what}: no {unit} counted (is the `work-counters` feature on?)");
    assert!(large * 10 <= small * MAX_GROWTH_TENTHS, "{what}: {small} → {large} {unit} when the input doubles");
}

/// `count` patterns: exact names and wildcards, in turn.
fn patterns(count: usize) -> Vec<String> {
    (0..count).map(|i| if i % 2 == 0 { format!("mx{i}.example.com") } else { format!("*.p{i}.example.net") }).collect()
}

/// `count` hosts: covered ones, near misses (a wildcard one label too high) and strangers.
fn hosts(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| match i % 3 {
            0 => format!("mx{}.example.com", 2 * i),
            1 => format!("a.b.p{}.example.net", 2 * i + 1),
            _ => format!("h{i}.example.org"),
        })
        .collect()
}

/// What a coverage says, in bytes: every explanation and every verdict.
fn coverage_size(cov: &mx::Coverage) -> usize {
    cov.hosts.iter().map(|h| h.explanation.len() + h.results.iter().map(|(p, r)| p.len() + r.explanation.len()).sum::<usize>()).sum()
}

/// 2,000 patterns × 500 hosts (the match preview that took 50 s): no host is compared with
/// every pattern, and each host carries at most `MAX_TABLE_PATTERNS` verdicts.
#[test]
fn coverage_is_linear_in_hosts_and_patterns() {
    let (small, large) = assert_linear_steps("coverage", 250, |n| mx::coverage(&patterns(4 * n), &hosts(n), default_idna()));
    assert_growth(
        "coverage",
        "bytes",
        u64::try_from(coverage_size(&small)).expect("fits"),
        u64::try_from(coverage_size(&large)).expect("fits"),
    );
    assert_eq!(large.hosts.len(), 500);
    assert!(large.hosts.iter().all(|h| h.results.len() == mx::MAX_TABLE_PATTERNS));
    assert_eq!(large.table_patterns.len(), mx::MAX_TABLE_PATTERNS);
    let by_kind: Vec<_> = large.hosts[..3].iter().map(|h| (h.matched_by.as_deref(), h.explanation.as_str())).collect();
    assert_eq!(
        by_kind,
        [
            (Some("mx0.example.com"), "`mx0.example.com` is exactly the host named by `mx0.example.com`"),
            (
                None,
                "`*.p3.example.net`: `*` stands for exactly one label, but `a.b.p3.example.net` has 2 labels (`a.b`) in front of `p3.example.net`"
            ),
            (None, "no `mx` pattern is `h2.example.org` or `*.example.org`"),
        ]
    );
}

/// Each distinct pattern counts once: a policy that repeats one pattern is as cheap as one
/// that names it once, and the pattern is listed (as unused) once.
#[test]
fn coverage_reads_each_distinct_pattern_once() {
    let repeated = vec!["*.example.net".to_string(); 4_000];
    let (cov, steps) = work::measure(|| mx::coverage(&repeated, &hosts(300), default_idna()));
    let (_, once) = work::measure(|| mx::coverage(&repeated[..1], &hosts(300), default_idna()));
    assert_eq!(steps, once);
    assert_eq!(cov.unused_patterns, ["*.example.net"]);
}

/// A policy of 4,720 patterns (59 KB) and an MX answer of 1,001 hosts: `checkDomain` once
/// built 404 M characters of messages. Now the first `MAX_EXPLAINED_HOSTS` hosts and
/// patterns are explained, the others counted, and the whole check is linear.
#[test]
fn check_with_a_thousand_mx_hosts_and_thousands_of_patterns() {
    let check = |n: usize| {
        let mut body = String::from("version: STSv1\nmode: enforce\nmax_age: 86400\n");
        for i in 0..n * 472 / 100 {
            writeln!(body, "mx: {i}.a.b").expect("writing to a String");
        }
        let hosts: Vec<String> = (0..n).map(|i| format!("h{i}.example.org.")).collect();
        assert!(body.len() <= 64 * 1024, "a policy senders accept");
        run_check(body.as_bytes(), &hosts)
    };
    let (small, large) = assert_linear_steps("check", 500, check);
    let coverage = |report: &CheckReport| report.check(mtasts::check::CheckId::MxCoverage).expect("reported").diagnostics.clone();
    let (small, large) = (coverage(&small), coverage(&large));
    assert_eq!(large.len(), 2 * (mx::MAX_EXPLAINED_HOSTS + 1), "explained ones, then one count each for hosts and patterns");
    assert_eq!(large.iter().filter(|d| d.code == Code::CheckMxNotCovered).count(), mx::MAX_EXPLAINED_HOSTS + 1);
    let bytes = |d: &[mtasts::Diagnostic]| d.iter().map(|d| d.message.len()).sum::<usize>();
    assert!(bytes(&large) < 16 * 1024, "{} bytes of messages", bytes(&large));
    assert!(bytes(&large) <= bytes(&small) + 100, "capped: the same messages but for the counts");
    assert!(
        large.last().expect("counted").message.starts_with("4700 more patterns cover none"),
        "{}",
        large.last().expect("counted").message
    );
}

/// Runs the domain check of `example.com` with `body` as its policy and `hosts` as its MX.
fn run_check(body: &[u8], hosts: &[String]) -> CheckReport {
    let mut checker = Checker::new("example.com", CheckOptions::default(), 0).expect("valid domain");
    let requests: Vec<_> = std::iter::from_fn(|| checker.poll_request()).collect();
    let answer = |records| Response::Dns(DnsAnswer { rcode: Rcode::NoError, records, authenticated_data: false });
    for r in &requests {
        let response = match &r.kind {
            RequestKind::Fetch { .. } => Response::Fetch(FetchResult {
                status: 200,
                redirect_location: None,
                content_type: Some("text/plain".into()),
                body: body.to_vec(),
                truncated: false,
            }),
            RequestKind::Dns { name, rtype: RecordType::Mx } => {
                answer(hosts.iter().map(|h| DnsRecord { name: name.clone(), data: RecordData::Mx(10, h.clone()) }).collect())
            }
            RequestKind::Dns { name, rtype: RecordType::A } => {
                answer(vec![DnsRecord { name: name.clone(), data: RecordData::A([192, 0, 2, 1].into()) }])
            }
            RequestKind::Dns { name, rtype: RecordType::Txt } if name.starts_with("_mta-sts.") => {
                answer(vec![DnsRecord { name: name.clone(), data: RecordData::Txt(vec!["v=STSv1; id=1".into()]) }])
            }
            RequestKind::Dns { .. } | RequestKind::TlsProbe { .. } => answer(Vec::new()),
        };
        assert!(checker.handle_response(r.id, response));
    }
    checker.report()
}

/// The CLI's and the page's "Fix all" on 64k blank lines took 20 s (each fix compared with
/// every accepted one).
#[test]
fn fix_all_of_tens_of_thousands_of_blank_lines_is_linear() {
    let header = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n";
    let (_, (fixed, count)) = assert_linear_steps("fix all, blank lines", 32_000, |n| {
        let text = format!("{header}{}", "\n".repeat(n));
        policy::fix_all_counted(text.as_bytes(), default_idna())
    });
    assert_eq!((fixed.as_slice(), count), (header.as_bytes(), 64_000));
}

/// 100k duplicate `mx` lines ran past a minute (here 25k and 50k, to keep the test fast).
#[test]
fn fix_all_of_many_duplicate_mx_lines_is_linear() {
    let header = "version: STSv1\nmode: enforce\nmax_age: 86400\n";
    let (_, (fixed, count)) = assert_linear_steps("fix all, duplicate mx", 25_000, |n| {
        let text = format!("{header}{}", "mx: mail.example.com\n".repeat(n));
        policy::fix_all_counted(text.as_bytes(), default_idna())
    });
    assert!(count > 0);
    assert!(policy::lint(&fixed).diagnostics.iter().all(|d| d.fix.is_none()), "nothing left to fix");
}

/// Fixes that all clash with one accepted before them, and fixes of several edits: each edit
/// is checked against the accepted ones once, in O(log n).
#[test]
fn apply_fixes_is_n_log_n() {
    let (_, (out, applied)) = assert_linear_steps("apply_fixes", 20_000, |n| {
        let text = vec![b'.'; 4 * n];
        let mut fixes = vec![Fix::safe("all", Edit::replace(TextRange::new(0, 2 * n as u32), "#"))];
        for i in 0..n as u32 {
            fixes.push(Fix::safe("inside", Edit::insert(2 * i + 1, "x")));
            let pair = [Edit::insert(2 * n as u32 + 2 * i, "a"), Edit::insert(2 * n as u32 + 2 * i + 1, "b")];
            fixes.push(Fix { edits: pair.to_vec(), ..Fix::safe("pair", Edit::insert(0, "")) });
        }
        let refs: Vec<&Fix> = fixes.iter().collect();
        fix::apply_fixes(&text, &refs)
    });
    assert_eq!(applied, 1 + 40_000);
    assert_eq!(out.len(), 1 + 80_000 + 2 * 40_000);
}

/// `v=STSv1; id=1; ` then 128,000 × `x=\x01y; ` took 6.9 s (every field scanned every bad
/// character's position); the same for TLS-RPT.
#[test]
fn tag_lexing_with_a_bad_character_in_every_field_is_linear() {
    for head in ["v=STSv1; id=1; ", "v=TLSRPTv1; rua=mailto:tls@example.com; "] {
        let lint = |n: usize| {
            let text = format!("{head}{}", "x=\u{1}y; ".repeat(n));
            let report =
                if head.starts_with("v=STS") { record::lint_sts(&[text]).diagnostics } else { record::lint_tlsrpt(&[text]).diagnostics };
            report.iter().map(|d| (d.code, d.range)).collect::<Vec<_>>()
        };
        let (small, large) = assert_linear_steps(head, 64_000, lint);
        assert_eq!(small.len(), large.len(), "{head}: capped per code");
        assert_eq!(small[..10], large[..10], "{head}");
    }
}
