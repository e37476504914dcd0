//! The core's IDNA seam ([`mtasts::Idna`]) implemented with the JavaScript `URL` parser.
//!
//! Browsers and Node ship a UTS 46 converter in `URL` (the WHATWG URL Standard's "domain to
//! ASCII": non-transitional processing, the same settings as the `idna` crate's
//! `domain_to_ascii` that the native build uses), so the wasm build asks it instead of carrying
//! Unicode tables of its own (measured: the `idna` crate adds 53 to 117 KiB gzip to the wasm).
//!
//! `new URL("http://" + domain).hostname` parses a whole URL, not a bare domain, so the domain is
//! screened first: anything the URL parser would read as a delimiter (`/`, `?`, `#`, `@`, `:`,
//! `\`), silently drop (tab, newline, leading and trailing spaces or controls) or percent-decode
//! (`%`) is refused, exactly the "forbidden domain code points" that make the `idna` crate's
//! URL-compatible conversion fail too. ASCII input never reaches `URL`: it is only lowercased,
//! as [`mtasts::idna::Uts46`] does, so the parser's IPv4 and other ASCII rewrites cannot apply.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// The global `URL` class.
    #[wasm_bindgen(js_name = URL)]
    type JsUrl;

    /// `new URL(input)`; throws a `TypeError` for an invalid URL.
    #[wasm_bindgen(constructor, js_class = "URL", catch)]
    fn new(input: &str) -> Result<JsUrl, wasm_bindgen::JsValue>;

    /// `url.hostname`: the host after UTS 46 processing, in lowercase A-labels.
    #[wasm_bindgen(method, getter, js_class = "URL")]
    fn hostname(this: &JsUrl) -> String;
}

/// UTS 46 conversion by the JavaScript `URL` parser (browsers, Node, Deno, workers): what every
/// export passes to the core. Public so that Rust code running in the same wasm module (and the
/// tests) can call the core exactly as the exports do; calling it outside JavaScript panics.
#[derive(Debug, Clone, Copy, Default)]
pub struct UrlIdna;

impl mtasts::Idna for UrlIdna {
    fn to_ascii(&self, domain: &str) -> Option<String> {
        if domain.is_ascii() {
            return Some(domain.to_ascii_lowercase());
        }
        if domain.chars().any(is_forbidden_domain_code_point) {
            return None;
        }
        let host = JsUrl::new(&format!("http://{domain}")).ok()?.hostname();
        // As `Uts46`: a name that converts to nothing is refused.
        (!host.is_empty()).then_some(host)
    }
}

/// The WHATWG URL Standard's forbidden domain code points: C0 controls, space, DEL and
/// `"#%/:<>?@[\]^|` (minus `"`, which is allowed), the same deny list as the `idna` crate's URL
/// mode. They are either delimiters of a URL or refused in a host.
const fn is_forbidden_domain_code_point(c: char) -> bool {
    matches!(c, '\0'..=' ' | '\u{7f}' | '#' | '%' | '/' | ':' | '<' | '>' | '?' | '@' | '[' | '\\' | ']' | '^' | '|')
}
