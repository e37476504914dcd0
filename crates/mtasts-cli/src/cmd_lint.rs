//! `mtasts lint`: read, check, render in the chosen format.

use crate::Output;
use crate::args::{Format, LintArgs};
use crate::checked::Checked;
use crate::error::CliError;
use crate::input;
use crate::render;
use crate::style::Style;

pub(crate) fn run(args: &LintArgs, style: Style) -> Result<Output, CliError> {
    let source = input::read(args.file.as_deref())?;
    let checked = Checked::lint(args.kind, source);
    let text = match args.format {
        Format::Text => render::text::render(&checked, style),
        Format::Json => render::json::render(&checked),
        Format::Sarif => render::sarif::render(&checked),
    };
    Ok(Output { stdout: text.into_bytes(), ok: checked.is_valid(), unreadable: false })
}
