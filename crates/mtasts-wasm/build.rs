//! Writes the TypeScript unions of the core's vocabulary, so the package's types never lag behind
//! the core: `Code` (every registered diagnostic code, `mtasts::Code::ALL`), `Severity` and
//! `Mode` into code.d.ts, and `CheckId` and `CheckStatus` (the live check's, feature `check`)
//! into check.d.ts. src/lib.rs adds them to the generated `.d.ts` beside src/api.d.ts.

use mtasts::check::{CheckId, CheckStatus};
use mtasts::policy::Mode;

/// `/** doc */ export type NAME = | "a" | "b";`
fn union(doc: &str, name: &str, members: impl Iterator<Item = &'static str>) -> String {
    let members: Vec<String> = members.map(|m| format!("  | \"{m}\"")).collect();
    format!("\n/** {doc} */\nexport type {name} =\n{};\n", members.join("\n"))
}

fn main() {
    // The script itself and the core (a build dependency: cargo reruns the script when the core
    // changes) are all it reads.
    println!("cargo::rerun-if-changed=build.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let code = [
        union(
            "A stable diagnostic code of the registry (`crates/mtasts/src/code.rs`).",
            "Code",
            mtasts::Code::ALL.iter().map(|c| c.as_str()),
        ),
        union(
            "How serious a finding is, worst first: an `error` means at least one conforming sender rejects or ignores what was published; a `warning` is accepted but risky; `info` is advice.",
            "Severity",
            mtasts::Severity::ALL.iter().map(|s| s.as_str()),
        ),
        union("The policy `mode` (RFC 8461 §5); `vocabulary()` gives each one's meaning.", "Mode", Mode::ALL.iter().map(|m| m.as_str())),
    ];
    std::fs::write(out.join("code.d.ts"), code.concat()).expect("cannot write code.d.ts into OUT_DIR");
    let check = [
        union(
            "The checks of `checkDomain`, in the order of `CheckReport.checks` (`checkVocabulary()` describes each).",
            "CheckId",
            CheckId::ALL.iter().map(|c| c.as_str()),
        ),
        union(
            "The verdict of one check, best to worst (`overallStatus` combines several by this order). `could-not-verify`: what was needed could not be seen from here, neither a pass nor a fail; `skipped`: not applicable, or nothing to check.",
            "CheckStatus",
            CheckStatus::ALL.iter().map(|s| s.as_str()),
        ),
    ];
    std::fs::write(out.join("check.d.ts"), check.concat()).expect("cannot write check.d.ts into OUT_DIR");
}
