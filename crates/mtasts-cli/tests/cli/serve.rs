//! `mtasts serve` started on a free port against protocol peers on 127.0.0.1 (a DNS zone, HTTPS
//! policy hosts and an SMTP server offering STARTTLS, certificates from a test CA): the web
//! app's files with the headers of scripts/serve.mjs, the API's answers, and every SSRF target
//! refused — IP literals, ports, paths, user info, names resolving to loopback, private,
//! link-local/metadata or IPv4-mapped addresses, `--connect-to` redirections to loopback, a
//! redirect not followed — with the loopback exception for tests off (the default) and on.

#[path = "../../../mtasts-net/tests/support/mod.rs"]
mod support;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{IpAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use support::{Http, Pki, Rr, Signer, Smtp, https_server, smtp_server, zone_server};

const POLICY: &[u8] = b"version: STSv1\nmode: enforce\nmx: mx.good.test\nmax_age: 604800\n";

/// The fixtures' ports, served from a runtime on a thread of its own for the whole test.
struct Fixtures {
    dns: std::net::SocketAddr,
    policy: u16,
    redirect: u16,
    smtp: u16,
    ca_file: PathBuf,
}

fn fixtures() -> Fixtures {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async move {
            let pki = Pki::new();
            let leaf = |name: &str| pki.leaf(&[name], 2020, 2099, Signer::TestCa);
            let policy = https_server(Http::ok(POLICY), leaf("mta-sts.good.test")).await;
            let moved = Http {
                head: "HTTP/1.1 301 Moved Permanently\r\nLocation: https://www.good.test/mta-sts.txt\r\nContent-Length: 0\r\n\r\n".into(),
                body: Vec::new(),
                drip: None,
            };
            let redirect = https_server(moved, leaf("mta-sts.redirect.test")).await;
            let smtp = smtp_server(Smtp::Starttls, leaf("mx.good.test")).await;
            let ip = |text: &str| Rr::Addr(text.parse::<IpAddr>().expect("ip"));
            let zone = [
                ("good.test", Rr::Mx(10, "mx.good.test".into())),
                ("mx.good.test", ip("127.0.0.1")),
                ("mta-sts.good.test", ip("127.0.0.1")),
                ("mta-sts.redirect.test", ip("127.0.0.1")),
                ("mta-sts.loop.test", ip("127.0.0.1")),
                ("mta-sts.private.test", ip("10.0.0.1")),
                ("mta-sts.metadata.test", ip("169.254.169.254")),
                ("mta-sts.v6loop.test", ip("::1")),
                ("mta-sts.mapped.test", ip("::ffff:127.0.0.1")),
                ("mta-sts.mixed.test", ip("127.0.0.1")),
                ("mta-sts.mixed.test", ip("10.0.0.1")),
                ("inside.test", Rr::Mx(10, "mx.inside.test".into())),
                ("mx.inside.test", ip("10.0.0.1")),
            ];
            let dns = zone_server(zone.into_iter().map(|(n, r)| (n.to_owned(), r)).collect()).await;
            // One file per fixture set: the tests run at once.
            let ca_file = crate::file(&format!("serve-ca-{}.pem", dns.port()), pki.ca.pem().as_bytes());
            sender.send(Fixtures { dns, policy, redirect, smtp, ca_file }).expect("send");
            std::future::pending::<()>().await;
        });
    });
    receiver.recv().expect("fixtures")
}

/// A running `mtasts serve`, stopped when dropped.
struct Served {
    child: Child,
    port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The web app's files: a page, a script, the embedding demo, a folder.
fn root() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mtasts-serve-root");
    std::fs::create_dir_all(root.join("docs")).expect("root");
    std::fs::write(root.join("index.html"), "<!doctype html><title>mtasts</title>").expect("index");
    std::fs::write(root.join("app.js"), "export {};\n").expect("script");
    std::fs::write(root.join("embed-demo.html"), "<!doctype html>").expect("demo");
    std::fs::write(root.join("docs/index.html"), "<!doctype html>").expect("docs");
    root
}

