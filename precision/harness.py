#!/usr/bin/env python3
"""Precision harness: rescan pinned real repositories and score labelled samples of findings.

    precision/harness.py materialize            # extract every pinned tree (see --help)
    precision/harness.py scan --binary target/release/trustlint
    precision/harness.py draw --seed 7 --size 160 --role dev --out precision/samples/x.jsonl
    precision/harness.py score precision/samples/*.jsonl

Trees are not committed. `materialize` reads each repository's pinned commit from a git
directory (a bare clone: `git clone --bare https://github.com/OWNER/NAME
$MIRRORS/OWNER+NAME/repo`) with `git ls-tree` and `git cat-file`, never a checkout, so no
hook, filter or attribute of the repository runs. Only the Python standard library is used.

A sample is a JSON-lines file, one finding a line, with `label` one of `real`, `not-real`,
`debatable` and a one-line `reason`. `score` matches each labelled finding against the current
scan (by fingerprint, else by rule, path and line, else by rule and message) and prints precision overall and at error
level, with the real findings that are no longer reported.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_MIRRORS = Path(os.environ.get("TRUSTLINT_MIRRORS", "/work/.mirror"))
DEFAULT_CORPUS = Path(os.environ.get("TRUSTLINT_CORPUS", "/work/corpus"))
DEFAULT_SCANS = Path(os.environ.get("TRUSTLINT_SCANS", "/work/corpus-scans"))
TODAY = "2026-12-01"
LABELS = ("real", "not-real", "debatable")


def repos(role="all", lang=None):
    data = tomllib.loads((HERE / "repos.toml").read_text())
    if lang is not None and not any(r["lang"] == lang for r in data["repo"]):
        known = ", ".join(sorted({r["lang"] for r in data["repo"]}))
        sys.exit(f"--lang {lang}: no repository of that language in repos.toml (known: {known})")
    return [r for r in data["repo"]
            if (role == "all" or r["role"] == role) and (lang is None or r["lang"] == lang)]


def slug(name):
    return name.replace("/", "+")


def git_dir(mirrors, name):
    base = mirrors / slug(name) / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def git(gdir, *args, **kw):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_NO_LAZY_FETCH": "1", "HOME": "/nonexistent"}
    return subprocess.run(["git", "-c", "protocol.allow=never", f"--git-dir={gdir}", *args],
                          check=True, capture_output=True, env=env, **kw).stdout


def materialize(args):
    for r in repos(args.role, args.lang):
        dest = args.corpus / slug(r["name"])
        stamp = args.corpus / (slug(r["name"]) + ".commit")
        if dest.is_dir() and stamp.is_file() and stamp.read_text().strip() == r["commit"]:
            continue
        gdir = git_dir(args.mirrors, r["name"])
        if not gdir.is_dir():
            sys.exit(f"{r['name']}: no git directory at {gdir}; clone it bare there first")
        if dest.exists():
            subprocess.run(["rm", "-rf", str(dest)], check=True)
        listing = git(gdir, "ls-tree", "-r", "-z", "--full-tree", r["commit"])
        entries = [e for e in listing.split(b"\0") if e]
        blobs = []
        for e in entries:
            meta, path = e.split(b"\t", 1)
            mode, kind, oid = meta.split()
            if kind != b"blob":
                continue  # submodules are not part of the tree's own code
            blobs.append((mode, oid.decode(), path))
        batch = b"".join(oid.encode() + b"\n" for _, oid, _ in blobs)
        out = git(gdir, "cat-file", "--batch", input=batch)
        pos, missing = 0, 0
        for mode, oid, path in blobs:
            header_end = out.index(b"\n", pos)
            header = out[pos:header_end].split()
            if header[-1] == b"missing":
                # The mirror lacks large blobs; the tree is used without them.
                pos = header_end + 1
                missing += 1
                continue
            size = int(header[2])
            body = out[header_end + 1: header_end + 1 + size]
            pos = header_end + 1 + size + 1
            target = dest / os.fsdecode(path)
            if ".." in Path(os.fsdecode(path)).parts:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if mode == b"120000":
                os.symlink(os.fsdecode(body), target)
            else:
                target.write_bytes(body)
        stamp.write_text(r["commit"] + "\n")
        note = f" ({missing} blobs missing from the mirror)" if missing else ""
        print(f"{r['name']}: {len(blobs)} files at {r['commit'][:12]}{note}")


def scan(args):
    args.out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, TRUSTLINT_TODAY=TODAY)
    for r in repos(args.role, args.lang):
        tree = args.corpus / slug(r["name"])
        cmd = [str(args.binary), "scan", str(tree), "--stage", "live", "--format", "json",
               "--fail-on", "never", "--quiet"]
        res = subprocess.run(cmd, capture_output=True, env=env)
        if res.returncode not in (0, 1):
            sys.exit(f"{r['name']}: trustlint exited {res.returncode}: {res.stderr.decode()[:400]}")
        data = json.loads(res.stdout)
        (args.out / (slug(r["name"]) + ".json")).write_text(json.dumps(data, indent=1))
        live = [f for f in data["findings"] if not f.get("suppressed")]
        errors = sum(f["severity"] == "error" for f in live)
        print(f"{r['name']}: {len(live)} findings, {errors} errors")


def load_scans(scans, role="all"):
    found = {}
    for r in repos(role):
        path = scans / (slug(r["name"]) + ".json")
        if path.is_file():
            data = json.loads(path.read_text())
            found[r["name"]] = [f for f in data["findings"] if not f.get("suppressed")]
    return found


def context(corpus, repo, path, line, around=3):
    try:
        text = (corpus / slug(repo) / path).read_text(errors="replace").splitlines()
    except OSError:
        return []
    lo, hi = max(1, line - around), min(len(text), line + around)
    return [f"{n}: {text[n - 1][:300]}" for n in range(lo, hi + 1)]


def draw(args):
    scans = load_scans(args.scans, args.role)
    pool = [(repo, f) for repo in sorted(scans) for f in scans[repo]]
    taken = set()
    for s in args.exclude:
        for rec in read_sample(s):
            taken.add((rec["repo"], rec["fingerprint"]))
    pool = [(r, f) for r, f in pool if (r, f["fingerprint"]) not in taken]
    if args.rules:
        wanted = set(args.rules.split(","))
        pool = [(r, f) for r, f in pool if f["rule_id"] in wanted]
    if args.repos:
        wanted = set(args.repos.split(","))
        pool = [(r, f) for r, f in pool if r in wanted]
    if args.severity:
        pool = [(r, f) for r, f in pool if f["severity"] == args.severity]
    rng = random.Random(args.seed)
    picked = rng.sample(pool, min(args.size, len(pool)))
    picked.sort(key=lambda rf: (rf[0], rf[1]["path"], rf[1]["line"], rf[1]["rule_id"]))
    with open(args.out, "w") as out:
        for repo, f in picked:
            rec = {
                "repo": repo, "rule_id": f["rule_id"], "severity": f["severity"],
                "confidence": f.get("confidence"), "context_kind": f.get("context"),
                "path": f["path"], "line": f["line"], "message": f["message"],
                "fingerprint": f["fingerprint"],
                "snippet": context(args.corpus, repo, f["path"], f["line"]),
                "label": "", "reason": "",
            }
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"drew {len(picked)} of {len(pool)} findings (seed {args.seed}) into {args.out}")


def read_sample(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def score(args):
    scans = load_scans(args.scans)
    by_fp = {(repo, f["fingerprint"]): f for repo, fs in scans.items() for f in fs}
    by_place = {(repo, f["rule_id"], f["path"], f["line"]): f for repo, fs in scans.items() for f in fs}
    # A finding whose anchor moved (a route now placed on its declaration) keeps its message.
    by_message = {(repo, f["rule_id"], f["message"]): f for repo, fs in scans.items() for f in fs}
    total = {"all": [0, 0, 0], "error": [0, 0, 0]}
    gone, unlabelled, lost_real = 0, 0, []
    matched = set()
    per_rule = {}
    for sample in args.samples:
        for rec in read_sample(sample):
            if rec.get("label") not in LABELS:
                unlabelled += 1
                continue
            cur = (by_fp.get((rec["repo"], rec["fingerprint"]))
                   or by_place.get((rec["repo"], rec["rule_id"], rec["path"], rec["line"])))
            if cur is None:
                # Only a finding nothing else matched, and once: seven labelled findings with
                # one message are not all the one finding left of them.
                cand = by_message.get((rec["repo"], rec["rule_id"], rec["message"]))
                if cand is not None and (rec["repo"], cand["fingerprint"]) not in matched:
                    cur = cand
            if cur is not None:
                matched.add((rec["repo"], cur["fingerprint"]))
            if cur is None:
                gone += 1
                if rec["label"] == "real":
                    lost_real.append(rec)
                continue
            i = LABELS.index(rec["label"])
            total["all"][i] += 1
            per_rule.setdefault(cur["rule_id"], [0, 0, 0])[i] += 1
            if cur["severity"] == "error":
                total["error"][i] += 1
    def fmt(c):
        real, bad, deb = c
        n = real + bad + deb
        if n == 0:
            return "no labelled findings"
        strict = real / n
        lenient = (real + deb) / n
        return f"{n} findings: {real} real, {bad} not real, {deb} debatable; precision {strict:.2f} (debatable as real: {lenient:.2f})"
    print("overall:  ", fmt(total["all"]))
    print("errors:   ", fmt(total["error"]))
    print(f"no longer reported: {gone} labelled findings ({len(lost_real)} of them real)")
    if unlabelled:
        print(f"unlabelled records skipped: {unlabelled}")
    if args.per_rule:
        for rule in sorted(per_rule):
            print(f"  {rule:40} {fmt(per_rule[rule])}")
    for rec in lost_real:
        print(f"  LOST real: {rec['repo']} {rec['rule_id']} {rec['path']}:{rec['line']} ({rec['reason']})")
    if lost_real and args.strict:
        sys.exit(1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS, help="folder of bare clones, OWNER+NAME/repo")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="where pinned trees are extracted")
    p.add_argument("--scans", type=Path, default=DEFAULT_SCANS, help="where scan results are kept")
    sub = p.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("materialize", help="extract every pinned tree from its git directory")
    m.add_argument("--role", default="all", choices=["all", "dev", "holdout"])
    m.add_argument("--lang", help="only the repositories of this language (python, rust, ...)")
    s = sub.add_parser("scan", help="scan every tree with a trustlint binary (stage live, JSON)")
    s.add_argument("--binary", type=Path, default=HERE.parent / "target/release/trustlint")
    s.add_argument("--role", default="all", choices=["all", "dev", "holdout"])
    s.add_argument("--lang", help="only the repositories of this language (python, rust, ...)")
    d = sub.add_parser("draw", help="draw a random sample of current findings")
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--size", type=int, required=True)
    d.add_argument("--role", default="all", choices=["all", "dev", "holdout"])
    d.add_argument("--rules", help="comma-separated rule ids to draw from (default: all)")
    d.add_argument("--repos", help="comma-separated repositories (owner/name) to draw from (default: all)")
    d.add_argument("--severity", choices=["error", "warning", "note"], help="draw only findings of this level")
    d.add_argument("--exclude", action="append", default=[], help="a sample whose findings are not drawn again")
    d.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("score", help="precision of labelled samples against the current scans")
    c.add_argument("samples", nargs="+")
    c.add_argument("--per-rule", action="store_true")
    c.add_argument("--strict", action="store_true", help="exit 1 when a real finding is no longer reported")
    args = p.parse_args()
    if args.cmd == "scan":
        args.out = args.scans
    {"materialize": materialize, "scan": scan, "draw": draw, "score": score}[args.cmd](args)


if __name__ == "__main__":
    main()
