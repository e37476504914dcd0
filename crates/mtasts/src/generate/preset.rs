//! The MX host shapes of the big mail providers, and the `mx` patterns that cover them.
//!
//! A provider's hosts are in its own domain, so a wildcard over its mail-only name space is
//! what choosing the provider asks for; where the hosts are few and fixed the names are
//! listed instead. Every preset's patterns are proven against its hosts by [`super::generate`]
//! (which re-checks coverage) and by a test over every preset.
//!
//! Sources (the host names each provider tells its customers to publish):
//! * Microsoft 365: `<domain-with-hyphens>.mail.protection.outlook.com`, e.g.
//!   `contoso-com.mail.protection.outlook.com` (Microsoft 365 admin center, Settings >
//!   Domains; o365info.com "What is the hostname of my Office 365 MX records?"). Domains
//!   provisioned since 2024 for DNSSEC get `<domain>.<zone>.mx.microsoft` instead, whose
//!   zone part cannot be known in advance: give that host with `--mx`.
//! * Google Workspace: `aspmx.l.google.com` and `alt1` to `alt4.aspmx.l.google.com`;
//!   accounts made since April 2023 get the single `smtp.google.com` (Google Workspace Admin
//!   Help, "Set up MX records for Google Workspace").
//! * Fastmail: `in1-smtp.messagingengine.com`, `in2-smtp.messagingengine.com`
//!   (fastmail.help, "Full list of DNS records").
//! * Proton: `mail.protonmail.ch` (10), `mailsec.protonmail.ch` (20) (proton.me/support/custom-domain).
//! * Zoho: `mx.zoho.com`, `mx2.zoho.com`, `mx3.zoho.com` for the US data center
//!   (zoho.com/mail/help/adminconsole/configure-email-delivery.html); the EU, India,
//!   Australia and Japan centers use `zoho.eu`, `zoho.in`, `zoho.com.au`, `zoho.jp`.
//! * Mimecast: `<region>-smtp-inbound-1.mimecast.com` and `-2` (e.g. `us-`, `eu-`),
//!   from the Mimecast Connect guide "Updating your MX records".
//! * Proofpoint Essentials: `mx1-us1.ppe-hosted.com`, `mx2-us1.ppe-hosted.com` (and `-us2`,
//!   `-eu1`, … by stack), from Proofpoint Essentials' MX amendment guidelines. Proofpoint
//!   Enterprise hosts (`mx0a-<customer>.pphosted.com`) are per customer: give them with `--mx`.

use super::GenerateError;

/// A mail provider with known MX hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// Microsoft 365 (Exchange Online).
    Microsoft365,
    /// Google Workspace, the five `aspmx` hosts.
    GoogleWorkspace,
    /// Google Workspace accounts made since April 2023: `smtp.google.com`.
    GoogleWorkspaceSmtp,
    /// Fastmail.
    Fastmail,
    /// Proton Mail.
    Proton,
    /// Zoho Mail (US data center).
    Zoho,
    /// Mimecast (US and EU gateways).
    Mimecast,
    /// Proofpoint Essentials (US1 stack).
    Proofpoint,
}

impl Provider {
    /// Every provider, in the order lists show them.
    pub const ALL: [Provider; 8] = [
        Provider::Microsoft365,
        Provider::GoogleWorkspace,
        Provider::GoogleWorkspaceSmtp,
        Provider::Fastmail,
        Provider::Proton,
        Provider::Zoho,
        Provider::Mimecast,
        Provider::Proofpoint,
    ];

