//! HTTP/1.1 over TLS (or plain, for a DNS-over-HTTPS URL that says `http:`): the policy fetch and DNS over
//! HTTPS. One request per connection, **no redirect followed** (RFC 8461 §3.3: a 3xx comes back
//! as its status and `Location`), the body read frame by frame up to a cap.

use std::net::SocketAddr;

use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use hyper::header;
use hyper_util::rt::TokioIo;
use mtasts::check::{FailureKind, FetchResult, Response};
use mtasts::policy::MAX_POLICY_SIZE;
use rustls_pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::TlsConnector;

use crate::Net;
use crate::connect;

/// An `http(s)://host[:port]/path` URL, as far as these requests need one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Url {
    pub(crate) https: bool,
    /// The host, IPv6 without brackets.
    pub(crate) host: String,
    pub(crate) port: u16,
    /// Path and query, starting with `/`.
    pub(crate) path: String,
}

impl Url {
    pub(crate) fn parse(url: &str) -> Result<Url, String> {
        let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(format!("`{url}` is not an http(s) URL"));
        };
        let (authority, path) = rest.find(['/', '?']).map_or((rest, "/"), |i| rest.split_at(i));
        if authority.is_empty() || authority.contains('@') || path.contains('#') {
            return Err(format!("`{url}`: expected http(s)://HOST[:PORT]/PATH without userinfo or fragment"));
        }
        let default = if https { 443 } else { 80 };
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (host, after) = v6.split_once(']').ok_or_else(|| format!("`{url}`: unclosed `[`"))?;
            (host, after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        let port = port.map_or(Ok(default), |p| p.parse::<u16>().map_err(|_| format!("`{url}`: bad port")))?;
        let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
        Ok(Url { https, host: host.to_ascii_lowercase(), port, path })
    }

    /// `host[:port]` for the `Host` header.
    fn authority(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        if self.port == if self.https { 443 } else { 80 } { host } else { format!("{host}:{}", self.port) }
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}{}", if self.https { "https" } else { "http" }, self.authority(), self.path)
    }
}

/// What came back.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Location` header.
    pub location: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// Every header, in order, values as text (invalid UTF-8 replaced).
    pub headers: Vec<(String, String)>,
    /// The body, at most `cap` bytes.
    pub body: Vec<u8>,
    /// More than `cap` bytes were sent: `body` holds the first `cap`.
    pub truncated: bool,
}

/// The policy fetch (RFC 8461 §3.3): the host resolved by the check's resolver, the chain and
/// the host name verified as a sender does, no redirect followed, 64 KiB + 1 byte read at most.
pub(crate) async fn fetch_policy(net: &Net, url: &str) -> Response {
    let url = match Url::parse(url) {
        Ok(url) => url,
        Err(e) => return Response::Failed(FailureKind::Network(e)),
    };
    let addrs = match connect::addresses(net, &url.host, url.port).await {
        Ok(addrs) => addrs,
        Err(e) => return Response::Failed(FailureKind::Network(e.to_string())),
    };
    match request(net, &url, &addrs, None, MAX_POLICY_SIZE + 1).await {
        Ok(reply) => Response::Fetch(FetchResult {
            status: reply.status,
            redirect_location: reply.location,
            content_type: reply.content_type,
            body: reply.body,
            truncated: reply.truncated,
        }),
        Err(e) => Response::Failed(FailureKind::Network(e)),
    }
}

/// The policy fetch of `url` to these addresses only (the caller checked them and bounds the time).
pub(crate) async fn fetch_at(net: &Net, url: &str, addrs: &[SocketAddr]) -> Result<Reply, String> {
    request(net, &Url::parse(url)?, addrs, None, MAX_POLICY_SIZE + 1).await
}

