//! The generated nginx, Apache and Caddy configurations, run by the real servers: each is
//! started on 127.0.0.1 with the files `mtasts generate --server … --out` wrote (and a
//! certificate made by `openssl`), and the policy is fetched as a sender would fetch it
//! (HTTPS, no redirect followed): status 200, `Content-Type: text/plain`, the body the
//! policy itself. Around the snippet, nginx and Apache get a hostile default (`.txt` served
//! as `application/octet-stream`), so the test proves the snippet sets the type itself
//! (Caddy's file server has no such setting to turn against it).
//!
//! The servers are Debian's packages, installed by `scripts/setup.sh --servers` (which
//! `npm test` runs); a missing server is a failure, never a skip.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::mtasts;

const HOST: &str = "mta-sts.example.com";
const POLICY: &str = "version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 604800\n";

/// The first of `candidates` that exists, or a failure that says how to install it.
fn binary(name: &str, candidates: &[&str]) -> PathBuf {
    candidates.iter().map(PathBuf::from).find(|p| p.is_file()).unwrap_or_else(|| {
        panic!("{name} is not installed ({}): run `bash scripts/setup.sh --servers` (npm test does)", candidates.join(", "))
    })
}

/// A scratch directory readable by the servers' workers (under /tmp, not the target dir).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mtasts-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// A port nothing listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// A self-signed certificate for the policy host, made by openssl.
fn certificate(dir: &Path) -> (String, String) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let status = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"])
        .args(["-subj", &format!("/CN={HOST}"), "-addext", &format!("subjectAltName=DNS:{HOST}")])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("openssl runs");
    assert!(status.success(), "openssl made the certificate");
    (cert.display().to_string(), key.display().to_string())
}

/// Runs `mtasts generate --server SERVER --out DIR/out` for 127.0.0.1:PORT, puts the policy
/// in the web root, and returns the written snippet's path and the certificate.
fn generate(dir: &Path, server: &str, port: u16) -> (PathBuf, String) {
    let (cert, key) = certificate(dir);
    let out = dir.join("out");
    let webroot = dir.join("www");
    let port_text = port.to_string();
    let args = [
        "generate",
        "--mx",
        "10 mx1.example.com.",
        "--mx",
        "mx2.example.com",
        "--domain",
        "example.com",
        "--server",
        server,
        "--out",
        &out.display().to_string(),
        "--webroot",
        &webroot.display().to_string(),
        "--cert",
        &cert,
        "--key",
        &key,
        "--address",
        "127.0.0.1",
        "--port",
        &port_text,
    ];
    let run = mtasts(&args, b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let policy = std::fs::read_to_string(out.join("mta-sts.txt")).expect("mta-sts.txt written");
    assert_eq!(policy, POLICY);
    std::fs::create_dir_all(webroot.join(".well-known")).expect("web root");
    std::fs::copy(out.join("mta-sts.txt"), webroot.join(".well-known/mta-sts.txt")).expect("policy in place");
    let snippet = std::fs::read_dir(out.join(server)).expect("snippet folder").next().expect("one snippet").expect("entry").path();
    (snippet, cert)
}

/// What a sender sees: status, media type, redirect target, body.
#[derive(Debug)]
struct Fetched {
    status: String,
    content_type: String,
    redirect: String,
    body: String,
}

/// Fetches the policy over HTTPS from 127.0.0.1:PORT as `HOST`, following no redirect,
/// retrying while the server starts; fails when the server exits first.
fn fetch(server: &mut Child, port: u16, cert: &str, dir: &Path) -> Fetched {
    let body = dir.join("body");
    let url = format!("https://{HOST}:{port}/.well-known/mta-sts.txt");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(Some(status)) = server.try_wait() {
            panic!("the server exited with {status}; its log is in {}", dir.display());
        }
        let out = Command::new("curl")
            .args(["-sS", "--max-time", "5", "--resolve", &format!("{HOST}:{port}:127.0.0.1"), "--cacert", cert, "-o"])
            .arg(&body)
            .args(["-w", "%{http_code}\n%{content_type}\n%{redirect_url}\n", &url])
            .output()
            .expect("curl runs");
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let mut lines = text.lines().map(str::to_string);
            return Fetched {
                status: lines.next().unwrap_or_default(),
                content_type: lines.next().unwrap_or_default(),
                redirect: lines.next().unwrap_or_default(),
                body: std::fs::read_to_string(&body).unwrap_or_default(),
            };
        }
        assert!(Instant::now() < deadline, "no answer from {url}: {}", String::from_utf8_lossy(&out.stderr));
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts the server, fetches the policy, stops the server, and checks what a sender saw.
fn serve_and_fetch(mut command: Command, port: u16, cert: &str, dir: &Path) {
    let mut server = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("the server starts");
    let fetched = fetch(&mut server, port, cert, dir);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(fetched.status, "200", "{fetched:?}");
    let media_type = fetched.content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    assert_eq!(media_type, "text/plain", "{fetched:?}");
    assert_eq!(fetched.redirect, "", "{fetched:?}");
    assert_eq!(fetched.body, POLICY, "{fetched:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn nginx_serves_the_generated_policy() {
    let nginx = binary("nginx", &["/usr/sbin/nginx", "/usr/bin/nginx"]);
    let dir = scratch("nginx");
    let port = free_port();
    let (snippet, cert) = generate(&dir, "nginx", port);
    let d = dir.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\nuser www-data;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  \
         types {{ application/octet-stream txt; }}\n  default_type application/octet-stream;\n  access_log off;\n  \
         client_body_temp_path {d}/client;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  \
         uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  include {};\n}}\n",
        snippet.display()
    );
    std::fs::write(dir.join("nginx.conf"), conf).expect("nginx.conf");
    let mut command = Command::new(nginx);
    command.arg("-p").arg(&dir).arg("-e").arg(dir.join("error.log")).arg("-c").arg(dir.join("nginx.conf"));
    serve_and_fetch(command, port, &cert, &dir);
}

