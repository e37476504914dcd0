//! What a TLS probe means: the certificate's names against the host (RFC 8461 §4.2 with the
//! name rules of RFC 6125 §6.4), its dates against `now`, the driver's trust verdict, the TLS
//! version, and the ways a probe can end without a handshake. The driver only reports facts
//! ([`super::TlsProbe`]); every judgement is here.
//!
//! Name matching follows RFC 8461 §4.2 to the letter: the host must be a DNS-ID of the
//! subjectAltName; a wildcard counts only as the whole leftmost label (`*.example.com`, never
//! `mx*.example.com`) and stands for exactly one label (not `a.b.example.com`, not
//! `example.com`); the subject's Common Name never counts, since §4.2 asks for a SAN
//! (docs/DECISIONS.md).

use super::request::{CertificateFacts, ChainTrust, FailureKind, Handshake, Response, TimeoutBy, TlsProbe};
use crate::code::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::TextRange;

/// A certificate that ends within this many seconds is reported (`tls/expires-soon`).
const EXPIRES_SOON_SECS: i64 = 14 * 86_400;
/// How many of a certificate's names a finding lists; the rest are counted.
const LISTED_NAMES: usize = 5;
/// Text from the driver (a server's reply, an error) is cut to this many bytes in a message.
const DRIVER_TEXT_BYTES: usize = 200;

/// How a certificate's names relate to a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameMatch {
    /// This DNS-ID of the subjectAltName covers the host.
    DnsId(String),
    /// No DNS-ID does, but this Common Name would (RFC 8461 §4.2 does not accept it).
    OnlyCommonName(String),
    /// No name covers the host.
    None,
}

/// Whether the DNS-ID `id` (as written in a certificate) covers `host` (RFC 8461 §4.2, RFC 6125
/// §6.4.1 and §6.4.3): equal ignoring ASCII case and a trailing dot, or `*.` + the rest of the
/// host after exactly one non-empty label. A `*` anywhere else never matches.
pub fn dns_id_matches(id: &str, host: &str) -> bool {
    let norm = |s: &str| s.strip_suffix('.').unwrap_or(s).to_ascii_lowercase();
    let (id, host) = (norm(id), norm(host));
    if host.is_empty() || host.contains('*') {
        return false;
    }
    match id.strip_prefix("*.") {
        Some(rest) => {
            !rest.is_empty() && !rest.contains('*') && host.split_once('.').is_some_and(|(label, tail)| !label.is_empty() && tail == rest)
        }
        None => !id.contains('*') && id == host,
    }
}

/// How `cert` names `host`: by a DNS-ID, only by its Common Name, or not at all.
pub fn name_match(cert: &CertificateFacts, host: &str) -> NameMatch {
    if let Some(id) = cert.dns_names.iter().find(|id| dns_id_matches(id, host)) {
        return NameMatch::DnsId(id.clone());
    }
    match cert.common_names.iter().find(|cn| dns_id_matches(cn, host)) {
        Some(cn) => NameMatch::OnlyCommonName(cn.clone()),
        None => NameMatch::None,
    }
}

/// What a failure of a probed host means for mail, and how loud it is.
pub(super) struct Stakes {
    /// The severity of a failure (name, dates, trust, STARTTLS, handshake).
    pub(super) severity: Severity,
    /// What senders do about it, ending a sentence.
    pub(super) consequence: &'static str,
}

/// The verdict on one probe.
pub(super) struct Verdict {
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The probe saw nothing that proves or disproves anything (no connection, no answer).
    pub(super) unknown: bool,
}

fn diag(code: Code, message: String) -> Diagnostic {
    Diagnostic::new(code, TextRange::empty(0), message)
}

/// At most [`DRIVER_TEXT_BYTES`] of text from the driver on one line (a multi-line SMTP reply
/// too), cut at a character boundary.
fn clip(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.len() <= DRIVER_TEXT_BYTES {
        return text;
    }
    let end = (0..=DRIVER_TEXT_BYTES).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    format!("{}…", &text[..end])
}

/// `a`, `b` and `c` (and N more).
fn list(names: &[String]) -> String {
    let listed = names.iter().take(LISTED_NAMES).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    match names.len().saturating_sub(LISTED_NAMES) {
        0 => listed,
        more => format!("{listed} and {more} more"),
    }
}

