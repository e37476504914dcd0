//! `mtasts check DOMAIN...`: the live domain check, driven natively by `mtasts-net` (DNS, the
//! policy over HTTPS, TLS probes of the policy host and every MX host). The engine decides what
//! to ask and judges every answer; this command only wires the network to it, runs several
//! domains at once (`--jobs`) and renders the reports. The exit status is the core's outcome of
//! the overall status ([`CheckStatus::outcome`]): 0 good, 1 problems, 2 could not check.

use std::collections::HashMap;
use std::io::IsTerminal as _;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mtasts::check::{CheckOptions, CheckOutcome, CheckReport, CheckStatus, Checker, PreviousCheck};
use mtasts_net::{DnsConfig, Net, NetConfig};
use tokio::sync::Semaphore;

use crate::Output;
use crate::args::{CheckArgs, CheckFormat, NetArgs};
use crate::check_render;
use crate::error::CliError;
use crate::input;
use crate::style::Style;

/// One domain's result: the report, or why its input names no domain.
pub(crate) struct Checked {
    pub(crate) input: String,
    pub(crate) report: Result<CheckReport, String>,
}

impl Checked {
    /// The overall status; an input that names no domain could not be checked.
    pub(crate) fn overall(&self) -> CheckStatus {
        self.report.as_ref().map_or(CheckStatus::CouldNotVerify, CheckReport::overall)
    }
}

pub(crate) fn run(args: &CheckArgs, style: Style) -> Result<Output, CliError> {
    let mut inputs = args.domains.clone();
    if let Some(file) = &args.file {
        inputs.extend(read_domains(file)?);
    }
    let previous = Rc::new(args.previous.as_deref().map(read_previous).transpose()?.unwrap_or_default());
    let net = Net::new(config(&args.net)?).map_err(CliError::Input)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Input(format!("cannot start the network runtime: {e}")))?;
    let results = tokio::task::LocalSet::new().block_on(&runtime, check_all(&net, inputs, usize::from(args.jobs), &previous));
    let stdout = match (args.format, results.as_slice()) {
        (CheckFormat::Text, _) => check_render::text(&results, style),
        (CheckFormat::Json, [one]) => check_render::json(one, false),
        (CheckFormat::Json, _) => results.iter().map(|c| check_render::json(c, true)).collect(),
        (CheckFormat::Sarif, _) => check_render::sarif(&results),
        (CheckFormat::Markdown, _) => check_render::markdown(&results),
        (CheckFormat::Csv, _) => check_render::csv(&results),
    };
    let outcome = CheckStatus::overall(results.iter().map(Checked::overall)).outcome();
    Ok(Output { stdout: stdout.into_bytes(), ok: outcome == CheckOutcome::Good, unreadable: outcome == CheckOutcome::CouldNotCheck })
}

/// The network settings of `args` (shared by `check` and `serve`).
pub(crate) fn config(args: &NetArgs) -> Result<NetConfig, CliError> {
    let dns = match (&args.doh, args.resolvers.as_slice()) {
        (Some(url), _) => DnsConfig::Doh(url.clone()),
        (None, []) => DnsConfig::System,
        (None, servers) => {
            DnsConfig::Servers(servers.iter().map(|s| DnsConfig::parse_server(s)).collect::<Result<_, _>>().map_err(CliError::Input)?)
        }
    };
    let extra_roots = match &args.ca_file {
        Some(path) => mtasts_net::read_pem_certificates(path).map_err(|e| CliError::Input(format!("--ca-file {e}")))?,
        None => Vec::new(),
    };
    let connect_to = args
        .connect_to
        .iter()
        .map(|r| r.parse())
        .collect::<Result<_, String>>()
        .map_err(|e| CliError::Input(format!("--connect-to {e}")))?;
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 600.0) {
        return Err(CliError::Input("--timeout: give a number of seconds above 0 and at most 600".into()));
    }
    Ok(NetConfig {
        dns,
        extra_roots,
        connect_to,
        timeout: Duration::from_secs_f64(args.timeout),
        probes_per_host: usize::from(args.probes_per_host),
        guard: None,
    })
}

