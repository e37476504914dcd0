//! Terraform configurations (HCL): the TXT records of the DNS resources people keep MTA-STS in.
//!
//! | resource | owner | value |
//! |---|---|---|
//! | `cloudflare_record` (provider v4) | `name` | `content` (or the older `value`) |
//! | `cloudflare_dns_record` (provider v5) | `name` | `content` |
//! | `aws_route53_record` | `name` | each string of `records` |
//!
//! only where `type = "TXT"`. Owners are as written (`_mta-sts`, `_mta-sts.example.com`, or
//! `_mta-sts.${var.domain}`: what counts is the literal start). A value that is computed (an
//! interpolation, a variable, a function call) cannot be judged from the file: it is noted as
//! `zone/not-literal` and not checked.
//!
//! Character-strings: Route 53 wraps each `records` string in quotes itself, so `\"\"` inside
//! one splits it into two strings (the provider's documented way to write values over 255
//! bytes); a Cloudflare `content` written with its own quotes (`"\"v=STSv1; id=1\""`) is read
//! as quoted strings the same way. Both are joined with no separator, as senders join them.
//!
//! The HCL is parsed by `hcl-edit`, whose nodes keep their byte spans; each value's bytes are
//! mapped back to the file by reading the literal's escapes again (and checked against the
//! parser's value: if they disagree, every byte maps to the whole literal). The parser is
//! recursive, so a file nested deeper than [`MAX_DEPTH`] brackets is refused before parsing.

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, BlockLabel};

use super::literal::{Literal, NOT_LITERAL_MESSAGE, max_depth};
use super::{Owners, ZoneRecords, owner_family};
use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;

/// Brackets deeper than this are refused: the parser would recurse once per level.
pub(super) const MAX_DEPTH: usize = 64;

/// The DNS resources read, and the attribute(s) holding their values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resource {
    /// `cloudflare_record` or `cloudflare_dns_record`: one `content` (or `value`) string.
    Cloudflare,
    /// `aws_route53_record`: a `records` list of strings.
    Route53,
}

fn resource(label: &BlockLabel) -> Option<Resource> {
    match label.as_str() {
        "cloudflare_record" | "cloudflare_dns_record" => Some(Resource::Cloudflare),
        "aws_route53_record" => Some(Resource::Route53),
        _ => None,
    }
}

fn range(node: &impl hcl_edit::Span) -> TextRange {
    node.span().map_or(TextRange::empty(0), |r| TextRange::from_usize(r.start, r.end))
}

/// Reads the Terraform file `text`.
pub(super) fn read(text: &str) -> ZoneRecords {
    let mut zone = ZoneRecords { text: text.to_string(), owners: Vec::new(), diagnostics: Vec::new() };
    if let Some(at) = max_depth(text, MAX_DEPTH) {
        zone.diagnostics.push(Diagnostic::new(
            Code::ZoneTerraformInvalid,
            TextRange::from_usize(at, at + 1),
            format!("Brackets are nested more than {MAX_DEPTH} deep here; the file was not read."),
        ));
        return zone;
    }
    let body = match hcl_edit::parser::parse_body(text) {
        Ok(body) => body,
        Err(e) => {
            let at = e.location().offset().min(text.len());
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            zone.diagnostics.push(Diagnostic::new(
                Code::ZoneTerraformInvalid,
                TextRange::from_usize(at, end),
                format!("This is not valid HCL ({}), so Terraform cannot read the file.", e.message()),
            ));
            return zone;
        }
    };
    let mut owners = Owners::default();
    for block in body.get_blocks("resource") {
        let Some(kind) = block.labels.first().and_then(resource) else { continue };
        let attribute = |key: &str| block.body.get_attribute(key).map(|a| &a.value);
        let is_txt = attribute("type").and_then(|t| literal(text, t)).is_some_and(|t| t.value.eq_ignore_ascii_case("TXT"));
        let Some(name) = attribute("name") else { continue };
        let Some((owner, family)) = owner_name(text, name) else { continue };
        if !is_txt {
            continue;
        }
        let values: Vec<&Expression> = match (kind, attribute("content").or_else(|| attribute("value")), attribute("records")) {
            (Resource::Cloudflare, Some(value), _) => vec![value],
            (Resource::Route53, _, Some(Expression::Array(items))) => items.iter().collect(),
            (Resource::Route53, _, Some(computed)) => vec![computed],
            (_, _, _) => {
                let what = if kind == Resource::Cloudflare { "`content`" } else { "`records`" };
                zone.diagnostics.push(Diagnostic::new(
                    Code::ZoneTerraformInvalid,
                    head(block),
                    format!("This TXT record has no {what}; Terraform refuses it."),
                ));
                continue;
            }
        };
        for value in values {
            let Some(literal) = literal(text, value) else {
                zone.diagnostics.push(Diagnostic::new(Code::ZoneNotLiteral, range(value), NOT_LITERAL_MESSAGE));
                continue;
            };
            // Route 53 quotes each string itself; Cloudflare only reads quotes the value has.
            let implicit_quotes = kind == Resource::Route53;
            owners.add(owner.clone(), family, literal.into_record(implicit_quotes), Vec::new());
        }
    }
    zone.owners = owners.list;
    zone
}

