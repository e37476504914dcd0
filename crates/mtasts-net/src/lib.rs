//! Native I/O for the mtasts domain check: it answers the engine's requests
//! ([`mtasts::check::Request`]) from a real network and judges nothing. Every rule stays in
//! the core; this crate only moves bytes and reports what it saw.
//!
//! - DNS ([`dns`]): the system's resolvers (`/etc/resolv.conf`), a resolver given by address
//!   (UDP, TCP when the answer is truncated) or DNS over HTTPS (RFC 8484 POST); messages are
//!   built and read by the core's `check::dns_wire`, the browser's parser, so rcode, CNAMEs and
//!   the AD flag come out the same in both drivers.
//! - The policy fetch ([`http`]): HTTPS with rustls against webpki-roots plus `--ca-file`,
//!   the host resolved with the same resolver, **no redirect followed**, the body read up to
//!   64 KiB + 1 byte.
//! - TLS probes ([`probe`]): the policy host on 443 and each MX host over SMTP STARTTLS on 25
//!   ([`smtp`]): the TLS version, every certificate's names and dates ([`cert`]) and whether the
//!   chain leads to a trusted root, checked without the host name (the core matches names).
//! - Timeouts everywhere: a request that runs out of time is
//!   [`FailureKind::Timeout`]`(`[`TimeoutBy::Sender`]`)`: this driver fetches as a sender does.
//!
//! [`Net::drive`] is the driver loop: every request out at once, each answer fed back as it
//! lands, new requests (one probe per MX host) picked up after every answer.

pub mod cert;
pub mod connect;
pub mod dns;
pub mod http;
pub mod probe;
pub mod serve;
pub mod smtp;
pub mod tls;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mtasts::check::{Checker, FailureKind, RequestKind, Response, TimeoutBy};
use rustls_pki_types::CertificateDer;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

pub use connect::{AddressGuard, ConnectError, ConnectTo};
pub use dns::DnsConfig;

/// How the checks reach the network.
#[derive(Debug, Clone)]
pub struct NetConfig {
    /// Which resolver answers the lookups (and resolves the hosts connected to).
    pub dns: DnsConfig,
    /// More trust anchors besides webpki-roots (`--ca-file`), DER.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// Connections to redirect (`--connect-to`), first match wins.
    pub connect_to: Vec<ConnectTo>,
    /// The time limit of each request (a lookup, the fetch, a probe), from start to end.
    pub timeout: Duration,
    /// At most this many probes at once to one host (portfolio politeness: many domains on one
    /// provider share its MX hosts).
    pub probes_per_host: usize,
    /// Only the addresses this allows are connected to (`mtasts serve`); `None`: any.
    pub guard: Option<AddressGuard>,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            dns: DnsConfig::System,
            extra_roots: Vec::new(),
            connect_to: Vec::new(),
            timeout: Duration::from_secs(10),
            probes_per_host: 2,
            guard: None,
        }
    }
}

/// Reads every certificate of a PEM file (`--ca-file`).
pub fn read_pem_certificates(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, String> {
    use rustls_pki_types::pem::PemObject as _;
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: no PEM certificate in the file", path.display()));
    }
    Ok(certs)
}

