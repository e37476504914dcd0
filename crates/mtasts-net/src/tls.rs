//! The TLS settings: one client configuration that verifies as a sender does (policy fetch,
//! DNS over HTTPS), one that lets any certificate through so a probe can report it (the
//! verdict is then taken by [`Tls::chain_trust`], and the names are matched by the core).

use std::sync::Arc;

use mtasts::check::ChainTrust;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms, verify_tls12_signature, verify_tls13_signature};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};

/// Both client configurations and the trust anchors behind them.
#[derive(Debug)]
pub(crate) struct Tls {
    /// Verifies chain and host name: what a sender does before it reads a policy.
    pub(crate) verifying: Arc<ClientConfig>,
    /// Accepts any certificate (signatures of the handshake still checked): for probes.
    pub(crate) probing: Arc<ClientConfig>,
    anchors: Vec<TrustAnchor<'static>>,
}

/// The ring provider: it builds with a C compiler alone (aws-lc-rs wants cmake). Deprecated in
/// rustls for lacking post-quantum key exchange, which says nothing about what a probe reports.
#[allow(deprecated)]
pub(crate) fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

impl Tls {
    /// webpki-roots plus `extra` (a private CA, the tests' CA).
    pub(crate) fn new(extra: &[CertificateDer<'static>]) -> Result<Tls, String> {
        let mut roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        for cert in extra {
            roots.add(cert.clone()).map_err(|e| format!("--ca-file: a certificate cannot be used as a trust anchor: {e}"))?;
        }
        let anchors = roots.roots.clone();
        let versions = rustls::DEFAULT_VERSIONS;
        let verifying = ClientConfig::builder_with_provider(provider())
            .with_protocol_versions(versions)
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let algorithms = provider().signature_verification_algorithms;
        let probing = ClientConfig::builder_with_provider(provider())
            .with_protocol_versions(versions)
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ReportAnyCertificate(algorithms)))
            .with_no_client_auth();
        Ok(Tls { verifying: Arc::new(verifying), probing: Arc::new(probing), anchors })
    }

    /// Whether `chain` (the server's certificate first) leads to a trusted root at `now`, with
    /// the intermediates the server sent. No host name is checked: that is the core's rule.
    pub(crate) fn chain_trust(&self, chain: &[CertificateDer<'_>], now: UnixTime) -> ChainTrust {
        let Some((leaf, intermediates)) = chain.split_first() else {
            return ChainTrust::Untrusted("the server sent no certificate".into());
        };
        let leaf = match webpki::EndEntityCert::try_from(leaf) {
            Ok(leaf) => leaf,
            Err(e) => return ChainTrust::Untrusted(format!("the certificate cannot be read ({e})")),
        };
        match leaf.verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &self.anchors,
            intermediates,
            now,
            webpki::KeyUsage::server_auth(),
            None,
            None,
        ) {
            Ok(_) => ChainTrust::Trusted,
            Err(e) => ChainTrust::Untrusted(reason(&e, chain)),
        }
    }
}

/// The verifier's error in words a person reads.
fn reason(error: &webpki::Error, chain: &[CertificateDer<'_>]) -> String {
    match error {
        webpki::Error::UnknownIssuer if chain.len() == 1 && crate::cert::is_self_issued(&chain[0]) => "self-signed".into(),
        webpki::Error::UnknownIssuer => "unknown issuer: the chain leads to no trusted root".into(),
        webpki::Error::CertExpired { .. } => "expired".into(),
        webpki::Error::CertNotValidYet { .. } => "not yet valid".into(),
        webpki::Error::InvalidSignatureForPublicKey => "a signature in the chain is invalid".into(),
        webpki::Error::RequiredEkuNotFoundContext(_) => "the certificate is not for TLS servers (extended key usage)".into(),
        other => format!("{other}"),
    }
}

/// A verifier that lets every server certificate through, so the probe can read and report it.
/// The handshake's own signatures are still verified: the peer must hold the key it presents.
#[derive(Debug)]
struct ReportAnyCertificate(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for ReportAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}
