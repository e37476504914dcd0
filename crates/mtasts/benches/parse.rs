#![allow(missing_docs, reason = "criterion_group! generates an undocumented function")]
//! Parse + validate throughput, beside a baseline that only counts lines with
//! `memchr` over the same bytes (the floor for any line-oriented parser). Also the
//! diagnostics-only lint and the `LineIndex` (positions for the diagnostics), the two
//! parts of what an editor pays per keystroke.
//! Run: `cargo bench -p mtasts --bench parse`; figures go to docs/BENCHMARKS.md.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// The 5-line policy most domains publish.
fn typical() -> Vec<u8> {
    b"version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.backup.example.net\nmax_age: 604800\n".to_vec()
}

/// Just under 64 KiB: the largest policy senders must accept, ~2,500 `mx` lines.
fn large() -> Vec<u8> {
    let mut text = b"version: STSv1\nmode: enforce\nmax_age: 604800\n".to_vec();
    let mut i = 0;
    while text.len() < 64 * 1024 - 40 {
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

/// Each input through the linter and through the line-count baseline.
fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("policy");
    for (name, text) in [("typical-5-lines", typical()), ("large-64KiB", large()), ("junk-1MiB", junk())] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("lint", name), &text, |b, t| b.iter(|| mtasts::policy::lint(black_box(t))));
        group.bench_with_input(BenchmarkId::new("lint-diagnostics", name), &text, |b, t| {
            b.iter(|| mtasts::policy::lint_diagnostics_with(black_box(t), mtasts::default_idna()));
        });
        group.bench_with_input(BenchmarkId::new("line-index", name), &text, |b, t| b.iter(|| mtasts::LineIndex::new(black_box(t))));
        group.bench_with_input(BenchmarkId::new("memchr-line-count", name), &text, |b, t| {
            b.iter(|| memchr::memchr_iter(b'\n', black_box(t)).count());
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
