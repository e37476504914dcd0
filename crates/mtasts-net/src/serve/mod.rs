//! `mtasts serve`: the built web app (static files, as `scripts/serve.mjs` serves them) and the
//! same-origin API the page uses for what a browser cannot see (docs/PROXY.md): the policy
//! fetch without CORS and the TLS probes, through [`crate::Net`] with an [`AddressGuard`].
//!
//! Every request must name this server in its `Host` (421 otherwise): a page on another name
//! that a DNS-rebinding attack points at this port reads nothing. The API answers only its
//! own origin (an `Origin` of another is refused), rate-limits per client and per target
//! domain, and sends JSON with `X-Content-Type-Options: nosniff`, so an upstream body is data,
//! never a page. What may be fetched is the core's rule ([`mtasts::proxy_rule`]).
//!
//! [`AddressGuard`]: crate::AddressGuard

mod api;
mod files;
mod limits;

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

pub use limits::RateLimits;

use crate::Net;

/// At most this many connections at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 256;
/// The time a client has to send a request's head.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// What `mtasts serve` serves.
#[derive(Debug)]
pub struct ServeConfig {
    /// The folder of the built web app (`dist/`).
    pub root: PathBuf,
    /// The network the API reaches targets through; its guard must be set.
    pub net: Arc<Net>,
    /// Requests per minute, per client address and per target domain.
    pub limits: RateLimits,
}

/// The server's shared state.
#[derive(Debug)]
struct Server {
    root: PathBuf,
    net: Arc<Net>,
    listen: IpAddr,
    limits: limits::Limiters,
}

/// A response of this server.
type Reply = Response<Full<Bytes>>;

/// Serves on `listener` until the process ends. `config.net` must carry an address guard: a
/// server without one would fetch whatever a page asks for.
pub async fn run(listener: TcpListener, config: ServeConfig) -> Result<(), String> {
    if config.net.config.guard.is_none() {
        return Err("the API's network has no address guard".into());
    }
    let root = std::fs::canonicalize(&config.root).map_err(|e| format!("cannot serve `{}`: {e}", config.root.display()))?;
    if !root.is_dir() {
        return Err(format!("cannot serve `{}`: not a folder", config.root.display()));
    }
    let listen = listener.local_addr().map_err(|e| e.to_string())?.ip();
    let server = Arc::new(Server { root, net: config.net, listen, limits: limits::Limiters::new(config.limits) });
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = Arc::clone(&slots).acquire_owned().await else { return Ok(()) };
        let Ok((stream, peer)) = listener.accept().await else {
            // Out of file descriptors and the like: wait a little rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let server = Arc::clone(&server);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let server = Arc::clone(&server);
                async move { Ok::<_, Infallible>(server.handle(request, peer).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

impl Server {
    async fn handle(&self, request: Request<Incoming>, peer: SocketAddr) -> Reply {
        let Some(host) = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_owned) else {
            return files::text(StatusCode::BAD_REQUEST, "Bad Request: no Host header\n");
        };
        if !is_own_host(&host, self.listen) {
            return files::text(StatusCode::MISDIRECTED_REQUEST, "Misdirected Request: unknown Host\n");
        }
        let head = request.method() == Method::HEAD;
        if request.method() != Method::GET && !head {
            let mut reply = files::text(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed\n");
            reply.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return reply;
        }
        let target = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
        let mut reply = if target == "/api" || target.starts_with("/api/") || target.starts_with("/api?") {
            let origin = request.headers().get(header::ORIGIN).map(|o| String::from_utf8_lossy(o.as_bytes()).into_owned());
            api::handle(self, &target, &host, origin.as_deref(), peer.ip()).await
        } else {
            files::serve(&self.root, &target)
        };
        if head {
            *reply.body_mut() = Full::new(Bytes::new());
        }
        reply
    }
}

/// Whether a `Host` header names this server: `localhost`, `127.0.0.1`, `[::1]` or the address
/// it listens on, with any port (as `isOwnHost` of scripts/serve.mjs).
fn is_own_host(header: &str, listen: IpAddr) -> bool {
    let header = header.trim();
    let (name, port) = match header.strip_prefix('[') {
        Some(v6) => {
            let Some((inside, rest)) = v6.split_once(']') else { return false };
            let port = match rest {
                "" => None,
                _ => match rest.strip_prefix(':') {
                    Some(port) => Some(port),
                    None => return false,
                },
            };
            (format!("[{inside}]"), port)
        }
        None => match header.split_once(':') {
            Some((name, port)) => (name.to_owned(), Some(port)),
            None => (header.to_owned(), None),
        },
    };
    let port_ok = port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix('.').unwrap_or(&name);
    let listen = match listen {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    port_ok && ["localhost", "127.0.0.1", "[::1]", listen.as_str()].contains(&name)
}

#[cfg(test)]
mod tests {
    use super::is_own_host;

    #[test]
    fn host_headers() {
        let v4 = "127.0.0.1".parse().expect("ip");
        for ok in ["localhost", "localhost:8080", "127.0.0.1:1", "[::1]:8080", "[::1]", "LOCALHOST.:80"] {
            assert!(is_own_host(ok, v4), "{ok}");
        }
        for bad in ["", "evil.example", "evil.example:8080", "127.0.0.2", "localhost:", "localhost:x", "[::1", "localhost:123456"] {
            assert!(!is_own_host(bad, v4), "{bad}");
        }
        assert!(is_own_host("192.0.2.1:8080", "192.0.2.1".parse().expect("ip")));
    }
}