/// `resource "TYPE" "NAME"`: where a problem of the whole block is shown.
fn head(block: &Block) -> TextRange {
    let start = range(&block.ident).start;
    let end = block.labels.last().map_or(range(&block.ident).end, |l| range(l).end);
    TextRange::new(start, end.max(start))
}

/// The owner as written (quotes off) and its family, judged by the literal start of the name.
fn owner_name(text: &str, name: &Expression) -> Option<(String, super::Family)> {
    let leading = match name {
        Expression::String(s) => s.value().clone(),
        Expression::StringTemplate(t) => t.iter().map_while(|e| e.as_literal().map(|l| l.value().clone())).collect(),
        _ => return None,
    };
    let family = owner_family(&leading)?;
    let written = text.get(range(name).as_usize()).unwrap_or(&leading);
    Some((written.trim_matches('"').to_string(), family))
}

/// A string literal of the file (no interpolation), its bytes mapped to the file.
fn literal(text: &str, expression: &Expression) -> Option<Literal> {
    let Expression::String(value) = expression else { return None };
    Some(Literal::from_quoted(text, range(expression), value.value(), hcl_escape))
}

/// One escape of an HCL quoted string at the start of `rest` (which begins with `\`, `$` or
/// `%`): the bytes it stands for and how many bytes of the file it takes.
fn hcl_escape(rest: &str) -> Option<(String, usize)> {
    let mut chars = rest.chars();
    match (chars.next()?, chars.next()) {
        ('\\', Some('n')) => Some(("\n".into(), 2)),
        ('\\', Some('r')) => Some(("\r".into(), 2)),
        ('\\', Some('t')) => Some(("\t".into(), 2)),
        ('\\', Some(c @ ('"' | '\\'))) => Some((c.to_string(), 2)),
        ('\\', Some(u @ ('u' | 'U'))) => {
            let digits = if u == 'u' { 4 } else { 8 };
            let hex = rest.get(2..2 + digits)?;
            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            Some((c.to_string(), 2 + digits))
        }
        ('$', Some('$')) if rest[2..].starts_with('{') => Some(("$".into(), 2)),
        ('%', Some('%')) if rest[2..].starts_with('{') => Some(("%".into(), 2)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cloudflare_and_route53_records() {
        let text = r#"
resource "cloudflare_record" "mta_sts" {
  zone_id = var.zone_id
  name    = "_mta-sts"
  type    = "TXT"
  content = "v=STSv1; id=20240101"
}
resource "aws_route53_record" "tlsrpt" {
  name    = "_smtp._tls.example.com"
  type    = "TXT"
  records = ["v=TLSRPTv1; \"\"rua=mailto:tls@example.com"]
}
resource "aws_route53_record" "mx" {
  name    = "example.com"
  type    = "MX"
  records = ["10 mail.example.com"]
}
"#;
        let zone = read(text);
        assert!(zone.diagnostics.is_empty(), "{:?}", zone.diagnostics);
        let texts: Vec<_> = zone.owners.iter().map(|o| (o.name.as_str(), o.input.records[0].text.as_str())).collect();
        assert_eq!(texts, [("_mta-sts", "v=STSv1; id=20240101"), ("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tls@example.com")]);
        let record = &zone.owners[0].input.records[0];
        assert_eq!(&text[record.to_input(TextRange::new(9, 11)).as_usize()], "id");
        let record = &zone.owners[1].input.records[0];
        assert_eq!(&text[record.to_input(TextRange::new(12, 15)).as_usize()], "rua");
    }

    #[test]
    fn computed_values_and_broken_files_are_reported() {
        let zone = read(
            "resource \"cloudflare_dns_record\" \"x\" {\n  name = \"_mta-sts.${var.domain}\"\n  type = \"TXT\"\n  content = \"v=STSv1; id=${var.id}\"\n}\n",
        );
        assert_eq!(zone.owners.len(), 0);
        assert_eq!(zone.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::ZoneNotLiteral]);
        let zone = read("resource \"cloudflare_record\" {\n");
        assert_eq!(zone.diagnostics[0].code, Code::ZoneTerraformInvalid);
        let deep = format!("x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(read(&deep).diagnostics[0].code, Code::ZoneTerraformInvalid);
    }
}
