#!/usr/bin/env python3
"""The generic detector's character-model randomness against plain Shannon entropy, side by side.

  generic_vs_entropy.py --vigil BIN --scores BIN --work DIR [--shared-corpus DIR]
                        [--tree NAME=PATHS_FILE ...] [--entropy-point 3.5] [--json OUT]

1. Candidates. The rules of the pack that use `randomness` (the generic assignment rules) are
   scanned alone (so that no specific rule's finding shadows theirs), same ids and regexes, with
   `randomness = 0`, `entropy = 0` and without their value allowlists (allowlists on the match or
   line, which judge the name, stay; so do the pack's global allowlists, such as test files). A scan
   with that config (`--show-secrets`, into DIR only) yields every value those rules see, before any
   value check except the engine's placeholder filter, which every rule has and no config turns off.
2. Labels. On the shared labelled corpus (manifest.json), a candidate in a `pos` file of a
   `generic` provider example is a positive; a candidate in any `neg` file is a negative; examples
   the scorer sets aside (dubious, placeholder, duplicate, conflicting negatives) are left aside.
   Every candidate on the clean-text and source trees (--tree, one path a line in PATHS_FILE) is a
   negative.
3. Scores. `vigil_value_scores` (bench/accuracy/value_scores.cc) gives each value its
   CharModel::Randomness and its Shannon entropy; values never leave DIR.
4. Comparison. One threshold per score over all candidates: recall (positive example files with a
   candidate at or above it) at the threshold that allows at most K false positives (candidates on
   negatives at or above it), for a few budgets K and at each score's operating point (randomness:
   the rules' own thresholds; entropy: --entropy-point, the threshold generic-api-key had before the
   character model). Prints Markdown; the full curves go to DIR/generic-vs-entropy-curve.tsv.
"""

import argparse
import bisect
import collections
import glob
import json
import os
import subprocess
import sys
import tomllib

BUDGETS = [0, 1, 2, 5, 10, 20, 50, 100]


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)  # a JSON string is a TOML basic string
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join("%s = %s" % (k, toml_value(x)) for k, x in v.items()) + " }"
    raise TypeError(type(v))


def load_pack(rules_dir):
    """(rules with a randomness threshold, the pack's global allowlists)."""
    rules, allowlists = [], []
    for f in sorted(glob.glob(os.path.join(rules_dir, "*.toml"))):
        with open(f, "rb") as fh:
            data = tomllib.load(fh)
        rules += [r for r in data.get("rules", []) if "randomness" in r]
        allowlists += data.get("allowlists", [])
    return rules, allowlists


def write_override(rules, allowlists, path):
    """A config of the randomness rules alone, taking every value they match, with the pack's global
    allowlists. Alone, so that no specific rule's finding shadows a candidate (a generic finding yields
    to one on the same secret): a key of a provider without a rule reaches only these rules."""
    lines = ["# bench/accuracy/generic_vs_entropy.py: the generic rules without value checks", ""]
    ids = {r["id"] for r in rules}
    for al in allowlists:
        if "targetRules" in al:
            al = dict(al, targetRules=[t for t in al["targetRules"] if t in ids])
            if not al["targetRules"]:
                continue
        lines.append("[[allowlists]]")
        lines += ["%s = %s" % (k, toml_value(v)) for k, v in al.items()]
        lines.append("")
    for r in rules:
        lines.append("[[rules]]")
        for k, v in r.items():
            if k in ("allowlists", "allowlist", "examples", "negativeExamples", "randomness", "entropy"):
                continue
            lines.append("%s = %s" % (k, toml_value(v)))
        lines += ["randomness = 0", "entropy = 0"]
        for al in r.get("allowlists", []):
            # keep what judges the name (regexTarget match or line, paths); drop what judges the value
            if al.get("regexes") and al.get("regexTarget", "secret") == "secret":
                continue
            lines.append("[[rules.allowlists]]")
            lines += ["%s = %s" % (k, toml_value(v)) for k, v in al.items()]
        lines.append("")
    with open(path, "w") as fh:
        fh.write("\n".join(lines))


