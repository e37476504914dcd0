//! Where the files of a repository come from: the paths given (directories searched) and,
//! for `--since`, their versions at a git revision (`git show REF:./PATH`). Which files
//! count, and as what, is the core's decision (`mtasts::zone::classify`).

use std::path::{Path, PathBuf};
use std::process::Command;

use mtasts::zone::SourceKind;

use crate::args::Kind;
use crate::error::CliError;

/// Files larger than this are not looked at when searching a directory (zone files and
/// policies are far smaller; a repository's binaries are not).
const MAX_SEARCHED_FILE: u64 = 4 << 20;

/// Directories never searched: version control, dependencies, build output.
const SKIPPED_DIRS: [&str; 5] = [".git", "node_modules", "target", "vendor", "_site"];

/// The files to lint: each path given, a directory replaced by the files found in it.
/// A file given by name is linted as `kind`, or as what the core recognises it to be
/// (a policy when it recognises nothing).
pub(crate) fn targets(paths: &[PathBuf], kind: Option<Kind>) -> Result<Vec<(PathBuf, Kind)>, CliError> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            search(path, &mut out)?;
        } else {
            let bytes = crate::input::read_file(path)?;
            let found = classify(path, &bytes).unwrap_or(Kind::Policy);
            out.push((path.clone(), kind.unwrap_or(found)));
        }
    }
    Ok(out)
}

fn classify(path: &Path, bytes: &[u8]) -> Option<Kind> {
    mtasts::zone::classify(&path.to_string_lossy(), bytes).map(|k| match k {
        SourceKind::Policy => Kind::Policy,
        SourceKind::Zone => Kind::Zone,
        SourceKind::Octodns => Kind::Octodns,
        SourceKind::Terraform => Kind::Terraform,
        SourceKind::Dnscontrol => Kind::Dnscontrol,
    })
}

/// Every recognised file under `dir`, in name order.
fn search(dir: &Path, out: &mut Vec<(PathBuf, Kind)>) -> Result<(), CliError> {
    let read = std::fs::read_dir(dir).map_err(|source| CliError::Read { name: dir.display().to_string(), source })?;
    let mut entries: Vec<PathBuf> = read.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        if meta.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) {
                search(&path, out)?;
            }
        } else if meta.is_file() && meta.len() <= MAX_SEARCHED_FILE {
            let Ok(bytes) = std::fs::read(&path) else { continue };
            if let Some(kind) = classify(&path, &bytes) {
                // `./zones/a.zone` is shown (and located in SARIF) as `zones/a.zone`.
                out.push((path.strip_prefix(".").map(Path::to_path_buf).unwrap_or(path), kind));
            }
        }
    }
    Ok(())
}

/// The content of `path` at the git revision `reference`, or `None` when the file did not
/// exist there. Any other git failure (not a repository, an unknown revision) stops the command.
pub(crate) fn at_revision(reference: &str, path: &Path) -> Result<Option<Vec<u8>>, CliError> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let run = |args: &[&str]| Command::new("git").current_dir(dir).args(args).output();
    let output = run(&["rev-parse", "--verify", "--quiet", &format!("{reference}^{{commit}}")])
        .map_err(|e| CliError::Input(format!("cannot run git for --since: {e}")))?;
    if !output.status.success() {
        return Err(CliError::Input(format!("--since {reference}: not a git revision here ({})", dir.display())));
    }
    let output = run(&["show", &format!("{reference}:./{name}")]).map_err(|e| CliError::Input(format!("cannot run git: {e}")))?;
    Ok(output.status.success().then_some(output.stdout))
}
