#!/usr/bin/env python3
"""Score vigil's findings against the labelled corpus, and measure false positives on clean text.

  evaluate.py --corpus DIR --findings F.json [--clean NAME=ROOT=F.json ...] [--json OUT.json]

Recall: a planted secret counts as found when a finding (of any rule) is at the same path and line
and its secret equals or contains the planted secret. Precision: findings on the labelled corpus
that match no label (same path and line, secret equal, containing or contained) are false
positives. Clean text: every finding is a false positive, except real key material (a private key
that openssl or ssh-keygen can parse), which is counted apart as a true positive. Prints Markdown.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_corpus as mc  # noqa: E402


def load_findings(path, root):
    with open(path) as fh:
        data = json.load(fh)
    root = os.path.abspath(root).rstrip("/") + "/"
    out = []
    for f in data.get("findings", []):
        p = f["path"]
        if p.startswith(root):
            p = p[len(root):]
        f = dict(f)
        f["rel"] = p
        out.append(f)
    return out, data.get("stats", {})


def vigil_placeholder(secret):
    low = secret.lower()
    words = ["example", "changeme", "change_me", "change-me", "placeholder", "your_", "your-", "yourkey",
             "yoursecret", "yourtoken", "dummy", "sample", "redacted", "xxxx", "${", "{{", "%("]
    if any(w in low for w in words):
        return "placeholder word"
    if len(secret) >= 6:
        for unit in range(1, 5):
            if unit * 2 <= len(secret) and all(secret[i] == secret[i - unit] for i in range(unit, len(secret))):
                return "repeated unit"
    if mc.has_sequential_run(secret):
        return "sequential run"
    return None


def diagnose(rule, label, content):
    """Why a planted secret may have been missed, from the rule's own definition (Python re)."""
    notes = []
    secret = label["secret"]
    lines = content.split("\n")
    line = lines[label["line"] - 1] if label["line"] - 1 < len(lines) else ""
    if rule is None:
        return "rule not in rules/"
    if rule.path_only:
        return "the file's path names a secret, but it was not reported"
    found = False
    for m in rule.py.finditer(content):
        s = rule.secret_group_span(m)
        if s and content[s[0]:s[1]] == secret:
            found = True
            span_text = content[m.start():m.end()]
            if rule.keywords and not any(k.lower() in span_text.lower() or k.lower() in line.lower()
                                         for k in rule.keywords):
                notes.append("no keyword %s on the line" % rule.keywords)
            break
    if not found:
        notes.append("rule regex does not match here")
    ent = mc.shannon(secret)
    thr = rule.raw.get("entropy")
    if thr and ent < thr:
        notes.append("entropy %.2f < %.1f" % (ent, thr))
    ph = vigil_placeholder(secret)
    if ph:
        notes.append("placeholder filter: %s" % ph)
    if rule.path_re and not rule.path_re.search(label["path"]):
        notes.append("path does not match %s" % rule.raw["path"])
    return "; ".join(notes) if notes else "rule matches in Python re: engine difference"


def md_escape(s):
    return s.replace("|", "\\|").replace("\n", "\\n")


def redact(s, keep=6):
    s = s.replace("\n", "\\n")
    return "`%s…` (%d chars)" % (s[:keep].replace("`", "'"), len(s))


def norm(s):
    return "".join(c for c in s.replace("\\n", "") if c.isalnum() or c in "+/=")


