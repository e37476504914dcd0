//! The policy host's configuration: `https://mta-sts.DOMAIN/.well-known/mta-sts.txt` must
//! answer 200 with `Content-Type: text/plain` and the policy as its body, and never redirect
//! (RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed"). Each snippet does exactly
//! that for one web server or hosting service; nginx, Apache and Caddy are tested by
//! starting the real servers (crates/mtasts-cli/tests/cli/servers.rs).

use std::fmt::Write as _;

use super::GenerateError;

/// Where the policy host runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Server {
    /// nginx: a `server` block.
    Nginx,
    /// Apache httpd: a `VirtualHost` with `mod_ssl`.
    Apache,
    /// Caddy: a site block (automatic HTTPS).
    Caddy,
    /// GitHub Pages: a repository with the file, `.nojekyll` and `CNAME`.
    GithubPages,
    /// A Cloudflare Worker that answers with the policy.
    Cloudflare,
    /// Netlify: the file and a `_headers` rule.
    Netlify,
    /// Vercel: the file and `vercel.json` headers.
    Vercel,
    /// Amazon S3 behind `CloudFront`: the upload with its content type, and the distribution.
    S3,
}

impl Server {
    /// Every server, in the order lists show them.
    pub const ALL: [Server; 8] = [
        Server::Nginx,
        Server::Apache,
        Server::Caddy,
        Server::GithubPages,
        Server::Cloudflare,
        Server::Netlify,
        Server::Vercel,
        Server::S3,
    ];

    /// The name on the command line and in the API.
    pub const fn name(self) -> &'static str {
        match self {
            Server::Nginx => "nginx",
            Server::Apache => "apache",
            Server::Caddy => "caddy",
            Server::GithubPages => "github-pages",
            Server::Cloudflare => "cloudflare",
            Server::Netlify => "netlify",
            Server::Vercel => "vercel",
            Server::S3 => "s3",
        }
    }

    /// The server of a [`Server::name`].
    pub fn parse(name: &str) -> Option<Server> {
        Server::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Settings of the self-hosted servers (nginx, Apache, Caddy); the services ignore them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetOptions {
    /// The directory holding `.well-known/mta-sts.txt`.
    pub webroot: String,
    /// The TLS certificate chain and key files; `None`: Let's Encrypt's usual paths for
    /// nginx and Apache, automatic HTTPS for Caddy.
    pub tls: Option<(String, String)>,
    /// The address to listen on (`127.0.0.1`); `None`: every address.
    pub address: Option<String>,
    /// The HTTPS port.
    pub port: u16,
}

impl Default for SnippetOptions {
    fn default() -> Self {
        SnippetOptions { webroot: "/var/www/mta-sts".into(), tls: None, address: None, port: 443 }
    }
}

/// One file of a snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetFile {
    /// Where it goes, relative to the output directory (`nginx/mta-sts.conf`, `.nojekyll`).
    pub path: String,
    /// Its contents.
    pub contents: String,
}

/// A server's configuration for the policy host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The server.
    pub server: Server,
    /// The files to write (the policy itself among them where the service serves files).
    pub files: Vec<SnippetFile>,
    /// What to do besides writing the files, in order.
    pub notes: Vec<String>,
}

/// The path senders fetch.
const WELL_KNOWN: &str = "/.well-known/mta-sts.txt";

