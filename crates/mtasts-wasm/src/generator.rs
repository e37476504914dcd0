//! The generator (feature `tools`): [`mtasts::generate`] for JavaScript. `now` (Unix
//! milliseconds) always comes from the caller: the core has no clock, and a page passes
//! `Date.now()` (a test, a fixed moment).
//!
//! | JavaScript | core |
//! |---|---|
//! | `generateSetUp(options)` | [`generate::generate`] (+ [`generate::snippet`] with `server`) |
//! | `rolloutPlan(options)` | [`generate::rollout`] |
//! | `editPolicy(options)` | [`generate::edit`] |
//! | `mxChange(options)` | [`generate::mx_change`] |
//! | `decommission(options)` | [`generate::decommission`] |
//! | `generatorVocabulary()` | [`generate::Provider::ALL`], [`generate::Server::ALL`], the `max_age`s |
//!
//! Every refusal of the core (no hosts, a host that is not one, a bad `rua`) is thrown as an
//! `Error` with the core's message.

use mtasts::generate::{self, Change, DnsRecord, GenerateError, Provider, Request, Server, SetUp, Snippet, SnippetOptions, Step};
use mtasts::policy::Mode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::UrlIdna;
use crate::dto::{into_error, to_js};

type JsResult = Result<JsValue, js_sys::Error>;

/// `SetUpOptions` in tools.d.ts.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetUpOptions {
    now: f64,
    #[serde(default)]
    domain: Option<String>,
    /// Entries as the core reads them: names, or pasted `dig +short MX` output.
    #[serde(default)]
    hosts: Vec<String>,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    rua: Vec<String>,
    #[serde(default)]
    wildcards: bool,
    #[serde(default)]
    server: Option<String>,
    #[serde(default)]
    webroot: Option<String>,
    /// Days of `testing` in `rolloutPlan`.
    #[serde(default)]
    testing_days: Option<u32>,
}

/// `ChangeOptions` in tools.d.ts.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeOptions {
    now: f64,
    #[serde(default)]
    domain: Option<String>,
    /// The policy: the new one for `editPolicy`, the published one for the others.
    policy: String,
    #[serde(default)]
    old_id: Option<String>,
    /// The MX hosts after the change (`mxChange`).
    #[serde(default)]
    hosts: Vec<String>,
}

/// The keys of `SetUpOptions` and `ChangeOptions`.
const SET_UP_KEYS: [&str; 10] = ["now", "domain", "hosts", "provider", "mode", "rua", "wildcards", "server", "webroot", "testingDays"];
const CHANGE_KEYS: [&str; 5] = ["now", "domain", "policy", "oldId", "hosts"];

/// The options object read into `T`; a key `T` does not know is refused (serde-wasm-bindgen
/// reads only the fields it knows), so a typo does not silently fall back to a default.
fn read<T: for<'de> Deserialize<'de>>(options: JsValue, known: &[&str]) -> Result<T, js_sys::Error> {
    if let Some(object) = options.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(into_error(&format!("options: unknown option `{key}` (known: {})", known.join(", "))));
            }
        }
    }
    serde_wasm_bindgen::from_value(options).map_err(|e| into_error(&format!("options: {e}")))
}

fn refused(error: &GenerateError) -> js_sys::Error {
    into_error(error)
}

/// Milliseconds from JavaScript (`Date.now()`): whole, not negative.
fn millis(now: f64) -> Result<u64, js_sys::Error> {
    if now.is_finite() && now >= 0.0 && now.fract() == 0.0 && now <= 9_007_199_254_740_991.0 {
        #[allow(clippy::cast_sign_loss)] // checked above
        Ok(now as u64)
    } else {
        Err(into_error(&"options.now: expected Unix milliseconds (Date.now())"))
    }
}

impl SetUpOptions {
    fn request(&self) -> Result<Request, js_sys::Error> {
        let mut request = match self.provider.as_deref().filter(|p| !p.is_empty()) {
            Some(name) => {
                let provider = Provider::parse(name).ok_or_else(|| into_error(&format!("options.provider: unknown provider `{name}`")))?;
                Request::for_provider(self.domain.as_deref(), provider).map_err(|e| refused(&e))?
            }
            None => Request::new(self.domain.as_deref(), self.hosts.clone()),
        };
        if let Some(mode) = self.mode.as_deref() {
            request.mode = Mode::parse(mode).ok_or_else(|| into_error(&format!("options.mode: unknown mode `{mode}`")))?;
        }
        request.rua.clone_from(&self.rua);
        request.wildcards = self.wildcards;
        Ok(request)
    }