def score_corpus(corpus, findings_path, rules_by_id):
    with open(os.path.join(corpus, "labels.json")) as fh:
        data = json.load(fh)
    labels = data["labels"]
    findings, stats = load_findings(findings_path, corpus)
    at = collections.defaultdict(list)
    for f in findings:
        at[(f["rel"], f["start_line"])].append(f)

    def hit(lb, f):
        if f["secret"] == lb["secret"] or lb["secret"] in f["secret"]:
            return True
        return lb["multiline"] and norm(lb["secret"]) and norm(lb["secret"]) in norm(f["secret"])

    results = []
    for lb in labels:
        cand = at.get((lb["path"], lb["line"]), [])
        ok = [f for f in cand if hit(lb, f)]
        results.append((lb, ok))

    prim = [(lb, ok) for lb, ok in results if lb["primary"]]
    per_rule = collections.OrderedDict()
    for lb, ok in prim:
        r = per_rule.setdefault(lb["rule_id"], {"planted": 0, "found": 0, "by_own_rule": 0, "missed": []})
        r["planted"] += 1
        if ok:
            r["found"] += 1
            if any(f["rule_id"] == lb["rule_id"] for f in ok):
                r["by_own_rule"] += 1
        else:
            r["missed"].append(lb)

    # precision: findings that match no label
    label_at = collections.defaultdict(list)
    for lb in labels:
        label_at[(lb["path"], lb["line"])].append(lb)
    matched, partial, unlabelled = 0, [], []
    for f in findings:
        lbs = label_at.get((f["rel"], f["start_line"]), [])
        if any(hit(lb, f) for lb in lbs):
            matched += 1
        elif any(f["secret"] in lb["secret"] or (lb["multiline"] and norm(f["secret"]) in norm(lb["secret"]))
                 for lb in lbs):
            partial.append(f)
        else:
            unlabelled.append(f)

    miss_rows = []
    for lb, ok in results:
        if ok:
            continue
        path = os.path.join(corpus, lb["path"])
        with open(path, newline="") as fh:
            content = fh.read()
        same_file = [f for f in findings if f["rel"] == lb["path"]]
        seen = "; ".join("%s at line %d: %s" % (f["rule_id"], f["start_line"], redact(f["secret"], 10))
                         for f in same_file) or "nothing in the file"
        line = content.split("\n")[lb["line"] - 1]
        miss_rows.append({"label": lb, "why": diagnose(rules_by_id.get(lb["rule_id"]), lb, content),
                          "seen": seen, "line": line})
    return {"labels": labels, "results": results, "per_rule": per_rule, "findings": findings, "stats": stats,
            "matched": matched, "partial": partial, "unlabelled": unlabelled, "misses": miss_rows,
            "meta": data["meta"]}


