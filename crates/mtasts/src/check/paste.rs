//! What the user pastes when the policy fetch cannot be seen from here: the body alone, or the
//! whole output of the `curl -sv` command the check shows (or of `curl -i`). A transcript
//! carries what a fetch shows — the status, `Content-Type`, a redirect's `Location`, the body,
//! or curl's own error (`curl: (60) SSL certificate problem …`) — so the whole fetch is judged
//! from one paste instead of its headers counting as policy lines.
//!
//! Recognised forms (curl 7 and 8, HTTP/1.1, HTTP/2 and HTTP/3):
//! - `curl -v`/`-sv`: `* ` info lines, `> ` request lines, `< ` response lines (`< HTTP/2 200`,
//!   `< content-type: text/plain`, `<` alone ending the headers), `{ [5 bytes data]` markers,
//!   then the body, and `* Connection #0 … left intact` after it (glued to the last line when
//!   the body has no final newline);
//! - `curl -i`: the status line, headers, an empty line, the body.
//!
//! A line echoing the command (`$ curl -sv …`) may come first. Interim responses (`1xx`) and a
//! proxy's `200 Connection established` are skipped; with `-L`, the first response is what
//! senders see (they follow no redirect).

use super::request::{FailureKind, FetchResult, Response, TimeoutBy};

/// How the pasted text was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum PasteForm {
    /// The policy body alone.
    Body,
    /// `curl -v` / `curl -sv` output.
    CurlVerbose,
    /// `curl -i` output.
    CurlInclude,
}

impl PasteForm {
    /// How to name the form to people: `the policy text`, `` `curl -sv` output ``.
    pub const fn describe(self) -> &'static str {
        match self {
            PasteForm::Body => "the policy text",
            PasteForm::CurlVerbose => "`curl -sv` output",
            PasteForm::CurlInclude => "`curl -i` output",
        }
    }
}

/// Text pasted in place of the policy fetch, read ([`PastedPolicy::read`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastedPolicy {
    /// How it was read.
    pub form: PasteForm,
    /// The policy body: the whole text for [`PasteForm::Body`], else the body curl printed.
    pub body: Vec<u8>,
    /// What the transcript shows of the fetch: [`Response::Fetch`] (status, content type,
    /// `Location`, the body) or [`Response::Failed`] with curl's error. `None` for a body, and
    /// for a transcript without a status line or an error.
    pub response: Option<Response>,
}

impl PastedPolicy {
    /// The body alone, taken as it is.
    pub fn body(body: impl Into<Vec<u8>>) -> PastedPolicy {
        PastedPolicy { form: PasteForm::Body, body: body.into(), response: None }
    }

    /// Reads `text`: a curl transcript when it starts like one (see the module documentation),
    /// else a body taken as it is. Linear in the length of `text`; never fails.
    pub fn read(text: &[u8]) -> PastedPolicy {
        let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
        let mut first = lines.iter().position(|l| !trim(l).is_empty());
        if let Some(i) = first.filter(|&i| is_command_echo(trim(lines[i]))) {
            first = lines.iter().skip(i + 1).position(|l| !trim(l).is_empty()).map(|p| p + i + 1);
        }
        let Some(start) = first else { return PastedPolicy::body(text) };
        let head = trim(lines[start]);
        if status_line(head).is_some() {
            read_include(&lines[start..])
        } else if is_curl_line(lines[start]) {
            read_verbose(&lines[start..])
        } else {
            PastedPolicy::body(text)
        }
    }
}

/// One response's status line and headers.
struct Block {
    status: u16,
    reason: String,
    content_type: Option<String>,
    location: Option<String>,
}

impl Block {
    fn header(&mut self, line: &[u8]) {
        let line = String::from_utf8_lossy(trim(line));
        if let Some((name, value)) = line.split_once(':') {
            let value = Some(value.trim().to_string());
            match name.trim().to_ascii_lowercase().as_str() {
                "content-type" => self.content_type = value,
                "location" => self.location = value,
                _ => {}
            }
        }
    }

    /// An interim response or a proxy's tunnel: not what the host answered.
    fn is_preamble(&self) -> bool {
        (100..200).contains(&self.status) || (self.status == 200 && self.reason.eq_ignore_ascii_case("connection established"))
    }
}

/// `HTTP/1.1 200 OK`, `HTTP/2 200 `: the status and the reason phrase.
fn status_line(line: &[u8]) -> Option<(u16, String)> {
    let rest = line.strip_prefix(b"HTTP/")?;
    let space = rest.iter().position(|&b| b == b' ')?;
    if space == 0 || !rest[..space].iter().all(|b| b.is_ascii_digit() || *b == b'.') {
        return None;
    }
    let after = &rest[space + 1..];
    let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits != 3 {
        return None;
    }
    let status = after[..3].iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    Some((status, String::from_utf8_lossy(after[3..].trim_ascii()).into_owned()))
}

fn trim(line: &[u8]) -> &[u8] {
    line.trim_ascii()
}

