//! Writes the TypeScript `Code` type, the union of every registered diagnostic code, from the
//! core's registry (`mtasts::Code::ALL`), so the package's types never lag behind the core.
//! src/lib.rs adds it to the generated `.d.ts` beside src/api.d.ts.

fn main() {
    // The script itself and the core (a build dependency: cargo reruns the script when the core
    // changes) are all it reads.
    println!("cargo::rerun-if-changed=build.rs");
    let codes: Vec<String> = mtasts::Code::ALL.iter().map(|c| format!("  | \"{}\"", c.as_str())).collect();
    let ts = format!(
        "\n/** A stable diagnostic code of the registry (`crates/mtasts/src/code.rs`). */\nexport type Code =\n{};\n",
        codes.join("\n")
    );
    let out = std::path::Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("code.d.ts");
    std::fs::write(out, ts).expect("cannot write code.d.ts into OUT_DIR");
}
