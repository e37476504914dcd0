//! # mtasts
//!
//! Validation of MTA-STS (RFC 8461) and TLS-RPT (RFC 8460): the policy file, the
//! `_mta-sts` and `_smtp._tls` TXT records, and MX pattern matching.
//!
//! What it guarantees:
//! * **No I/O, no clock, no panics.** Every function takes bytes or strings and
//!   returns values; arbitrary input (binary junk, NUL, a BOM, lone CR, invalid
//!   UTF-8, megabytes on one line) yields diagnostics in linear time.
//! * **Every problem at once.** Parsers recover after each error and report all
//!   of them, each with a stable [`Code`], a [`Severity`], a message, the RFC
//!   section, a byte [`TextRange`] and, where the intent is clear, a [`Fix`].
//! * **The RFC's grammar is the law for errors**; common-practice advice is a
//!   warning or info. Disputed points follow docs/DECISIONS.md.
//!
//! The phases of the policy parser: bytes → lines ([`policy`]'s line splitter
//! reports BOM, encoding and line-ending problems) → fields (`name: value`, with
//! recovery) → validation of each registered field → whole-file rules (missing
//! and duplicate fields). The TXT records go through [`record`]'s tag-list lexer.
//! [`LineIndex`] turns byte ranges into lines, columns and UTF-16 offsets at the edge.

pub mod aggregate;
pub mod change;
pub mod check;
mod civil;
pub mod code;
pub mod diagnostic;
pub mod domain;
pub mod fix;
pub mod generate;
pub mod host_input;
pub mod idn;
pub mod idna;
#[cfg(feature = "docs")]
pub mod long_form;
pub mod mx;
pub mod policy;
pub mod proxy_rule;
pub mod record;
pub mod text;
#[doc(hidden)]
pub mod work;
pub mod zone;

pub use code::Code;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use idna::{Idna, default_idna};
pub use text::{LineIndex, Location, Position, TextRange};
