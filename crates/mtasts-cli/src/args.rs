//! The command line, as clap sees it.
//!
//! Usage errors found here (unknown flag, bad `--kind`, missing argument) make clap exit
//! with status 2, the same status the CLI uses for every usage or I/O error, so scripts
//! need only one rule: 2 means "mtasts could not judge the input".

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lint MTA-STS (RFC 8461) policies and TLS-RPT (RFC 8460) records, match MX hosts, fix policies.
#[derive(Debug, Parser)]
#[command(name = "mtasts", version, long_about = None, propagate_version = true)]
#[command(after_help = "Exit status: 0 ok, 1 problems found (errors, no match, host not covered), 2 usage or I/O error.")]
pub(crate) struct Cli {
    /// When to color the text output: `auto` colors only a terminal and honors `NO_COLOR`.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check a policy file, TXT records, a zone file or a repository and report every problem with its position.
    #[command(override_usage = "mtasts lint [--kind KIND] [FILE]\n       mtasts lint [--since REF] [--mx HOST]... PATH...")]
    Lint(LintArgs),
    /// Compare two revisions of a policy and its `_mta-sts` record: was the `id` bumped, was anything lost?
    Diff(DiffArgs),
    /// Explain whether an MX host matches an `mx` pattern, or which policy pattern covers each host.
    #[command(override_usage = "mtasts match PATTERN HOST\n       mtasts match --policy FILE HOST...")]
    Match(MatchArgs),
    /// Print the policy with every safe fix applied (everything else byte for byte).
    Fix(FixArgs),
    /// Explain a diagnostic code: what it means, why it matters, an example and its fix.
    Explain(ExplainArgs),
    /// List every diagnostic code with its long form (docs/CODES.md is this, as Markdown).
    Codes(CodesArgs),
    /// Generate the policy, the TXT records and the policy host's configuration from MX hosts.
    Generate(GenerateArgs),
    /// Summarise TLS-RPT aggregate reports (.json, .json.gz, .eml, mbox, folders) and say whether `enforce` is safe.
    Reports(ReportsArgs),
    /// Check domains live: DNS records, the policy over HTTPS, MX coverage and the TLS certificates of the policy host and every MX host.
    #[command(override_usage = "mtasts check [OPTIONS] DOMAIN...\n       mtasts check [OPTIONS] --file FILE|-")]
    Check(CheckArgs),
    /// Serve the web app and its API (policy fetch without CORS, TLS probes) on 127.0.0.1: the full check in the browser.
    #[command(override_usage = "mtasts serve [--listen IP:PORT] [--root DIR] [OPTIONS]")]
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Output format. `json` and `csv` write one line (row) per domain when several are checked.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub(crate) format: CheckFormat,

    /// Read the domains from this file, one per line (`#` comments, blank lines skipped); `-` reads standard input.
    #[arg(long, value_name = "FILE|-")]
    pub(crate) file: Option<PathBuf>,

    /// Check this many domains at once.
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) jobs: u16,

    #[command(flatten)]
    pub(crate) net: NetArgs,

    /// A previous `mtasts check --format json` output: a domain found in it is compared with
    /// that check (a policy changed without a new `id` is reported).
    #[arg(long, value_name = "JSON_FILE")]
    pub(crate) previous: Option<PathBuf>,

    /// The domains (or email addresses, or URLs) to check.
    #[arg(value_name = "DOMAIN", required_unless_present = "file")]
    pub(crate) domains: Vec<String>,
}

/// How `check` and `serve` reach the network.
#[derive(Debug, Args)]
pub(crate) struct NetArgs {
    /// Ask this DNS resolver (UDP, TCP when truncated) instead of the system's; repeat for more.
    #[arg(long = "resolver", value_name = "IP[:PORT]", conflicts_with = "doh")]
    pub(crate) resolvers: Vec<String>,

    /// Ask this DNS-over-HTTPS resolver (RFC 8484), e.g. `https://cloudflare-dns.com/dns-query`.
    #[arg(long, value_name = "URL")]
    pub(crate) doh: Option<String>,

    /// Trust the CA certificates of this PEM file too (besides the built-in Mozilla roots).
    #[arg(long, value_name = "PEM_FILE")]
    pub(crate) ca_file: Option<PathBuf>,

    /// Connect to ADDR:PORT whenever HOST:PORT is asked for, as curl's option (HOST or the first PORT may be empty: any). Repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR:PORT")]
    pub(crate) connect_to: Vec<String>,

    /// The time limit of each lookup, fetch and probe, in seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub(crate) timeout: f64,