/// `$ curl -sv https://…`, `curl -i …`, `PS C:\> curl.exe …`: the command, not its output.
fn is_command_echo(line: &[u8]) -> bool {
    let line = String::from_utf8_lossy(line);
    let Some(at) = line.find("curl") else { return false };
    let prompt = line[..at].trim_end();
    let command = &line[at..];
    (command.starts_with("curl ") || command.starts_with("curl.exe "))
        && (prompt.is_empty() || (prompt.len() <= 64 && prompt.ends_with(['$', '%', '#', '>'])))
}

/// A line curl writes around the body in verbose mode.
fn is_curl_line(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    matches!(line, [b'*' | b'<' | b'>'] | [b'*' | b'<' | b'>', b' ' | b'\t', ..])
        || line.starts_with(b"{ [")
        || line.starts_with(b"} [")
        || line.starts_with(b"curl: (")
}

/// `curl: (60) SSL certificate problem: …`.
fn curl_error(line: &[u8]) -> Option<String> {
    line.starts_with(b"curl: (").then(|| String::from_utf8_lossy(trim(line)).into_owned())
}

/// Where curl's "connection left intact" note was glued to a body without a final newline.
fn glued_note(line: &[u8]) -> Option<usize> {
    [&b"* Connection #"[..], b"* Closing connection"].iter().filter_map(|note| line.windows(note.len()).position(|w| w == *note)).min()
}

fn read_verbose(lines: &[&[u8]]) -> PastedPolicy {
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_headers = false;
    let mut body: Vec<u8> = Vec::new();
    let mut error = None;
    for line in lines {
        if let Some(rest) = line.strip_prefix(b"<") {
            let rest = rest.strip_prefix(b" ").unwrap_or(rest);
            if let Some((status, reason)) = status_line(trim(rest)) {
                blocks.push(Block { status, reason, content_type: None, location: None });
                in_headers = true;
                body.clear();
            } else if trim(rest).is_empty() {
                in_headers = false;
            } else if let Some(block) = blocks.last_mut().filter(|_| in_headers) {
                block.header(rest);
            }
        } else if let Some(e) = curl_error(line) {
            error.get_or_insert(e);
        } else if is_curl_line(line) {
            // Info, request and data-marker lines, also between the lines of the body.
        } else if !blocks.is_empty() && !in_headers {
            match glued_note(line) {
                Some(at) => body.extend_from_slice(&line[..at]),
                None => body.extend_from_slice(line),
            }
        }
    }
    outcome(PasteForm::CurlVerbose, blocks, body, error)
}

fn read_include(lines: &[&[u8]]) -> PastedPolicy {
    let mut blocks: Vec<Block> = Vec::new();
    let mut at = 0;
    // Status blocks, while one follows another (interim responses, a tunnel, `-L` hops).
    while let Some((status, reason)) = lines.get(at).and_then(|l| status_line(trim(l))) {
        let mut block = Block { status, reason, content_type: None, location: None };
        at += 1;
        while let Some(line) = lines.get(at) {
            at += 1;
            if trim(line).is_empty() {
                break;
            }
            block.header(line);
        }
        blocks.push(block);
        let next = lines[at.min(lines.len())..].iter().position(|l| !trim(l).is_empty()).map(|p| p + at);
        match next {
            Some(n) if status_line(trim(lines[n])).is_some() => at = n,
            _ => break,
        }
    }
    let rest = lines.get(at..).unwrap_or_default();
    let error = rest.iter().find_map(|l| curl_error(l));
    let body: Vec<u8> = rest.iter().filter(|l| curl_error(l).is_none()).flat_map(|l| l.iter().copied()).collect();
    outcome(PasteForm::CurlInclude, blocks, body, error)
}

/// The fetch as senders see it: the first response that is not a preamble.
fn outcome(form: PasteForm, blocks: Vec<Block>, body: Vec<u8>, error: Option<String>) -> PastedPolicy {
    let response = match blocks.into_iter().find(|b| !b.is_preamble()) {
        Some(b) => {
            let redirect = (300..400).contains(&b.status);
            Some(Response::Fetch(FetchResult {
                status: b.status,
                redirect_location: b.location,
                content_type: b.content_type,
                body: if redirect { Vec::new() } else { body.clone() },
                truncated: false,
            }))
        }
        None => error.map(|e| Response::Failed(FailureKind::Network(e))),
    };
    PastedPolicy { form, body, response }
}