fn serve(fx: &Fixtures, extra: &[&str]) -> Served {
    let root = root();
    let mut args = vec![
        "serve".to_owned(),
        "--listen".into(),
        "127.0.0.1:0".into(),
        "--root".into(),
        root.display().to_string(),
        "--resolver".into(),
        fx.dns.to_string(),
        "--ca-file".into(),
        fx.ca_file.display().to_string(),
        "--timeout".into(),
        "3".into(),
        "--connect-to".into(),
        format!("mta-sts.good.test:443:127.0.0.1:{}", fx.policy),
        "--connect-to".into(),
        format!("mta-sts.redirect.test:443:127.0.0.1:{}", fx.redirect),
        "--connect-to".into(),
        format!("mx.good.test:25:127.0.0.1:{}", fx.smtp),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtasts"))
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("mtasts serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("the listening line");
    let port = line.trim_end().trim_end_matches('/').rsplit(':').next().and_then(|p| p.parse().ok());
    let port = port.unwrap_or_else(|| panic!("no port in `{line}`"));
    Served { child, port }
}

/// What came back for one request.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        assert_eq!(self.header("content-type"), Some("application/json"), "{self:?}");
        assert_eq!(self.header("x-content-type-options"), Some("nosniff"));
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// `METHOD path` with these extra header lines, over a connection of its own.
fn request(served: &Served, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", served.port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    let own = format!("127.0.0.1:{}", served.port);
    let host = [("Host", own.as_str())];
    let defaults = if headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) { &[][..] } else { &host[..] };
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in defaults.iter().chain(headers) {
        head.extend([*name, ": ", *value, "\r\n"]);
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("a status line");
    let headers = lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned())).collect();
    Answer { status, headers, body: body.to_owned() }
}

fn get(served: &Served, path: &str) -> Answer {
    request(served, "GET", path, &[])
}

/// The page's Content-Security-Policy, as scripts/serve.mjs sends it.
fn serve_mjs_csp() -> String {
    let script = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/serve.mjs")).expect("serve.mjs");
    let start = script.find("'Content-Security-Policy': [").expect("the CSP list") + "'Content-Security-Policy': [".len();
    let list = &script[start..start + script[start..].find("].join").expect("its end")];
    list.split('"').skip(1).step_by(2).collect::<Vec<_>>().join("; ")
}

