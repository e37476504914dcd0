//! A certificate reduced to the facts the core judges ([`CertificateFacts`]), read with
//! `x509-parser`. Nothing is judged here: names are reported as written.

use mtasts::check::CertificateFacts;
use rustls_pki_types::CertificateDer;
use x509_parser::prelude::{FromDer as _, GeneralName, X509Certificate};

/// The facts of one DER certificate, or why it cannot be read.
pub fn facts(der: &CertificateDer<'_>) -> Result<CertificateFacts, String> {
    let (_, cert) = X509Certificate::from_der(der.as_ref()).map_err(|e| format!("a certificate cannot be read ({e})"))?;
    let common_names = cert.subject().iter_common_name().filter_map(|cn| cn.as_str().ok()).map(str::to_owned).collect();
    let dns_names = match cert.subject_alternative_name() {
        Ok(Some(san)) => san
            .value
            .general_names
            .iter()
            .filter_map(|name| match name {
                GeneralName::DNSName(dns) => Some((*dns).to_owned()),
                _ => None,
            })
            .collect(),
        Ok(None) => Vec::new(),
        Err(e) => return Err(format!("the subjectAltName extension cannot be read ({e})")),
    };
    Ok(CertificateFacts {
        subject: cert.subject().to_string(),
        common_names,
        dns_names,
        issuer: cert.issuer().to_string(),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
    })
}

/// Whether the certificate names itself as its issuer (a self-signed certificate, usually).
pub(crate) fn is_self_issued(der: &CertificateDer<'_>) -> bool {
    X509Certificate::from_der(der.as_ref()).is_ok_and(|(_, cert)| cert.subject().as_raw() == cert.issuer().as_raw())
}
