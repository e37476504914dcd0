//! The commands that show what a check looked at, for each platform: `dig`, `curl` and
//! `openssl s_client` on Linux and macOS; `Resolve-DnsName` and `nslookup`, `curl.exe` and
//! `Invoke-WebRequest` on Windows. [`CheckItem::reproduce`](super::CheckItem::reproduce) stays
//! the one POSIX command it always was; [`CheckItem::commands`](super::CheckItem::commands)
//! lists it first, then the others.

use super::id::CheckId;
use super::policy_url;

/// Where a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Platform {
    /// A POSIX shell: Linux, macOS, WSL.
    Posix,
    /// Windows: PowerShell (`Resolve-DnsName`, `Invoke-WebRequest`) or cmd (`nslookup`, `curl.exe`).
    Windows,
}

/// One command to copy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Command {
    /// Where it runs.
    pub platform: Platform,
    /// What it shows, a few words: `the record`, `the certificate of mx1.example.com`.
    pub shows: String,
    /// The command line.
    pub text: String,
}

/// MX hosts given an `openssl` command each; the rest are left to the reader.
const MAX_PROBED_HOSTS: usize = 5;

fn posix(shows: impl Into<String>, text: String) -> Command {
    Command { platform: Platform::Posix, shows: shows.into(), text }
}

fn windows(shows: impl Into<String>, text: String) -> Command {
    Command { platform: Platform::Windows, shows: shows.into(), text }
}

/// `openssl s_client` as a sender connects: SNI and the name checked are the host's own;
/// `-starttls smtp` on port 25 for an MX host (RFC 8461 §4.2). `</dev/null` ends the session.
fn openssl(host: &str, smtp: bool) -> String {
    let (starttls, port) = if smtp { ("-starttls smtp ", 25) } else { ("", 443) };
    format!("openssl s_client {starttls}-connect {host}:{port} -servername {host} -verify_hostname {host} -brief </dev/null")
}

/// The commands of check `id` of `domain` (whose MX hosts are `mx_hosts`), the check's own
/// `reproduce` first.
pub(super) fn commands(id: CheckId, reproduce: &str, domain: &str, mx_hosts: &[String]) -> Vec<Command> {
    let url = policy_url(domain);
    let host = format!("mta-sts.{domain}");
    let txt = |name: &str| {
        vec![
            windows("the TXT records (PowerShell)", format!("Resolve-DnsName -Type TXT {name}")),
            windows("the TXT records", format!("nslookup -type=TXT {name}")),
        ]
    };
    let mut out = vec![posix("what this check saw", reproduce.to_string())];
    match id {
        CheckId::StsRecord => out.extend(txt(&format!("_mta-sts.{domain}"))),
        CheckId::TlsRptRecord => out.extend(txt(&format!("_smtp._tls.{domain}"))),
        CheckId::Mx => {
            for mx in mx_hosts.iter().take(MAX_PROBED_HOSTS) {
                out.push(posix(format!("the certificate of {mx} (STARTTLS on port 25)"), openssl(mx, true)));
            }
            out.push(windows("the MX records (PowerShell)", format!("Resolve-DnsName -Type MX {domain}")));
            out.push(windows("the MX records", format!("nslookup -type=MX {domain}")));
        }
        CheckId::PolicyHost => {
            out.push(windows("the addresses (PowerShell)", format!("Resolve-DnsName {host}")));
            out.push(windows("the addresses", format!("nslookup {host}")));
        }
        CheckId::PolicyHostTls => {
            out.push(posix(format!("the certificate of {host}"), openssl(&host, false)));
            out.push(windows("the handshake and certificate check", format!("curl.exe -sv -o NUL {url}")));
        }
        CheckId::MxTls => {
            for mx in mx_hosts.iter().take(MAX_PROBED_HOSTS) {
                out.push(posix(format!("the certificate of {mx} (STARTTLS on port 25)"), openssl(mx, true)));
                out.push(windows(
                    format!("whether port 25 of {mx} answers (PowerShell)"),
                    format!("Test-NetConnection -ComputerName {mx} -Port 25"),
                ));
            }
            if mx_hosts.is_empty() {
                out.push(windows("the MX records (PowerShell)", format!("Resolve-DnsName -Type MX {domain}")));
            }
        }
        CheckId::PolicyFetch => {
            out.push(posix(format!("the certificate of {host}"), openssl(&host, false)));
            out.push(windows("the fetch, with headers", format!("curl.exe -sv {url}")));
            out.push(windows(
                "the fetch, with headers (PowerShell)",
                format!("Invoke-WebRequest -UseBasicParsing -MaximumRedirection 0 -Uri {url} | Format-List StatusCode, Headers, Content"),
            ));
        }
        CheckId::PolicySyntax => out.push(windows("the policy", format!("curl.exe -s {url}"))),
        CheckId::MxCoverage => {
            out.push(windows("the MX records", format!("nslookup -type=MX {domain}")));
            out.push(windows("the policy's mx lines", format!("curl.exe -s {url}")));
        }
        CheckId::Consistency => {
            out.push(windows("the record", format!("nslookup -type=TXT _mta-sts.{domain}")));
            out.push(windows("the policy", format!("curl.exe -sv {url}")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_has_a_windows_command_and_its_own_first() {
        let hosts = vec!["mx1.example.com".to_string(), "mx2.example.com".to_string()];
        for id in CheckId::ALL {
            let list = commands(id, "dig x", "example.com", &hosts);
            assert_eq!(list[0].text, "dig x", "{id}");
            assert!(list.iter().any(|c| c.platform == Platform::Windows), "{id}");
        }
        let mx = commands(CheckId::Mx, "dig +short MX example.com", "example.com", &hosts);
        assert!(mx.iter().any(|c| c.text
            == "openssl s_client -starttls smtp -connect mx2.example.com:25 -servername mx2.example.com -verify_hostname mx2.example.com -brief </dev/null"));
        let fetch = commands(CheckId::PolicyFetch, "curl", "example.com", &hosts);
        assert!(
            fetch.iter().any(|c| c.text.starts_with("openssl s_client -connect mta-sts.example.com:443 -servername mta-sts.example.com "))
        );
        assert_eq!(commands(CheckId::StsRecord, "dig", "example.com", &hosts)[1].text, "Resolve-DnsName -Type TXT _mta-sts.example.com");
    }
}