def real_key(secret):
    """True when the text is a private key that a standard tool can parse (real key material)."""
    text = secret.replace("\\n", "\n").replace("\r", "")
    lines = [l.strip().strip("\"',") for l in text.split("\n")]
    text = "\n".join(l for l in lines if l) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".key", delete=False) as fh:
        fh.write(text)
        name = fh.name
    os.chmod(name, 0o600)
    try:
        cmds = []
        if "OPENSSH PRIVATE KEY" in text:
            cmds.append(["ssh-keygen", "-y", "-P", "", "-f", name])
        if "ENCRYPTED PRIVATE KEY" in text or "Proc-Type: 4,ENCRYPTED" in text:
            cmds.append(["openssl", "asn1parse", "-in", name])
        cmds.append(["openssl", "pkey", "-noout", "-passin", "pass:", "-in", name])
        for c in cmds:
            try:
                r = subprocess.run(c, stdin=subprocess.DEVNULL, capture_output=True, timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if r.returncode == 0:
                return True
        return False
    finally:
        os.unlink(name)


def score_clean(specs, rules_by_id):
    """Findings on trees that hold no live secrets. NAME may be GROUP/NAME (clean text, real source)."""
    trees = []
    for spec in specs:
        name, root, path = spec.split("=", 2)
        group, _, name = name.rpartition("/")
        findings, stats = load_findings(path, root)
        trees.append({"name": name, "group": group or "clean", "root": root, "findings": findings, "stats": stats})
    for t in trees:
        for f in t["findings"]:
            f["tree"] = t["name"]
            f["kind"] = finding_kind(f, rules_by_id)
            f["real_key"] = f["kind"] == "key"
    return trees


def finding_kind(f, rules_by_id):
    """key (a private key that parses: real test key material), identifier (a rule tagged identifier:
    account ids, resource names; not secrets) or fp (everything else: a false positive)."""
    if f["rule_id"].startswith("private-key") or f["rule_id"] == "gcp-service-account-private-key":
        if real_key(f["secret"]):
            return "key"
    rule = rules_by_id.get(f["rule_id"])
    tags = (f.get("tags") or []) + ((rule.raw.get("tags") or []) if rule else [])
    return "identifier" if "identifier" in tags else "fp"


def redact_match(f, width=70):
    """The match with its secret replaced by its length: enough to judge a finding, not to use it
    (and a report committed to the repository must not trip vigil's own self-scan)."""
    secret, match = f["secret"], f.get("match") or f["secret"]
    p = match.find(secret) if secret else -1
    shown = "<%d characters>" % len(secret) if secret else ""
    if p < 0:
        before, after = "", ""
    else:
        before, after = match[:p], match[p + len(secret):]
    before = before[-width:]
    text = (before + shown + after[:20]).replace("\n", "⏎").replace("\r", "").replace("`", "'").replace("|", "\\|")
    return "`%s`" % text.strip()


def per_100mb(n, nbytes):
    return 100.0 * n / max(1e-9, nbytes / 1e6)


GROUP_TITLE = {"clean": "clean text", "source": "real source trees"}


def render_clean(trees):
    """Findings per 100 MB on trees without live secrets: parsed private keys (true test keys),
    identifiers (rules tagged identifier: not secrets) and everything else (false positives)."""
    w = []
    p = w.append
    p("### Clean text and real source trees (false-positive pressure)")
    p("")
    p("| tree | files | MB | findings | private keys that parse | identifiers | false positives | FP per 100 MB |")
    p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    groups = []
    for t in trees:
        if t["group"] not in groups:
            groups.append(t["group"])
    summary = {}

    def row(label, ts, bold=False):
        b = sum(t["stats"].get("bytes_scanned", 0) for t in ts)
        fs = [f for t in ts for f in t["findings"]]
        k = collections.Counter(f["kind"] for f in fs)
        files = sum(t["stats"].get("files_scanned", 0) for t in ts)
        fp = per_100mb(k["fp"], b)
        p("| %s | %d | %.1f | %d | %d | %d | %d | %s |" % (label, files, b / 1e6, len(fs), k["key"], k["identifier"],
                                                          k["fp"], ("**%.2f**" if bold else "%.2f") % fp))
        return {"files": files, "bytes": b, "findings": len(fs), "keys": k["key"], "identifiers": k["identifier"],
                "false_positives": k["fp"], "fp_per_100mb": fp, "identifiers_per_100mb": per_100mb(k["identifier"], b)}

    for g in groups:
        ts = [t for t in trees if t["group"] == g]
        for t in ts:
            summary[t["name"]] = row("%s: %s (`%s`)" % (GROUP_TITLE.get(g, g), t["name"], t["root"]), [t])
        summary["group:" + g] = row("**%s, total**" % GROUP_TITLE.get(g, g), ts, bold=True)
    if len(groups) > 1:
        summary["total"] = row("**all trees**", trees, bold=True)
    p("")
    p("MB = 10^6 bytes as vigil counts them (`stats.bytes_scanned`; binary and oversized files are skipped and not "
      "counted). Private keys that openssl or ssh-keygen parse are real key material shipped as test data (true "
      "positives). Identifiers are findings of rules tagged `identifier` (severity info: account ids, resource "
      "names), reported on purpose but not secrets. Everything else is a false positive. Goal: fewer than 1 false "
      "positive per 100 MB of clean text.")
    p("")
    allf = [f for t in trees for f in t["findings"]]
    for kind, title in (("fp", "False positives"), ("identifier", "Identifiers")):
        fs = [f for f in allf if f["kind"] == kind]
        if not fs:
            p("%s: none." % title)
            p("")
            continue
        by = collections.defaultdict(list)
        for f in fs:
            by[f["rule_id"]].append(f)
        p("%s by rule, each with its file and its match (secret cut to 4 characters):" % title)
        p("")
        p("| rule | n | tree: file:line match |")
        p("| --- | ---: | --- |")
        for rid, rfs in sorted(by.items(), key=lambda x: (-len(x[1]), x[0])):
            cells = ["%s: `%s`:%d %s" % (f["tree"], f["rel"], f["start_line"], redact_match(f)) for f in rfs[:40]]
            if len(rfs) > 40:
                cells.append("… %d more in results.json" % (len(rfs) - 40))
            p("| %s | %d | %s |" % (rid, len(rfs), "<br>".join(cells)))
        p("")
    keys = [f for f in allf if f["kind"] == "key"]
    if keys:
        by = collections.Counter(f["rule_id"] for f in keys)
        files = sorted(set("%s: `%s`" % (f["tree"], f["rel"]) for f in keys))
        p("Private keys that parse (test keys shipped in the trees; true positives): %d — %s. Files: %s." % (
            len(keys), ", ".join("%s %d" % kv for kv in by.most_common()), ", ".join(files[:12]) +
            (" … (%d files)" % len(files) if len(files) > 12 else "")))
        p("")
    summary["findings"] = [{"rule_id": f["rule_id"], "kind": f["kind"], "tree": f["tree"], "path": f["rel"],
                            "line": f["start_line"], "match": redact_match(f)} for f in allf if f["kind"] != "key"]
    return "\n".join(w), summary


def render(corp, trees, out_json):
    w = []
    p = w.append
    labels = corp["labels"]
    results = corp["results"]
    prim = [(lb, ok) for lb, ok in results if lb["primary"]]
    found_prim = sum(1 for lb, ok in prim if ok)
    found_all = sum(1 for lb, ok in results if ok)
    per_rule = corp["per_rule"]
    meta = corp["meta"]
    p("### Generated corpus (make_corpus.py: the regression test of the pack's own formats)")
    p("")
    p("- Corpus: seed %s, %s positives per rule, %d rules, %d files, %d planted secrets "
      "(%d primary, and %d other secrets that example texts used as templates carry: another rule's example "
      "secret, a second value of the same rule, a password a generic rule sees; all replaced by fresh ones)." % (
          meta["seed"], meta["n"], len(per_rule), meta["files"], len(labels), len(prim), len(labels) - len(prim)))
    gen = meta["generator"]
    p("- Secret generator: %d from the regex-guided format, %d keeping quantified groups of the example, %d by "
      "category mutation (fallback), %d drawn from a [[providers]] row's alphabet, length and prefix." % (
          gen.get("regex", 0), gen.get("regex-keepgroups", 0), gen.get("fallback", 0), gen.get("provider-row", 0)))
    p("- **Recall**: %d / %d primary planted secrets found = **%.2f%%**; all planted secrets: %d / %d = %.2f%%." % (
        found_prim, len(prim), 100.0 * found_prim / max(1, len(prim)), found_all, len(labels),
        100.0 * found_all / max(1, len(labels))))
    own = sum(r["by_own_rule"] for r in per_rule.values())
    p("- Found by the rule they were made for: %d / %d (%.2f%%); the rest of the hits came from another rule "
      "(often a generic one)." % (own, len(prim), 100.0 * own / max(1, len(prim))))
    nrules = len(per_rule)
    full = sum(1 for r in per_rule.values() if r["found"] == r["planted"])
    p("- Rules with every positive found: %d / %d." % (full, nrules))
    styles = collections.Counter()
    styles_ok = collections.Counter()
    for lb, ok in prim:
        st = lb["style"].split(":")[0]
        styles[st] += 1
        styles_ok[st] += 1 if ok else 0
    p("- Recall by surrounding: " + ", ".join("%s %d/%d" % (s, styles_ok[s], styles[s])
                                               for s, _ in styles.most_common()) + ".")
    nf = len(corp["findings"])
    p("- **Precision** on the corpus: %d findings; %d match a label, %d report part of a planted secret "
      "(same line, shorter value), %d match no label => precision %.2f%% (strict: partial counted as false: "
      "%.2f%%)." % (nf, corp["matched"], len(corp["partial"]), len(corp["unlabelled"]),
                    100.0 * (nf - len(corp["unlabelled"])) / max(1, nf), 100.0 * corp["matched"] / max(1, nf)))
    p("")
    worst = sorted(((r["found"] / r["planted"], rid, r) for rid, r in per_rule.items() if r["found"] < r["planted"]),
                   key=lambda x: (x[0], x[1]))
    if worst:
        p("Rules with missed positives (found / planted):")
        p("")
        p("| rule | found | missed: style, line (secret redacted) | why (rule checked with Python re) |")
        p("| --- | ---: | --- | --- |")
        miss_by = {}
        for m in corp["misses"]:
            miss_by.setdefault(m["label"]["rule_id"], []).append(m)
        for frac, rid, r in worst:
            ms = [m for m in miss_by.get(rid, []) if m["label"]["primary"]]
            desc = "<br>".join("%s `%s`" % (m["label"]["style"], md_escape(m["line"].strip()[:90]))
                               for m in ms)
            why = "<br>".join(md_escape(m["why"]) for m in ms)
            p("| %s | %d/%d | %s | %s |" % (rid, r["found"], r["planted"], desc, why))
        p("")
    extra = [m for m in corp["misses"] if not m["label"]["primary"]]
    if extra:
        p("Other planted secrets (carried by template texts) that were missed:")
        p("")
        for m in extra:
            p("- %s in %s line %d: `%s` — %s" % (m["label"]["rule_id"], m["label"]["path"], m["label"]["line"],
                                                md_escape(m["line"].strip()[:100]), m["why"]))
        p("")
    if corp["unlabelled"]:
        p("Findings on the corpus that match no label (rules tagged identifier report account names and "
          "endpoints the example texts hold on purpose):")
        p("")
        by = collections.defaultdict(list)
        for f in corp["unlabelled"]:
            by[f["rule_id"]].append(f)
        for rid, fs in sorted(by.items(), key=lambda x: -len(x[1])):
            p("- %s: %d, e.g. %s" % (rid, len(fs), "; ".join("%s:%d %s" % (f["rel"], f["start_line"],
                                                                           redact(f["secret"], 12))
                                                             for f in fs[:3])))
        p("")
    if corp["partial"]:
        by = collections.Counter(f["rule_id"] for f in corp["partial"])
        p("Partial findings (a shorter value on a planted line): " + ", ".join("%s %d" % kv for kv in by.most_common())
          + ".")
        p("")

    out = {"recall_primary": found_prim / max(1, len(prim)), "recall_all": found_all / max(1, len(labels)),
           "planted_primary": len(prim), "found_primary": found_prim,
           "per_rule": {rid: {k: v for k, v in r.items() if k != "missed"} for rid, r in per_rule.items()},
           "misses": [{"rule_id": m["label"]["rule_id"], "path": m["label"]["path"], "line": m["label"]["line"],
                       "style": m["label"]["style"], "why": m["why"], "seen": m["seen"]} for m in corp["misses"]],
           "corpus_findings": nf, "unlabelled": len(corp["unlabelled"]), "partial": len(corp["partial"])}

    if trees:
        text, out["clean"] = render_clean(trees)
        p(text)
    if out_json:
        with open(out_json, "w") as fh:
            json.dump(out, fh, indent=1)
    return "\n".join(w)


def own_rule_matches(rule, label, corpus):
    if rule.path_only:
        return True
    with open(os.path.join(corpus, label["path"]), newline="") as fh:
        content = fh.read()
    for m in rule.py.finditer(content):
        sp = rule.secret_group_span(m)
        if sp and content[sp[0]:sp[1]] == label["secret"]:
            ls = content.rfind("\n", 0, m.start()) + 1
            le = content.find("\n", m.end())
            text = content[ls:le if le >= 0 else len(content)].lower()
            return not rule.keywords or any(k.lower() in text for k in rule.keywords)
    return False


def render_sweep(corp, rules, corpus):
    w = []
    p = w.append
    results = [(lb, ok) for lb, ok in corp["results"] if lb["primary"]]
    found = sum(1 for lb, ok in results if ok)
    p("### Surroundings sweep")
    p("")
    p("Every rule once in each file style it gets (25 styles for rules whose secret identifies itself, 19 key "
      "styles for rules that need a key name, none for rules bound to a path, a line format or a header) and once "
      "in each of its examples' texts, with fresh secrets: %d positives, %d found = %.2f%%." % (
          len(results), found, 100.0 * found / max(1, len(results))))
    p("")
    styles = collections.Counter()
    styles_ok = collections.Counter()
    for lb, ok in results:
        st = lb["style"].split(":")[0]
        styles[st] += 1
        styles_ok[st] += 1 if ok else 0
    p("| style | found / planted |")
    p("| --- | ---: |")
    for st, n in sorted(styles.items(), key=lambda x: (styles_ok[x[0]] / x[1], x[0])):
        p("| %s | %d/%d |" % (st, styles_ok[st], n))
    p("")
    by = collections.OrderedDict()
    for m in corp["misses"]:
        if m["label"]["primary"]:
            by.setdefault(m["label"]["rule_id"], []).append(m)
    if by:
        p("Misses (rule: style `line` — why):")
        p("")
        for rid, ms in by.items():
            p("- **%s**: " % rid + "; ".join("%s `%s` — %s" % (m["label"]["style"], md_escape(m["line"].strip()[:80]),
                                                               m["why"]) for m in ms))
        p("")
    other = collections.OrderedDict()
    for lb, ok in results:
        if ok and not any(f["rule_id"] == lb["rule_id"] for f in ok) and lb["rule_id"] in rules and \
                not own_rule_matches(rules[lb["rule_id"]], lb, corpus):
            other.setdefault(lb["rule_id"], []).append((lb["style"], sorted(set(f["rule_id"] for f in ok))))
    if other:
        p("Found only because another rule caught it: the rule's own regex/keywords miss these (a finding "
          "merely merged into a more severe rule's identical one is not listed). Rule: style → rule that found it:")
        p("")
        for rid, items in other.items():
            p("- %s: " % rid + "; ".join("%s → %s" % (st, ", ".join(rs)) for st, rs in items))
        p("")
    return "\n".join(w), {"planted": len(results), "found": found,
                          "misses": [{"rule_id": m["label"]["rule_id"], "style": m["label"]["style"],
                                      "why": m["why"], "path": m["label"]["path"]} for m in corp["misses"]]}


def render_entropy(margin, min_share=0.01):
    w = []
    p = w.append
    rows = []
    for rid, v in margin.items():
        for ex in v["examples"]:
            share = ex["below"] / ex["total"]
            if share >= min_share:
                rows.append((share, rid, v["threshold"], ex))
    rows.sort(key=lambda x: (-x[0], x[1]))
    p("### Entropy thresholds against random secrets of the rule's own format")
    p("")
    p("For every example of every rule with an `entropy` threshold, %d fresh secrets of the example's format "
      "(same length and alphabet, random body) were drawn; a real random key of that format is dropped as often. "
      "Formats losing at least %.0f%%:" % (next(iter(margin.values()))["examples"][0]["total"], 100 * min_share))
    p("")
    p("| rule | threshold | example format | example entropy | below threshold |")
    p("| --- | ---: | --- | ---: | ---: |")
    for share, rid, thr, ex in rows:
        p("| %s | %.1f | %d chars, %s | %.2f | %.1f%% |" % (rid, thr, ex["length"], ex["alphabet"],
                                                         ex["example_entropy"], 100 * share))
    p("")
    return "\n".join(w), [{"rule_id": rid, "threshold": thr, "share": share, **ex} for share, rid, thr, ex in rows]


def render_brief(title, corp, sweep, trees):
    """Key figures only (for the what-if run with a changed rule pack)."""
    w = [title, ""]
    prim = [(lb, ok) for lb, ok in corp["results"] if lb["primary"]]
    found = sum(1 for lb, ok in prim if ok)
    line = "- Corpus recall %d/%d = **%.2f%%**; findings matching no label: %d" % (
        found, len(prim), 100.0 * found / max(1, len(prim)), len(corp["unlabelled"]))
    if sweep:
        sp = [(lb, ok) for lb, ok in sweep["results"] if lb["primary"]]
        sf = sum(1 for lb, ok in sp if ok)
        line += "; sweep recall %d/%d = %.2f%%" % (sf, len(sp), 100.0 * sf / max(1, len(sp)))
    w.append(line + ".")
    if trees:
        b = sum(t["stats"].get("bytes_scanned", 0) for t in trees)
        allf = [f for t in trees for f in t["findings"]]
        fps = [f for f in allf if f["kind"] == "fp"]
        w.append("- Clean text and source trees: %.1f MB, %d findings, %d private keys that parse, %d identifiers, "
                 "%d false positives = **%.2f per 100 MB** (%s)." % (
                     b / 1e6, len(allf), sum(1 for f in allf if f["kind"] == "key"),
                     sum(1 for f in allf if f["kind"] == "identifier"), len(fps), 100.0 * len(fps) / max(1e-9, b / 1e6),
                            ", ".join("%s %d" % kv for kv in collections.Counter(f["rule_id"] for f in fps).most_common())
                            or "none"))
    left = collections.Counter(m["label"]["rule_id"] for m in (sweep or corp)["misses"] if m["label"]["primary"])
    if left:
        w.append("- Still missed in the %s: %s." % ("sweep" if sweep else "corpus",
                                                     ", ".join("%s %d" % kv for kv in left.most_common())))
    w.append("")
    return "\n".join(w)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--findings", required=True)
    ap.add_argument("--clean", action="append", default=[], help="NAME=ROOT=FINDINGS.json")
    ap.add_argument("--rules-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "rules"))
    ap.add_argument("--sweep-corpus")
    ap.add_argument("--sweep-findings")
    ap.add_argument("--entropy", action="store_true", help="also measure entropy thresholds (about 40 s)")
    ap.add_argument("--json")
    ap.add_argument("--brief", help="print only the key figures, under this title")
    args = ap.parse_args()
    rule_list = mc.load_rules(args.rules_dir)
    rules = {r.id: r for r in rule_list}
    corp = score_corpus(args.corpus, args.findings, rules)
    trees = score_clean(args.clean, rules) if args.clean else []
    if args.brief:
        sweep = score_corpus(args.sweep_corpus, args.sweep_findings, rules) if args.sweep_corpus else None
        print(render_brief(args.brief, corp, sweep, trees))
        return
    print(render(corp, trees, args.json))
    extra = {}
    if args.sweep_corpus:
        text, extra["sweep"] = render_sweep(score_corpus(args.sweep_corpus, args.sweep_findings, rules), rules,
                                            args.sweep_corpus)
        print(text)
    if args.entropy:
        text, extra["entropy"] = render_entropy(mc.entropy_margin(rule_list))
        print(text)
    if args.json and extra:
        with open(args.json) as fh:
            data = json.load(fh)
        data.update(extra)
        with open(args.json, "w") as fh:
            json.dump(data, fh, indent=1)


if __name__ == "__main__":
    main()