    /// At most this many TLS probes at once to one host (politeness toward shared MX hosts).
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) probes_per_host: u16,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The address and port to listen on (port 0: any free one; the URL is printed).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub(crate) listen: std::net::SocketAddr,

    /// The folder of the built web app.
    #[arg(long, default_value = "dist", value_name = "DIR")]
    pub(crate) root: PathBuf,

    /// API requests a minute from one client address (429 beyond).
    #[arg(long, default_value_t = 120, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) rate_per_client: u32,

    /// API requests a minute about one domain, whoever asks (429 beyond).
    #[arg(long, default_value_t = 60, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) rate_per_target: u32,

    /// FOR TESTS ONLY: let the API connect to loopback addresses (`127.0.0.0/8`, `::1`), where test
    /// fixtures listen. Off by default; every other non-public address stays refused.
    #[arg(long)]
    pub(crate) allow_loopback_for_tests: bool,

    #[command(flatten)]
    pub(crate) net: NetArgs,
}

/// How `check` renders its reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// Each check with its verdict and findings, for people.
    Text,
    /// The `mtasts-check/1` JSON (one line per domain when several).
    Json,
    /// SARIF 2.1.0: every finding as a result.
    Sarif,
    /// Markdown tables, to paste into a ticket.
    Markdown,
    /// One CSV row per domain: the overall status and each check's.
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct ReportsArgs {
    /// Compare the policy each sender reported with this one, the policy published now.
    #[arg(long, value_name = "CURRENT_POLICY_FILE")]
    pub(crate) policy: Option<PathBuf>,

    /// Output format: `text` for people, `json` (schema `mtasts-reports/1`) or `markdown`.
    #[arg(long, value_enum, default_value_t = ReportsFormat::Text)]
    pub(crate) format: ReportsFormat,

    /// Report files (JSON, gzip, a mail, an mbox export) or folders of them, read recursively.
    #[arg(value_name = "FILE|DIR", required = true, num_args = 1..)]
    pub(crate) paths: Vec<PathBuf>,
}

/// How `reports` renders the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportsFormat {
    /// A plain summary for people.
    Text,
    /// The documented `mtasts-reports/1` JSON schema (docs/CLI.md).
    Json,
    /// Markdown tables, to paste into a ticket or a wiki.
    Markdown,
}

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// What the input is: a policy file, `_mta-sts` / `_smtp._tls` TXT records one per line
    /// (plain, or quoted as `dig +short` prints them), a BIND zone file, an octodns config, a
    /// Terraform file (`*.tf`) or dnscontrol's `dnsconfig.js`.
    /// Default: `policy` for one file; for directories and several files, each file's kind is
    /// recognised from its name and content.
    #[arg(long, value_enum)]
    pub(crate) kind: Option<Kind>,

    /// Output format: `text` for people, `json` (schema `mtasts-lint/1`, or `mtasts-lint-files/1`
    /// for several files) or `sarif` (2.1.0) for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,

    /// Also compare each policy file and `_mta-sts` record with their versions at this git
    /// revision (`git show REF:PATH`): a policy changed without a new `id` is an error.
    #[arg(long, value_name = "REF")]
    pub(crate) since: Option<String>,

    /// The domain's MX hosts, for `--since`: an `mx` pattern removed while a host needs it is an error.
    #[arg(long = "mx", value_name = "HOST", requires = "since")]
    pub(crate) mx: Vec<String>,

    /// The input files or directories; `-` or nothing reads standard input (with `--since`,
    /// nothing means the current directory). A directory is searched for
    /// `.well-known/mta-sts.txt`, `mta-sts.*` with a `permalink` front matter, zone files, octodns
    /// configs, `*.tf` files naming `_mta-sts` or `_smtp._tls`, and `dnsconfig.js`.
    #[arg(value_name = "PATH")]
    pub(crate) files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The policy file before the change.
    #[arg(value_name = "OLD_POLICY")]
    pub(crate) old_policy: PathBuf,

    /// The policy file after the change.
    #[arg(value_name = "NEW_POLICY")]
    pub(crate) new_policy: PathBuf,

    /// The `_mta-sts` record before: a file (records, `dig` output, a zone file or an octodns
    /// config) or the record's text itself.
    #[arg(long, value_name = "FILE|TEXT")]
    pub(crate) old_record: String,

    /// The `_mta-sts` record after, as for `--old-record`.
    #[arg(long, value_name = "FILE|TEXT")]
    pub(crate) new_record: String,

    /// The domain's MX hosts: an `mx` pattern removed while a host needs it is an error.
    #[arg(long = "mx", value_name = "HOST")]
    pub(crate) mx: Vec<String>,

    /// Output format, as for `lint`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct MatchArgs {
    /// Match the hosts against every valid `mx` pattern of this policy file (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub(crate) policy: Option<PathBuf>,

    /// `PATTERN HOST`, or with `--policy` one or more hosts.
    #[arg(value_name = "ARGS", required = true, num_args = 1..)]
    pub(crate) args: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct FixArgs {
    /// The policy file; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The code, as diagnostics print it (e.g. `policy/mode-invalid`).
    #[arg(value_name = "CODE", value_parser = parse_code)]
    pub(crate) code: mtasts::Code,
}

