//! Drives `mtasts::check` through every scenario of `tests/scenarios/*.json` with a
//! scripted fake transport (no network): all requests must be issued before any
//! response is fed (one round trip), then the scripted responses are fed in the
//! scenario's order (a response to a request the engine asks for later, such as the
//! STARTTLS probe an MX answer brings, waits until it is asked for) and each expected
//! check status and code set is compared.
//!
//! Format: `_defaults.json` maps request keys (with `{domain}`) to a good answer;
//! a scenario's `responses` list overrides them. See `tests/scenarios/README.md`.
//! `browser_expect` and `browser_reason` are for the Chromium run (tests/e2e/check.spec.mjs)
//! and are not read here: `expect` is what the native engine must report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mtasts::check::{
    CertificateFacts, ChainTrust, CheckId, CheckOptions, CheckReport, Checker, DnsAnswer, DnsRecord, FailureKind, FetchResult, Handshake,
    PolicySource, PreviousCheck, Rcode, RecordData, RequestId, Response, TimeoutBy, TlsProbe,
};
use serde_json::Value;

fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios")
}

fn text(v: &Value) -> String {
    v.as_str().map(String::from).unwrap_or_default()
}

/// A body: a string, or `{"repeat": "x", "times": N}`.
fn body(v: &Value) -> Vec<u8> {
    match v {
        Value::String(s) => s.clone().into_bytes(),
        Value::Object(o) => text(&o["repeat"]).repeat(o["times"].as_u64().unwrap_or(0) as usize).into_bytes(),
        _ => Vec::new(),
    }
}

fn response(name: &str, v: &Value) -> Result<Response, String> {
    if let Some(fail) = v["fail"].as_str() {
        let (kind, msg) = fail.split_once(':').unwrap_or((fail, ""));
        return Ok(Response::Failed(match kind {
            "timeout" => FailureKind::Timeout(TimeoutBy::Sender),
            "deadline" => FailureKind::Timeout(TimeoutBy::Checker),
            "network" => FailureKind::Network(msg.into()),
            "could-not-verify" => FailureKind::CouldNotVerify(msg.into()),
            other => return Err(format!("unknown failure {other}")),
        }));
    }
    if let Some(outcome) = v["tls"].as_str() {
        return tls(outcome, v).map(Response::Tls);
    }
    // A browser's `opaqueredirect`: the redirect is seen, its status and `Location` are not.
    if v["opaque_redirect"].as_bool() == Some(true) {
        return Ok(Response::Fetch(FetchResult {
            status: 0,
            redirect_location: None,
            content_type: None,
            body: Vec::new(),
            truncated: false,
        }));
    }
    if let Some(status) = v["status"].as_u64() {
        return Ok(Response::Fetch(FetchResult {
            status: status as u16,
            redirect_location: v["location"].as_str().map(String::from),
            content_type: v["content_type"].as_str().map(String::from),
            body: body(&v["body"]),
            truncated: v["truncated"].as_bool().unwrap_or(false),
        }));
    }
    let rcode = match v["rcode"].as_str().unwrap_or("NOERROR") {
        "NOERROR" => Rcode::NoError,
        "NXDOMAIN" => Rcode::NxDomain,
        "SERVFAIL" => Rcode::ServFail,
        "REFUSED" => Rcode::Refused,
        other => return Err(format!("unknown rcode {other}")),
    };
    let mut records = Vec::new();
    let mut owner = name.to_string();
    for target in v["cname"].as_array().into_iter().flatten() {
        records.push(DnsRecord { name: owner.clone(), data: RecordData::Cname(text(target)) });
        owner = text(target);
    }
    push_records(&owner, v, &mut records)?;
    // Records of other names, injected into the answer (the engine must ignore them).
    for other in v["other_owners"].as_array().into_iter().flatten() {
        push_records(&text(&other["owner"]), other, &mut records)?;
    }
    Ok(Response::Dns(DnsAnswer { rcode, records, authenticated_data: v["ad"].as_bool().unwrap_or(false) }))
}

