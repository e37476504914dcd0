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
    /// Check a policy file or TXT records and report every problem with its position.
    Lint(LintArgs),
    /// Explain whether an MX host matches an `mx` pattern, or which policy pattern covers each host.
    #[command(override_usage = "mtasts match PATTERN HOST\n       mtasts match --policy FILE HOST...")]
    Match(MatchArgs),
    /// Print the policy with every safe fix applied (everything else byte for byte).
    Fix(FixArgs),
    /// Explain a diagnostic code: what it means, why it matters, an example and its fix.
    Explain(ExplainArgs),
    /// List every diagnostic code with its long form (docs/CODES.md is this, as Markdown).
    Codes(CodesArgs),
    /// Summarise TLS-RPT aggregate reports (.json, .json.gz, .eml, mbox, folders) and say whether `enforce` is safe.
    Reports(ReportsArgs),
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
    /// What the input is: a policy file, or `_mta-sts` / `_smtp._tls` TXT records, one per line
    /// (plain, or quoted as `dig +short` prints them).
    #[arg(long, value_enum, default_value_t = Kind::Policy)]
    pub(crate) kind: Kind,

    /// Output format: `text` for people, `json` (schema `mtasts-lint/1`) or `sarif` (2.1.0) for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,

    /// The input file; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
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
}

impl Kind {
    /// The name used on the command line and in the JSON output.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Kind::Policy => "policy",
            Kind::Sts => "sts",
            Kind::Tlsrpt => "tlsrpt",
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
