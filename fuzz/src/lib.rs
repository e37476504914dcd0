//! Shared checks and input decoding for the fuzz targets (see `docs/ROBUSTNESS.md`).
//!
//! Every assertion here is a property the core promises for *any* input; a
//! failing one is a finding, exactly like a panic inside the core.

use std::net::{Ipv4Addr, Ipv6Addr};

use mtasts::check::{
    CertificateFacts, ChainTrust, DnsAnswer, DnsRecord, FailureKind, FetchResult, Handshake, PreviousCheck, Rcode, RecordData, RequestId, Response,
    TimeoutBy, TlsProbe,
};
use mtasts::{Diagnostic, LineIndex, Severity, TextRange};

/// Asserts `range` lies within `text` and, when `text` is UTF-8, on character boundaries.
pub fn assert_range(text: &[u8], range: TextRange, what: &str) {
    assert_range_in(text, std::str::from_utf8(text).ok(), range, what);
}

/// [`assert_range`] with the UTF-8 check of `text` done once by the caller.
fn assert_range_in(text: &[u8], utf8: Option<&str>, range: TextRange, what: &str) {
    assert!(range.start <= range.end, "{what}: inverted range {range:?}");
    assert!(range.end as usize <= text.len(), "{what}: range {range:?} past the end ({} bytes)", text.len());
    if let Some(s) = utf8 {
        assert!(
            s.is_char_boundary(range.start as usize) && s.is_char_boundary(range.end as usize),
            "{what}: range {range:?} splits a character"
        );
    }
}

/// Asserts every diagnostic's range and every edit of its fix are valid spans of
/// `text`, that each converts to a line/column position, and that the UTF-16
/// offsets the web page uses round-trip.
pub fn assert_diagnostics(text: &[u8], diagnostics: &[Diagnostic]) {
    let index = LineIndex::new(text);
    // UTF-16 offset of every byte offset, in one pass (checking each span by
    // re-encoding its prefix would be quadratic and slow the fuzzer to a crawl).
    let utf8 = std::str::from_utf8(text).ok();
    let utf16_at: Option<Vec<u32>> = utf8.map(|s| {
        let mut at = vec![0u32; s.len() + 1];
        let mut units = 0u32;
        for (i, c) in s.char_indices() {
            at[i] = units;
            units += c.len_utf16() as u32;
        }
        at[s.len()] = units;
        at
    });
    for d in diagnostics {
        let what = d.code.as_str();
        assert_range_in(text, utf8, d.range, what);
        assert!(!d.message.is_empty(), "{what}: empty message");
        let loc = index.location(d.range);
        assert!(loc.start <= loc.end, "{what}: start {:?} after end {:?}", loc.start, loc.end);
        if let Some(utf16_at) = &utf16_at {
            for (offset, pos) in [(d.range.start, loc.start), (d.range.end, loc.end)] {
                assert_eq!(pos.utf16, utf16_at[offset as usize], "{what}: UTF-16 offset of byte {offset}");
                assert_eq!(index.offset_of_utf16(pos.utf16), offset, "{what}: UTF-16 round trip of byte {offset}");
            }
        }
        if let Some(fix) = &d.fix {
            assert!(!fix.edits.is_empty(), "{what}: fix without edits");
            for e in &fix.edits {
                assert_range_in(text, utf8, e.range, what);
            }
            for (i, a) in fix.edits.iter().enumerate() {
                for b in &fix.edits[i + 1..] {
                    assert!(!a.range.overlaps(b.range), "{what}: fix `{}` has overlapping edits", fix.title);
                }
            }
        }
    }
    // Sorted by position (the documented order).
    for w in diagnostics.windows(2) {
        assert!(w[0].range.start <= w[1].range.start, "diagnostics out of order: {} then {}", w[0].code, w[1].code);
    }
}

/// The number of error-severity diagnostics.
pub fn errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
}