/// A TLS probe's outcome: `handshake` (with `version`, `trust` and `chain`), `unreachable` or
/// `handshake-failed` (with `message`), `starttls-not-offered` (with `reply`).
fn tls(outcome: &str, v: &Value) -> Result<TlsProbe, String> {
    Ok(match outcome {
        "handshake" => {
            let trust = match &v["trust"] {
                Value::String(t) if t == "trusted" => ChainTrust::Trusted,
                Value::Object(o) if o.contains_key("untrusted") => ChainTrust::Untrusted(text(&o["untrusted"])),
                other => return Err(format!("trust: expected \"trusted\" or {{\"untrusted\": REASON}}, got {other}")),
            };
            let chain = v["chain"].as_array().into_iter().flatten().map(certificate).collect::<Result<_, _>>()?;
            TlsProbe::Handshake(Handshake { version: v["version"].as_str().unwrap_or("TLSv1.3").to_string(), chain, trust })
        }
        "unreachable" => TlsProbe::Unreachable { message: text(&v["message"]) },
        "handshake-failed" => TlsProbe::HandshakeFailed { message: text(&v["message"]) },
        "starttls-not-offered" => TlsProbe::StarttlsNotOffered { reply: text(&v["reply"]) },
        other => return Err(format!("unknown tls outcome {other}")),
    })
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().into_iter().flatten().map(text).collect()
}

/// One certificate: `subject`, `cn` and `dns` (lists), `issuer`, `not_before` and `not_after`.
fn certificate(v: &Value) -> Result<CertificateFacts, String> {
    let cn = strings(&v["cn"]);
    Ok(CertificateFacts {
        subject: v["subject"].as_str().map_or_else(|| cn.iter().map(|c| format!("CN={c}")).collect::<Vec<_>>().join(","), String::from),
        common_names: cn,
        dns_names: strings(&v["dns"]),
        issuer: text(&v["issuer"]),
        not_before: unix_time(&v["not_before"])?,
        not_after: unix_time(&v["not_after"])?,
    })
}

/// Unix seconds from a number or `YYYY-MM-DD` (midnight UTC).
fn unix_time(v: &Value) -> Result<i64, String> {
    if let Some(n) = v.as_i64() {
        return Ok(n);
    }
    let date = v.as_str().ok_or_else(|| format!("expected a date, got {v}"))?;
    let parts: Vec<i64> = date.splitn(3, '-').map(|p| p.parse::<i64>().map_err(|e| format!("{date}: {e}"))).collect::<Result<_, _>>()?;
    let [year, month, day] = parts[..] else { return Err(format!("{date}: expected YYYY-MM-DD")) };
    // Howard Hinnant's days_from_civil.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Ok((era * 146_097 + doe - 719_468) * 86_400)
}

/// The `txt`, `mx`, `a` and `aaaa` records of `v`, owned by `owner`.
fn push_records(owner: &str, v: &Value, records: &mut Vec<DnsRecord>) -> Result<(), String> {
    let rec = |data| DnsRecord { name: owner.to_string(), data };
    for t in v["txt"].as_array().into_iter().flatten() {
        let parts = match t {
            Value::Array(a) => a.iter().map(text).collect(),
            other => vec![text(other)],
        };
        records.push(rec(RecordData::Txt(parts)));
    }
    for m in v["mx"].as_array().into_iter().flatten() {
        records.push(rec(RecordData::Mx(m[0].as_u64().unwrap_or(0) as u16, text(&m[1]))));
    }
    for a in v["a"].as_array().into_iter().flatten() {
        records.push(rec(RecordData::A(text(a).parse().map_err(|e| format!("{e}"))?)));
    }
    for a in v["aaaa"].as_array().into_iter().flatten() {
        records.push(rec(RecordData::Aaaa(text(a).parse().map_err(|e| format!("{e}"))?)));
    }
    Ok(())
}

/// Feeds the scripted answers in script order; an answer to a request the engine has not asked
/// for yet (a probe an MX answer brings) waits for a later pass. What is fed leaves `script`.
fn feed(
    checker: &mut Checker,
    script: &mut Vec<(String, Value, bool)>,
    pending: &mut BTreeMap<String, RequestId>,
    issued: &mut Vec<String>,
    errors: &mut Vec<String>,
) {
    loop {
        let before = script.len();
        script.retain(|(key, v, _)| {
            let Some(id) = pending.remove(key) else { return true };
            let name = key.split_once(' ').map_or("", |(_, n)| n);
            match response(name, v) {
                Ok(resp) => {
                    if !checker.handle_response(id, resp) {
                        errors.push(format!("response to {key} refused"));
                    }
                }
                Err(e) => errors.push(format!("{key}: {e}")),
            }
            while let Some(request) = checker.poll_request() {
                issued.push(request.key());
                if pending.insert(request.key(), request.id).is_some() {
                    errors.push(format!("{} requested twice", request.key()));
                }
            }
            false
        });
        if script.len() == before {
            break;
        }
    }
}

