//! `mtasts generate`: the policy, the TXT records and the policy host's configuration from
//! MX hosts or a provider, with `--plan` the dated rollout from `testing` to `enforce`, or with
//! `--change` the steps of a change to a published policy (each with a new id).
//!
//! Everything is made and re-checked by `mtasts::generate`; this reads the inputs and the
//! clock (the core has none), and prints or writes what it returns. The clock is
//! `SOURCE_DATE_EPOCH` (seconds) when set, for reproducible output, else the system's.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use mtasts::default_idna;
use mtasts::generate::{self, GenerateError, Request, SetUp, Snippet, SnippetOptions};

use crate::Output;
use crate::args::{ChangeKind, GenerateArgs};
use crate::error::CliError;
use crate::input;
use crate::words::printable;

pub(crate) fn run(args: &GenerateArgs) -> Result<Output, CliError> {
    let now = now()?;
    let idna = default_idna();
    if let (Some(kind), Some(path)) = (args.change, &args.policy) {
        return change(args, kind, path, now);
    }
    let mut request = match args.provider {
        Some(provider) => Request::for_provider(args.domain.as_deref(), provider).map_err(refused)?,
        None if args.mx.is_empty() && args.mx_file.is_none() => {
            return Err(CliError::Input("name the MX hosts: --mx HOST, --mx-file FILE or --provider NAME (or plan a --change)".into()));
        }
        None => Request::new(args.domain.as_deref(), hosts(args)?),
    };
    request.mode = args.mode.into();
    request.rua.clone_from(&args.rua);
    request.wildcards = args.wildcards;
    if args.plan {
        let steps = generate::rollout(&request, args.testing_days, now, idna).map_err(refused)?;
        return Ok(Output::new(plan(&steps).into_bytes(), true));
    }
    let set_up = generate::generate(&request, now, idna).map_err(refused)?;
    let options = SnippetOptions {
        webroot: args.webroot.clone(),
        tls: args.cert.clone().zip(args.key.clone()),
        address: args.address.clone(),
        port: args.port,
    };
    let snippet = args
        .server
        .map(|server| generate::snippet(server, set_up.domain.as_deref(), &set_up.policy, &options))
        .transpose()
        .map_err(refused)?;
    let files = files(&set_up, snippet.as_ref());
    let mut out = String::new();
    match &args.out {
        Some(dir) => {
            for (path, contents) in &files {
                let target = dir.join(path);
                write_file(&target, contents)?;
                let _ = writeln!(out, "wrote {}", printable(&target.display().to_string()));
            }
            out.push('\n');
        }
        None => {
            for (path, contents) in &files {
                let _ = write!(out, "==> {path} <==\n{contents}\n");
            }
        }
    }
    out.push_str(&instructions(&set_up, snippet.as_ref()));
    Ok(Output::new(out.into_bytes(), true))
}

/// `--change`: the core plans it from the policy file; the new policy is printed or written
/// (`--out`) with the dated steps.
fn change(args: &GenerateArgs, kind: ChangeKind, path: &Path, now: u64) -> Result<Output, CliError> {
    let idna = default_idna();
    let source = input::read(Some(path))?;
    let text = String::from_utf8(source.bytes).map_err(|_| CliError::Input(format!("{} is not UTF-8 text", source.name)))?;
    let (domain, old_id) = (args.domain.as_deref(), args.old_id.as_deref());
    let change = match kind {
        ChangeKind::Edit => generate::edit(domain, old_id, &text, now, idna),
        ChangeKind::Mx => generate::mx_change(domain, &text, old_id, &hosts(args)?, now, idna),
        ChangeKind::Retire => generate::decommission(domain, &text, old_id, now, idna),
    }
    .map_err(refused)?;
    let mut out = String::new();
    match &args.out {
        Some(dir) => {
            let target = dir.join("mta-sts.txt");
            write_file(&target, &change.policy)?;
            let _ = writeln!(out, "wrote {}\n", printable(&target.display().to_string()));
        }
        None => {
            let _ = write!(out, "==> mta-sts.txt <==\n{}\n", change.policy);
        }
    }
    if let Some(id) = &change.new_id {
        let _ = writeln!(out, "New id: {id}{}\n", change.old_id.as_ref().map_or(String::new(), |old| format!(" (was {old})")));
    }
    out.push_str(&plan(&change.steps));
    Ok(Output::new(out.into_bytes(), true))
}

/// The time to generate for, in Unix milliseconds.
fn now() -> Result<u64, CliError> {
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: u64 =
            epoch.trim().parse().map_err(|_| CliError::Input(format!("SOURCE_DATE_EPOCH is not a number of seconds: `{epoch}`")))?;
        return Ok(seconds.saturating_mul(1000));
    }
    let since = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|_| CliError::Input("the system clock is before 1970".into()))?;
    Ok(u64::try_from(since.as_millis()).unwrap_or(u64::MAX))
}

/// The `--mx` values and the `--mx-file` text, each an entry the core reads.
fn hosts(args: &GenerateArgs) -> Result<Vec<String>, CliError> {
    let mut entries = args.mx.clone();
    if let Some(path) = &args.mx_file {
        let source = input::read(Some(path))?;
        entries.push(String::from_utf8_lossy(&source.bytes).into_owned());
    }
    Ok(entries)
}

/// A refusal by the core: nothing to judge, exit status 2.
#[allow(clippy::needless_pass_by_value, reason = "it is `map_err`'s argument")]
fn refused(error: GenerateError) -> CliError {
    CliError::Input(error.to_string())
}

/// The files, by their path under `--out`: the policy, the zone-file lines, the snippet's.
fn files(set_up: &SetUp, snippet: Option<&Snippet>) -> Vec<(String, String)> {
    let zone: String = set_up.records().iter().flat_map(|r| [r.zone_line(), "\n".to_string()]).collect();
    let mut files = vec![("mta-sts.txt".to_string(), set_up.policy.clone()), ("dns.zone".to_string(), zone)];
    files.extend(snippet.into_iter().flat_map(|s| &s.files).map(|f| (f.path.clone(), f.contents.clone())));
    files
}

fn write_file(path: &Path, contents: &str) -> Result<(), CliError> {
    let created = |source| CliError::Create { name: path.display().to_string(), source };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(created)?;
    }
    std::fs::write(path, contents).map_err(created)
}

/// The records as a DNS provider's web panel wants them, then what to do in order.
fn instructions(set_up: &SetUp, snippet: Option<&Snippet>) -> String {
    let mut out = String::from("DNS provider panel (type, host, value without quotes):\n");
    let records = set_up.records();
    let width = records.iter().map(|r| r.host.len()).max().unwrap_or(0);
    for record in records {
        let _ = writeln!(out, "  {}  {:width$}  {}", record.rtype.as_str(), record.host, record.value);
    }
    out.push_str("\nPublish in this order:\n");
    let notes = snippet.into_iter().flat_map(|s| &s.notes).cloned();
    for (i, step) in notes.chain(set_up.publish_order()).enumerate() {
        let _ = writeln!(out, "  {}. {step}", i + 1);
    }
    out
}

/// The dated rollout plan.
fn plan(steps: &[generate::Step]) -> String {
    let mut out = String::new();
    for (i, step) in steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {}  {}", i + 1, step.when.date(), step.action);
        if let Some(policy) = &step.policy {
            out.push_str("   mta-sts.txt:\n");
            for line in policy.lines() {
                let _ = writeln!(out, "     {line}");
            }
        }
        for record in &step.records {
            let _ = writeln!(out, "   {}", record.zone_line());
        }
        out.push('\n');
    }
    out
}