    fn server(&self) -> Result<Option<Server>, js_sys::Error> {
        self.server
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|name| Server::parse(name).ok_or_else(|| into_error(&format!("options.server: unknown server `{name}`"))))
            .transpose()
    }
}

/// `GeneratedRecord` in tools.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RecordDto {
    host: String,
    owner: String,
    #[serde(rename = "type")]
    rtype: &'static str,
    value: String,
    ttl: u32,
    zone_line: String,
}

impl From<&DnsRecord> for RecordDto {
    fn from(r: &DnsRecord) -> Self {
        RecordDto {
            host: r.host.clone(),
            owner: r.owner(),
            rtype: r.rtype.as_str(),
            value: r.value.clone(),
            ttl: r.ttl,
            zone_line: r.zone_line(),
        }
    }
}

/// `GeneratedFile` in tools.d.ts.
#[derive(Debug, Serialize)]
struct FileDto {
    path: String,
    contents: String,
}

/// `ServerSnippet` in tools.d.ts.
#[derive(Debug, Serialize)]
struct SnippetDto {
    server: &'static str,
    files: Vec<FileDto>,
    notes: Vec<String>,
}

impl From<Snippet> for SnippetDto {
    fn from(s: Snippet) -> Self {
        SnippetDto {
            server: s.server.name(),
            files: s.files.into_iter().map(|f| FileDto { path: f.path, contents: f.contents }).collect(),
            notes: s.notes,
        }
    }
}

/// `SetUp` in tools.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SetUpDto {
    domain: Option<String>,
    hosts: Vec<String>,
    patterns: Vec<String>,
    mode: &'static str,
    max_age: u32,
    id: String,
    policy: String,
    policy_url: Option<String>,
    records: Vec<RecordDto>,
    zone: String,
    publish_order: Vec<String>,
    snippet: Option<SnippetDto>,
}

impl SetUpDto {
    fn new(set_up: &SetUp, snippet: Option<Snippet>) -> Self {
        let records = set_up.records();
        let notes = snippet.iter().flat_map(|s| s.notes.iter().cloned());
        SetUpDto {
            domain: set_up.domain.clone(),
            hosts: set_up.hosts.clone(),
            patterns: set_up.patterns.clone(),
            mode: set_up.mode.as_str(),
            max_age: set_up.max_age,
            id: set_up.id.clone(),
            policy: set_up.policy.clone(),
            policy_url: set_up.policy_url(),
            zone: records.iter().flat_map(|r| [r.zone_line(), "\n".to_owned()]).collect(),
            records: records.into_iter().map(RecordDto::from).collect(),
            publish_order: notes.chain(set_up.publish_order()).collect(),
            snippet: snippet.map(SnippetDto::from),
        }
    }
}

/// `PlanStep` in tools.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StepDto {
    /// Unix milliseconds.
    when: f64,
    /// `YYYY-MM-DD`, UTC.
    date: String,
    action: String,
    policy: Option<String>,
    records: Vec<RecordDto>,
}

impl From<&Step> for StepDto {
    fn from(s: &Step) -> Self {
        #[allow(clippy::cast_precision_loss)] // seconds since 1970 fit a double exactly
        let when = s.when.unix_seconds() as f64 * 1000.0;
        StepDto {
            when,
            date: s.when.date().to_string(),
            action: s.action.clone(),
            policy: s.policy.clone(),
            records: s.records.iter().map(RecordDto::from).collect(),
        }
    }
}

/// `PolicyChange` in tools.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ChangeDto {
    old_id: Option<String>,
    new_id: Option<String>,
    policy: String,
    added_patterns: Vec<String>,
    steps: Vec<StepDto>,
}

impl From<&Change> for ChangeDto {
    fn from(c: &Change) -> Self {
        ChangeDto {
            old_id: c.old_id.clone(),
            new_id: c.new_id.clone(),
            policy: c.policy.clone(),
            added_patterns: c.added_patterns.clone(),
            steps: c.steps.iter().map(StepDto::from).collect(),
        }
    }
}

