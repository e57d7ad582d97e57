#!/usr/bin/env python3
"""Write a vigil config that applies the rule changes this benchmark proposes, for a what-if run.

  proposed_fixes.py OUT.toml [--rules-dir rules]

The config extends the built-in pack (`[extend] useDefault = true`) and redefines the rules below
with the same id (a config rule replaces the built-in one). Each change is a text substitution on
the rule as it is in rules/*.toml, so the overlay follows later edits of those files; a
substitution that no longer applies is reported and skipped. `vigil rules check -c OUT.toml`
checks the changed rules against their own examples. Nothing here changes rules/: the rule authors
decide.
"""

import argparse
import json
import os
import sys
import tomllib

OLD_EXPORT = "(?:export[ \\t]+)?"
NEW_EXPORT = "(?:(?:export|ENV|ARG|set)[ \\t]+)?"

# Private-key blocks: the body may no longer hold "-" or ":" (so a match cannot run past an END
# line into the next PEM block); the Proc-Type / DEK-Info headers of encrypted PEM get their own part.
PEM_OLD_HEAD = "KEY-----[A-Za-z0-9+/=\\s\\\\\"',:-]{0,300}?[A-Za-z0-9+/]{40}[A-Za-z0-9+/=\\s\\\\\"',:-]*?-----END"
PEM_NEW_HEAD = ("KEY-----(?:[\\s\\\\\"',]{0,12}(?:Proc-Type|DEK-Info): [^\\r\\n\\\\\"]{1,100})*"
                "[A-Za-z0-9+/=\\s\\\\\"',]{0,300}?[A-Za-z0-9+/]{40}[A-Za-z0-9+/=\\s\\\\\"',]*?-----END")

# rule id -> list of (field, old text, new text, why); field "entropy"/"keywords" take a value
FIXES = {
    # 1. recall: random hex values sit close to a 3.5 threshold (hex tops out at 4.0 bits/char)
    "generic-hmac-secret": [("entropy", None, 3.0, "32-char hex: 19% of random values are below 3.5"),
                            ("regex", OLD_EXPORT, NEW_EXPORT, "Dockerfile ENV/ARG lines")],
    "generic-signing-secret": [("entropy", None, 3.0, "32-char hex: 15% below 3.5"),
                               ("regex", OLD_EXPORT, NEW_EXPORT, "Dockerfile ENV/ARG lines")],
    "generic-webhook-secret": [("entropy", None, 3.0, "40-char hex: 8% below 3.5"),
                               ("regex", OLD_EXPORT, NEW_EXPORT, "Dockerfile ENV/ARG lines")],
    "generic-api-key-header": [("entropy", None, 3.0, "32-char hex subscription keys: 17% below 3.5")],
    "generic-bearer-auth-header": [("entropy", None, 3.0, "40-char hex tokens: 4% below 3.5")],
    # 2. recall: unquoted assignments in Dockerfiles (ENV/ARG) are not accepted
    "jwt-signing-secret": [("regex", OLD_EXPORT, NEW_EXPORT, "Dockerfile ENV/ARG lines")],
    "github-webhook-secret": [("regex", OLD_EXPORT, NEW_EXPORT, "Dockerfile ENV/ARG lines")],
    "gitlab-webhook-token": [("regex", OLD_EXPORT, NEW_EXPORT, "Dockerfile ENV/ARG lines")],
    "bluesky-password-assignment": [("regex", OLD_EXPORT, NEW_EXPORT, "Dockerfile ENV/ARG lines")],
    "meta-webhook-verify-token": [
        ("regex", OLD_EXPORT, NEW_EXPORT, "Dockerfile ENV/ARG lines"),
        ("regex", "verify[_.-]?token)=)", "verify[_.-]?token)(?:=|:[ \\t]+))",
         "unquoted YAML (GitHub Actions env:, compose)")],
    # 3. recall: Go's := is not accepted where the operator is (?:[:=]|=>)
    "aws-session-token": [("regex", "(?:[:=]|=>)", "(?::=|=>|[:=])", "Go :=")],
    "azure-storage-account-key": [("regex", "(?:[:=]|=>|\\s)", "(?::=|=>|[:=]|\\s)", "Go :=")],
    "azure-cosmosdb-key": [("regex", "(?:[:=]|=>)", "(?::=|=>|[:=])", "Go :=")],
    "azure-devops-pat-legacy": [("regex", "(?:[:=]|=>)", "(?::=|=>|[:=])", "Go :=")],
    "azure-openai-api-key": [("regex", "(?:[:=]|=>)", "(?::=|=>|[:=])", "Go :=")],
    "bitbucket-client-secret": [("regex", "(?:[:=]|=>)", "(?::=|=>|[:=])", "Go :=")],
    "bitbucket-app-password-legacy": [("regex", "(?:[:=]|=>)", "(?::=|=>|[:=])", "Go :=")],
    "rails-secret-key-base": [("regex", "(?:[:=]|=>)", "(?::=|=>|[:=])", "Go :=")],
    # 4. recall: camelCase names ending in Secret/Token (serviceSecret, hubspotToken) in JS/Go/JSON
    "generic-api-key": [("regex", "|[^A-Za-z0-9](?:[\\w.-]{0,30}[_.-])?(?i:secret|token|auth|credentials?))",
                         "|[^A-Za-z0-9](?:[\\w.-]{0,30}[_.-])?(?i:secret|token|auth|credentials?)"
                         "|\\b[a-z][A-Za-z0-9]{0,30}[a-z0-9](?:Secret|Token|Credentials?))",
                         "camelCase key names, quoted values only")],
    # 5. recall: the keywords miss camelCase and dotted spellings the regex accepts
    "bluesky-pds-jwt-secret": [("keywords", None, ["pds_jwt_secret", "pds_dpop_secret", "pds-jwt-secret",
                                                   "pds-dpop-secret", "pdsjwtsecret", "pdsdpopsecret",
                                                   "pds.jwt.secret", "pds.dpop.secret"], "pdsDpopSecret")],
    # 6. precision: Google OAuth client ids (123456789012-<32>.apps.googleusercontent.com)
    "twitter-access-token": [("regex", "[A-Za-z0-9]{25,45})(?:[^A-Za-z0-9_-]|$)",
                              "[A-Za-z0-9]{25,45})(?:[^A-Za-z0-9_.-]|\\.(?:[^A-Za-z0-9]|$)|$)",
                              "no match when a '.' and a host name follow")],
    # 7. precision: one PEM match ran from a key over a certificate into the next key block
    "private-key-rsa": [("regex", PEM_OLD_HEAD, PEM_NEW_HEAD, "stay inside one PEM block")],
    "private-key-ec": [("regex", PEM_OLD_HEAD, PEM_NEW_HEAD, "stay inside one PEM block")],
    "private-key-dsa": [("regex", PEM_OLD_HEAD, PEM_NEW_HEAD, "stay inside one PEM block")],
    "private-key-openssh": [("regex", PEM_OLD_HEAD, PEM_NEW_HEAD, "stay inside one PEM block")],
    "private-key-pkcs8": [("regex", PEM_OLD_HEAD, PEM_NEW_HEAD, "stay inside one PEM block")],
    "private-key-pkcs8-encrypted": [("regex", PEM_OLD_HEAD, PEM_NEW_HEAD, "stay inside one PEM block")],
    # 8. precision: netrc test data ("password pass1") has no entropy floor
    "netrc-password": [("entropy", None, 2.5, "values such as pass1, #pass (1.9 bits/char)")],
}