#[derive(Debug, Args)]
pub(crate) struct CodesArgs {
    /// Output format: `markdown` (docs/CODES.md) or `json` (schema `mtasts-codes/1`, the page's codes.json).
    #[arg(long, value_enum, default_value_t = CodesFormat::Markdown)]
    pub(crate) format: CodesFormat,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("hosts").args(["mx", "mx_file", "provider"]))]
pub(crate) struct GenerateArgs {
    /// An MX host (repeat the flag, or separate hosts with commas); `10 mx1.example.com.` works too.
    #[arg(long, value_name = "HOST", num_args = 1.., action = clap::ArgAction::Append)]
    pub(crate) mx: Vec<String>,

    /// Read the MX hosts from a file (`-` for standard input): one per line, or `dig +short MX` output.
    #[arg(long, value_name = "FILE")]
    pub(crate) mx_file: Option<PathBuf>,

    /// A mail provider's MX hosts and patterns (`mtasts generate --help` lists them).
    #[arg(long, value_name = "NAME", value_parser = parse_provider)]
    pub(crate) provider: Option<mtasts::generate::Provider>,

    /// The policy domain, e.g. `example.com` (needed for full record names and server configurations).
    #[arg(long, value_name = "DOMAIN")]
    pub(crate) domain: Option<String>,

    /// The policy mode: start with `testing`.
    #[arg(long, value_enum, default_value_t = GenerateMode::Testing)]
    pub(crate) mode: GenerateMode,

    /// Where TLS reports go (repeatable): an address (gets `mailto:`) or a `mailto:`/`https:` URI.
    #[arg(long, value_name = "ADDR", action = clap::ArgAction::Append)]
    pub(crate) rua: Vec<String>,

    /// Cover hosts that share a parent domain with one `*.` pattern (which also covers hosts you did not list).
    #[arg(long)]
    pub(crate) wildcards: bool,

    /// Also write the policy host's configuration for this server or service.
    #[arg(long, value_name = "SERVER", value_parser = parse_server)]
    pub(crate) server: Option<mtasts::generate::Server>,

    /// Print a dated plan from `testing` to `enforce` instead.
    #[arg(long, conflicts_with = "change")]
    pub(crate) plan: bool,

    /// Plan a change to a published policy instead: `edit` (`--policy` is the edited policy),
    /// `mx` (the MX hosts change to `--mx`/`--mx-file`; `--policy` is the one published) or
    /// `retire` (MTA-STS withdrawn; `--policy` is the one published). Each comes with a new id.
    #[arg(long, value_enum, value_name = "KIND", requires = "policy")]
    pub(crate) change: Option<ChangeKind>,

    /// With `--change`: the policy file (`-` for standard input).
    #[arg(long, value_name = "FILE", requires = "change")]
    pub(crate) policy: Option<PathBuf>,

    /// With `--change`: the `id` of the `_mta-sts` record published now (the new one differs from it).
    #[arg(long, value_name = "ID", requires = "change")]
    pub(crate) old_id: Option<String>,

    /// Days of `testing` in the plan.
    #[arg(long, value_name = "DAYS", default_value_t = 14, requires = "plan")]
    pub(crate) testing_days: u32,

    /// Write the files into this directory instead of printing them.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,

    /// The server's directory holding `.well-known/mta-sts.txt` (nginx, apache, caddy).
    #[arg(long, value_name = "DIR", default_value = "/var/www/mta-sts")]
    pub(crate) webroot: String,

    /// The TLS certificate chain file (nginx, apache, caddy; default: Let's Encrypt's path, Caddy's own).
    #[arg(long, value_name = "FILE", requires = "key")]
    pub(crate) cert: Option<String>,

    /// The TLS private key file, with `--cert`.
    #[arg(long, value_name = "FILE", requires = "cert")]
    pub(crate) key: Option<String>,

    /// The address the server listens on (default: every address).
    #[arg(long, value_name = "ADDR")]
    pub(crate) address: Option<String>,

    /// The HTTPS port.
    #[arg(long, value_name = "PORT", default_value_t = 443)]
    pub(crate) port: u16,
}