def scan(vigil, config, paths, out):
    r = subprocess.run([vigil, "scan", *paths, "-c", config, "--format", "json", "-o", out, "--show-secrets",
                        "--no-ignore", "--max-file-size", "50M", "-q"], stdin=subprocess.DEVNULL)
    if r.returncode not in (0, 1):
        sys.exit("vigil scan failed (%d) on %s" % (r.returncode, paths[:3]))
    with open(out) as fh:
        return json.load(fh)


def candidates(report, rule_ids):
    """(path, line, value) of each finding of the rules, once per place and value."""
    seen = set()
    out = []
    for f in report["findings"]:
        if f["rule_id"] not in rule_ids:
            continue
        key = (f["path"], f["start_line"], f["secret"])
        if key not in seen:
            seen.add(key)
            out.append({"path": f["path"], "line": f["start_line"], "value": f["secret"], "rule": f["rule_id"]})
    return out


def score_values(scores_bin, values):
    r = subprocess.run([scores_bin], input="".join(v + "\n" for v in values), capture_output=True, text=True,
                       check=True)
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    if len(rows) != len(values):
        sys.exit("vigil_value_scores returned %d scores for %d values" % (len(rows), len(values)))
    return [(float(a), float(b)) for a, b in rows]


def counted(e):
    """The scorer's headline set (score.py): no dubious, placeholder, duplicate or conflicting negative."""
    return not (e.get("dubious") or e.get("placeholder") or e.get("dup_of") or
                (e["polarity"] == "neg" and e.get("conflict")))