/// The fetch answer the rules judge, and whether it comes from the paste: the driver's answer
/// when it saw one (a response, a sender's timeout, a visible network failure); else what a
/// pasted transcript shows. With `no_resolver` (nothing could be looked up: [`super::cause`]), a
/// network failure of the fetch is no proof either: could-not-verify.
pub(super) fn judged_fetch(fetched: Option<&Response>, pasted: Option<&PastedPolicy>, no_resolver: bool) -> (Option<Response>, bool) {
    let seen = match fetched {
        Some(Response::Fetch(_) | Response::Failed(FailureKind::Timeout(TimeoutBy::Sender))) => true,
        Some(Response::Failed(FailureKind::Network(_))) => !no_resolver,
        _ => false,
    };
    match (seen, pasted.and_then(|p| p.response.as_ref())) {
        (false, Some(transcript)) => (Some(transcript.clone()), true),
        (false, None) if no_resolver => match fetched {
            Some(Response::Failed(FailureKind::Network(m))) => (Some(Response::Failed(FailureKind::CouldNotVerify(m.clone()))), false),
            other => (other.cloned(), false),
        },
        _ => (fetched.cloned(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetch(p: &PastedPolicy) -> (u16, Option<&str>, Option<&str>, &[u8]) {
        match &p.response {
            Some(Response::Fetch(r)) => (r.status, r.content_type.as_deref(), r.redirect_location.as_deref(), &r.body),
            other => panic!("no fetch in {other:?}"),
        }
    }

    const POLICY: &str = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n";

    #[test]
    fn a_body_is_taken_as_it_is() {
        for text in [POLICY, "", "\n\n", "mode: testing", "  version: STSv1\n"] {
            let p = PastedPolicy::read(text.as_bytes());
            assert_eq!((p.form, p.body.as_slice(), &p.response), (PasteForm::Body, text.as_bytes(), &None), "{text:?}");
        }
    }

    #[test]
    fn curl_sv_http2() {
        let text = format!(
            "$ curl -sv https://mta-sts.example.com/.well-known/mta-sts.txt\n\
             * Host mta-sts.example.com:443 was resolved.\n*   Trying 192.0.2.10:443...\n\
             * ALPN: curl offers h2,http/1.1\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n\
             * Server certificate:\n*  subject: CN=mta-sts.example.com\n*  SSL certificate verify ok.\n\
             > GET /.well-known/mta-sts.txt HTTP/2\n> Host: mta-sts.example.com\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n\
             * TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):\n\
             < HTTP/2 200 \n< server: nginx\n< content-type: text/plain; charset=utf-8\n< content-length: 70\n<\n\
             {{ [70 bytes data]\n{POLICY}* Connection #0 to host mta-sts.example.com left intact\n"
        );
        let p = PastedPolicy::read(text.as_bytes());
        assert_eq!(p.form, PasteForm::CurlVerbose);
        assert_eq!(fetch(&p), (200, Some("text/plain; charset=utf-8"), None, POLICY.as_bytes()));
        assert_eq!(p.body, POLICY.as_bytes());
    }

    #[test]
    fn curl_sv_http11_crlf_headers_and_a_body_without_final_newline() {
        let body = POLICY.trim_end();
        let text = format!(
            "*   Trying 192.0.2.10:443...\r\n> GET /.well-known/mta-sts.txt HTTP/1.1\r\n> Host: mta-sts.example.com\r\n> \r\n\
             < HTTP/1.1 200 OK\r\n< Content-Type: text/html\r\n< Content-Length: 69\r\n< \r\n\
             {body}* Connection #0 to host mta-sts.example.com left intact\n"
        );
        let p = PastedPolicy::read(text.as_bytes());
        assert_eq!(fetch(&p), (200, Some("text/html"), None, body.as_bytes()));
    }

    #[test]
    fn curl_i_with_interim_and_tunnel_responses() {
        let text = format!(
            "HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n{POLICY}"
        );
        let p = PastedPolicy::read(text.as_bytes());
        assert_eq!(p.form, PasteForm::CurlInclude);
        assert_eq!(fetch(&p), (200, Some("text/plain"), None, POLICY.as_bytes()));
    }

    #[test]
    fn a_redirect_is_what_senders_see_even_when_curl_followed_it() {
        let text = format!(
            "HTTP/2 301 \r\nlocation: https://www.example.com/mta-sts.txt\r\n\r\nHTTP/2 200 \r\ncontent-type: text/plain\r\n\r\n{POLICY}"
        );
        let p = PastedPolicy::read(text.as_bytes());
        assert_eq!(fetch(&p), (301, None, Some("https://www.example.com/mta-sts.txt"), &b""[..]));
    }

    #[test]
    fn curl_errors_are_a_failed_fetch() {
        let text = "*   Trying 192.0.2.10:443...\n* SSL certificate problem: certificate has expired\n* Closing connection\n\
                    curl: (60) SSL certificate problem: certificate has expired\n";
        let p = PastedPolicy::read(text.as_bytes());
        assert_eq!(
            p.response,
            Some(Response::Failed(FailureKind::Network("curl: (60) SSL certificate problem: certificate has expired".into())))
        );
        assert!(p.body.is_empty());
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for text in
            ["HTTP/", "HTTP/1.1 ", "HTTP/1.1 2", "< HTTP/2 99999", "<", "*", "curl: (", "HTTP/1.1 200\n", "\u{feff}HTTP/1.1 200 OK\n"]
        {
            let _ = PastedPolicy::read(text.as_bytes());
        }
        assert_eq!(PastedPolicy::read(b"< HTTP/2 99999\n").response, None);
    }
}