/// A GET (or, with `post`, a POST of that media type and body) to `url` at one of `addrs`,
/// reading at most `cap` bytes of the body. The caller bounds the time.
pub(crate) async fn request(
    net: &Net,
    url: &Url,
    addrs: &[SocketAddr],
    post: Option<(&'static str, Vec<u8>)>,
    cap: usize,
) -> Result<Reply, String> {
    let tcp = connect::connect_any(net, &url.host, url.port, addrs).await.map_err(|e| e.to_string())?;
    if !url.https {
        return exchange(tcp, url, post, cap).await;
    }
    let name = ServerName::try_from(url.host.clone()).map_err(|e| format!("`{}` cannot be a TLS server name ({e})", url.host))?;
    let tls = TlsConnector::from(std::sync::Arc::clone(&net.tls.verifying))
        .connect(name, tcp)
        .await
        .map_err(|e| format!("TLS with {} failed: {e}", url.host))?;
    exchange(tls, url, post, cap).await
}

async fn exchange<Io>(io: Io, url: &Url, post: Option<(&'static str, Vec<u8>)>, cap: usize) -> Result<Reply, String>
where
    Io: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let broken = |e: hyper::Error| format!("HTTP exchange with {} failed: {e}", url.host);
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io)).await.map_err(broken)?;
    // The connection is driven beside the request and dropped with it (an endless body included).
    let driver = tokio::spawn(connection);
    let builder = hyper::Request::builder()
        .uri(url.path.as_str())
        .header(header::HOST, url.authority())
        .header(header::USER_AGENT, concat!("mtasts/", env!("CARGO_PKG_VERSION")))
        .header(header::CACHE_CONTROL, "no-cache");
    let request = match post {
        Some((media, body)) => {
            builder.method("POST").header(header::CONTENT_TYPE, media).header(header::ACCEPT, media).body(Full::new(Bytes::from(body)))
        }
        None => builder.method("GET").body(Full::new(Bytes::new())),
    }
    .map_err(|e| format!("cannot build the request for {url}: {e}"))?;
    let result = read_reply(&mut sender, request, cap).await.map_err(broken);
    driver.abort();
    result
}

async fn read_reply(
    sender: &mut hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    request: hyper::Request<Full<Bytes>>,
    cap: usize,
) -> Result<Reply, hyper::Error> {
    let mut response = sender.send_request(request).await?;
    let header =
        |name| response.headers().get(name).map(|v: &hyper::header::HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let status = response.status().as_u16();
    let location = header(header::LOCATION);
    let content_type = header(header::CONTENT_TYPE);
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    let mut body = Vec::new();
    let mut truncated = false;
    while let Some(frame) = response.body_mut().frame().await {
        let Ok(data) = frame?.into_data() else { continue };
        let room = cap - body.len();
        if data.len() > room {
            body.extend_from_slice(&data[..room]);
            truncated = true;
            break;
        }
        body.extend_from_slice(&data);
    }
    Ok(Reply { status, location, content_type, headers, body, truncated })
}

#[cfg(test)]
mod tests {
    use super::Url;

    #[test]
    fn urls() {
        let url = Url::parse("https://mta-sts.example.com/.well-known/mta-sts.txt").expect("valid");
        assert_eq!((url.host.as_str(), url.port, url.path.as_str()), ("mta-sts.example.com", 443, "/.well-known/mta-sts.txt"));
        let doh = Url::parse("http://[::1]:8053/dns-query?x=1").expect("valid");
        assert_eq!(
            (doh.host.as_str(), doh.port, doh.path.as_str(), doh.to_string().as_str()),
            ("::1", 8053, "/dns-query?x=1", "http://[::1]:8053/dns-query?x=1")
        );
        assert_eq!(Url::parse("https://127.0.0.1:8443").map(|u| u.path), Ok("/".into()));
        for bad in ["ftp://x/", "https://", "https://u@h/", "https://h:99999/", "https://h/#f"] {
            assert!(Url::parse(bad).is_err(), "{bad}");
        }
    }
}