/// Splits fuzz bytes into a list of strings: the first byte is the separator and
/// the rest, read as lossy UTF-8, is split on it. Seeds use `\n`; the fuzzer may
/// pick any other byte, so records containing `\n` (legal in DNS) are reached too.
pub fn split_list(data: &[u8]) -> Vec<String> {
    let Some((&sep, rest)) = data.split_first() else { return Vec::new() };
    rest.split(|&b| b == sep).map(|part| String::from_utf8_lossy(part).into_owned()).collect()
}

/// A decoded `check_engine` input: the text typed into the page, an optional
/// previous check, and a script of responses fed in order.
#[derive(Debug)]
pub struct Script {
    /// What the user typed (domain, address or URL).
    pub input: String,
    /// What the page remembered from a previous check.
    pub previous: Option<PreviousCheck>,
    /// `(id, response)` in feeding order; ids past the requests issued are refused by the engine.
    pub responses: Vec<(RequestId, Response)>,
}

/// Decodes a `check_engine` input. The format is text-friendly so seeds can be
/// written from `tests/scenarios` (see `fuzz/seed.sh`):
///
/// ```text
/// input      = head *(NUL section)
/// head       = domain-input [SOH previous-id [SOH previous-body]]
/// section    = ID KIND payload        ; request id = ID % 24 ('0'..'5' are the first six requests;
///                                     ; with TLS probes, 6 is the policy host's, then one per MX host)
/// KIND 'D'   = "RCODE AD" *(LF record)  ; RCODE decimal (0, 2, 3, 5, other); AD "1" = validated
///   record   = "TXT owner s1 US s2 …" / "MX owner pref host" / "A owner addr"
///            / "AAAA owner addr" / "CNAME owner target"   ; US = 0x1F between character-strings
/// KIND 'F'   = "STATUS [T]" *(LF ("L:" location / "C:" content-type)) LF LF body
/// KIND 'S'   = a TLS probe's facts: "H" LF version LF trust *(LF certificate)   ; handshake
///            / "U" message / "N" reply / "F" message  ; unreachable, no STARTTLS, handshake failed
///   trust    = "T" / "U" reason                       ; chains to a trusted root, or not
///   certificate = dns-names ";" common-names ";" issuer ";" not-before ";" not-after
///               ; names comma-separated, dates in Unix seconds
/// other KIND = failure: payload starting 'T' timeout, 'N' network error, else could-not-verify
/// ```
/// Anything malformed decodes to *something*; decoding never fails.
pub fn decode_script(data: &[u8]) -> Script {
    let mut sections = data.split(|&b| b == 0);
    let head = sections.next().unwrap_or_default();
    let mut head_parts = head.splitn(3, |&b| b == 1);
    let input = String::from_utf8_lossy(head_parts.next().unwrap_or_default()).into_owned();
    let previous = head_parts.next().map(|id| {
        let id = (!id.is_empty()).then(|| String::from_utf8_lossy(id).into_owned());
        match head_parts.next() {
            Some(body) => PreviousCheck::from_body(id, body),
            None => PreviousCheck { id, policy_hash: None },
        }
    });
    let responses = sections.filter_map(decode_response).collect();
    Script { input, previous, responses }
}

fn decode_response(section: &[u8]) -> Option<(RequestId, Response)> {
    let (&id, rest) = section.split_first()?;
    let id = RequestId(u32::from(id % 24));
    let (&kind, payload) = rest.split_first().unwrap_or((&b'X', &[]));
    let response = match kind {
        b'D' => Response::Dns(decode_dns(&String::from_utf8_lossy(payload))),
        b'F' => Response::Fetch(decode_fetch(payload)),
        b'S' => Response::Tls(decode_tls(&String::from_utf8_lossy(payload))),
        _ => {
            let msg = String::from_utf8_lossy(payload.get(1..).unwrap_or_default()).into_owned();
            Response::Failed(match payload.first() {
                Some(b'T') => FailureKind::Timeout(TimeoutBy::Sender),
                Some(b't') => FailureKind::Timeout(TimeoutBy::Checker),
                Some(b'N') => FailureKind::Network(msg),
                _ => FailureKind::CouldNotVerify(msg),
            })
        }
    };
    Some((id, response))
}

