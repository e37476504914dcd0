//! ANSI colors for the text output, only where a person is looking.
//!
//! Colors are on for `--color always`, or for `--color auto` (the default) when standard
//! output is a terminal, `NO_COLOR` is unset or empty (<https://no-color.org>) and `TERM`
//! is not `dumb`. Piped output, CI logs and snapshot tests therefore stay plain.

use std::io::IsTerminal;

use mtasts::Severity;

use crate::args::ColorChoice;

/// What a piece of text is, which decides its color.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Role {
    Severity(Severity),
    /// Gutter, arrow and `=` notes: the frame around the source.
    Frame,
    /// The message: bold.
    Emphasis,
    /// A fix title.
    Fix,
}

/// Whether to color, decided once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    color: bool,
}

impl Style {
    pub(crate) fn new(choice: ColorChoice) -> Self {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        };
        Style { color }
    }

    /// `text` wrapped in the role's color, or as it is.
    pub(crate) fn paint(self, role: Role, text: &str) -> String {
        if !self.color || text.is_empty() {
            return text.to_string();
        }
        let sgr = match role {
            Role::Severity(Severity::Error) => "1;31",
            Role::Severity(Severity::Warning) => "1;33",
            Role::Severity(Severity::Info) => "1;36",
            Role::Frame => "1;34",
            Role::Emphasis => "1",
            Role::Fix => "32",
        };
        format!("\x1b[{sgr}m{text}\x1b[0m")
    }
}
