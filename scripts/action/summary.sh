#!/usr/bin/env bash
# Turns vigil's JSON report into the Markdown job summary, on stdout:
#   summary.sh REPORT.json [SCOPE]     (SCOPE: range.sh's description)
#   summary.sh "" SCOPE                 nothing was scanned (say, a deleted branch)
# VIGIL_SCAN_OUTCOME, when set to anything but success (the scan step's
# outcome: failure, skipped, ...), makes the summary say the scan did not finish.
#
# The table lists severity, rule, path:line, commit and the redacted secret
# and fingerprint. Secrets are shown redacted even when the report holds them
# in full (--show-secrets). With GITHUB_SERVER_URL and GITHUB_REPOSITORY set,
# locations and commits link to GitHub. At most VIGIL_SUMMARY_ROWS rows (100).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: summary.sh REPORT.json [SCOPE]" >&2
  exit 2
fi

exec python3 - "$1" "${2:-}" <<'PY'
import json
import os
import sys
import urllib.parse

report_path, scope = sys.argv[1], sys.argv[2]
max_rows = int(os.environ.get("VIGIL_SUMMARY_ROWS", "100") or "100")
server = os.environ.get("GITHUB_SERVER_URL", "").rstrip("/")
repository = os.environ.get("GITHUB_REPOSITORY", "")
base_url = f"{server}/{repository}" if server and repository else ""
SEVERITIES = ["critical", "high", "medium", "low", "info"]
out = []


def code(text):
    """Inline code that survives a table cell: pipes escaped, backticks fenced."""
    text = str(text).replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def plain(text):
    """Plain table-cell text: no line breaks, no pipes, no HTML."""
    text = str(text).replace("\r", " ").replace("\n", " ")
    for char, escaped in (("\\", "\\\\"), ("|", "\\|"), ("<", "&lt;"), (">", "&gt;"),
                          ("[", "\\["), ("]", "\\]"), ("*", "\\*"), ("_", "\\_"), ("`", "\\`")):
        text = text.replace(char, escaped)
    return text


def redact(secret):
    """vigil's own redaction (report/redact.cc), for reports written with --show-secrets."""
    prefix = min(4, len(secret) // 4)
    if prefix < 2:
        prefix = 0
    return secret[:prefix] + "*****"


def finding_secret(finding):
    secret = str(finding.get("secret", ""))
    if finding.get("redacted") is True and secret.endswith("*****"):
        return secret
    return redact(secret)


def allow_note():
    out.append("")
    out.append("**A false positive?** Add `vigil:allow` in a comment on the line "
               "(for example `api_key = \"...\"  # vigil:allow`), or add the finding's fingerprint, "
               "one a line, to `.vigilignore` at the repository root.")
    out.append("")
    out.append("**A real secret?** Revoke and rotate it now: deleting it in a later commit "
               "leaves it in the git history.")


out.append("## vigil secret scan")
out.append("")
if scope:
    out.append(f"Scanned: {plain(scope)}")
    out.append("")

outcome = os.environ.get("VIGIL_SCAN_OUTCOME", "success") or "success"
if outcome != "success":
    out.append(f"**The scan did not finish** (scan step: {plain(outcome)}); see the job's log.")
    print("\n".join(out))
    sys.exit(0)

if not report_path:
    out.append("Nothing to scan.")
    print("\n".join(out))
    sys.exit(0)

try:
    with open(report_path, encoding="utf-8") as handle:
        report = json.load(handle)
    findings = report["findings"]
    stats = report.get("stats", {})
except (OSError, ValueError, KeyError, TypeError) as error:
    out.append(f"vigil did not produce a report ({plain(error)}); see the scan step's log.")
    print("\n".join(out))
    sys.exit(0)

if not findings:
    out.append("**No secrets found.**")
else:
    counts = {}
    for finding in findings:
        severity = str(finding.get("severity", "info"))
        counts[severity] = counts.get(severity, 0) + 1
    by_severity = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES + sorted(set(counts) - set(SEVERITIES))
                            if s in counts)
    noun = "secret" if len(findings) == 1 else "secrets"
    out.append(f"**{len(findings)} {noun} found** ({by_severity}).")
    out.append("")
    out.append("| Severity | Rule | Location | Commit | Secret (redacted) | Fingerprint |")
    out.append("| --- | --- | --- | --- | --- | --- |")

    def order(finding):
        severity = str(finding.get("severity", "info"))
        rank = SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)
        return (rank, str(finding.get("path", "")), int(finding.get("start_line", 0) or 0))

    for finding in sorted(findings, key=order)[:max_rows]:
        path = str(finding.get("path", ""))
        line = int(finding.get("start_line", 0) or 0)
        commit = str((finding.get("git") or {}).get("commit", ""))
        location = code(f"{path}:{line}")
        commit_cell = code(commit[:7]) if commit else ""
        if base_url and commit:
            quoted = urllib.parse.quote(path, safe="/")
            location = f"[{location}]({base_url}/blob/{commit}/{quoted}#L{line})"
            commit_cell = f"[{commit_cell}]({base_url}/commit/{commit})"
        severity = plain(finding.get("severity", ""))
        if severity in ("critical", "high"):
            severity = f"**{severity}**"
        rule = code(finding.get("rule_id", ""))
        description = plain(finding.get("description", ""))
        if description:
            rule = f"{rule} {description}"
        out.append(f"| {severity} | {rule} | {location} | {commit_cell} | "
                   f"{code(finding_secret(finding))} | {code(finding.get('fingerprint', ''))} |")
    if len(findings) > max_rows:
        out.append("")
        out.append(f"… and {len(findings) - max_rows} more: see the code scanning alerts or the JSON report.")
    allow_note()

warnings = stats.get("warnings") or []
details = []
if "files_scanned" in stats:
    details.append(f"{stats.get('files_scanned', 0)} file(s) scanned, "
                   f"{stats.get('skipped_total', 0)} skipped")
if warnings:
    details.append(f"{len(warnings)} warning(s)")
if details:
    out.append("")
    out.append("<sub>" + plain("; ".join(details)) + "</sub>")
if warnings:
    out.append("")
    out.append("<details><summary>Warnings</summary>")
    out.append("")
    for warning in warnings[:50]:
        out.append(f"- {code(warning.get('path', ''))}: {plain(warning.get('message', ''))}")
    out.append("")
    out.append("</details>")

print("\n".join(out))
PY