/// The configuration of `server` serving `policy` for `domain` (lowercase A-labels, as
/// [`super::SetUp::domain`] holds it).
pub fn snippet(server: Server, domain: Option<&str>, policy: &str, options: &SnippetOptions) -> Result<Snippet, GenerateError> {
    let domain = domain.ok_or(GenerateError::DomainNeeded("the policy host's configuration"))?;
    let host = format!("mta-sts.{domain}");
    let policy_file = |path: &str| SnippetFile { path: path.to_string(), contents: policy.to_string() };
    let webroot_note = format!("Copy mta-sts.txt to {}{WELL_KNOWN}.", options.webroot.trim_end_matches('/'));
    let (files, notes) = match server {
        Server::Nginx => (
            vec![file("nginx/mta-sts.conf", nginx(&host, options))],
            vec![
                webroot_note,
                "Put nginx/mta-sts.conf in /etc/nginx/sites-enabled/ (or conf.d/), then `nginx -t && systemctl reload nginx`.".into(),
            ],
        ),
        Server::Apache => (
            vec![file("apache/mta-sts.conf", apache(&host, options))],
            vec![
                webroot_note,
                "Put apache/mta-sts.conf in /etc/apache2/sites-available/, then `a2enmod ssl && a2ensite mta-sts && systemctl reload apache2`.".into(),
            ],
        ),
        Server::Caddy => (
            vec![file("caddy/Caddyfile", caddy(&host, options))],
            vec![webroot_note, "Add the site block to your Caddyfile, then `systemctl reload caddy`; Caddy gets the certificate itself.".into()],
        ),
        Server::GithubPages => (
            vec![policy_file(".well-known/mta-sts.txt"), file(".nojekyll", String::new()), file("CNAME", format!("{host}\n"))],
            vec![
                "Commit the files to the repository published by GitHub Pages. `.nojekyll` stops Jekyll, which would leave out `.well-known` (a dot folder) and read front matter; the policy file must not have any. Pages serves `.txt` files as `text/plain`.".into(),
                format!("Publish `{host}. CNAME <user>.github.io.` (the CNAME file names the custom domain), then tick \"Enforce HTTPS\" in the Pages settings."),
            ],
        ),
        Server::Cloudflare => (
            vec![file("cloudflare/worker.js", worker(&host, policy)), file("cloudflare/wrangler.toml", wrangler(&host))],
            vec![format!("Deploy with `npx wrangler deploy` from cloudflare/; the custom domain {host} gets its certificate from Cloudflare.")],
        ),
        Server::Netlify => (
            vec![policy_file(".well-known/mta-sts.txt"), file("_headers", format!("{WELL_KNOWN}\n  Content-Type: text/plain\n"))],
            vec![format!("Deploy the files as the site's publish directory, with the custom domain {host}; add no redirect rule for {WELL_KNOWN}.")],
        ),
        Server::Vercel => (
            vec![policy_file("public/.well-known/mta-sts.txt"), file("vercel.json", vercel())],
            vec![format!("Deploy with `vercel --prod` and add the domain {host} to the project.")],
        ),
        Server::S3 => (
            vec![policy_file(".well-known/mta-sts.txt"), file("s3/upload.sh", s3_upload(&host))],
            vec![
                format!("Create the bucket {host} (private), run s3/upload.sh: the object gets `Content-Type: text/plain`, which S3 serves as stored."),
                format!("Create a CloudFront distribution with the bucket's REST endpoint as its origin (not the website endpoint, which can redirect), alternate domain {host}, an ACM certificate for it in us-east-1, and the viewer protocol policy \"HTTPS only\" or \"Redirect HTTP to HTTPS\"."),
                format!("Publish `{host}. CNAME <distribution>.cloudfront.net.`"),
            ],
        ),
    };
    Ok(Snippet { server, files, notes })
}

fn file(path: &str, contents: String) -> SnippetFile {
    SnippetFile { path: path.to_string(), contents }
}

/// The certificate and key, or Let's Encrypt's paths for `host`.
fn tls_paths(host: &str, options: &SnippetOptions) -> (String, String) {
    options
        .tls
        .clone()
        .unwrap_or_else(|| (format!("/etc/letsencrypt/live/{host}/fullchain.pem"), format!("/etc/letsencrypt/live/{host}/privkey.pem")))
}

fn nginx(host: &str, options: &SnippetOptions) -> String {
    let (cert, key) = tls_paths(host, options);
    let port = options.port;
    let listen = match &options.address {
        Some(address) => format!("    listen {address}:{port} ssl;\n"),
        None => format!("    listen {port} ssl;\n    listen [::]:{port} ssl;\n"),
    };
    format!(
        "# The MTA-STS policy host (RFC 8461 §3.3): the policy, as text/plain, never a redirect.
server {{
{listen}    server_name {host};
    ssl_certificate     {cert};
    ssl_certificate_key {key};
    root {root};

    location = {WELL_KNOWN} {{
        types {{ }}
        default_type text/plain;
        try_files {WELL_KNOWN} =404;
    }}

    # Nothing else lives on this host.
    location / {{
        return 404;
    }}
}}
",
        root = options.webroot
    )
}

fn apache(host: &str, options: &SnippetOptions) -> String {
    let (cert, key) = tls_paths(host, options);
    let root = &options.webroot;
    let address = options.address.as_deref().unwrap_or("*");
    format!(
        "# The MTA-STS policy host (RFC 8461 §3.3): the policy, as text/plain, never a redirect.
# Needs mod_ssl (a2enmod ssl).
<VirtualHost {address}:{port}>
    ServerName {host}
    DocumentRoot \"{root}\"
    SSLEngine on
    SSLCertificateFile \"{cert}\"
    SSLCertificateKeyFile \"{key}\"

    <Directory \"{root}\">
        Options None
        AllowOverride None
        Require all granted
    </Directory>

    <Location \"{WELL_KNOWN}\">
        ForceType text/plain
    </Location>
</VirtualHost>
",
        port = options.port
    )
}