fn decode_dns(text: &str) -> DnsAnswer {
    let mut lines = text.split('\n');
    let mut head = lines.next().unwrap_or("").split(' ');
    let rcode = match head.next().and_then(|c| c.parse::<u16>().ok()).unwrap_or(0) {
        0 => Rcode::NoError,
        2 => Rcode::ServFail,
        3 => Rcode::NxDomain,
        5 => Rcode::Refused,
        n => Rcode::Other(n),
    };
    let authenticated_data = head.next() == Some("1");
    let records = lines
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let (rtype, name, data) = (parts.next()?, parts.next()?.to_string(), parts.next().unwrap_or(""));
            let data = match rtype {
                "TXT" => RecordData::Txt(data.split('\x1f').map(String::from).collect()),
                "MX" => {
                    let (pref, host) = data.split_once(' ').unwrap_or(("0", data));
                    RecordData::Mx(pref.parse().unwrap_or(0), host.to_string())
                }
                "A" => RecordData::A(data.parse().unwrap_or(Ipv4Addr::UNSPECIFIED)),
                "AAAA" => RecordData::Aaaa(data.parse().unwrap_or(Ipv6Addr::UNSPECIFIED)),
                "CNAME" => RecordData::Cname(data.to_string()),
                _ => return None,
            };
            Some(DnsRecord { name, data })
        })
        .collect();
    DnsAnswer { rcode, records, authenticated_data }
}

fn decode_tls(text: &str) -> TlsProbe {
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or("");
    let message = first.get(1..).unwrap_or("").to_string();
    match first.as_bytes().first() {
        Some(b'H') => {
            let version = lines.next().unwrap_or("").to_string();
            let trust = match lines.next().unwrap_or("") {
                "T" => ChainTrust::Trusted,
                other => ChainTrust::Untrusted(other.get(1..).unwrap_or("").to_string()),
            };
            let names = |list: &str| list.split(',').filter(|n| !n.is_empty()).map(String::from).collect::<Vec<_>>();
            let chain = lines
                .map(|line| {
                    let mut fields = line.split(';');
                    let mut next = || fields.next().unwrap_or("");
                    let (dns_names, common_names, issuer) = (names(next()), names(next()), next().to_string());
                    let (not_before, not_after) = (next().parse().unwrap_or(0), next().parse().unwrap_or(i64::MAX));
                    let subject = common_names.first().map(|cn| format!("CN={cn}")).unwrap_or_default();
                    CertificateFacts { subject, common_names, dns_names, issuer, not_before, not_after }
                })
                .collect();
            TlsProbe::Handshake(Handshake { version, chain, trust })
        }
        Some(b'U') => TlsProbe::Unreachable { message },
        Some(b'N') => TlsProbe::StarttlsNotOffered { reply: message },
        _ => TlsProbe::HandshakeFailed { message },
    }
}

fn decode_fetch(payload: &[u8]) -> FetchResult {
    let split = payload.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(at) => (&payload[..at], payload[at + 2..].to_vec()),
        None => (payload, Vec::new()),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split('\n');
    let mut first = lines.next().unwrap_or("").split(' ');
    let status = first.next().and_then(|s| s.parse().ok()).unwrap_or(200);
    let truncated = first.next() == Some("T");
    let (mut redirect_location, mut content_type) = (None, None);
    for line in lines {
        if let Some(l) = line.strip_prefix("L:") {
            redirect_location = Some(l.to_string());
        } else if let Some(c) = line.strip_prefix("C:") {
            content_type = Some(c.to_string());
        }
    }
    FetchResult { status, redirect_location, content_type, body, truncated }
}
