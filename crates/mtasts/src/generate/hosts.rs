//! Reading the MX hosts a user gives: names typed one per line or separated by commas, or
//! pasted `dig +short MX` output (`10 mx1.example.com.`), full `dig` answer lines
//! (`example.com. 300 IN MX 10 mx1.example.com.`) and `host` output
//! (`example.com mail is handled by 10 mx1.example.com.`).

use crate::idna::Idna;
use crate::mx;

/// The hosts read from the input, and what could not be read as one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MxHosts {
    /// Each distinct host once, in input order: lowercase A-labels without a trailing dot.
    pub hosts: Vec<String>,
    /// Pieces of the input that are not host names, each with why.
    pub problems: Vec<HostProblem>,
}

/// A piece of the input that is not an MX host name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostProblem {
    /// The piece as given.
    pub text: String,
    /// Why it is not used, in plain words.
    pub reason: String,
}

/// Reads MX hosts from `text` (see the module documentation for the forms accepted).
/// Preferences (the numbers before the host) are dropped: every MX host must be covered
/// by the policy, whatever its preference.
pub fn read_mx_hosts(text: &str, idna: &dyn Idna) -> MxHosts {
    let mut read = MxHosts::default();
    for line in text.lines() {
        // Zone-file comments (`;`, and dig's `;;` headers) and shell-style comments.
        let line = line.split([';', '#']).next().unwrap_or("");
        let tokens: Vec<&str> = line.split([' ', '\t', ',', '\r']).filter(|t| !t.is_empty()).collect();
        // Whatever follows `MX` in an answer line, or `by` in `host` output, is `PREF HOST`.
        let start = tokens.iter().rposition(|t| t.eq_ignore_ascii_case("MX") || *t == "by").map_or(0, |i| i + 1);
        for token in &tokens[start..] {
            if token.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            if *token == "." {
                read.problems.push(HostProblem {
                    text: (*token).to_string(),
                    reason: "a null MX (`.`) says the domain accepts no mail, so there is nothing for MTA-STS to protect".into(),
                });
                continue;
            }
            match mx::normalize_host(token, idna) {
                Ok(host) if !read.hosts.contains(&host) => read.hosts.push(host),
                Ok(_) => {}
                Err(reason) => read.problems.push(HostProblem { text: (*token).to_string(), reason }),
            }
        }
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idna::default_idna;

    fn hosts(text: &str) -> Vec<String> {
        let read = read_mx_hosts(text, default_idna());
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        read.hosts
    }

    #[test]
    fn every_pasted_form_gives_the_same_hosts() {
        let want = ["mx1.example.com", "mx2.example.com"];
        for text in [
            "mx1.example.com\nmx2.example.com\n",
            "mx1.example.com, MX2.example.com.",
            "10 mx1.example.com.\n20 mx2.example.com.\n",
            ";; ANSWER SECTION:\nexample.com.\t300\tIN\tMX\t10 mx1.example.com.\nexample.com. 300 IN MX 20 mx2.example.com. ; backup\n",
            "example.com mail is handled by 10 mx1.example.com.\r\nexample.com mail is handled by 20 mx2.example.com.\r\n",
            "10 mx1.example.com.\n10 mx1.example.com.\n20 mx2.example.com.",
        ] {
            assert_eq!(hosts(text), want, "{text:?}");
        }
        assert_eq!(hosts("mail.bücher.example"), ["mail.xn--bcher-kva.example"]);
    }

    #[test]
    fn what_is_not_a_host_is_named_with_why() {
        let read = read_mx_hosts("0 .\n10 192.0.2.1\n10 mx_1.example.com\n10 ok.example.com", default_idna());
        assert_eq!(read.hosts, ["ok.example.com"]);
        let texts: Vec<&str> = read.problems.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, [".", "192.0.2.1", "mx_1.example.com"]);
        assert!(read.problems[0].reason.contains("null MX"));
    }
}