/// Each check the scenario's `expect` names: status, exact codes, worst severity, a command.
fn check_expect(scenario: &Value, report: &mtasts::check::CheckReport, errors: &mut Vec<String>) {
    for (id, want) in scenario["expect"].as_object().into_iter().flatten() {
        let Some(item) = CheckId::parse(id).and_then(|id| report.check(id)) else {
            errors.push(format!("no check {id}"));
            continue;
        };
        if let Some(status) = want["status"].as_str() {
            if status != item.status.as_str() {
                errors.push(format!("{id}: status expected {status}, actual {}", item.status.as_str()));
            }
        }
        if let Some(codes) = want["codes"].as_array() {
            let mut expected: Vec<String> = codes.iter().map(text).collect();
            let mut actual: Vec<String> = item.diagnostics.iter().map(|d| format!("{}", d.code)).collect();
            expected.sort();
            actual.sort();
            if expected != actual {
                errors.push(format!("{id}: codes expected {expected:?}, actual {actual:?}"));
            }
        }
        if let Some(sev) = want["severity"].as_str() {
            let worst = item.diagnostics.iter().map(|d| d.severity).max().map(mtasts::Severity::as_str);
            if worst != Some(sev) {
                errors.push(format!("{id}: worst severity expected {sev}, actual {worst:?}"));
            }
        }
        if item.reproduce.is_empty() {
            errors.push(format!("{id}: no reproduce command"));
        }
    }
}