#[test]
fn apache_serves_the_generated_policy() {
    let apache = binary("apache2", &["/usr/sbin/apache2", "/usr/sbin/httpd", "/usr/bin/httpd"]);
    let dir = scratch("apache");
    let port = free_port();
    let (snippet, cert) = generate(&dir, "apache", port);
    let d = dir.display();
    let modules = "/usr/lib/apache2/modules";
    let mut load = String::new();
    for m in ["mpm_event", "authz_core", "mime", "ssl", "socache_shmcb"] {
        let _ = writeln!(load, "LoadModule {m}_module {modules}/mod_{m}.so");
    }
    let conf = format!(
        "ServerRoot {d}\nServerName localhost\nDefaultRuntimeDir {d}\nPidFile {d}/apache.pid\nErrorLog {d}/error.log\n\
         LogLevel warn\nTypesConfig /etc/mime.types\nUser www-data\nGroup www-data\nListen 127.0.0.1:{port}\n{load}\
         SSLSessionCache shmcb:{d}/ssl_scache(512000)\nAddType application/octet-stream .txt\nInclude {}\n",
        snippet.display()
    );
    std::fs::write(dir.join("apache2.conf"), conf).expect("apache2.conf");
    let mut command = Command::new(apache);
    command.arg("-X").arg("-f").arg(dir.join("apache2.conf"));
    serve_and_fetch(command, port, &cert, &dir);
}

#[test]
fn caddy_serves_the_generated_policy() {
    let caddy = binary("caddy", &["/usr/bin/caddy", "/usr/local/bin/caddy"]);
    let dir = scratch("caddy");
    let port = free_port();
    let (snippet, cert) = generate(&dir, "caddy", port);
    let d = dir.display();
    let conf = format!(
        "{{\n\tadmin off\n\tauto_https disable_redirects\n\thttp_port {}\n\tskip_install_trust\n\tstorage file_system {d}/data\n}}\nimport {}\n",
        free_port(),
        snippet.display()
    );
    std::fs::write(dir.join("Caddyfile"), conf).expect("Caddyfile");
    let mut command = Command::new(caddy);
    command
        .args(["run", "--adapter", "caddyfile", "--config"])
        .arg(dir.join("Caddyfile"))
        .env("HOME", &dir)
        .env("XDG_DATA_HOME", &dir)
        .env("XDG_CONFIG_HOME", &dir);
    serve_and_fetch(command, port, &cert, &dir);
}
