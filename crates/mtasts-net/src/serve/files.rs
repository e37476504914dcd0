//! The web app's files, served as `scripts/serve.mjs` serves them (its `SECURITY_HEADERS`,
//! `DEMO_CSP` and `MIME_TYPES` are copied here; tests/cli/serve.rs compares the two servers'
//! headers): the production security headers on every response, a `..` segment, a backslash or
//! a symbolic link out of the root refused, a file never served at a path ending in `/`.

use std::path::{Path, PathBuf};

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};

use super::Reply;

/// The page's Content-Security-Policy (scripts/serve.mjs `SECURITY_HEADERS`).
pub(super) const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self' https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/// The hostile embedding demo's stricter policy (scripts/serve.mjs `DEMO_CSP`).
const DEMO_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self' https:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'; \
     require-trusted-types-for 'script'; trusted-types 'none'";

/// The media type of a file by its extension (scripts/serve.mjs `MIME_TYPES`).
fn media_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json; charset=utf-8",
        Some("webmanifest") => "application/manifest+json; charset=utf-8",
        Some("txt" | "ts") => "text/plain; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The security headers every response carries.
fn secure(mut reply: Reply, csp: &'static str) -> Reply {
    let headers = reply.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    reply
}

/// A plain-text answer (errors, redirects) with the security headers.
pub(super) fn text(status: StatusCode, body: &'static str) -> Reply {
    let mut reply = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *reply.status_mut() = status;
    reply.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    secure(reply, CSP)
}

/// Percent-decodes a path; `None` for a broken escape or bytes that are not UTF-8.
pub(super) fn decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The answer to `GET target` (path and query) from the files under `root` (canonical).
pub(super) fn serve(root: &Path, target: &str) -> Reply {
    let raw = target.split(['?', '#']).next().unwrap_or("/");
    let Some(path) = decode(raw) else { return text(StatusCode::BAD_REQUEST, "Bad Request\n") };
    // Refuse rather than normalise: a request naming `..` or a backslash is never a link of ours.
    let segments: Vec<&str> = path.split('/').collect();
    if !path.starts_with('/') || path.contains(['\0', '\\']) || segments.iter().any(|s| *s == ".." || *s == ".") {
        return text(StatusCode::BAD_REQUEST, "Bad Request\n");
    }
    let joined: PathBuf = segments.iter().filter(|s| !s.is_empty()).fold(root.to_path_buf(), |p, s| p.join(s));
    // Symbolic links are followed, and must stay inside the root too.
    let Ok(mut file) = std::fs::canonicalize(&joined) else { return text(StatusCode::NOT_FOUND, "Not Found\n") };
    if !file.starts_with(root) {
        return text(StatusCode::FORBIDDEN, "Forbidden\n");
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            // Relative links in an index page need the trailing slash.
            let mut reply = text(StatusCode::MOVED_PERMANENTLY, "Moved Permanently\n");
            let location = format!("{raw}/{}", &target[raw.len()..]);
            if let Ok(value) = HeaderValue::from_str(&location) {
                reply.headers_mut().insert(header::LOCATION, value);
            }
            return reply;
        }
        file = file.join("index.html");
    } else if path.ends_with('/') {
        // `/index.html/` names a folder that is not there.
        return text(StatusCode::NOT_FOUND, "Not Found\n");
    }
    let (Ok(meta), Ok(body)) = (std::fs::metadata(&file), std::fs::read(&file)) else {
        return text(StatusCode::NOT_FOUND, "Not Found\n");
    };
    if !meta.is_file() {
        return text(StatusCode::NOT_FOUND, "Not Found\n");
    }
    let demo = file.file_name().is_some_and(|n| n == "embed-demo.html");
    let mut reply = Response::new(Full::new(Bytes::from(body)));
    let headers = reply.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type(&file)));
    // A development server: always revalidate, so a rebuild shows on reload.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(modified) = meta.modified().ok().and_then(|m| HeaderValue::from_str(&httpdate::fmt_http_date(m)).ok()) {
        headers.insert(header::LAST_MODIFIED, modified);
    }
    secure(reply, if demo { DEMO_CSP } else { CSP })
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn paths_decode_or_are_refused() {
        assert_eq!(decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(decode("/%2e%2E").as_deref(), Some("/.."));
        for bad in ["/%", "/%zz", "/%ff", "/%e2%82"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