class Curve:
    """Recall of positive files against false-positive candidates, for one score."""

    def __init__(self, pos_best, neg_scores):
        self.n_pos = len(pos_best)
        self.pos_best = sorted(x for x in pos_best if x is not None)  # best score of each file with a candidate
        self.neg = sorted(neg_scores)  # every negative candidate's score

    def fp_at(self, t):
        return len(self.neg) - bisect.bisect_left(self.neg, t)

    def recall_at(self, t):
        return (len(self.pos_best) - bisect.bisect_left(self.pos_best, t)) / max(1, self.n_pos)

    def threshold_for_budget(self, k):
        """The lowest threshold with at most k false positives (just above the (k+1)-th highest negative)."""
        if k >= len(self.neg):
            return float("-inf")
        return self.neg[len(self.neg) - 1 - k] + 1e-9

    def at_budget(self, k):
        t = self.threshold_for_budget(k)
        return t, self.fp_at(t), self.recall_at(t)

    def points(self):
        """(false positives, recall, threshold) at every threshold where either changes, strictest last."""
        ts = sorted(set(self.pos_best) | set(self.neg), reverse=True)
        return [(self.fp_at(t), self.recall_at(t), t) for t in ts]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vigil", required=True)
    ap.add_argument("--scores", required=True, help="the vigil_value_scores binary")
    ap.add_argument("--work", required=True, help="a folder outside the repository (values are kept there)")
    ap.add_argument("--shared-corpus", help="the shared labelled corpus (with manifest.json)")
    ap.add_argument("--tree", action="append", default=[], help="NAME=FILE listing the paths to scan")
    ap.add_argument("--rules-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "rules"))
    ap.add_argument("--entropy-point", type=float, default=3.5)
    ap.add_argument("--json")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)

    rules, global_allowlists = load_pack(args.rules_dir)
    if not rules:
        sys.exit("no rule of %s has a randomness threshold" % args.rules_dir)
    ids = {r["id"]: r["randomness"] for r in rules}
    config = os.path.join(args.work, "generic-no-value-checks.toml")
    write_override(rules, global_allowlists, config)

    # positive sets: manifest path -> [candidate]
    sets = {"generic": {}, "all": {}}
    negatives = []   # candidate dicts with "where"
    neg_sources = collections.Counter()
    if not (args.shared_corpus and os.path.isfile(os.path.join(args.shared_corpus, "manifest.json"))):
        print("(no shared labelled corpus: the comparison needs its positives; skipped)")
        return
    with open(os.path.join(args.shared_corpus, "manifest.json")) as fh:
        files = json.load(fh)["files"]
    root = os.path.realpath(args.shared_corpus) + "/"
    rep = scan(args.vigil, config, [root], os.path.join(args.work, "gve-labelled.json"))
    by_path = collections.defaultdict(list)
    for c in candidates(rep, ids):
        p = os.path.realpath(c["path"])
        by_path[p[len(root):] if p.startswith(root) else c["path"]].append(c)
    pos = [e for e in files if e["polarity"] == "pos" and counted(e)]
    negs = [e for e in files if e["polarity"] == "neg" and counted(e)]
    for e in pos:
        sets["all"][e["path"]] = by_path.get(e["path"], [])
        if e.get("provider") == "generic":
            sets["generic"][e["path"]] = by_path.get(e["path"], [])
    for e in negs:
        for c in by_path.get(e["path"], []):
            c["where"] = "labelled negatives"
            negatives.append(c)
            neg_sources["labelled negatives"] += 1
    labelled = {"aside_generic": sum(1 for e in files if e.get("provider") == "generic" and e["polarity"] == "pos"
                                     and not counted(e)),
                "negative_files": len(negs),
                "negative_files_with_candidate": sum(1 for e in negs if by_path.get(e["path"]))}
    for name, st in sets.items():
        labelled[name] = {"positive_files": len(st), "with_candidate": sum(1 for v in st.values() if v)}
    bytes_scanned = 0
    for spec in args.tree:
        name, listfile = spec.split("=", 1)
        with open(listfile) as fh:
            paths = [line.rstrip("\n") for line in fh if line.strip()]
        rep = scan(args.vigil, config, paths, os.path.join(args.work, "gve-tree-%s.json" % name))
        bytes_scanned += rep["stats"].get("bytes_scanned", 0)
        for c in candidates(rep, ids):
            c["where"] = name
            negatives.append(c)
            neg_sources[name] += 1

    pos_cands = [c for cs in sets["all"].values() for c in cs]
    everything = pos_cands + negatives
    for c, (rnd, ent) in zip(everything, score_values(args.scores, [c["value"] for c in everything])):
        c["randomness"], c["entropy"] = rnd, ent

    def best(cs, key):
        return max((c[key] for c in cs), default=None)

    curves = {(name, key): Curve([best(cs, key) for cs in st.values()], [c[key] for c in negatives])
              for name, st in sets.items() for key in ("randomness", "entropy")}

    # the randomness operating point: each rule's own threshold
    def passes_rule(c):
        return c["randomness"] >= ids[c["rule"]]
    op_fp = sum(1 for c in negatives if passes_rule(c))
    op_recall = {name: sum(1 for cs in st.values() if any(passes_rule(c) for c in cs)) / max(1, len(st))
                 for name, st in sets.items()}
    e_fp = curves[("generic", "entropy")].fp_at(args.entropy_point)
    e_recall = {name: curves[(name, "entropy")].recall_at(args.entropy_point) for name in sets}

    w = []
    p = w.append
    p("### Generic detector: character-model randomness vs Shannon entropy")
    p("")
    p("Candidates: every value the rules with a `randomness` threshold (%s) extract with their value checks "
      "off (scanned alone with `randomness = 0`, `entropy = 0`, value allowlists removed; name allowlists, the "
      "pack's global allowlists and the engine's placeholder filter kept)." % ", ".join("`%s` %.1f" % kv for kv in ids.items()))
    p("")
    g, a = labelled["generic"], labelled["all"]
    p("- Positives, **G**: the %d example files of the `generic` provider in the shared labelled corpus (the "
      "scorer's headline set; %d more set aside as it does); %d of them hold a candidate at all, which bounds "
      "the recall of any score. **A**: every positive example file of the corpus, any provider (%d; %d hold a "
      "candidate): a key of a provider the pack has no rule for reaches only the generic rules." % (
          g["positive_files"], labelled["aside_generic"], g["with_candidate"], a["positive_files"],
          a["with_candidate"]))
    p("- Negatives: %d candidate values: %s (%.1f MB of trees); %d of %d negative example files hold a "
      "candidate." % (len(negatives), ", ".join("%s %d" % kv for kv in neg_sources.items()), bytes_scanned / 1e6,
                      labelled["negative_files_with_candidate"], labelled["negative_files"]))
    p("- Recall is the share of the set's positive files with a candidate at or above the threshold; a false "
      "positive is a negative candidate at or above it. One threshold per score over all candidates, the lowest "
      "that allows the given number of false positives.")
    p("")
    p("| false positives allowed | G: randomness | G: entropy | A: randomness | A: entropy |")
    p("| ---: | ---: | ---: | ---: | ---: |")
    table = []

    def fmt_t(t):
        return "any" if t == float("-inf") else "≥%.2f" % t

    rows = [(k, "%d" % k) for k in BUDGETS]
    rows.append((op_fp, "%d (randomness at the rules' thresholds)" % op_fp))
    rows.append((e_fp, "%d (entropy ≥ %.1f)" % (e_fp, args.entropy_point)))
    for k, label in rows:
        entry = {"budget": k, "label": label}
        cells = []
        for name in ("generic", "all"):
            for key in ("randomness", "entropy"):
                t, fp, rec = curves[(name, key)].at_budget(k)
                entry["%s/%s" % (name, key)] = {"threshold": t, "fp": fp, "recall": rec}
                cells.append("%.3f (%s)" % (rec, fmt_t(t)))
        table.append(entry)
        p("| %s | %s |" % (label, " | ".join(cells)))
    p("")
    p("At the operating points themselves: randomness with the rules' thresholds has %d false positives and "
      "recall G %.3f, A %.3f; entropy ≥ %.1f has %d false positives and recall G %.3f, A %.3f." % (
          op_fp, op_recall["generic"], op_recall["all"], args.entropy_point, e_fp, e_recall["generic"],
          e_recall["all"]))
    p("")
    for name in ("generic", "all"):
        diffs = [(t["budget"], t["%s/randomness" % name]["recall"] - t["%s/entropy" % name]["recall"])
                 for t in table[:len(BUDGETS)]]
        wins = sum(1 for _, d in diffs if d > 1e-12)
        losses = sum(1 for _, d in diffs if d < -1e-12)
        p("- **%s**: randomness has the higher recall at %d of %d budgets, entropy at %d; randomness minus "
          "entropy: %s." % ("G" if name == "generic" else "A", wins, len(diffs), losses,
                            ", ".join("%d FP %+.3f" % kv for kv in diffs)))
    p("")
    p("Curve points, false positives → best recall with that many (threshold), strictest first:")
    p("")
    for name in ("generic", "all"):
        for key in ("randomness", "entropy"):
            best_at = {}
            for fp, rec, t in curves[(name, key)].points():
                if fp not in best_at or rec > best_at[fp][0]:
                    best_at[fp] = (rec, t)
            marks = ["%d→%.3f (≥%.2f)" % (fp, rec, t) for fp, (rec, t) in sorted(best_at.items())
                     if fp <= 20 or fp in (25, 30, 40, 50, 75, 100, 150, 200, 300, 500) or fp == max(best_at)]
            p("- %s, %s: %s" % ("G" if name == "generic" else "A", key, "; ".join(marks)))
    p("")
    by_where = collections.Counter(c["where"] for c in negatives if passes_rule(c))
    p("False positives at the randomness operating point by origin: %s." % (
        ", ".join("%s %d" % kv for kv in by_where.most_common()) or "none"))
    p("")
    with open(os.path.join(args.work, "generic-vs-entropy-curve.tsv"), "w") as fh:
        fh.write("positives\tscore\tthreshold\tfalse_positives\trecall\n")
        for (name, key), curve in curves.items():
            for fp, rec, t in curve.points():
                fh.write("%s\t%s\t%.4f\t%d\t%.4f\n" % (name, key, t, fp, rec))
    print("\n".join(w))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"rules": ids, "labelled": labelled, "negatives": dict(neg_sources),
                       "operating_point": {"randomness": {"fp": op_fp, "recall": op_recall},
                                           "entropy": {"threshold": args.entropy_point, "fp": e_fp,
                                                       "recall": e_recall}},
                       "table": table}, fh, indent=1)


if __name__ == "__main__":
    main()
