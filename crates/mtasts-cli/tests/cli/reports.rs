//! `mtasts reports`: reports made here in the shapes Google, Microsoft and the RFC example
//! use, gzipped, mailed and exported as mbox; every figure checked against sums worked out
//! by hand in the comments.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::{Run, mtasts as cli};

/// Every result type RFC 8460 §4.3 registers, and whether it blocks `enforce`.
const RESULT_TYPES: [(&str, bool); 11] = [
    ("starttls-not-supported", true),
    ("certificate-host-mismatch", true),
    ("certificate-expired", true),
    ("certificate-not-trusted", true),
    ("validation-failure", true),
    ("tlsa-invalid", false),
    ("dnssec-invalid", false),
    ("dane-required", false),
    ("sts-policy-fetch-error", true),
    ("sts-policy-invalid", true),
    ("sts-webpki-invalid", true),
];

const TESTING_POLICY: [&str; 4] = ["version: STSv1", "mode: testing", "mx: mx1.example.com", "max_age: 86400"];

/// `2024-05-DD` for day `n` (1-based) of May 2024.
fn date(day: u32) -> String {
    format!("2024-05-{day:02}")
}

/// A failure: result type, receiving MX, failed sessions.
type Failure<'a> = (&'a str, &'a str, u64);

/// Google's shape: `mx-host` as an array, `policy-string`, every failure member.
fn google(day: u32, successful: u64, failures: &[Failure<'_>]) -> String {
    let failed: u64 = failures.iter().map(|f| f.2).sum();
    let details: Vec<Value> = failures
        .iter()
        .map(|(t, mx, n)| json!({"result-type": t, "sending-mta-ip": "209.85.220.41", "receiving-mx-hostname": mx, "receiving-ip": "192.0.2.25", "failed-session-count": n}))
        .collect();
    json!({
        "organization-name": "Google Inc.",
        "date-range": {"start-datetime": format!("{}T00:00:00Z", date(day)), "end-datetime": format!("{}T23:59:59Z", date(day))},
        "contact-info": "smtp-tls-reporting@google.com",
        "report-id": format!("{}T00:00:00Z_example.com", date(day)),
        "policies": [{
            "policy": {"policy-type": "sts", "policy-string": TESTING_POLICY, "policy-domain": "example.com", "mx-host": ["mx1.example.com"]},
            "summary": {"total-successful-session-count": successful, "total-failure-session-count": failed},
            "failure-details": details,
        }],
    })
    .to_string()
}

/// Microsoft's shape: pretty-printed, `mx-host` a string, failures without `sending-mta-ip`.
fn microsoft(day: u32, successful: u64, failures: &[Failure<'_>]) -> String {
    let failed: u64 = failures.iter().map(|f| f.2).sum();
    let details: Vec<Value> = failures
        .iter()
        .map(|(t, mx, n)| json!({"result-type": t, "receiving-mx-hostname": mx, "receiving-ip": "192.0.2.25", "failed-session-count": n}))
        .collect();
    let mut report = json!({
        "organization-name": "Microsoft Corporation",
        "date-range": {"start-datetime": format!("{}T00:00:00Z", date(day)), "end-datetime": format!("{}T00:00:00Z", date(day + 1))},
        "contact-info": "tlsrpt-noreply@microsoft.com",
        "report-id": format!("1336{day:04}+example.com"),
        "policies": [{
            "policy": {"policy-type": "sts", "policy-string": TESTING_POLICY, "policy-domain": "example.com", "mx-host": "mx1.example.com"},
            "summary": {"total-successful-session-count": successful, "total-failure-session-count": failed},
        }],
    });
    if !details.is_empty() {
        report["policies"][0]["failure-details"] = json!(details);
    }
    serde_json::to_string_pretty(&report).expect("JSON")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let n = chunk.iter().enumerate().fold(0u32, |n, (j, &b)| n | u32::from(b) << (16 - 8 * j));
        for j in 0..4 {
            out.push(if j <= chunk.len() { ALPHABET[(n >> (18 - 6 * j) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// A report mail as senders send it (RFC 8460 §5.3): multipart/report, the gzipped report
/// attached in base64.
fn mail(report: &str, name: &str) -> String {
    format!(
        "From: noreply-smtp-tls-reporting@google.com\r\nTo: tlsrpt@example.com\r\nSubject: Report Domain: example.com Submitter: google.com Report-ID: <{name}>\r\n\
         TLS-Report-Domain: example.com\r\nTLS-Report-Submitter: google.com\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=\"tlsrpt\"; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n\r\nThis is an aggregate TLS report from google.com\r\n\
         --b1\r\nContent-Type: application/tlsrpt+gzip; name=\"{name}.json.gz\"\r\nContent-Transfer-Encoding: base64\r\n\
         Content-Disposition: attachment; filename=\"{name}.json.gz\"\r\n\r\n{}\r\n--b1--\r\n",
        base64(&gzip(report.as_bytes()))
    )
}

/// A fresh scratch folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mtasts-reports-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("scratch file");
    path.display().to_string()
}

fn reports(args: &[&str]) -> Run {
    let mut all = vec!["reports", "--format", "json"];
    all.extend_from_slice(args);
    cli(&all, b"")
}

#[test]
fn fourteen_clean_days_from_two_senders_are_ready() {
    let dir = folder("ready");
    for day in 1..=14 {
        write(&dir, &format!("google-{day}.json"), google(day, 100, &[]));
        write(&dir, &format!("microsoft-{day}.json.gz"), gzip(microsoft(day, 40, &[]).as_bytes()));
    }
    let run = reports(&[&dir.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stdout());
    let json = run.json();
    assert_eq!(json["schema"], "mtasts-reports/1");
    // 14 days × (100 + 40) successful sessions.
    assert_eq!((json["files"].as_u64(), json["reports"].as_u64()), (Some(28), Some(28)));
    assert_eq!(json["sessions"]["successful"], 1960);
    assert_eq!(json["sessions"]["failed"], 0);
    assert_eq!(json["by_policy_type"]["sts"]["successful"], 1960);
    assert_eq!(json["by_day"].as_array().map(Vec::len), Some(14));
    assert_eq!(json["by_day"][0]["successful"], 140);
    assert_eq!(json["by_organization"][1]["organization"], "Microsoft Corporation");
    assert_eq!(json["by_organization"][1]["successful"], 560);
    assert_eq!(json["ready_for_enforce"], true, "{}", json["blockers"]);
    assert_eq!(json["window"], json!({"from": "2024-05-01", "to": "2024-05-14"}));
    // Google's mx-host arrays are noted, never counted as problems that stop the verdict.
    assert_eq!(json["problem_counts"]["tlsrpt-report/mx-host-array"], 14);
    assert_eq!(json["problems"].as_array().map(Vec::len), Some(14));
}

#[test]
fn thirteen_days_or_one_sender_are_not_ready_and_say_why() {
    let dir = folder("not-ready");
    for day in 2..=14 {
        write(&dir, &format!("google-{day}.json"), google(day, 10, &[]));
    }
    let run = reports(&[&dir.display().to_string()]);
    assert_eq!(run.code, 0, "clean but not ready is status 0");
    let json = run.json();
    assert_eq!(json["ready_for_enforce"], false);
    let kinds: Vec<&str> = json["blockers"].as_array().into_iter().flatten().filter_map(|b| b["kind"].as_str()).collect();
    assert_eq!(kinds, ["too-few-days", "too-few-organizations"]);
    assert!(json["blockers"][0]["message"].as_str().unwrap_or("").contains("13 consecutive day(s), 2024-05-02 to 2024-05-14"));
}

#[test]
fn every_result_type_is_counted_explained_and_blocks_when_sts_related() {
    let dir = folder("result-types");
    // Day 14: result type i fails i + 1 times at mx1 (Google) and once at mx2 (Microsoft).
    let google_failures: Vec<Failure<'_>> =
        RESULT_TYPES.iter().enumerate().map(|(i, (t, _))| (*t, "mx1.example.com", i as u64 + 1)).collect();
    let mut microsoft_failures: Vec<Failure<'_>> = RESULT_TYPES.iter().map(|(t, _)| (*t, "mx2.example.com", 1)).collect();
    microsoft_failures.push(("tls-handshake-timeout", "mx2.example.com", 5));
    for day in 1..=13 {
        write(&dir, &format!("g{day}.json"), google(day, 10, &[]));
        write(&dir, &format!("m{day}.json"), microsoft(day, 10, &[]));
    }
    write(&dir, "g14.json", google(14, 10, &google_failures));
    write(&dir, "m14.json", microsoft(14, 10, &microsoft_failures));
    let run = reports(&[&dir.display().to_string()]);
    assert_eq!(run.code, 1, "failures found");
    let json = run.json();
    // Google: 1 + 2 + … + 11 = 66; Microsoft: 11 × 1 + 5 = 16.
    assert_eq!(json["sessions"]["failed"], 82);
    assert_eq!(json["sessions"]["successful"], 280);
    for (i, (t, _)) in RESULT_TYPES.iter().enumerate() {
        assert_eq!(json["by_result_type"][t], i as u64 + 2, "{t}");
    }
    assert_eq!(json["by_result_type"]["tls-handshake-timeout"], 5);
    assert_eq!(json["by_mx"][0]["mx"], "mx1.example.com");
    assert_eq!(json["by_mx"][0]["failed"], 66);
    assert_eq!(json["by_mx"][1]["failed"], 16);
    for entry in json["result_types"].as_array().into_iter().flatten() {
        assert!(entry["explanation"].as_str().is_some_and(|s| s.len() > 20), "{entry}");
        assert!(entry["advice"].as_str().is_some_and(|s| s.len() > 20), "{entry}");
    }
    // 8 STS-related types × 2 MX hosts block; DANE types and the unknown one do not.
    let blockers: Vec<&Value> = json["blockers"].as_array().into_iter().flatten().collect();
    assert_eq!(blockers.len(), 16, "{}", json["blockers"]);
    assert!(blockers.iter().all(|b| b["kind"] == "failures" && b["since"] == "2024-05-14"));
    assert!(!blockers.iter().any(|b| b["result_type"] == "tlsa-invalid" || b["result_type"] == "tls-handshake-timeout"));
    let expired = blockers.iter().find(|b| b["mx"] == "mx1.example.com" && b["result_type"] == "certificate-expired").expect("blocker");
    assert_eq!(expired["failed"], 3);
    // Microsoft's details lack sending-mta-ip: noted, counted.
    assert_eq!(json["problem_counts"]["tlsrpt-report/sending-mta-ip-missing"], 12);
    assert_eq!(json["problem_counts"]["tlsrpt-report/result-type-unknown"], 1);
}

#[test]
fn failures_before_the_window_are_history() {
    let dir = folder("history");
    write(&dir, "g1.json", google(1, 10, &[("certificate-expired", "mx1.example.com", 7)]));
    for day in 2..=16 {
        write(&dir, &format!("g{day}.json"), google(day, 10, &[]));
        write(&dir, &format!("m{day}.json"), microsoft(day, 10, &[]));
    }
    let json = reports(&[&dir.display().to_string()]).json();
    assert_eq!(json["ready_for_enforce"], true, "{}", json["blockers"]);
    assert_eq!(json["by_result_type"]["certificate-expired"], 7);
}

#[test]
fn mails_mailboxes_and_duplicates() {
    let dir = folder("mail");
    let day1 = google(1, 30, &[]);
    let day2 = google(2, 20, &[("starttls-not-supported", "mx1.example.com", 4)]);
    let day3 = microsoft(3, 50, &[]);
    write(&dir, "day1.eml", mail(&day1, "day1"));
    write(&dir, "day1-again.json", &day1);
    let other = "From: friend@example.org\r\nSubject: lunch?\r\n\r\nNo report here.\r\n";
    let mbox = format!(
        "From MAILER-DAEMON Thu May  2 00:00:00 2024\r\n{}\r\nFrom friend@example.org Thu May  2 12:00:00 2024\r\n{other}\r\nFrom MAILER-DAEMON Fri May  3 00:00:00 2024\r\n{}\r\n",
        mail(&day2, "day2"),
        mail(&day3, "day3")
    );
    write(&dir, "export.mbox", mbox);
    let run = reports(&[&dir.display().to_string()]);
    assert_eq!(run.code, 1, "{}", run.stdout());
    let json = run.json();
    // day1 once (the copy is a duplicate) + day2 + day3: 30 + 20 + 50 successful, 4 failed.
    assert_eq!((json["reports"].as_u64(), json["duplicates"].as_u64()), (Some(3), Some(1)));
    assert_eq!(json["sessions"]["successful"], 100);
    assert_eq!(json["sessions"]["failed"], 4);
    let problems = json["problems"].as_array().cloned().unwrap_or_default();
    let duplicate = problems.iter().find(|p| p["code"] == "tlsrpt-report/duplicate-report").expect("duplicate noted");
    assert!(duplicate["file"].as_str().is_some_and(|f| f.ends_with("day1.eml: day1.json.gz")), "{duplicate}");
    let skipped = problems.iter().find(|p| p["code"] == "tlsrpt-report/unreadable").expect("the lunch mail is skipped");
    assert_eq!(skipped["severity"], "info");
    assert!(skipped["file"].as_str().is_some_and(|f| f.ends_with("export.mbox (message 2)")), "{skipped}");
}

#[test]
fn a_gzip_bomb_is_refused_not_read_into_memory() {
    let dir = folder("bomb");
    let bomb = gzip(&vec![b' '; 17 * 1024 * 1024]);
    assert!(bomb.len() < 100 * 1024);
    let path = write(&dir, "bomb.json.gz", bomb);
    let run = reports(&[&path]);
    assert_eq!(run.code, 2);
    let json = run.json();
    assert_eq!(json["problems"][0]["code"], "tlsrpt-report/unreadable");
    assert!(json["problems"][0]["message"].as_str().is_some_and(|m| m.contains("larger than 16 MiB once decompressed")), "{json}");
    let broken = write(&dir, "broken.json.gz", b"\x1f\x8b\x08\x00garbage");
    let json = reports(&[&broken]).json();
    assert!(json["problems"][0]["message"].as_str().is_some_and(|m| m.contains("gzip data is broken")), "{json}");
}

#[test]
fn malformed_reports_are_positioned_and_unreadable() {
    let dir = folder("malformed");
    let good = microsoft(1, 10, &[]);
    // Pretty-printed: line 5 is `"report-id": …`; break it there.
    let cut = good.replace("\"report-id\":", "\"report-id\"");
    let line = cut.lines().position(|l| l.contains("\"report-id\"")).expect("line") + 1;
    let column = cut.lines().nth(line - 1).and_then(|l| l.find('"').map(|c| c + "\"report-id\" ".len() + 1)).expect("column");
    let path = write(&dir, "cut.json", &cut);
    let counts =
        write(&dir, "counts.json", good.replace("\"total-successful-session-count\": 10", "\"total-successful-session-count\": -10"));
    write(&dir, "good.json", &good);
    let run = reports(&[&dir.display().to_string()]);
    assert_eq!(run.code, 2);
    let json = run.json();
    assert_eq!(json["reports"], 1, "only good.json is counted");
    let problems = json["problems"].as_array().cloned().unwrap_or_default();
    let invalid = problems.iter().find(|p| p["file"] == path.as_str()).expect("cut.json");
    assert_eq!(invalid["code"], "tlsrpt-report/json-invalid");
    assert_eq!((invalid["line"].as_u64(), invalid["column"].as_u64()), (Some(line as u64), Some(column as u64)), "{invalid}");
    let negative = problems.iter().find(|p| p["file"] == counts.as_str()).expect("counts.json");
    assert_eq!(negative["code"], "tlsrpt-report/value-invalid");
}

#[test]
fn senders_on_an_older_policy_are_named() {
    let dir = folder("policy");
    write(&dir, "g1.json", google(1, 10, &[]));
    let current = write(&dir, "../current-policy.txt", "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n");
    let json = reports(&["--policy", &current, &dir.display().to_string()]).json();
    let seen = &json["policies_seen"][0];
    assert_eq!(seen["mode"], "testing");
    assert_eq!(seen["current"], false);
    assert!(
        seen["note"].as_str().is_some_and(|n| n.contains("Google Inc.") && n.contains("`id`") && n.contains("86400 seconds")),
        "{seen}"
    );
    let same = write(&dir, "../same-policy.txt", TESTING_POLICY.join("\n"));
    let json = reports(&["--policy", &same, &dir.display().to_string()]).json();
    assert_eq!(json["policies_seen"][0]["current"], true);
}

#[test]
fn the_rfc_example_and_text_and_markdown() {
    let dir = folder("rfc");
    let rfc = json!({
        "organization-name": "Company-X",
        "date-range": {"start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z"},
        "contact-info": "sts-reporting@company-x.example",
        "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
        "policies": [{
            "policy": {"policy-type": "sts", "policy-string": ["version: STSv1", "mode: testing", "mx: *.mail.company-y.example", "max_age: 86400"],
                       "policy-domain": "company-y.example", "mx-host": "*.mail.company-y.example"},
            "summary": {"total-successful-session-count": 5326, "total-failure-session-count": 303},
            "failure-details": [
                {"result-type": "certificate-expired", "sending-mta-ip": "2001:db8:abcd:0012::1", "receiving-mx-hostname": "mx1.mail.company-y.example", "failed-session-count": 100},
                {"result-type": "starttls-not-supported", "sending-mta-ip": "2001:db8:abcd:0013::1", "receiving-mx-hostname": "mx2.mail.company-y.example", "receiving-ip": "203.0.113.56", "failed-session-count": 200},
                {"result-type": "validation-failure", "sending-mta-ip": "198.51.100.62", "receiving-ip": "203.0.113.58", "receiving-mx-hostname": "mx-backup.mail.company-y.example", "failed-session-count": 3, "failure-reason-code": "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"}
            ]
        }]
    });
    let path = write(&dir, "rfc.json", serde_json::to_string_pretty(&rfc).expect("JSON"));
    let json = reports(&[&path]).json();
    // 5326 / (5326 + 303) = 0.94617…
    assert_eq!(json["sessions"]["success_rate"], 0.9462);
    assert_eq!(json["by_result_type"], json!({"certificate-expired": 100, "starttls-not-supported": 200, "validation-failure": 3}));
    let text = cli(&["reports", &path], b"");
    assert_eq!(text.code, 1);
    let shown = text.stdout().replace(&path, "rfc.json");
    insta::assert_snapshot!("reports_rfc_example_text", shown);
    let markdown = cli(&["reports", "--format", "markdown", &path], b"").stdout();
    assert!(markdown.contains("| 2016-04-01 | 5326 | 303 | 94.62% | Company-X |"), "{markdown}");
    assert!(markdown.contains("| `starttls-not-supported` | 200 | 2016-04-01 | 2016-04-01 |"), "{markdown}");
}

#[test]
fn a_missing_path_is_an_error() {
    let run = cli(&["reports", "/no/such/folder"], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read /no/such/folder"), "{}", run.stderr);
}

/// A year of daily reports from a dozen senders (12 × 365 = 4,380 files, half gzipped):
/// `cargo test --release -p mtasts-cli --test cli -- --ignored --nocapture year_of_reports`.
#[test]
#[ignore = "a speed figure for docs/BENCHMARKS.md, not a check"]
fn year_of_reports() {
    let dir = folder("year");
    let start = std::time::Instant::now();
    for sender in 0..12 {
        for day in 0..365i32 {
            let mut report: Value =
                serde_json::from_str(&google(1, 100 + u64::from(day.unsigned_abs()), &[("certificate-expired", "mx1.example.com", 1)]))
                    .expect("JSON");
            report["organization-name"] = json!(format!("Sender {sender}"));
            report["report-id"] = json!(format!("{sender}-{day}"));
            let date = mtasts::aggregate::Day(19_723 + day);
            report["date-range"]["start-datetime"] = json!(format!("{date}T00:00:00Z"));
            report["date-range"]["end-datetime"] = json!(format!("{date}T23:59:59Z"));
            let text = report.to_string();
            if day % 2 == 0 {
                write(&dir, &format!("{sender}-{day}.json.gz"), gzip(text.as_bytes()));
            } else {
                write(&dir, &format!("{sender}-{day}.json"), text);
            }
        }
    }
    eprintln!("made 4,380 reports in {:?}", start.elapsed());
    let start = std::time::Instant::now();
    let run = reports(&[&dir.display().to_string()]);
    let elapsed = start.elapsed();
    assert_eq!(run.json()["reports"], 4380);
    eprintln!("mtasts reports: 4,380 files in {elapsed:?}");
}
