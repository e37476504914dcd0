//! The three `lint` output formats. Each takes the format-independent [`Checked`] and
//! returns the whole output as a string, written in one go by `main`.
//!
//! [`Checked`]: crate::checked::Checked

pub(crate) mod json;
pub(crate) mod sarif;
mod snippet;
pub(crate) mod text;
