//! TLS probes: connect the way a sender does (the policy host over HTTPS, an MX host over SMTP
//! `STARTTLS`), complete a handshake that lets any certificate through, and report the facts:
//! version, every certificate's names and dates, and the chain's trust verdict taken without the
//! host name. The core judges them (names against the host, expiry, mode).

use mtasts::check::{Handshake, ProbeService, Response, TlsProbe};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use tokio::io::AsyncWriteExt as _;
use tokio_rustls::TlsConnector;

use crate::smtp::{self, StartTlsError};
use crate::{Net, cert, connect};

/// Probes `host:port` (the caller bounds the time: running out is a sender's timeout).
pub(crate) async fn probe(net: &Net, host: &str, port: u16, service: ProbeService) -> Response {
    match connect::addresses(net, host, port).await {
        Ok(addrs) => probe_at(net, host, port, service, &addrs).await,
        Err(e) => Response::Tls(TlsProbe::Unreachable { message: e.to_string() }),
    }
}

/// Probes `host:port` at these addresses only.
pub(crate) async fn probe_at(net: &Net, host: &str, port: u16, service: ProbeService, addrs: &[std::net::SocketAddr]) -> Response {
    let tcp = match connect::connect_any(net, host, port, addrs).await {
        Ok(tcp) => tcp,
        Err(e) => return Response::Tls(TlsProbe::Unreachable { message: e.to_string() }),
    };
    let tcp = match service {
        ProbeService::Https => tcp,
        ProbeService::SmtpStarttls => match smtp::starttls(tcp).await {
            Ok(tcp) => tcp,
            Err(StartTlsError::NotOffered(reply)) => return Response::Tls(TlsProbe::StarttlsNotOffered { reply }),
            Err(StartTlsError::Dialogue(message)) => return Response::Tls(TlsProbe::HandshakeFailed { message }),
        },
    };
    let name = match ServerName::try_from(host.to_owned()) {
        Ok(name) => name,
        Err(e) => return Response::Tls(TlsProbe::HandshakeFailed { message: format!("`{host}` cannot be a TLS server name ({e})") }),
    };
    let mut tls = match TlsConnector::from(std::sync::Arc::clone(&net.tls.probing)).connect(name, tcp).await {
        Ok(tls) => tls,
        Err(e) => return Response::Tls(TlsProbe::HandshakeFailed { message: format!("the TLS handshake failed: {e}") }),
    };
    let (_, session) = tls.get_ref();
    let version = session.protocol_version().and_then(|v| v.as_str()).unwrap_or("unknown").replace("TLSv1_", "TLSv1.");
    let chain: Vec<CertificateDer<'static>> =
        session.peer_certificates().unwrap_or_default().iter().map(|c| c.clone().into_owned()).collect();
    let facts = match chain.iter().map(cert::facts).collect::<Result<Vec<_>, _>>() {
        Ok(facts) => facts,
        Err(message) => return Response::Tls(TlsProbe::HandshakeFailed { message }),
    };
    let trust = net.tls.chain_trust(&chain, UnixTime::now());
    // A polite goodbye, not waited for long: the facts are in.
    let goodbye = async {
        if service == ProbeService::SmtpStarttls {
            let _ = tls.write_all(b"QUIT\r\n").await;
        }
        let _ = tls.shutdown().await;
    };
    let _ = tokio::time::timeout(std::time::Duration::from_millis(500), goodbye).await;
    Response::Tls(TlsProbe::Handshake(Handshake { version, chain: facts, trust }))
}