/// The network as the checks see it: resolver, TLS settings, redirections, per-host limits.
/// Shared by every check of a run (`Arc<Net>`), so the per-host limits hold across domains.
#[derive(Debug)]
pub struct Net {
    pub(crate) config: NetConfig,
    pub(crate) tls: tls::Tls,
    pub(crate) resolver: dns::Resolver,
    host_limits: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Net {
    /// Sets up the resolver and the TLS configurations.
    pub fn new(config: NetConfig) -> Result<Arc<Net>, String> {
        let tls = tls::Tls::new(&config.extra_roots)?;
        let resolver = dns::Resolver::new(&config.dns)?;
        Ok(Arc::new(Net { config, tls, resolver, host_limits: Mutex::new(HashMap::new()) }))
    }

    /// Answers one request. Never fails: what went wrong is part of the response.
    pub async fn perform(self: &Arc<Self>, kind: &RequestKind) -> Response {
        match kind {
            RequestKind::Dns { name, rtype } => self.resolver.query(self, name, *rtype).await,
            RequestKind::Fetch { url } => within(self.config.timeout, http::fetch_policy(self, url)).await,
            RequestKind::TlsProbe { host, port, service } => {
                let limit = self.host_limit(host);
                // The semaphore is never closed, so acquiring only fails if it were.
                let _permit = limit.acquire_owned().await;
                within(self.config.timeout, probe::probe(self, host, *port, *service)).await
            }
        }
    }

    /// The addresses of `host:port` the connections will go to, each checked by the guard
    /// (see [`connect`]); pass them to [`Net::fetch_at`] and [`Net::probe_at`].
    pub async fn addresses(&self, host: &str, port: u16) -> Result<Vec<std::net::SocketAddr>, ConnectError> {
        within_or(self.config.timeout, connect::addresses(self, host, port), || {
            ConnectError::NoAddress(format!("the addresses of `{host}` were not found in time"))
        })
        .await
    }

    /// The policy fetch of `url` (as [`Net::perform`] does it) to these addresses only, with
    /// every response header.
    pub async fn fetch_at(&self, url: &str, addrs: &[std::net::SocketAddr]) -> Result<http::Reply, FailureKind> {
        let work = async { http::fetch_at(self, url, addrs).await.map_err(FailureKind::Network) };
        tokio::time::timeout(self.config.timeout, work).await.unwrap_or(Err(FailureKind::Timeout(TimeoutBy::Sender)))
    }

    /// A TLS probe (as [`Net::perform`] does it) to these addresses only.
    pub async fn probe_at(&self, host: &str, port: u16, service: mtasts::check::ProbeService, addrs: &[std::net::SocketAddr]) -> Response {
        let limit = self.host_limit(host);
        let _permit = limit.acquire_owned().await;
        within(self.config.timeout, probe::probe_at(self, host, port, service, addrs)).await
    }

    fn host_limit(&self, host: &str) -> Arc<Semaphore> {
        let mut limits = self.host_limits.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let per_host = self.config.probes_per_host.max(1);
        Arc::clone(limits.entry(host.to_ascii_lowercase()).or_insert_with(|| Arc::new(Semaphore::new(per_host))))
    }

    /// Runs a check to the end: every request the engine hands out is performed at once, each
    /// answer is fed back as it lands, and the engine is polled again after each one (new
    /// requests, such as one TLS probe per MX host, appear as answers arrive). `on_answer` is
    /// called after each answer (progress display).
    pub async fn drive(self: &Arc<Self>, checker: &mut Checker, mut on_answer: impl FnMut(&Checker)) {
        let mut running = JoinSet::new();
        loop {
            while let Some(request) = checker.poll_request() {
                let net = Arc::clone(self);
                running.spawn(async move { (request.id, net.perform(&request.kind).await) });
            }
            let Some(joined) = running.join_next().await else { break };
            // A panicking task would be a bug here; the engine then shows that request unanswered.
            if let Ok((id, response)) = joined {
                checker.handle_response(id, response);
                on_answer(checker);
            }
        }
    }
}

async fn within_or<T, E>(limit: Duration, work: impl Future<Output = Result<T, E>>, late: impl FnOnce() -> E) -> Result<T, E> {
    tokio::time::timeout(limit, work).await.unwrap_or_else(|_| Err(late()))
}

/// Runs `work` with a time limit; running out is a sender's timeout.
pub(crate) async fn within(limit: Duration, work: impl Future<Output = Response>) -> Response {
    tokio::time::timeout(limit, work).await.unwrap_or(Response::Failed(FailureKind::Timeout(TimeoutBy::Sender)))
}