/// The changes `mtasts generate --change` plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ChangeKind {
    /// The policy was edited by hand: publish it, then a new id.
    Edit,
    /// The MX hosts are about to change: the `mx` lines to add first, and when the MX records may change.
    Mx,
    /// Retire MTA-STS: `mode: none` with a new id, then the records removed once caches expire.
    Retire,
}

/// The modes a new set-up may start in (`none` is for retiring one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum GenerateMode {
    /// Senders deliver anyway and report failures.
    Testing,
    /// Senders refuse MX hosts that fail validation.
    Enforce,
}

impl From<GenerateMode> for mtasts::policy::Mode {
    fn from(mode: GenerateMode) -> Self {
        match mode {
            GenerateMode::Testing => mtasts::policy::Mode::Testing,
            GenerateMode::Enforce => mtasts::policy::Mode::Enforce,
        }
    }
}

/// A provider by its core name, or a usage error listing them.
fn parse_provider(text: &str) -> Result<mtasts::generate::Provider, String> {
    mtasts::generate::Provider::parse(text).ok_or_else(|| {
        let names: Vec<&str> = mtasts::generate::Provider::ALL.iter().map(|p| p.name()).collect();
        format!("`{text}` is not a known provider; one of: {}", names.join(", "))
    })
}

/// A server by its core name, or a usage error listing them.
fn parse_server(text: &str) -> Result<mtasts::generate::Server, String> {
    mtasts::generate::Server::parse(text).ok_or_else(|| {
        let names: Vec<&str> = mtasts::generate::Server::ALL.iter().map(|s| s.name()).collect();
        format!("`{text}` is not a known server; one of: {}", names.join(", "))
    })
}

/// How `codes` renders the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CodesFormat {
    /// One Markdown document: a table of every code, then each code's long form.
    Markdown,
    /// `{"schema": "mtasts-codes/1", "codes": [...]}`, each long form split into its sections.
    Json,
}

/// A registered code, or a usage error that says where to find them.
fn parse_code(text: &str) -> Result<mtasts::Code, String> {
    text.parse().map_err(|_| format!("`{text}` is not a diagnostic code; `mtasts codes` lists them"))
}

/// What `lint` checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Kind {
    /// The policy file at `https://mta-sts.DOMAIN/.well-known/mta-sts.txt` (RFC 8461 §3.2).
    Policy,
    /// The `_mta-sts.DOMAIN` TXT records (RFC 8461 §3.1).
    Sts,
    /// The `_smtp._tls.DOMAIN` TXT records (RFC 8460 §3).
    Tlsrpt,
    /// A BIND zone file: every TXT record at `_mta-sts.*` and `_smtp._tls.*` (RFC 1035 §5.1).
    Zone,
    /// An octodns zone config (YAML; `;` in TXT values written `\;`).
    Octodns,
    /// A Terraform configuration: the TXT records of `cloudflare_record`,
    /// `cloudflare_dns_record` and `aws_route53_record` resources.
    Terraform,
    /// dnscontrol's `dnsconfig.js`: the literal `TXT(name, value)` calls inside `D(…)`.
    Dnscontrol,
}

impl Kind {
    /// The name used on the command line and in the JSON output.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Kind::Policy => "policy",
            Kind::Sts => "sts",
            Kind::Tlsrpt => "tlsrpt",
            Kind::Zone => "zone",
            Kind::Octodns => "octodns",
            Kind::Terraform => "terraform",
            Kind::Dnscontrol => "dnscontrol",
        }
    }

    /// The core's name for a file of records, `None` for a policy or pasted records.
    pub(crate) const fn file_of_records(self) -> Option<mtasts::zone::SourceKind> {
        use mtasts::zone::SourceKind;
        match self {
            Kind::Policy | Kind::Sts | Kind::Tlsrpt => None,
            Kind::Zone => Some(SourceKind::Zone),
            Kind::Octodns => Some(SourceKind::Octodns),
            Kind::Terraform => Some(SourceKind::Terraform),
            Kind::Dnscontrol => Some(SourceKind::Dnscontrol),
        }
    }
}

/// How `lint` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Compiler-style text with the source line and a caret under the problem.
    Text,
    /// The documented `mtasts-lint/1` JSON schema (docs/CLI.md).
    Json,
    /// SARIF 2.1.0, for code-scanning pipelines.
    Sarif,
}

/// When to use ANSI colors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    // Plain comments, not doc comments: clap would list them in every command's help.
    // Only when standard output is a terminal and `NO_COLOR` is unset.
    Auto,
    Always,
    Never,
}