fn run(scenario: &Value, defaults: &Value) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    let input = text(&scenario["input"]);
    let previous =
        scenario.get("previous").map(|p| PreviousCheck::from_body(p["id"].as_str().map(String::from), text(&p["policy"]).as_bytes()));
    let tls_probes = scenario["tls_probes"].as_bool() == Some(true);
    let checker = Checker::new(&input, CheckOptions { previous, idna: None, tls_probes }, 1_700_000_000_000);
    let mut checker = match (checker, scenario.get("input_error")) {
        (Err(e), Some(want)) => {
            let want = text(want);
            return if e.message.contains(&want) { Ok(()) } else { Err(vec![format!("input error {e:?} lacks {want:?}")]) };
        }
        (Err(e), None) => return Err(vec![format!("input rejected: {e}")]),
        (Ok(_), Some(_)) => return Err(vec!["input accepted but an input error was expected".into()]),
        (Ok(c), None) => c,
    };
    if let Some(pasted) = scenario["pasted_policy"].as_str() {
        checker.set_pasted_policy(pasted);
    }
    let domain = checker.domain().to_string();
    if let Some(want) = scenario["domain"].as_str() {
        if want != domain {
            errors.push(format!("domain: expected {want}, actual {domain}"));
        }
    }
    // One round trip: every request is out before any answer comes in.
    let mut pending = BTreeMap::new();
    let mut issued = Vec::new();
    while let Some(request) = checker.poll_request() {
        issued.push(request.key());
        pending.insert(request.key(), request.id);
    }
    let first_round = if tls_probes { 7 } else { 6 };
    if pending.len() != first_round {
        errors.push(format!("expected {first_round} requests up front, got {}: {:?}", pending.len(), pending.keys()));
    }
    // (key, answer, from the defaults)
    let mut script: Vec<(String, Value, bool)> = Vec::new();
    for r in scenario["responses"].as_array().into_iter().flatten() {
        script.push((text(&r["request"]), r.clone(), false));
    }
    for (key, v) in defaults.as_object().into_iter().flatten() {
        let key = key.replace("{domain}", &domain);
        // A TLS answer is for a check that probes.
        if !script.iter().any(|(k, _, _)| *k == key) && (tls_probes || !key.starts_with("TLS ")) {
            let v: Value = serde_json::from_str(&v.to_string().replace("{domain}", &domain)).unwrap_or(Value::Null);
            script.push((key, v, true));
        }
    }
    feed(&mut checker, &mut script, &mut pending, &mut issued, &mut errors);
    for (key, _, default) in &script {
        // A default TLS answer for a host this scenario's MX answer does not name is unused.
        if !(*default && key.starts_with("TLS ")) {
            errors.push(format!("scripted response for {key}, which was not requested (or twice)"));
        }
    }
    if let Some(want) = scenario["tls_requests"].as_array() {
        let want: Vec<String> = want.iter().map(text).collect();
        let actual: Vec<&String> = issued.iter().filter(|k| k.starts_with("TLS ")).collect();
        if actual != want.iter().collect::<Vec<_>>() {
            errors.push(format!("tls_requests: expected {want:?}, actual {actual:?}"));
        }
    }
    if !pending.is_empty() || !checker.is_done() {
        errors.push(format!("unanswered: {:?}", pending.keys()));
    }
    let report = checker.report();
    check_expect(scenario, &report, &mut errors);
    check_policy_text(scenario, &checker, &report, &mut errors);
    check_level(scenario, &report, &mut errors);
    check_whole_report(scenario, &report, &mut errors);
    if let Some(hosts) = scenario["mx_hosts"].as_array() {
        let hosts: Vec<String> = hosts.iter().map(text).collect();
        if hosts != report.mx_hosts {
            errors.push(format!("mx_hosts: expected {hosts:?}, actual {:?}", report.mx_hosts));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// `cause` (the code of the whole-report cause, or `null`) and `sts_dig`.
fn check_whole_report(scenario: &Value, report: &CheckReport, errors: &mut Vec<String>) {
    if let Some(want) = scenario.get("cause") {
        let actual = report.cause.as_ref().map(|d| d.code.as_str());
        if want.as_str() != actual {
            errors.push(format!("cause: expected {want}, actual {actual:?}"));
        }
    }
    if let Some(want) = scenario.get("sts_dig") {
        if want.as_str() != report.sts_dig.as_deref() {
            errors.push(format!("sts_dig: expected {want}, actual {:?}", report.sts_dig));
        }
    }
}

/// The text the policy was linted from is the one its diagnostics point into.
fn check_policy_text(scenario: &Value, checker: &Checker, report: &CheckReport, errors: &mut Vec<String>) {
    if let (Some(policy), Some(source)) = (&report.policy, report.policy_source) {
        let body = checker.policy_body(source).unwrap_or_default();
        for d in &policy.diagnostics {
            if d.range.end as usize > body.len() {
                errors.push(format!("policy diagnostic {} points past the {source:?} text", d.code));
            }
        }
        if let Some(want) = scenario["pasted_body"].as_str().or(scenario["pasted_policy"].as_str()) {
            if source == PolicySource::Pasted && body != want.as_bytes() {
                errors.push("policy_body(Pasted) is not the pasted text".into());
            }
        }
    } else if report.policy.is_some() || report.policy_source.is_some() {
        errors.push("policy and policy_source must come together".into());
    }
}

/// `level`: the fields given of the deployment level (`level`, `basis`, `tlsrpt`, `dnssec`, `next`).
fn check_level(scenario: &Value, report: &CheckReport, errors: &mut Vec<String>) {
    let Some(want) = scenario["level"].as_object() else { return };
    let level = &report.level;
    let actual = serde_json::json!({
        "level": level.level.as_str(),
        "basis": format!("{:?}", level.basis).to_lowercase(),
        "tlsrpt": level.tlsrpt,
        "dnssec": level.dnssec,
        "next": level.next.id.as_str(),
    });
    for (key, value) in want {
        if actual.get(key) != Some(value) {
            errors.push(format!("level.{key}: expected {value}, actual {} ({})", actual[key], level.next.text));
        }
    }
}

fn main() {
    let dir = scenario_dir();
    let defaults: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("_defaults.json")).expect("_defaults.json")).expect("defaults json");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json") && p.file_name().is_none_or(|n| n != "_defaults.json"))
        .collect();
    files.sort();
    let (mut passed, mut failed) = (0, 0);
    for file in &files {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let scenario: Result<Value, String> =
            std::fs::read_to_string(file).map_err(|e| e.to_string()).and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()));
        match scenario.map_err(|e| vec![e]).and_then(|s| run(&s, &defaults)) {
            Ok(()) => passed += 1,
            Err(errors) => {
                failed += 1;
                println!("FAIL {name}");
                for e in errors {
                    println!("    {e}");
                }
            }
        }
    }
    if passed < 30 {
        println!("FAIL only {passed} scenarios passed; the corpus needs at least 30");
        failed += 1;
    }
    println!("check: {passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}