#[test]
fn serves_the_app_and_its_api_and_refuses_every_ssrf_target() {
    let fx = fixtures();
    let served = serve(&fx, &["--allow-loopback-for-tests"]);

    // The web app, as scripts/serve.mjs serves it.
    let page = get(&served, "/");
    assert_eq!((page.status, page.header("content-type")), (200, Some("text/html; charset=utf-8")), "{page:?}");
    assert_eq!(page.header("content-security-policy"), Some(serve_mjs_csp().as_str()));
    assert_eq!((page.header("x-content-type-options"), page.header("referrer-policy")), (Some("nosniff"), Some("no-referrer")));
    assert!(page.header("last-modified").is_some_and(|d| d.ends_with(" GMT")));
    assert_eq!(get(&served, "/app.js").header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(get(&served, "/embed-demo.html").header("content-security-policy").is_some_and(|c| c.contains("trusted-types 'none'")));
    assert_eq!(get(&served, "/docs").header("location"), Some("/docs/"));
    for (path, status) in
        [("/docs/", 200), ("/index.html/", 404), ("/nothing", 404), ("/../etc/passwd", 400), ("/%2e%2e/x", 400), ("/a\\b", 400)]
    {
        assert_eq!(get(&served, path).status, status, "{path}");
    }
    assert_eq!(request(&served, "POST", "/", &[]).status, 405);
    assert_eq!(request(&served, "GET", "/", &[("Host", "evil.example")]).status, 421);
    assert_eq!(request(&served, "GET", "/api/", &[("Host", "rebound.example:8080")]).status, 421);

    // The API announces itself.
    let info = get(&served, "/api/").json();
    assert_eq!(info["api"], "mtasts-serve/1");

    // The policy fetch: status, headers, body, the policy host's certificate, timing.
    let answer = get(&served, "/api/policy?domain=Good.Test").json();
    assert_eq!(answer["domain"], "good.test");
    assert_eq!(answer["addresses"], serde_json::json!(["127.0.0.1"]));
    assert_eq!(answer["reply"]["status"], 200, "{answer}");
    assert_eq!(answer["reply"]["body"], std::str::from_utf8(POLICY).expect("text"));
    assert!(answer["reply"]["headers"].as_array().is_some_and(|h| h.iter().any(|p| p[0] == "content-type" && p[1] == "text/plain")));
    assert_eq!(answer["tls"]["probe"]["outcome"], "handshake", "{answer}");
    assert_eq!(answer["tls"]["probe"]["chain"][0]["dns_names"], serde_json::json!(["mta-sts.good.test"]));
    assert_eq!(answer["tls"]["probe"]["trust"]["verdict"], "trusted");
    assert!(answer["elapsed_ms"].is_u64());

    // The TLS probes of the domain's own hosts: the policy host and its MX host.
    let tls = get(&served, "/api/tls?domain=good.test").json();
    let probed: Vec<(&str, &str)> = tls["probes"]
        .as_array()
        .expect("probes")
        .iter()
        .map(|p| (p["host"].as_str().unwrap_or(""), p["probe"]["outcome"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(probed, [("mta-sts.good.test", "handshake"), ("mx.good.test", "handshake")], "{tls}");
    let one = get(&served, "/api/tls?domain=good.test&host=mx.good.test&service=smtp-starttls").json();
    assert_eq!(one["probes"][0]["probe"]["chain"][0]["dns_names"], serde_json::json!(["mx.good.test"]), "{one}");
    // Only the domain's own hosts.
    assert_eq!(get(&served, "/api/tls?domain=good.test&host=evil.example").status, 403);
    assert_eq!(get(&served, "/api/tls?domain=good.test&service=gopher").status, 400);

    // A redirect comes back as it is, never followed.
    let moved = get(&served, "/api/policy?domain=redirect.test").json();
    assert_eq!(moved["reply"]["status"], 301, "{moved}");
    assert!(moved["reply"]["headers"].as_array().is_some_and(|h| h.iter().any(|p| p[0] == "location")));

    // Not domain names: IP literals, ports, paths, user info, single labels.
    for domain in [
        "127.0.0.1",
        "10.0.0.1",
        "169.254.169.254",
        "[::1]",
        "::1",
        "::ffff:127.0.0.1",
        "good.test:443",
        "good.test/x",
        "u@good.test",
        "localhost",
    ] {
        let answer = get(&served, &format!("/api/policy?domain={}", domain.replace('[', "%5B").replace(']', "%5D")));
        assert_eq!(answer.status, 400, "{domain}: {answer:?}");
        assert!(answer.json()["error"].is_string());
    }
    assert_eq!(get(&served, "/api/policy?domain=good.test&url=x").status, 400, "unknown parameters are refused");
    assert_eq!(get(&served, "/api/policy").status, 400);

    // Names resolving to non-public addresses, loopback allowed for the fixtures: all else refused.
    for domain in ["private.test", "metadata.test", "mapped.test", "mixed.test"] {
        let answer = get(&served, &format!("/api/policy?domain={domain}"));
        assert_eq!(answer.status, 403, "{domain}: {answer:?}");
    }
    let inside = get(&served, "/api/tls?domain=inside.test").json();
    let mx = inside["probes"].as_array().and_then(|p| p.iter().find(|p| p["host"] == "mx.inside.test")).expect("the MX host").clone();
    assert_eq!((mx["probe"].is_null(), mx["failure"]["kind"].as_str()), (true, Some("refused")), "{inside}");

    // Cross-origin pages get nothing; the own origin is named back.
    let own = format!("http://127.0.0.1:{}", served.port);
    assert_eq!(request(&served, "GET", "/api/", &[("Origin", "http://evil.example")]).status, 403);
    let same = request(&served, "GET", "/api/", &[("Origin", &own)]);
    assert_eq!((same.status, same.header("access-control-allow-origin")), (200, Some(own.as_str())));
    assert_eq!(get(&served, "/api/").header("access-control-allow-origin"), None);
}

#[test]
fn by_default_loopback_is_refused_too_and_requests_are_rate_limited() {
    let fx = fixtures();
    let served = serve(&fx, &["--rate-per-target", "3"]);
    // A name resolving to 127.0.0.1 or ::1, and a --connect-to redirection to 127.0.0.1.
    for domain in ["loop.test", "v6loop.test", "good.test"] {
        let answer = get(&served, &format!("/api/policy?domain={domain}"));
        assert_eq!(answer.status, 403, "{domain}: {answer:?}");
        assert!(answer.json()["error"].as_str().is_some_and(|e| e.contains("loopback")), "{answer:?}");
    }
    // The fourth request about one domain within a minute.
    for _ in 0..2 {
        assert_eq!(get(&served, "/api/policy?domain=loop.test").status, 403);
    }
    let limited = get(&served, "/api/policy?domain=loop.test");
    assert_eq!(limited.status, 429, "{limited:?}");
    assert!(limited.header("retry-after").is_some_and(|s| s.parse::<u64>().is_ok_and(|s| (1..=60).contains(&s))));
    assert!(limited.json()["error"].as_str().is_some_and(|e| e.contains("domain")));
}
