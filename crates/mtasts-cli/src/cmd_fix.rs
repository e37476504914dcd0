//! `mtasts fix`: the policy with every safe fix applied.
//!
//! Standard output gets the fixed policy and nothing else, byte for byte where no fix
//! applies (line endings, non-UTF-8 bytes and all), so `mtasts fix p.txt > p.new` is safe
//! to script. The one-line summary goes to standard error. Exit status 0 means the output
//! has no errors left; 1 means errors remain that need a person (see `mtasts lint`).

use mtasts::policy;

use crate::Output;
use crate::args::FixArgs;
use crate::checked::Counts;
use crate::error::CliError;
use crate::input;
use crate::words::printable;

pub(crate) fn run(args: &FixArgs) -> Result<Output, CliError> {
    let source = input::read(args.file.as_deref())?;
    // A file on disk is a source file: front matter at its top is the site generator's.
    let idna = mtasts::default_idna();
    let (fixed, applied) = policy::fix_all_with_options(&source.bytes, idna, policy::LintOptions::FILE);
    let remaining = Counts::of(&policy::lint_with_options(&fixed, idna, policy::LintOptions::FILE).diagnostics).errors;
    let applied_text = if applied == 1 { "1 fix".to_string() } else { format!("{applied} fixes") };
    let lint = input::lint_command(&source.name);
    let left = match remaining {
        0 => "no errors remain".to_string(),
        1 => format!("1 error remains (see `{lint}`)"),
        n => format!("{n} errors remain (see `{lint}`)"),
    };
    eprintln!("mtasts: {}: applied {applied_text}; {}", printable(&source.name), printable(&left));
    Ok(Output::new(fixed, remaining == 0))
}