/// The policy, both TXT records (zone-file lines and the host/value a DNS panel asks for), what
/// to publish in which order and, with `server`, the policy host's configuration: everything
/// re-checked by the core before it is returned.
#[wasm_bindgen(js_name = generateSetUp, unchecked_return_type = "SetUp")]
pub fn generate_set_up(#[wasm_bindgen(unchecked_param_type = "SetUpOptions")] options: JsValue) -> JsResult {
    let options: SetUpOptions = read(options, &SET_UP_KEYS)?;
    let set_up = generate::generate(&options.request()?, millis(options.now)?, &UrlIdna).map_err(|e| refused(&e))?;
    let snippet_options = SnippetOptions {
        webroot: options.webroot.clone().unwrap_or_else(|| SnippetOptions::default().webroot),
        ..SnippetOptions::default()
    };
    let snippet = options
        .server()?
        .map(|server| generate::snippet(server, set_up.domain.as_deref(), &set_up.policy, &snippet_options))
        .transpose()
        .map_err(|e| refused(&e))?;
    to_js(&SetUpDto::new(&set_up, snippet))
}

/// The dated plan from `testing` to the steady `enforce` (`testingDays`, 14 unless given).
#[wasm_bindgen(js_name = rolloutPlan, unchecked_return_type = "PlanStep[]")]
pub fn rollout_plan(#[wasm_bindgen(unchecked_param_type = "SetUpOptions")] options: JsValue) -> JsResult {
    let options: SetUpOptions = read(options, &SET_UP_KEYS)?;
    let steps = generate::rollout(&options.request()?, options.testing_days.unwrap_or(14), millis(options.now)?, &UrlIdna)
        .map_err(|e| refused(&e))?;
    to_js(&steps.iter().map(StepDto::from).collect::<Vec<_>>())
}

/// A policy edited by hand: the new `id` to publish after it, and the order.
#[wasm_bindgen(js_name = editPolicy, unchecked_return_type = "PolicyChange")]
pub fn edit_policy(#[wasm_bindgen(unchecked_param_type = "ChangeOptions")] options: JsValue) -> JsResult {
    let o: ChangeOptions = read(options, &CHANGE_KEYS)?;
    let change = generate::edit(o.domain.as_deref(), o.old_id.as_deref(), &o.policy, millis(o.now)?, &UrlIdna).map_err(|e| refused(&e))?;
    to_js(&ChangeDto::from(&change))
}

/// The MX hosts are about to change to `hosts`: the `mx` lines to add first, and when the MX
/// records may change.
#[wasm_bindgen(js_name = mxChange, unchecked_return_type = "PolicyChange")]
pub fn mx_change(#[wasm_bindgen(unchecked_param_type = "ChangeOptions")] options: JsValue) -> JsResult {
    let o: ChangeOptions = read(options, &CHANGE_KEYS)?;
    let change = generate::mx_change(o.domain.as_deref(), &o.policy, o.old_id.as_deref(), &o.hosts, millis(o.now)?, &UrlIdna)
        .map_err(|e| refused(&e))?;
    to_js(&ChangeDto::from(&change))
}

/// Retiring MTA-STS: `mode: none` with a new `id`, then the records removed once caches expired.
#[wasm_bindgen(unchecked_return_type = "PolicyChange")]
pub fn decommission(#[wasm_bindgen(unchecked_param_type = "ChangeOptions")] options: JsValue) -> JsResult {
    let o: ChangeOptions = read(options, &CHANGE_KEYS)?;
    let change =
        generate::decommission(o.domain.as_deref(), &o.policy, o.old_id.as_deref(), millis(o.now)?, &UrlIdna).map_err(|e| refused(&e))?;
    to_js(&ChangeDto::from(&change))
}

/// `ProviderInfo` in tools.d.ts.
#[derive(Debug, Serialize)]
struct ProviderDto {
    name: &'static str,
    title: &'static str,
    patterns: &'static [&'static str],
}

/// `GeneratorVocabulary` in tools.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct GeneratorVocabularyDto {
    providers: Vec<ProviderDto>,
    servers: Vec<&'static str>,
    modes: [&'static str; 2],
    testing_max_age: u32,
    steady_max_age: u32,
}

/// The providers (presets), servers and modes the generator knows, for a form's choices.
#[wasm_bindgen(js_name = generatorVocabulary, unchecked_return_type = "GeneratorVocabulary")]
pub fn generator_vocabulary() -> JsResult {
    to_js(&GeneratorVocabularyDto {
        providers: Provider::ALL.iter().map(|p| ProviderDto { name: p.name(), title: p.title(), patterns: p.patterns() }).collect(),
        servers: Server::ALL.iter().map(|s| s.name()).collect(),
        modes: [Mode::Testing.as_str(), Mode::Enforce.as_str()],
        testing_max_age: generate::TESTING_MAX_AGE,
        steady_max_age: generate::STEADY_MAX_AGE,
    })
}
