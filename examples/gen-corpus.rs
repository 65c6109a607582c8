//! Writes a synthetic repository for benchmarks: `cargo run --release --example gen-corpus --
//! OUT [FILES]` (default 50,000 files). Deterministic: the same arguments give the same tree.
//! A mix of Rust, Python, TypeScript, YAML, TOML, Dockerfiles and Markdown with realistic line
//! lengths, and a few planted findings (one file in 500) so that the scan has work to report.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (SplitMix64): no dependency, same stream everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "client",
    "service",
    "request",
    "response",
    "config",
    "value",
    "result",
    "handler",
    "record",
    "session",
    "payload",
    "status",
    "error",
    "message",
    "index",
    "buffer",
    "stream",
    "policy",
    "benefit",
    "applicant",
    "eligibility",
    "province",
    "program",
    "décision",
    "données",
    "année",
];

fn words(rng: &mut Rng, n: u64) -> String {
    (0..n)
        .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
        .collect::<Vec<_>>()
        .join("_")
}

fn line(rng: &mut Rng, ext: &str, indent: usize, l: u64) -> String {
    let pad = " ".repeat(indent);
    let a = words(rng, 2);
    let b = words(rng, 3);
    let n = rng.below(10_000);
    match ext {
        "rs" => format!("{pad}let {a} = {b}(&ctx, {n}).map_err(|e| Error::new(\"{b} failed\"))?;"),
        "py" => format!("{pad}{a} = {b}(ctx, {n})  # {}", words(rng, 4)),
        "ts" => format!(
            "{pad}const {a}: number = await {b}(ctx, {n}); // {}",
            words(rng, 3)
        ),
        // Valid documents: a mapping every fourth line, unique keys under it.
        "yml" if l % 4 == 0 => format!("{a}_{l}:"),
        "yml" => format!("  {a}_{l}: \"{b}-{n}\""),
        "toml" => format!("{a}_{l} = \"{b}-{n}\""),
        "Dockerfile" => format!("RUN apt-get install -y {a} && echo {b}"),
        _ => format!(
            "{pad}The {a} of the {b} is described in section {n}, with its {}.",
            words(rng, 2)
        ),
    }
}

fn planted(rng: &mut Rng, ext: &str) -> String {
    match ext {
        "py" => format!("URL = \"http://api{}.service.gc.ca/v1\"", rng.below(100)),
        "ts" => "const agent = new https.Agent({ rejectUnauthorized: false });".into(),
        "rs" => {
            // trustlint: ignore[tls-verification-disabled] planted on purpose in the benchmark corpus
            "let client = reqwest::Client::builder().danger_accept_invalid_certs(true).build()?;"
                .into()
        }
        "yml" => "tls:\n  insecure_skip_verify: true".into(),
        "Dockerfile" => "RUN curl -fsSL https://get.example.org/install.sh | sh".into(),
        _ => format!(
            "See http://docs{}.service.gc.ca for details.",
            rng.below(100)
        ),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| {
        eprintln!("usage: gen-corpus OUT [FILES]");
        std::process::exit(2)
    });
    let files: u64 = args
        .next()
        .map_or(50_000, |n| n.parse().expect("FILES is a number"));
    let root = Path::new(&out);
    let mut rng = Rng(0x7275_7374_6c69_6e74);
    let kinds = [
        ("rs", 25),
        ("py", 25),
        ("ts", 20),
        ("yml", 10),
        ("toml", 6),
        ("Dockerfile", 2),
        ("md", 12),
    ];
    let total: u64 = kinds.iter().map(|k| k.1).sum();
    let mut bytes = 0usize;
    for i in 0..files {
        let mut pick = rng.below(total);
        let ext = kinds
            .iter()
            .find(|k| {
                if pick < k.1 {
                    true
                } else {
                    pick -= k.1;
                    false
                }
            })
            .unwrap()
            .0;
        let dir = root.join(format!("pkg{:03}/mod{:02}", i % 400, (i / 400) % 50));
        std::fs::create_dir_all(&dir).expect("create folder");
        let name = if ext == "Dockerfile" {
            format!("Dockerfile.{i}")
        } else {
            format!("f{i}.{ext}")
        };
        let lines = 20 + rng.below(180);
        let mut text = String::new();
        for l in 0..lines {
            let indent = ((l % 5) * 4) as usize;
            let _ = writeln!(text, "{}", line(&mut rng, ext, indent, l));
        }
        if i % 500 == 7 {
            let _ = writeln!(text, "{}", planted(&mut rng, ext));
        }
        bytes += text.len();
        std::fs::write(dir.join(name), text).expect("write file");
    }
    eprintln!(
        "gen-corpus: {files} files, {:.1} MB in {out}",
        bytes as f64 / 1e6
    );
}
