//! Parse + validate throughput, beside a baseline that only counts lines with
//! `memchr` over the same bytes (the floor for any line-oriented parser). Also the
//! diagnostics-only lint and the `LineIndex` (positions for the diagnostics), the two
//! parts of what an editor pays per keystroke.
//! After criterion's report, a summary: each input's MB/s beside the memchr line count's
//! and their ratio, and how the time grows from the 64 KiB to the 2 MiB policy against the
//! bytes (linear growth: the two ratios equal).
//! Run: `cargo bench -p mtasts --bench parse`; figures go to docs/BENCHMARKS.md.

mod common;

use common::median;
use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

/// The 5-line policy most domains publish.
fn typical() -> Vec<u8> {
    b"version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.backup.example.net\nmax_age: 604800\n".to_vec()
}

/// Just under 64 KiB: the largest policy senders must accept, ~2,500 `mx` lines.
fn large() -> Vec<u8> {
    policy_of(64 * 1024)
}

/// 2 MiB of the same lines (~78,000 `mx`): whether the cost stays linear past the caches.
fn huge() -> Vec<u8> {
    policy_of(2 * 1024 * 1024)
}

/// A policy of just under `size` bytes: exact and wildcard `mx` lines, all distinct.
fn policy_of(size: usize) -> Vec<u8> {
    let mut text = b"version: STSv1\nmode: enforce\nmax_age: 604800\n".to_vec();
    let mut i = 0;
    while text.len() < size - 40 {
        let line = if i % 2 == 0 { format!("mx: mx{i}.mail.example.com\n") } else { format!("mx: *.pool{i}.example.net\n") };
        text.extend_from_slice(line.as_bytes());
        i += 1;
    }
    text
}

/// 1 MiB of pseudo-random bytes (xorshift, fixed seed).
fn junk() -> Vec<u8> {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    (0..1 << 20)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

/// The inputs, by name.
fn inputs() -> [(&'static str, Vec<u8>); 4] {
    [("typical-5-lines", typical()), ("large-64KiB", large()), ("large-2MiB", huge()), ("junk-1MiB", junk())]
}

/// A function benchmarked, by name.
type Function = (&'static str, fn(&[u8]));

const FUNCTIONS: [Function; 4] = [
    ("lint", |t| drop(black_box(mtasts::policy::lint(black_box(t))))),
    ("lint-diagnostics", |t| drop(black_box(mtasts::policy::lint_diagnostics_with(black_box(t), mtasts::default_idna())))),
    ("line-index", |t| drop(black_box(mtasts::LineIndex::new(black_box(t))))),
    ("memchr-line-count", |t| {
        black_box(memchr::memchr_iter(b'\n', black_box(t)).count());
    }),
];

/// Each input through the linter and through the line-count baseline.
fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("policy");
    for (name, text) in inputs() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        for (function, run) in FUNCTIONS {
            group.bench_with_input(BenchmarkId::new(function, name), &text, |b, t| b.iter(|| run(t)));
        }
    }
    group.finish();
}

/// The summary table: MB/s (decimal) per input and function, the memchr line count's, the ratio.
fn summary() {
    println!("\nsummary (median of 30 batches; MB/s = 10^6 bytes per second)");
    println!("{:<18} {:>9}  {:<18} {:>10} {:>12} {:>8}", "input", "bytes", "function", "MB/s", "memchr MB/s", "÷ memchr");
    let mut lint_times = Vec::new();
    for (name, text) in inputs() {
        let mbps = |t: Duration| f64::from(u32::try_from(text.len()).unwrap_or(u32::MAX)) / t.as_secs_f64() / 1e6;
        let baseline = median(|| FUNCTIONS[3].1(&text));
        for (function, run) in &FUNCTIONS[..3] {
            let time = median(|| run(&text));
            if *function == "lint" {
                lint_times.push((name, text.len(), time));
            }
            let ratio = time.as_secs_f64() / baseline.as_secs_f64();
            println!("{name:<18} {:>9}  {function:<18} {:>10.0} {:>12.0} {:>7.0}×", text.len(), mbps(time), mbps(baseline), ratio);
        }
    }
    let find = |n: &str| {
        lint_times
            .iter()
            .find(|(name, ..)| *name == n)
            .map(|&(_, bytes, time)| (f64::from(u32::try_from(bytes).unwrap_or(u32::MAX)), time.as_secs_f64()))
    };
    if let (Some((b64, t64)), Some((b2m, t2m))) = (find("large-64KiB"), find("large-2MiB")) {
        let (time, bytes) = (t2m / t64, b2m / b64);
        println!("growth of `lint`, 64 KiB → 2 MiB: time ×{time:.1} for bytes ×{bytes:.1} (time ratio ÷ byte ratio: {:.2})", time / bytes);
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
    // `cargo bench -- --test` checks that each bench runs; the summary would only slow it.
    if !std::env::args().any(|a| a == "--test" || a == "--list") {
        summary();
    }
}