/// The domains of a file (or standard input for `-`): one per line, `#` comments and blank lines skipped.
fn read_domains(path: &Path) -> Result<Vec<String>, CliError> {
    let text = read_text(path)?;
    Ok(text.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty()).map(str::to_owned).collect())
}

/// A text file (or standard input for `-`), bounded like every input.
fn read_text(path: &Path) -> Result<String, CliError> {
    let name = path.display().to_string();
    let bytes = if name == "-" { input::read_bounded(std::io::stdin().lock(), input::STDIN_NAME)? } else { input::read_file(path)? };
    String::from_utf8(bytes).map_err(|_| CliError::Input(format!("{name} is not UTF-8 text")))
}

/// What each domain's previous check kept (`report.previous`), by domain, from a previous
/// `mtasts check --format json` output: one report, or one JSON line per domain.
fn read_previous(path: &Path) -> Result<HashMap<String, PreviousCheck>, CliError> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    let bad = |why: String| CliError::Input(format!("--previous {name}: {why}; give the output of `mtasts check --format json`"));
    let values: Vec<serde_json::Value> = match serde_json::from_str(&text) {
        Ok(one) => vec![one],
        Err(_) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(serde_json::from_str)
            .collect::<Result<_, _>>()
            .map_err(|e| bad(e.to_string()))?,
    };
    let mut previous = HashMap::new();
    for value in values {
        if value["schema"] != check_render::SCHEMA {
            return Err(bad(format!("not `{}` JSON", check_render::SCHEMA)));
        }
        let (Some(domain), kept) = (value["report"]["domain"].as_str(), &value["report"]["previous"]) else { continue };
        if kept.is_null() {
            continue;
        }
        let id = kept["id"].as_str().map(str::to_owned);
        let policy_hash = match &kept["policy_hash"] {
            serde_json::Value::Null => None,
            hash => Some(
                hash.as_str()
                    .and_then(PreviousCheck::parse_hash)
                    .ok_or_else(|| bad(format!("{domain}: `policy_hash` is not 16 hex digits")))?,
            ),
        };
        previous.insert(domain.to_owned(), PreviousCheck { id, policy_hash });
    }
    Ok(previous)
}

/// Checks every input, `jobs` at a time, results in input order. A progress bar is drawn on
/// standard error when it is a terminal and there is more than one domain.
async fn check_all(net: &Arc<Net>, inputs: Vec<String>, jobs: usize, previous: &Rc<HashMap<String, PreviousCheck>>) -> Vec<Checked> {
    let progress = if inputs.len() > 1 && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(inputs.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let progress = Rc::new(progress);
    let slots = Arc::new(Semaphore::new(jobs.max(1)));
    let tasks: Vec<_> = inputs
        .into_iter()
        .map(|input| {
            let (net, slots, progress, previous) = (Arc::clone(net), Arc::clone(&slots), Rc::clone(&progress), Rc::clone(previous));
            tokio::task::spawn_local(async move {
                let _slot = slots.acquire_owned().await;
                let report = check_one(&net, &input, &previous).await;
                progress.inc(1);
                Checked { input, report }
            })
        })
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        // A task ends by returning; a panic in one would be a bug, shown as its own failure.
        results.push(task.await.unwrap_or_else(|e| Checked { input: String::new(), report: Err(format!("internal error: {e}")) }));
    }
    progress.finish_and_clear();
    results
}

async fn check_one(net: &Arc<Net>, input: &str, previous: &HashMap<String, PreviousCheck>) -> Result<CheckReport, String> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    let options = CheckOptions { tls_probes: true, ..CheckOptions::default() };
    let mut checker = Checker::new(input, options, now).map_err(|e| e.to_string())?;
    if let Some(previous) = previous.get(checker.domain()) {
        checker.set_previous(previous.clone());
    }
    net.drive(&mut checker, |_| {}).await;
    Ok(checker.report())
}
