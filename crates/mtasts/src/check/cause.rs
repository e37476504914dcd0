//! One cause for the whole report when the check itself could not get out: every DNS lookup
//! failed without an answer (in a browser, `TypeError: Failed to fetch` from each resolver:
//! no network, a firewall, a proxy or an extension). Said once, plainly
//! ([`CheckReport::cause`](super::CheckReport::cause)), instead of a failure repeated on every
//! row; the rows stay could-not-verify without a finding of their own, and no failure of the
//! policy fetch counts against the domain then (the fetch could not resolve the host either).

use super::request::{FailureKind, Response};
use crate::code::Code;
use crate::diagnostic::Diagnostic;

/// The cause, when every one of the lookups in `dns` has failed (none unanswered).
pub(super) fn resolvers_unreachable(dns: &[Option<&Response>], domain: &str) -> Option<Diagnostic> {
    let mut first = None;
    for response in dns {
        match response {
            Some(Response::Failed(kind)) => {
                first.get_or_insert(kind);
            }
            _ => return None,
        }
    }
    let seen = match first? {
        FailureKind::Network(m) | FailureKind::CouldNotVerify(m) => format!(" (the first error: {m})"),
        FailureKind::Timeout(_) => " (no resolver answered in time)".to_string(),
    };
    Some(Diagnostic::whole_file(
        Code::CheckResolversUnreachable,
        format!(
            "No DNS lookup got an answer: the DNS resolvers could not be reached from here{seen}. That is this network, not `{domain}`: \
             no connection, or a firewall, proxy or browser extension blocking the resolvers. Nothing about `{domain}` was checked. \
             Check the connection and check again, or run the commands shown in a terminal."
        ),
    ))
}

/// Whether `code` only says "could not be verified": the cause says it once for every row.
pub(super) fn said_by_cause(code: Code) -> bool {
    matches!(code, Code::DnsLookupFailed | Code::FetchCouldNotVerify)
}