    /// The name on the command line and in the API, e.g. `microsoft365`.
    pub const fn name(self) -> &'static str {
        match self {
            Provider::Microsoft365 => "microsoft365",
            Provider::GoogleWorkspace => "google-workspace",
            Provider::GoogleWorkspaceSmtp => "google-workspace-smtp",
            Provider::Fastmail => "fastmail",
            Provider::Proton => "proton",
            Provider::Zoho => "zoho",
            Provider::Mimecast => "mimecast",
            Provider::Proofpoint => "proofpoint",
        }
    }

    /// The provider of a [`Provider::name`].
    pub fn parse(name: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The provider's name for people.
    pub const fn title(self) -> &'static str {
        match self {
            Provider::Microsoft365 => "Microsoft 365",
            Provider::GoogleWorkspace => "Google Workspace (aspmx.l.google.com and alt1-alt4)",
            Provider::GoogleWorkspaceSmtp => "Google Workspace (smtp.google.com, accounts since April 2023)",
            Provider::Fastmail => "Fastmail",
            Provider::Proton => "Proton Mail",
            Provider::Zoho => "Zoho Mail (US data center)",
            Provider::Mimecast => "Mimecast (US and EU)",
            Provider::Proofpoint => "Proofpoint Essentials (US1)",
        }
    }

    /// The `mx` patterns that cover the provider's hosts.
    pub const fn patterns(self) -> &'static [&'static str] {
        match self {
            Provider::Microsoft365 => &["*.mail.protection.outlook.com"],
            // Two patterns: `*.aspmx.l.google.com` stands for one label in front of
            // `aspmx.l.google.com`, never for none, so the primary host needs its own line.
            Provider::GoogleWorkspace => &["aspmx.l.google.com", "*.aspmx.l.google.com"],
            Provider::GoogleWorkspaceSmtp => &["smtp.google.com"],
            Provider::Fastmail => &["*.messagingengine.com"],
            Provider::Proton => &["mail.protonmail.ch", "mailsec.protonmail.ch"],
            // zoho.com is the company's whole web domain: the names, not `*.zoho.com`.
            Provider::Zoho => &["mx.zoho.com", "mx2.zoho.com", "mx3.zoho.com"],
            Provider::Mimecast => &["*.mimecast.com"],
            Provider::Proofpoint => &["*.ppe-hosted.com"],
        }
    }

    /// The provider's MX hosts for `domain`. Microsoft 365 makes its host from the domain,
    /// so it needs one.
    pub fn hosts(self, domain: Option<&str>) -> Result<Vec<String>, GenerateError> {
        let fixed: &[&str] = match self {
            Provider::Microsoft365 => {
                let domain = domain.ok_or(GenerateError::DomainNeeded("the Microsoft 365 MX host"))?;
                let tenant = domain.trim().trim_end_matches('.').to_ascii_lowercase().replace('.', "-");
                return Ok(vec![format!("{tenant}.mail.protection.outlook.com")]);
            }
            Provider::GoogleWorkspace => &[
                "aspmx.l.google.com",
                "alt1.aspmx.l.google.com",
                "alt2.aspmx.l.google.com",
                "alt3.aspmx.l.google.com",
                "alt4.aspmx.l.google.com",
            ],
            Provider::GoogleWorkspaceSmtp => &["smtp.google.com"],
            Provider::Fastmail => &["in1-smtp.messagingengine.com", "in2-smtp.messagingengine.com"],
            Provider::Proton => &["mail.protonmail.ch", "mailsec.protonmail.ch"],
            Provider::Zoho => &["mx.zoho.com", "mx2.zoho.com", "mx3.zoho.com"],
            Provider::Mimecast => &[
                "us-smtp-inbound-1.mimecast.com",
                "us-smtp-inbound-2.mimecast.com",
                "eu-smtp-inbound-1.mimecast.com",
                "eu-smtp-inbound-2.mimecast.com",
            ],
            Provider::Proofpoint => &["mx1-us1.ppe-hosted.com", "mx2-us1.ppe-hosted.com"],
        };
        Ok(fixed.iter().map(|h| (*h).to_string()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idna::default_idna;
    use crate::mx;

    /// Every preset's patterns cover every one of its hosts, by the core's own coverage, and
    /// each pattern covers at least one of them.
    #[test]
    fn every_preset_covers_its_hosts() {
        for provider in Provider::ALL {
            let hosts = provider.hosts(Some("contoso.example.com")).expect("hosts");
            let coverage = mx::coverage(provider.patterns(), &hosts.iter().map(String::as_str).collect::<Vec<_>>(), default_idna());
            for row in &coverage.hosts {
                assert!(row.matched_by.is_some(), "{}: {} not covered: {}", provider.name(), row.host, row.explanation);
            }
            assert!(coverage.unused_patterns.is_empty(), "{}: unused {:?}", provider.name(), coverage.unused_patterns);
            assert_eq!(Provider::parse(provider.name()), Some(provider));
        }
    }

    #[test]
    fn google_needs_its_primary_host_named() {
        let hosts = Provider::GoogleWorkspace.hosts(None).expect("fixed hosts");
        let coverage = mx::coverage(&["*.aspmx.l.google.com"], &[hosts[0].as_str()], default_idna());
        assert_eq!(coverage.hosts[0].matched_by, None, "{}", coverage.hosts[0].explanation);
    }

    #[test]
    fn microsoft_makes_the_host_from_the_domain() {
        assert_eq!(
            Provider::Microsoft365.hosts(Some("My-Company.co.uk.")),
            Ok(vec!["my-company-co-uk.mail.protection.outlook.com".into()])
        );
        assert!(matches!(Provider::Microsoft365.hosts(None), Err(GenerateError::DomainNeeded(_))));
    }
}