FIELD_ORDER = ["id", "description", "regex", "secretGroup", "entropy", "keywords", "path", "severity", "tags",
               "remediation", "examples", "negativeExamples"]


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join("%s = %s" % (k, toml_value(x)) for k, x in v.items()) + " }"
    raise TypeError(type(v))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--rules-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "rules"))
    args = ap.parse_args()
    rules = {}
    for name in sorted(os.listdir(args.rules_dir)):
        if name.endswith(".toml"):
            with open(os.path.join(args.rules_dir, name), "rb") as fh:
                for r in tomllib.load(fh).get("rules", []):
                    rules[r["id"]] = r
    out = ["# Generated by bench/accuracy/proposed_fixes.py: the benchmark's proposed rule changes.",
           "[extend]", "useDefault = true", ""]
    applied = skipped = 0
    for rid, changes in FIXES.items():
        if rid not in rules:
            print("proposed_fixes: no rule %s, skipped" % rid, file=sys.stderr)
            skipped += 1
            continue
        r = dict(rules[rid])
        notes = []
        for field, old, new, why in changes:
            if field == "regex":
                if old not in r["regex"]:
                    print("proposed_fixes: %s: text to replace not found (%s), skipped" % (rid, why), file=sys.stderr)
                    skipped += 1
                    continue
                r["regex"] = r["regex"].replace(old, new)
            else:
                r[field] = new
            notes.append(why)
            applied += 1
        out.append("# %s: %s" % (rid, "; ".join(notes)))
        out.append("[[rules]]")
        for k in FIELD_ORDER:
            if k in r:
                out.append("%s = %s" % (k, toml_value(r[k])))
        out.append("")
    with open(args.out, "w") as fh:
        fh.write("\n".join(out))
    print("proposed_fixes: %d changes in %d rules written to %s (%d skipped)" % (
        applied, len(FIXES), args.out, skipped), file=sys.stderr)


if __name__ == "__main__":
    main()