/// A date for people: `2024-03-01 12:00 UTC`.
fn date(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = crate::civil::date_of_day(unix.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", secs / 3600, secs / 60 % 60)
}

/// Judges the probe of `host:port` (`None`: no answer yet) at `now` (Unix seconds).
pub(super) fn judge(response: Option<&Response>, host: &str, port: u16, now: i64, stakes: &Stakes) -> Verdict {
    let failure = |code: Code, what: String| diag(code, format!("{what}: {}.", stakes.consequence)).with_severity(stakes.severity);
    let unknown = |code: Code, message: String| Verdict { diagnostics: vec![diag(code, message)], unknown: true };
    let blocked = if port == 25 {
        " Many networks (homes, offices, cloud providers) block outgoing port 25, so this proves nothing about senders: run the `openssl` command from a mail server."
    } else {
        ""
    };
    match response {
        Some(Response::Tls(TlsProbe::Handshake(h))) => Verdict { diagnostics: handshake(h, host, now, stakes), unknown: false },
        Some(Response::Tls(TlsProbe::Unreachable { message })) => {
            unknown(Code::TlsUnreachable, format!("`{host}` port {port} could not be reached from here ({}).{blocked}", clip(message)))
        }
        Some(Response::Tls(TlsProbe::StarttlsNotOffered { reply })) => Verdict {
            diagnostics: vec![failure(
                Code::TlsStarttlsNotOffered,
                format!("`{host}` does not offer STARTTLS (it answered `{}`), so mail to it cannot travel over TLS", clip(reply)),
            )],
            unknown: false,
        },
        Some(Response::Tls(TlsProbe::HandshakeFailed { message })) => Verdict {
            diagnostics: vec![failure(
                Code::TlsHandshakeFailed,
                format!("The TLS handshake with `{host}` port {port} failed ({})", clip(message)),
            )],
            unknown: false,
        },
        Some(Response::Failed(FailureKind::Timeout(TimeoutBy::Sender))) => {
            unknown(Code::TlsUnreachable, format!("`{host}` port {port} did not answer in time.{blocked}"))
        }
        Some(Response::Failed(FailureKind::Timeout(TimeoutBy::Checker))) => unknown(
            Code::TlsUnreachable,
            format!("This check stopped waiting for `{host}` port {port} at its own time limit; senders may wait longer.{blocked}"),
        ),
        Some(Response::Failed(FailureKind::Network(m))) => {
            unknown(Code::TlsUnreachable, format!("`{host}` port {port} could not be probed ({}).{blocked}", clip(m)))
        }
        Some(Response::Failed(FailureKind::CouldNotVerify(m))) => {
            unknown(Code::TlsNotProbed, format!("`{host}` port {port} could not be probed from here ({}).", clip(m)))
        }
        None => unknown(Code::TlsNotProbed, format!("No answer to the TLS probe of `{host}` port {port} has arrived.")),
        Some(Response::Dns(_) | Response::Fetch(_)) => {
            unknown(Code::TlsNotProbed, format!("The transport did not return a TLS probe for `{host}` port {port}."))
        }
    }
}

/// Below TLS 1.2 (RFC 8996).
fn old_version(version: &str) -> bool {
    matches!(version.trim().to_ascii_uppercase().as_str(), "SSLV2" | "SSLV3" | "TLSV1" | "TLSV1.0" | "TLSV1.1")
}

/// The verifier's reason already says what the dates say.
fn reason_is_about_dates(reason: &str) -> bool {
    let r = reason.to_ascii_lowercase();
    r.contains("expired") || r.contains("not yet valid") || r.contains("not valid yet")
}

fn handshake(h: &Handshake, host: &str, now: i64, stakes: &Stakes) -> Vec<Diagnostic> {
    let failure = |code: Code, what: String| diag(code, format!("{what}: {}.", stakes.consequence)).with_severity(stakes.severity);
    let mut out = Vec::new();
    if old_version(&h.version) {
        out.push(diag(
            Code::TlsOldVersion,
            format!("`{host}` negotiated {}; TLS 1.2 or later is expected (RFC 8996), and many senders refuse less.", clip(&h.version)),
        ));
    }
    let Some(leaf) = h.chain.first() else {
        out.push(failure(Code::TlsHandshakeFailed, format!("`{host}` sent no certificate")));
        return out;
    };
    match name_match(leaf, host) {
        NameMatch::DnsId(_) => {}
        NameMatch::OnlyCommonName(cn) => out.push(failure(
            Code::TlsNameMismatch,
            format!(
                "The certificate of `{host}` names it only in its Common Name (`{cn}`), which RFC 8461 §4.2 does not accept (the name must be a DNS name of the subjectAltName)"
            ),
        )),
        NameMatch::None => {
            let names = if leaf.dns_names.is_empty() {
                "no DNS name at all in its subjectAltName".to_string()
            } else {
                format!("only {}", list(&leaf.dns_names))
            };
            let partial = leaf.dns_names.iter().any(|n| n.contains('*') && !n.starts_with("*."));
            let wildcard = leaf.dns_names.iter().any(|n| n.starts_with("*."));
            let hint = if partial {
                " (a wildcard counts only as the whole leftmost label, such as `*.example.com`)"
            } else if wildcard {
                " (a wildcard stands for exactly one label: `*.example.com` covers `mx.example.com`, not `example.com` or `a.b.example.com`)"
            } else {
                ""
            };
            out.push(failure(Code::TlsNameMismatch, format!("The certificate of `{host}` names {names}{hint}, not `{host}`")));
        }
    }
    let mut dated = false;
    if now < leaf.not_before {
        dated = true;
        out.push(failure(Code::TlsNotYetValid, format!("The certificate of `{host}` is not valid until {}", date(leaf.not_before))));
    } else if now > leaf.not_after {
        dated = true;
        out.push(failure(Code::TlsExpired, format!("The certificate of `{host}` expired on {}", date(leaf.not_after))));
    } else if leaf.not_after - now < EXPIRES_SOON_SECS {
        let days = (leaf.not_after - now) / 86_400;
        out.push(diag(
            Code::TlsExpiresSoon,
            format!(
                "The certificate of `{host}` expires on {} (in {days} day{}); renew it now, or senders will refuse it then.",
                date(leaf.not_after),
                if days == 1 { "" } else { "s" }
            ),
        ));
    }
    if let ChainTrust::Untrusted(reason) = &h.trust {
        if !(dated && reason_is_about_dates(reason)) {
            let what = if h.chain.len() == 1 && leaf.subject == leaf.issuer {
                format!("The certificate of `{host}` is self-signed (`{}`), so it chains to no root senders trust", clip(&leaf.subject))
            } else {
                format!(
                    "The certificate of `{host}` does not chain to a root senders trust ({}; issuer `{}`)",
                    clip(reason),
                    clip(&leaf.issuer)
                )
            };
            out.push(failure(Code::TlsUntrusted, what));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_is_the_whole_leftmost_label_and_one_label_only() {
        let cases = [
            ("mx.example.com", "mx.example.com", true),
            ("MX.Example.COM.", "mx.example.com", true),
            ("mx.example.com", "MX.EXAMPLE.COM.", true),
            ("*.example.com", "mx.example.com", true),
            ("*.example.com", "a.b.example.com", false),
            ("*.example.com", "example.com", false),
            ("*.example.com", ".example.com", false),
            ("mx*.example.com", "mx1.example.com", false),
            ("*mx.example.com", "amx.example.com", false),
            ("mx.*.example.com", "mx.a.example.com", false),
            ("*.*.example.com", "a.b.example.com", false),
            ("*", "com", false),
            ("*.", "mx.", false),
            ("*.example.com", "*.example.com", false),
            ("", "", false),
            ("other.example.com", "mx.example.com", false),
        ];
        for (id, host, want) in cases {
            assert_eq!(dns_id_matches(id, host), want, "{id} vs {host}");
        }
    }

    #[test]
    fn the_common_name_is_reported_but_never_counts() {
        let mut cert = CertificateFacts {
            subject: "CN=mx.example.com".into(),
            common_names: vec!["mx.example.com".into()],
            dns_names: Vec::new(),
            issuer: "CN=CA".into(),
            not_before: 0,
            not_after: 0,
        };
        assert_eq!(name_match(&cert, "mx.example.com"), NameMatch::OnlyCommonName("mx.example.com".into()));
        cert.dns_names = vec!["*.example.com".into()];
        assert_eq!(name_match(&cert, "mx.example.com"), NameMatch::DnsId("*.example.com".into()));
        assert_eq!(name_match(&cert, "other.example.net"), NameMatch::None);
    }

    #[test]
    fn dates_and_driver_text_stay_readable_and_bounded() {
        assert_eq!(date(1_700_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(date(0), "1970-01-01 00:00 UTC");
        assert_eq!(date(-86_400), "1969-12-31 00:00 UTC");
        assert_eq!(date(951_782_400), "2000-02-29 00:00 UTC");
        let long = "é".repeat(500);
        assert!(clip(&long).len() <= DRIVER_TEXT_BYTES + '…'.len_utf8());
        assert_eq!(clip(" 250-mx Hello\r\n250 STARTTLS\n"), "250-mx Hello 250 STARTTLS");
        assert_eq!(list(&(0..7).map(|i| format!("h{i}")).collect::<Vec<_>>()), "`h0`, `h1`, `h2`, `h3`, `h4` and 2 more");
    }
}