fn caddy(host: &str, options: &SnippetOptions) -> String {
    let site = if options.port == 443 { host.to_string() } else { format!("{host}:{}", options.port) };
    let mut extra = String::new();
    if let Some(address) = &options.address {
        let _ = writeln!(extra, "\tbind {address}");
    }
    if let Some((cert, key)) = &options.tls {
        let _ = writeln!(extra, "\ttls {cert} {key}");
    }
    format!(
        "# The MTA-STS policy host (RFC 8461 §3.3): the policy, as text/plain, never a redirect.
{site} {{
{extra}\thandle {WELL_KNOWN} {{
\t\troot * {root}
\t\theader Content-Type text/plain
\t\tfile_server
\t}}
\thandle {{
\t\trespond 404
\t}}
}}
",
        root = options.webroot
    )
}

fn worker(host: &str, policy: &str) -> String {
    format!(
        "// The MTA-STS policy host {host} (RFC 8461 §3.3): the policy, as text/plain, never a redirect.
const POLICY = {policy};

export default {{
  async fetch(request) {{
    const {{ pathname }} = new URL(request.url);
    if (pathname === \"{WELL_KNOWN}\") {{
      return new Response(POLICY, {{ status: 200, headers: {{ \"Content-Type\": \"text/plain\" }} }});
    }}
    return new Response(\"Not found\\n\", {{ status: 404, headers: {{ \"Content-Type\": \"text/plain\" }} }});
  }},
}};
",
        policy = js_string(policy)
    )
}

fn wrangler(host: &str) -> String {
    format!(
        "name = \"mta-sts\"
main = \"worker.js\"
compatibility_date = \"2024-09-23\"
routes = [{{ pattern = \"{host}\", custom_domain = true }}]
"
    )
}

fn vercel() -> String {
    format!(
        "{{
  \"trailingSlash\": false,
  \"headers\": [
    {{ \"source\": \"{WELL_KNOWN}\", \"headers\": [{{ \"key\": \"Content-Type\", \"value\": \"text/plain\" }}] }}
  ]
}}
"
    )
}

fn s3_upload(host: &str) -> String {
    format!(
        "#!/bin/sh
# Uploads the policy with the content type senders require (RFC 8461 §3.3).
set -eu
aws s3 cp mta-sts.txt \"s3://{host}{WELL_KNOWN}\" --content-type text/plain --cache-control max-age=300
"
    )
}

/// `text` as a JavaScript string literal (double quotes, escapes for what needs them).
fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 604800\n";

    fn all_text(server: Server) -> (Snippet, String) {
        let s = snippet(server, Some("example.com"), POLICY, &SnippetOptions::default()).expect("snippet");
        let text = s.files.iter().map(|f| format!("{}\n{}", f.path, f.contents)).chain(s.notes.clone()).collect::<Vec<_>>().join("\n");
        (s, text)
    }

    /// The services are not started in tests: each is checked for what it must hold.
    #[test]
    fn every_snippet_names_the_host_path_and_content_type() {
        for server in Server::ALL {
            let (s, text) = all_text(server);
            assert!(text.contains("mta-sts.example.com"), "{}: host", server.name());
            assert!(text.contains("text/plain"), "{}: content type", server.name());
            assert!(text.contains("mta-sts.txt"), "{}: path", server.name());
            assert_eq!(Server::parse(server.name()), Some(server));
            // Where the service serves files, the policy is one of them, as it is.
            if let Some(f) = s.files.iter().find(|f| f.path.ends_with(".well-known/mta-sts.txt")) {
                assert_eq!(f.contents, POLICY);
            }
        }
    }

    #[test]
    fn services_carry_what_they_need() {
        let (s, _) = all_text(Server::GithubPages);
        let paths: Vec<&str> = s.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, [".well-known/mta-sts.txt", ".nojekyll", "CNAME"]);
        assert_eq!(s.files[2].contents, "mta-sts.example.com\n");
        let (s, _) = all_text(Server::Cloudflare);
        assert!(s.files[0].contents.contains(r#"const POLICY = "version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 604800\n";"#));
        assert!(s.files[0].contents.contains("status: 200"));
        let (s, _) = all_text(Server::Netlify);
        assert_eq!(s.files[1].contents, "/.well-known/mta-sts.txt\n  Content-Type: text/plain\n");
        let (s, _) = all_text(Server::Vercel);
        assert!(s.files[1].contents.contains(r#""source": "/.well-known/mta-sts.txt""#));
        let (s, text) = all_text(Server::S3);
        assert!(s.files[1].contents.contains("--content-type text/plain"));
        assert!(text.contains("REST endpoint"));
    }

    #[test]
    fn javascript_strings_escape_what_they_must() {
        assert_eq!(js_string("a\"b\\c\n\u{2028}"), r#""a\"b\\c\n\u{2028}""#);
    }

    #[test]
    fn a_snippet_needs_the_domain() {
        assert!(matches!(snippet(Server::Nginx, None, POLICY, &SnippetOptions::default()), Err(GenerateError::DomainNeeded(_))));
    }
}
