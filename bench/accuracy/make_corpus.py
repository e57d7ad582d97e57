#!/usr/bin/env python3
"""Generate a labelled corpus of fake secrets for every rule of vigil's rule pack.

For each rule and [[providers]] row in rules/*.toml the script plants N fresh secrets (default 5) in realistic files
(.env, shell, YAML, docker-compose, JSON, Python, JS/TS, Go, Terraform, Dockerfile, .properties,
TOML, XML, and the rule's own file types such as .npmrc, .pgpass, PEM files) and writes
labels.json with the path, line and value of every planted secret.

How a secret is made. The rule's examples give the provider's format (prefix, length, alphabet);
the rule's regex says which parts of an example are fixed text and which are variable. The
capture group that holds the secret is re-written so that every character class (and every
quantified group) becomes its own named group; matching an example secret against it splits the
secret into fixed parts (prefixes such as "sk-ant-api03-", markers such as "T3BlbkFJ", suffixes
such as "AA") and variable spans. Each variable span gets a fresh random body of the same length
drawn from the character categories the example uses there (digits, lower case, upper case,
hex, and the punctuation seen), intersected with the class the regex allows. Whitespace, quotes,
escapes, "%XX" escapes, base64 "=" padding and the rule's keywords stay where they were. The
result must still match the rule's own secret pattern (its format), otherwise another draw is
made. Values that look like placeholders (the words vigil treats as placeholders, "xxxx", runs
such as "abcdef"/"123456", a character repeated 4 times) are never used.

How the surroundings are made. A rule whose secret identifies itself (the secret alone matches)
is planted in every file style, under variable names the examples use or that the provider is
known by (OPENAI_API_KEY, openai_api_key, openaiApiKey, ...). A rule that needs a key name before
the value (COHERE_API_KEY=...) is planted under the key names its examples use, in the casing
each style uses. Every rule also gets some positives built from its examples' text with the
secret replaced by a fresh one, and so is every other secret the text holds (another rule's
example secret, a second value of the same rule, a password or key that a generic rule sees),
each labelled as a secondary secret: that covers formats that
only make sense whole (connection strings, .netrc, PEM blocks, k8s Secrets) and rules limited to
a path (.npmrc, .pgpass, settings.xml, ...), which keep a path their rule accepts.

[[providers]] rows (a key near the provider's name) are expanded into rules as the loader does
(src/rules/provider_key.cc, ported to Python regexes), and their fresh keys are drawn from the row's
own alphabet, length and prefix (a digit where the row needs one), which is exact. A rule without
a regex (the file is the finding, e.g. a .p12 bundle) is planted as a file its path accepts. Rule
files without rules or rows (allowlists.toml) are skipped.

Usage: make_corpus.py OUT_DIR [--seed 1729] [--n 5] [--rules-dir rules] [--force]
"""

import argparse
import glob
import json
import math
import os
import random
import re
import shutil
import string
import sys
import tomllib

PRINTABLE = [chr(c) for c in range(0x20, 0x7F)] + ["\t", "\n", "\r"]
PLACEHOLDER_WORDS = ["example", "changeme", "change_me", "change-me", "placeholder", "your_", "your-", "yourkey",
                     "yoursecret", "yourtoken", "dummy", "sample", "redacted", "xxxx", "test", "fake", "demo", "secret", "password",
                     "token", "lorem", "todo", "insert", "replace"]
GENERIC_WORDS = {"api", "key", "keys", "token", "tokens", "secret", "secrets", "password", "passwd", "pass",
                 "pwd", "client", "access", "auth", "id", "app", "private", "the", "value", "url", "uri",
                 "conn", "connection", "string", "str", "credentials", "credential", "bearer", "x",
                 "default", "env", "config", "cfg", "settings", "data"}


# ----------------------------------------------------------------------------------------------
# Regex tokenizer: just enough of RE2/Python syntax to find groups and character-class atoms.
# ----------------------------------------------------------------------------------------------

CLASS_ESCAPES = set("dDwWsS")
ASSERT_ESCAPES = set("bBAzZ")


def tokenize(rx):
    toks = []
    i = 0
    n = len(rx)
    while i < n:
        c = rx[i]
        if c == "\\":
            e = rx[i:i + 2]
            if e[1:] in CLASS_ESCAPES:
                toks.append(["atom", e])
            elif e[1:] in ASSERT_ESCAPES:
                toks.append(["assert", e])
            else:
                toks.append(["lit", e])
            i += 2
        elif c == "[":
            j = i + 1
            if j < n and rx[j] == "^":
                j += 1
            if j < n and rx[j] == "]":
                j += 1
            while rx[j] != "]":
                if rx[j] == "\\":
                    j += 2
                elif rx.startswith("[:", j):
                    j = rx.index(":]", j) + 2
                else:
                    j += 1
            toks.append(["atom", rx[i:j + 1]])
            i = j + 1
        elif c == "(":
            if rx.startswith("(?", i):
                m = re.match(r"\(\?([a-zA-Z-]*)([:)])", rx[i:])
                if m and m.group(2) == ")":
                    toks.append(["flags", m.group(0)])
                    i += len(m.group(0))
                elif m:
                    toks.append(["open", m.group(0), False])
                    i += len(m.group(0))
                elif rx.startswith("(?P<", i):
                    j = rx.index(">", i)
                    toks.append(["open", rx[i:j + 1], True])
                    i = j + 1
                else:
                    raise ValueError("unsupported group at %d in %r" % (i, rx))
            else:
                toks.append(["open", "(", True])
                i += 1
        elif c == ")":
            toks.append(["close", ")"])
            i += 1
        elif c in "*+?":
            q = c
            i += 1
            if i < n and rx[i] in "?+":
                q += rx[i]
                i += 1
            toks.append(["quant", q])
        elif c == "{" and re.match(r"\{\d+(,\d*)?\}", rx[i:]):
            m = re.match(r"\{\d+(,\d*)?\}\??", rx[i:])
            toks.append(["quant", m.group(0)])
            i += len(m.group(0))
        elif c == "|":
            toks.append(["alt", c])
            i += 1
        elif c in "^$":
            toks.append(["assert", c])
            i += 1
        elif c == ".":
            toks.append(["atom", c])
            i += 1
        else:
            toks.append(["lit", c])
            i += 1
    return toks


def leading_flags(rx):
    m = re.match(r"\(\?([a-zA-Z]+)\)", rx)
    return "(?%s)" % m.group(1) if m else ""


def capture_groups(toks):
    """Return [(open_index, close_index)] of capturing groups, in group-number order."""
    out = []
    stack = []
    for i, t in enumerate(toks):
        if t[0] == "open":
            stack.append((i, t[2]))
            if t[2]:
                out.append([i, None])
        elif t[0] == "close":
            oi, cap = stack.pop()
            if cap:
                for g in out:
                    if g[0] == oi:
                        g[1] = i
    return [tuple(g) for g in out]


def matching_close(toks, oi):
    depth = 0
    for i in range(oi, len(toks)):
        if toks[i][0] == "open":
            depth += 1
        elif toks[i][0] == "close":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced")


def provenance_pattern(inner, wrap_quantified_groups):
    """Rewrite the tokens of a group so that every variable part is a named group v<N>.

    Returns (pattern, spans) where spans maps name -> ("atom", atom_text) or ("group", text)."""
    out = []
    spans = {}
    i = 0
    counter = [0]

    def name():
        counter[0] += 1
        return "v%d" % counter[0]

    def emit_range(a, b, wrap):
        j = a
        while j < b:
            t = inner[j]
            q = inner[j + 1][1] if j + 1 < b and inner[j + 1][0] == "quant" else ""
            if t[0] == "open":
                cj = matching_close(inner[a:b], j - a) + a
                gq = inner[cj + 1][1] if cj + 1 < b and inner[cj + 1][0] == "quant" else ""
                body_txt = "".join(x[1] if x[0] != "open" else ("(?:" if x[2] else x[1]) for x in inner[j + 1:cj])
                opener = "(?:" if t[2] else t[1]
                if gq:
                    if wrap and wrap_quantified_groups:
                        nm = name()
                        spans[nm] = ("group", opener + body_txt + ")" + gq)
                        out.append("(?P<%s>%s%s)%s)" % (nm, opener, body_txt, gq))
                    else:
                        out.append(opener + body_txt + ")" + gq)
                    j = cj + 2
                else:
                    out.append(opener)
                    emit_range(j + 1, cj, wrap)
                    out.append(")")
                    j = cj + 1
                continue
            if t[0] == "atom" and wrap:
                nm = name()
                spans[nm] = ("atom", t[1])
                out.append("(?P<%s>%s%s)" % (nm, t[1], q))
                j += 2 if q else 1
                continue
            out.append(t[1])
            j += 1

    emit_range(0, len(inner), True)
    return "".join(out), spans


class SecretFormat:
    """Variable/fixed structure of one rule's secret, learnt from the rule's regex."""

    def __init__(self, rule):
        self.rule = rule
        rx = rule["regex"]
        self.flags = leading_flags(rx)
        self.toks = tokenize(rx[len(self.flags):] if self.flags else rx)
        groups = capture_groups(self.toks)
        sg = rule.get("secretGroup")
        if sg:
            cand = [groups[sg - 1]]
        else:
            cand = groups
        self.candidates = []
        for (oi, ci) in cand:
            inner = self.toks[oi + 1:ci]
            plain = "".join(x[1] if x[0] != "open" else ("(?:" if x[2] else x[1]) for x in inner)
            variants = []
            for wrapq in (True, False):
                pat, spans = provenance_pattern(inner, wrapq)
                try:
                    variants.append((re.compile(self.flags + pat, re.S if "s" in self.flags else 0), spans))
                except re.error:
                    pass
            self.candidates.append((re.compile(self.flags + plain), variants))

    def fixed_prefix(self, secret):
        """The text before the first variable part of `secret` ("sk-ant-api03-", "xoxb-", ...)."""
        for plain, variants in self.candidates:
            for prov, spans in variants[:1]:
                m = prov.fullmatch(secret)
                if m:
                    starts = [m.start(nm) for nm in spans if m.group(nm) is not None and m.end(nm) > m.start(nm)]
                    return secret[:min(starts)] if starts else secret
        return ""

    def regenerate(self, rng, secret, keywords, tries=60):
        """A fresh secret of the same format as `secret`; (value, how)."""
        for plain, variants in self.candidates:
            for vi, (prov, spans) in enumerate(variants):
                m = prov.fullmatch(secret)
                if not m:
                    continue
                protected = keyword_mask(secret, keywords)
                # the character categories are those of all variable parts together, so that a hex
                # secret split by the regex into several parts stays hex in every part
                var_text = "".join(secret[m.start(nm):m.end(nm)] for nm in spans
                                   if m.group(nm) is not None)
                cats = categories([c for c in var_text if is_body_char(c)])
                # a value that is another provider's token (a PyPI token as a .pypirc password)
                # keeps that provider's prefix
                for p in KNOWN_PREFIXES:
                    if secret.startswith(p):
                        protected[:len(p)] = [True] * len(p)
                        break
                for _ in range(tries):
                    new = list(secret)
                    for nm, (kind, atom) in spans.items():
                        if m.group(nm) is None:
                            continue
                        a, b = m.span(nm)
                        if b <= a:
                            continue
                        allowed = class_chars(atom, self.flags) if kind == "atom" else None
                        new[a:b] = regen_span(rng, secret[a:b], allowed, protected[a:b], cats)
                    value = "".join(new)
                    if plain.fullmatch(value) and not looks_placeholder(value, secret) and value != secret:
                        return value, ("regex" if vi == 0 else "regex-keepgroups")
        return category_mutation(rng, secret, keywords), "fallback"


# ----------------------------------------------------------------------------------------------
# [[providers]] rows: "a key near the provider's name" (src/rules/provider_key.cc)
# ----------------------------------------------------------------------------------------------

NAMED_ALPHABETS = {"hex": "0-9a-f", "HEX": "0-9A-F", "xdigit": "0-9A-Fa-f", "alnum": "A-Za-z0-9", "lower": "a-z0-9",
                   "upper": "A-Z0-9", "digits": "0-9", "base64": "A-Za-z0-9+/", "base64url": "A-Za-z0-9_-",
                   "uuid": "0-9A-Fa-f-"}
SECRET_WORDS = "key|secret|token|passw|pwd|auth|access|private|credential|cred"
PROVIDER_MAX_GAP = 64


def class_body_chars(body):
    """The characters of a class body of literals and ranges ("A-Za-z0-9._-"), as provider_key.cc reads it."""
    out = set()
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.update(chr(c) for c in range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            out.add(body[i])
            i += 1
    return out


def py_class(chars, negated=False):
    """A Python character class for a set of bytes, every non-alphanumeric one escaped."""
    return "[" + ("^" if negated else "") + "".join(
        c if c.isascii() and c.isalnum() else "\\x%02x" % ord(c) for c in sorted(chars)) + "]"


class ProviderRow:
    """One [[providers]] row, expanded into a rule the way src/rules/provider_key.cc does."""

    def __init__(self, row):
        self.row = row
        self.alphabet = row["alphabet"]
        self.body = NAMED_ALPHABETS.get(self.alphabet, self.alphabet)
        self.chars = class_body_chars(self.body)
        length = row.get("length", 0)
        self.min_len, self.max_len = (length, length) if isinstance(length, int) else tuple(length)
        self.prefix = row.get("prefix", "")
        self.uuid = self.alphabet == "uuid"
        self.base64 = self.alphabet == "base64"
        self.hex_like = self.alphabet in ("hex", "HEX", "xdigit")
        # a key without a digit is allowlisted as a word unless the row says letters = true
        self.needs_digit = not row.get("letters", False) and not self.uuid and self.body != "0-9"

    def regex(self):
        letters_digits = set(string.ascii_letters + string.digits)
        bound = (set() if self.uuid else set(self.chars)) | letters_digits
        right_bound = bound | ({"="} if self.base64 else set())
        printable = {chr(c) for c in range(0x09, 0x0e)} | {chr(c) for c in range(0x20, 0x7f)}
        gap = py_class(printable)
        separators = printable - bound
        if self.uuid:
            body = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
        else:
            body = py_class(self.chars) + ("{%d}" % self.min_len if self.min_len == self.max_len
                                           else "{%d,%d}" % (self.min_len, self.max_len))
            if self.base64:
                body += "={0,2}"
        near = gap + "{0,%d}?" % (PROVIDER_MAX_GAP - 1)
        leads = []
        kws = [k.lower() for k in self.row.get("keywords", [])]
        if kws:
            alts = []
            for w in kws:
                alts.append("(?:^|[^A-Za-z0-9])(?i:%s)" % re.escape(w))
                if w[0].isalpha():
                    alts.append("[a-z0-9]%s(?i:%s)" % (re.escape(w[0].upper()), re.escape(w[1:])))
            names = "(?:" + "|".join(alts) + ")"
            half = "{0,%d}?" % (PROVIDER_MAX_GAP // 2)
            leads.append(names + gap + half + "(?i:" + SECRET_WORDS + ")" + gap + half if self.row.get("weakName")
                         else names + near)
        hosts = self.row.get("hosts", [])
        if hosts:
            leads.append("(?i:" + "|".join(re.escape(h.lower()) for h in hosts) + ")" + near)
        lead = leads[0] if len(leads) == 1 else "(?:" + leads[0] + "|" + leads[1] + ")"
        return lead + py_class(separators) + "(" + re.escape(self.prefix) + body + ")(?:" + \
            py_class(right_bound, negated=True) + "|$)"

    def raw_rule(self):
        r = self.row
        tags = list(r.get("tags", []))
        if "provider" not in tags:
            tags.append("provider")
        return {"id": r["id"], "description": "%s %s" % (r["name"], r.get("what", "API key")), "regex": self.regex(),
                "secretGroup": 1, "entropy": r.get("entropy", 2.5), "severity": r.get("severity", "high"),
                "tags": tags, "examples": r.get("examples", []), "negativeExamples": r.get("negativeExamples", []),
                "provider_row": True}


class ProviderFormat:
    """Fresh keys for a provider row, drawn from its alphabet, length and prefix (exact, no regex analysis)."""

    def __init__(self, row):
        self.row = row

    def fixed_prefix(self, secret):
        return self.row.prefix if secret.startswith(self.row.prefix) else ""

    def regenerate(self, rng, secret, keywords, tries=200):
        r = self.row
        body = secret[len(r.prefix):] if secret.startswith(r.prefix) else secret
        pad = ""
        if r.base64:
            pad = body[len(body.rstrip("=")):]
            body = body.rstrip("=")
        n = len(body) if r.min_len <= len(body) <= r.max_len else r.min_len
        value = secret
        for _ in range(tries):
            if r.uuid:
                digits = "0123456789abcdef" if secret == secret.lower() else "0123456789ABCDEF"
                value = "-".join("".join(rng.choice(digits) for _ in range(k)) for k in (8, 4, 4, 4, 12))
            else:
                chars = sorted(r.chars)
                value = r.prefix + "".join(rng.choice(chars) for _ in range(n)) + pad
            key = value[len(r.prefix):]
            if r.needs_digit and not any(c.isdigit() for c in key):
                continue
            if r.hex_like and key.isdigit():
                continue
            if value != secret and not looks_placeholder(value, secret):
                return value, "provider-row"
        return value, "provider-row"


_class_cache = {}
KNOWN_PREFIXES = []


def class_chars(atom, flags):
    key = (atom, flags)
    if key not in _class_cache:
        rx = re.compile(flags + atom, re.S if "s" in flags else 0)
        _class_cache[key] = {c for c in PRINTABLE if rx.fullmatch(c)}
    return _class_cache[key]


def keyword_mask(secret, keywords):
    mask = [False] * len(secret)
    low = secret.lower()
    for kw in keywords or []:
        kw = kw.lower()
        start = 0
        while True:
            p = low.find(kw, start)
            if p < 0:
                break
            for k in range(p, p + len(kw)):
                mask[k] = True
            start = p + 1
    return mask


def categories(body):
    cats = set()
    lowers = [c for c in body if c.islower() and c.isascii()]
    uppers = [c for c in body if c.isupper() and c.isascii()]
    hexish = len(body) >= 12
    for c in body:
        if c.isdigit():
            cats.add("0123456789")
        elif c.isascii() and c.islower():
            cats.add("abcdef" if hexish and all(x in "abcdef" for x in lowers) else string.ascii_lowercase)
        elif c.isascii() and c.isupper():
            cats.add("ABCDEF" if hexish and all(x in "ABCDEF" for x in uppers) else string.ascii_uppercase)
        else:
            cats.add(c)
    return set("".join(cats))


def is_body_char(c):
    return c.isascii() and c.isalnum()


def regen_span(rng, text, allowed, protected, cats=None):
    """Random body for one variable span, keeping its structure (see module doc)."""
    if "\n" in text:
        out = []
        pos = 0
        for line in text.split("\n"):
            seg_prot = protected[pos:pos + len(line)]
            if ": " in line or "-----" in line or "---- " in line or len(line.strip()) < 4:
                out.append(line)
            else:
                out.append("".join(regen_span(rng, line, allowed, seg_prot, cats)))
            pos += len(line) + 1
        return list("\n".join(out))
    n = len(text)
    # punctuation keeps its place (uuid dashes, base64 "/+", "%XX" escapes, "\\n", "=" padding,
    # quotes); letters and digits get a random value from the categories the example uses
    fixed = [bool(p) for p in protected] + [False] * (n - len(protected))
    i = 0
    while i < n:
        c = text[i]
        if not is_body_char(c):
            fixed[i] = True
            if c == "\\" and i + 1 < n:
                fixed[i + 1] = True
                i += 1
            elif c == "%" and re.match(r"%[0-9A-Fa-f]{2}", text[i:]):
                fixed[i + 1] = fixed[i + 2] = True
                i += 2
        i += 1
    body = [text[i] for i in range(n) if not fixed[i]]
    alphabet = set(cats) if cats else categories(body)
    if allowed is not None:
        alphabet &= allowed
    alphabet = sorted(c for c in alphabet if is_body_char(c))
    if len(alphabet) < 2:
        alphabet = sorted(c for c in (allowed or set(string.ascii_letters + string.digits)) if is_body_char(c))
    out = list(text)
    for i in range(n):
        if not fixed[i]:
            out[i] = rng.choice(alphabet)
    return out


def category_mutation(rng, secret, keywords):
    """Last resort: keep punctuation, the first 4 characters and keywords; redraw the rest."""
    prot = keyword_mask(secret, keywords)
    out = list(secret)
    for i, c in enumerate(secret):
        if i < 4 or prot[i]:
            continue
        if c.isdigit():
            out[i] = rng.choice(string.digits)
        elif c.islower():
            out[i] = rng.choice(string.ascii_lowercase)
        elif c.isupper():
            out[i] = rng.choice(string.ascii_uppercase)
    return "".join(out)


def has_sequential_run(s, n=6):
    run = 1
    for a, b in zip(s, s[1:]):
        if a.isalnum() and b.isalnum() and ord(b) - ord(a) == 1:
            run += 1
            if run >= n:
                return True
        else:
            run = 1
    return False


def looks_placeholder(value, original):
    low = value.lower()
    olow = original.lower()
    for w in PLACEHOLDER_WORDS:
        if w in low and w not in olow:
            return True
    for w in ("<", ">", "${", "{{", "%("):
        if w in value and w not in original:
            return True
    if re.search(r"(.)\1\1\1", value) and not re.search(r"(.)\1\1\1", original):
        return True
    if has_sequential_run(value) and not has_sequential_run(original):
        return True
    return False


def shannon(s):
    if not s:
        return 0.0
    counts = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    return -sum(v / len(s) * math.log2(v / len(s)) for v in counts.values())


# ----------------------------------------------------------------------------------------------
# Surroundings
# ----------------------------------------------------------------------------------------------

def words_of(key):
    key = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key)
    return [w.lower() for w in re.split(r"[_.\-\s]+", key) if w]


def case(words, style):
    if style == "upper":
        return "_".join(w.upper() for w in words)
    if style == "snake":
        return "_".join(words)
    if style == "camel":
        return words[0] + "".join(w.capitalize() for w in words[1:])
    if style == "pascal":
        return "".join(w.capitalize() for w in words)
    if style == "dotted":
        return ".".join(words)
    if style == "kebab":
        return "-".join(words)
    raise ValueError(style)


# Lines around a planted secret: HEAD[kind] is used as a prefix of random length (so imports and
# section headers stay first), TAIL[kind] as a random sample in order. None of them holds a secret.
HEAD = {
    "env": ["# service configuration", "APP_ENV=production", "LOG_LEVEL=info", "PORT=8080", "HOST=0.0.0.0",
            "DATABASE_HOST=db.internal", "REDIS_HOST=cache.internal"],
    "sh": ["#!/usr/bin/env bash", "set -euo pipefail", "cd \"$(dirname \"$0\")/..\"", "REGION=${REGION:-eu-west-1}",
           "SERVICE=billing-api"],
    "py": ["import os", "import logging", "from pathlib import Path", "", "log = logging.getLogger(__name__)",
           "BASE_DIR = Path(__file__).resolve().parent", "DEBUG = False", "TIMEOUT_SECONDS = 30"],
    "js": ["'use strict';", "const path = require('path');", "", "const PORT = process.env.PORT || 3000;",
           "const TIMEOUT_MS = 15000;", "// client settings"],
    "go": ["package config", "", "import (", "\t\"os\"", "\t\"time\"", ")", "",
           "const timeout = 30 * time.Second", "var region = os.Getenv(\"AWS_REGION\")", ""],
    "yaml": ["# application settings", "server:\n  port: 8080\n  host: 0.0.0.0", "logging:\n  level: info",
             "metrics:\n  enabled: true\n  path: /metrics"],
    "tf": ["terraform {", "  required_version = \">= 1.5\"", "}", "", "locals {", "  region = \"eu-west-1\"",
           "  env    = \"prod\"", "}", ""],
    "docker": ["FROM python:3.12-slim", "WORKDIR /app", "COPY requirements.txt .",
               "RUN pip install --no-cache-dir -r requirements.txt", "COPY . ."],
    "properties": ["# application settings", "server.port=8080", "spring.application.name=orders",
                   "logging.level.root=INFO", "app.retry.max-attempts=3"],
    "toml": ["# service settings", "title = \"orders\"", "", "[server]", "port = 8080", "host = \"0.0.0.0\"", "",
             "[upstream]"],
    "xml": ["<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<configuration>", "  <appSettings>",
            "    <add key=\"Environment\" value=\"Production\" />", "    <add key=\"TimeoutSeconds\" value=\"30\" />"],
    "ini": ["; deployment settings", "[general]", "log_level = info", "workers = 4"],
    "php": ["<?php", "// configuration", "$timeout = 30;", "$region = 'eu-west-1';"],
    "conf": ["# local settings", "log_level = info", "workers = 4"],
    "txt": ["Setup notes", "===========", ""],
}
TAIL = {
    "env": ["FEATURE_SEARCH=true", "WORKERS=4", "TZ=UTC", "S3_BUCKET=acme-uploads-eu", "MAX_UPLOAD_MB=25",
            "CACHE_TTL_SECONDS=300", "CORS_ORIGINS=https://app.acme.io"],
    "sh": ["echo \"deploying $SERVICE to $REGION\"", "docker compose pull --quiet", "docker compose up -d --remove-orphans",
           "sleep 3", "curl -fsS http://localhost:8080/healthz >/dev/null"],
    "py": ["", "", "def build_url(path):", "    return f\"https://api.acme.io/v2/{path.lstrip('/')}\"", ""],
    "js": ["", "function endpoint(p) {", "  return `https://api.acme.io/v1/${p}`;", "}",
           "module.exports.endpoint = endpoint;"],
    "go": ["", "func Region() string {", "\treturn region", "}"],
    "yaml": ["cache:\n  ttl: 300", "features:\n  search: true\n  exports: false"],
    "tf": ["", "output \"region\" {", "  value = local.region", "}"],
    "docker": ["EXPOSE 8080", "USER 1000", "CMD [\"python\", \"-m\", \"app\"]"],
    "properties": ["app.timeout.ms=15000", "management.endpoints.web.exposure.include=health,info"],
    "toml": ["timeout_ms = 15000", "retries = 3"],
    "xml": ["  </appSettings>", "</configuration>"],
    "ini": ["timeout = 30"],
    "php": ["return ['timeout' => $timeout];"],
    "conf": ["timeout = 30"],
    "txt": ["", "Ask the platform team before rotating anything."],
}
COMMENT = {"env": "#", "sh": "#", "py": "#", "js": "//", "go": "//", "yaml": "#", "tf": "#", "docker": "#",
           "properties": "#", "toml": "#", "ini": ";", "php": "//", "rb": "#", "cs": "//", "conf": "#",
           "txt": None, "json": None, "xml": None, "pem": None, "netrc": None}

SERVICES = ["billing", "orders", "search", "notify", "ingest", "reports", "gateway", "auth", "media", "ledger",
            "catalog", "crm-sync", "exporter", "scheduler", "webhooks", "analytics"]


def rand_dir(rng):
    return rng.choice(["services/%s" % rng.choice(SERVICES), "apps/%s" % rng.choice(SERVICES),
                       "deploy/%s" % rng.choice(["prod", "staging", "eu", "us"]), "infra", "ops/scripts",
                       "packages/%s" % rng.choice(SERVICES), "config", "tools/%s" % rng.choice(SERVICES),
                       "src/%s" % rng.choice(SERVICES)])


def surround(rng, kind):
    """(lines before, lines after) a planted line in a file of this kind."""
    head = HEAD.get(kind, [])
    tail = TAIL.get(kind, [])
    if kind == "xml":
        return head, tail
    before = head[:rng.randint(min(len(head), 2), len(head))] if head else []
    if kind == "go" and before and len(before) < 6:
        before = head[:6]
    after = tail[:rng.randint(0, len(tail))]
    # entries may hold whole blocks (a YAML mapping with its children)
    return "\n".join(before).split("\n") if before else [], "\n".join(after).split("\n") if after else []


# Files whose layout is fixed by the tool that reads them
STYLE_SURROUND = {
    "gha": (["name: deploy", "on:", "  push:", "    branches: [main]"],
            ["    steps:", "      - uses: actions/checkout@v4", "      - run: make deploy"]),
    "compose": (["# local stack"], ["      - LOG_LEVEL=info", "    ports:", "      - \"8080:8080\"",
                                    "    restart: unless-stopped"]),
    "compose_map": (["# worker stack"], ["      LOG_LEVEL: info", "    restart: unless-stopped"]),
}


# A style renders (key words, value) into (file kind, path suffix, lines, index of the secret line).
def style_lines(rng, style, words, value):
    up, sn, ca, pa, do = (case(words, "upper"), case(words, "snake"), case(words, "camel"),
                          case(words, "pascal"), case(words, "dotted"))
    q = rng.choice(["\"", "'"])
    if style == "env":
        return "env", rng.choice([".env", ".env.production", "app.env", ".env.local"]), [f"{up}={value}"]
    if style == "env_quoted":
        return "env", rng.choice([".env", ".env.staging", "prod.env"]), [f"{up}={q}{value}{q}"]
    if style == "export":
        return "sh", rng.choice(["deploy.sh", "run.sh", "scripts/bootstrap.sh", "env.sh"]), [
            f"export {up}={q}{value}{q}"]
    if style == "yaml":
        ind = rng.choice(["  ", "    "])
        return "yaml", rng.choice(["config.yaml", "settings.yml", "values.yaml", "application.yml"]), [
            f"{words[0]}:", f"{ind}{sn}: {value}"]
    if style == "yaml_quoted":
        ind = rng.choice(["  ", "    "])
        return "yaml", rng.choice(["config.yaml", "secrets.yml", "app.yaml"]), [
            "integrations:", f"{ind}{sn}: {q}{value}{q}"]
    if style == "compose":
        return "yaml", "docker-compose.yml", ["services:", "  app:", "    image: acme/app:1.4", "    environment:",
                                              f"      - {up}={value}"]
    if style == "compose_map":
        return "yaml", "docker-compose.yaml", ["services:", "  worker:", "    environment:",
                                               f"      {up}: {q}{value}{q}"]
    if style == "gha":
        return "yaml", ".github/workflows/deploy.yml", ["jobs:", "  deploy:", "    runs-on: ubuntu-latest",
                                                        "    env:", f"      {up}: {value}"]
    if style == "json":
        return "json", rng.choice(["config.json", "appsettings.json", "credentials.json"]), [
            "{", "  \"name\": \"%s\"," % rng.choice(SERVICES), "  \"%s\": {" % words[0],
            f"    \"{ca}\": \"{value}\",", "    \"timeoutMs\": 15000", "  }", "}"]
    if style == "python":
        return "py", rng.choice(["settings.py", "config.py", "client.py"]), [f"{up} = {q}{value}{q}"]
    if style == "python_snake":
        return "py", rng.choice(["client.py", "tasks.py", "sync.py"]), [
            "def make_client():", f"    {sn} = {q}{value}{q}", f"    return Client({sn})"]
    if style == "python_kwarg":
        return "py", rng.choice(["client.py", "app.py"]), [f"client = Client({sn}={q}{value}{q}, timeout=30)"]
    if style == "js_const":
        return "js", rng.choice(["config.js", "src/client.ts", "lib/api.mjs"]), [f"const {ca} = {q}{value}{q};"]
    if style == "js_object":
        return "js", rng.choice(["config.js", "src/settings.ts"]), ["module.exports = {",
                                                                     f"  {ca}: {q}{value}{q},", "};"]
    if style == "go":
        return "go", rng.choice(["main.go", "config.go", "client.go"]), ["func newClient() *Client {",
                                                                         f"\t{ca} := \"{value}\"",
                                                                         f"\treturn &Client{{key: {ca}}}", "}"]
    if style == "go_const":
        return "go", rng.choice(["config.go", "consts.go"]), [f"const {ca} = \"{value}\""]
    if style == "terraform":
        return "tf", rng.choice(["main.tf", "providers.tf"]), [f"provider \"{words[0]}\" {{",
                                                               f"  {sn} = \"{value}\"", "}"]
    if style == "terraform_var":
        return "tf", "variables.tf", [f"variable \"{sn}\" {{", "  type    = string", f"  default = \"{value}\"",
                                      "}"]
    if style == "dockerfile":
        return "docker", "Dockerfile", [f"ENV {up}={value}"]
    if style == "dockerfile_arg":
        return "docker", "Dockerfile", [f"ARG {up}={value}"]
    if style == "properties":
        return "properties", rng.choice(["application.properties", "app.properties"]), [f"{do}={value}"]
    if style == "toml":
        return "toml", rng.choice(["config.toml", "settings.toml"]), [f"{sn} = \"{value}\""]
    if style == "xml":
        return "xml", rng.choice(["web.config", "App.config"]), [f"    <add key=\"{pa}\" value=\"{value}\" />"]
    if style == "bearer":
        return "py", rng.choice(["client.py", "fetch.py"]), [
            f"HEADERS = {{\"Authorization\": \"Bearer {value}\", \"Accept\": \"application/json\"}}"]
    if style == "cli":
        return "sh", rng.choice(["release.sh", "ci.sh"]), [f"./bin/uploader --{case(words, 'kebab')} {value} --verbose"]
    raise ValueError(style)


SELF_STYLES = ["env", "env_quoted", "export", "yaml", "yaml_quoted", "compose", "compose_map", "gha", "json",
               "python", "python_snake", "python_kwarg", "js_const", "js_object", "go", "go_const", "terraform",
               "terraform_var", "dockerfile", "dockerfile_arg", "properties", "toml", "xml", "bearer", "cli"]
KEY_STYLES = ["env", "env_quoted", "export", "yaml", "yaml_quoted", "compose", "compose_map", "gha", "json",
              "python", "python_snake", "js_const", "js_object", "go", "go_const", "terraform", "dockerfile",
              "properties", "toml"]

BAD_FOR_STYLES = set(" \"'\\$`#{}<>;\n\t")

LEAD_RE = re.compile(r"^(?P<indent>[ \t]*)(?:-[ \t]+)?(?:(?:export|ENV|ARG|set|const|let|var|final|private)[ \t]+)?"
                     r"(?:String[ \t]+)?\$?(?P<q1>[\"']?)(?P<key>[A-Za-z_][\w.\-]*)(?P=q1)\]?[ \t]*"
                     r"(?P<op>=|:=|:|=>)[ \t]*(?P<q2>[\"'`]?)$")


def guess_kind(text, path):
    base = os.path.basename(path or "")
    first = text.lstrip().split("\n", 1)[0]
    if base:
        return None
    if "-----BEGIN" in first and "PRIVATE KEY" in first or first.startswith("---- BEGIN SSH2") or \
            first.startswith("PuTTY-User-Key-File"):
        return "pem"
    if first.startswith("{") or first.startswith("\"") and "\": " in first:
        return "json"
    if first.startswith("<") or first.lstrip().startswith("<"):
        return "xml"
    if re.match(r"\s*(curl|export|git|wget|echo|docker|az|op|doctl|vault|pip|infisical|npm|aws|gh|heroku|kubectl|"
                r"ssh|psql|mysql|helm|http|\$uri|gcloud|terraform)\b", first):
        return "sh"
    if re.match(r"\s*(RUN|ENV|FROM|ARG)\s", first):
        return "docker"
    if re.match(r"[\w.@-]+:(\$(apr1|2[aby])\$|\{SHA\})", first):
        return "htpasswd"
    if re.match(r"[a-z_][\w.-]*\$?:\$[^:]+:\d*:", first):
        return "shadow"
    if re.search(r"\breq\.Header|\bfmt\.|:= ", text):
        return "go"
    if re.search(r"\bapp\.config\[|\brequest\.args|\bos\.getenv", text):
        return "py"
    if "=>" in first and "(" in first and "'" in first:
        return "php"
    if "define(" in text or re.match(r"\s*\$\w+\s*=", first) or "=>" in text and "'" in text and "(" not in first:
        return "php"
    if re.match(r"\s*(machine|default)\s", first):
        return "netrc"
    if re.search(r"\b(const|let|var|await|require\(|process\.env|new [A-Z])", text) or text.rstrip().endswith(";"):
        return "js"
    if ":=" in text or "[]byte" in text or "func " in text:
        return "go"
    if re.match(r"\s*(provider|resource|credentials|variable|module)\s+\"", first):
        return "tf"
    if re.match(r"\s*\[[^\]]+\]\s*$", first):
        return "ini"
    if re.search(r"\b(import |os\.environ|def |requests\.|client\s*=|[a-z_]+\s*=\s*[A-Za-z_.]+\()", text):
        return "py"
    if re.match(r"\s*[a-z][\w.-]*(\s+[\w.:/\"'=-]+)*?\s+--?[a-z]", first):
        return "sh"
    if "," in first and re.match(r"[\w ]+(,[\w ]+)+$", first):
        return "csv"
    if re.match(r"\s*[A-Z][A-Z0-9_]*\s+=\s+[\"'\w{\[]", first):
        return "py"
    if re.match(r"\s*[A-Za-z][A-Za-z0-9_]*=", first):
        return "env"
    if re.match(r"\s*[\w.\-\"]+:(\s|$)", first) or re.match(r"\s*- ", first):
        return "yaml"
    if re.match(r"\s*[a-z][\w.\-]*\s*=", first):
        return "properties" if "." in first.split("=")[0] else "conf"
    return "txt"


KIND_EXT = {"pem": [".pem", ".key", "id_rsa"], "json": [".json"], "xml": [".xml", ".config"], "sh": [".sh"],
            "docker": ["Dockerfile"], "php": [".php"], "netrc": [".netrc"], "js": [".js", ".ts"], "go": [".go"],
            "tf": [".tf"], "ini": [".ini", ".cfg"], "py": [".py"], "env": [".env"], "yaml": [".yaml", ".yml"],
            "properties": [".properties"], "conf": [".conf"], "txt": [".txt", ".md"], "rb": [".rb"],
            "csv": [".csv"], "htpasswd": [".htpasswd"], "shadow": ["shadow"]}


def template_path(rng, kind, rid):
    ext = rng.choice(KIND_EXT[kind])
    stem = rng.choice(["settings", "config", "deploy", "bootstrap", "client", "local", "prod", "secrets",
                       "integration", "notes", "setup"])
    if ext in ("Dockerfile", "id_rsa", ".netrc", ".env", ".htpasswd", "shadow"):
        name = ext
    else:
        name = stem + ext
    return name


# ----------------------------------------------------------------------------------------------
# Rule analysis
# ----------------------------------------------------------------------------------------------

class Rule:
    def __init__(self, raw, family):
        self.raw = raw
        self.id = raw["id"]
        self.family = family
        self.keywords = raw.get("keywords") or []
        self.path_re = re.compile(raw["path"]) if raw.get("path") else None
        self.row = ProviderRow(raw["_row"]) if raw.get("_row") else None
        if self.row:
            raw = dict(self.row.raw_rule())
            self.raw = raw
        # a rule without a regex reports the file its path names (a .p12 bundle): the file is the finding
        self.path_only = "regex" not in raw
        self.examples = []
        if self.path_only:
            self.fmt = self.py = None
            self.examples = [{"text": ex.get("text", ""), "secret": "", "span": (0, 0), "path": ex["path"]}
                             for ex in raw.get("examples", []) if isinstance(ex, dict) and ex.get("path")]
            self.self_identifying, self.keys = False, []
            return
        self.fmt = ProviderFormat(self.row) if self.row else SecretFormat(raw)
        self.py = re.compile(raw["regex"])
        for ex in raw.get("examples", []):
            if isinstance(ex, str):
                ex = {"text": ex}
            text = ex["text"]
            secret = ex.get("secret")
            span = None
            m = None
            for mm in self.py.finditer(text):
                g = self.secret_group_span(mm)
                if g and (secret is None or text[g[0]:g[1]] == secret):
                    m, span = mm, g
                    break
            if secret is None and span:
                secret = text[span[0]:span[1]]
            if secret is None:
                continue
            if span is None:
                p = text.find(secret)
                if p < 0:
                    continue
                span = (p, p + len(secret))
            self.examples.append({"text": text, "secret": secret, "span": span, "path": ex.get("path")})
        self.self_identifying = self._self_identifying()
        self.keys = self._keys()

    def secret_group_span(self, m):
        sg = self.raw.get("secretGroup")
        if sg:
            return m.span(sg) if m.group(sg) is not None else None
        for g in range(1, (m.re.groups or 0) + 1):
            if m.group(g):
                return m.span(g)
        return m.span(0)

    def finds(self, line, secret):
        if self.keywords and not any(k.lower() in line.lower() for k in self.keywords):
            return False
        for m in self.py.finditer(line):
            s = self.secret_group_span(m)
            if s and line[s[0]:s[1]] == secret:
                return True
        return False

    def _self_identifying(self):
        if self.path_re:
            return False
        for ex in self.examples:
            s = ex["secret"]
            if "\n" in s:
                return False
            if not (self.finds('x = "%s"' % s, s) and self.finds("data %s end" % s, s)):
                return False
        return bool(self.examples)

    def _keys(self):
        """Key names (as word lists) the secret is assigned to in the examples."""
        keys = []
        # rules bound to a file type (a path, a line-anchored format) or to an HTTP header only
        # make sense in their own surroundings: they get positives from their examples' texts
        if self.path_re or re.search(r"\(\?[a-z]*m[a-z]*\)", self.raw["regex"]) or "header" in self.id:
            return keys
        for ex in self.examples:
            t, (a, b) = ex["text"], ex["span"]
            ls = t.rfind("\n", 0, a) + 1
            le = t.find("\n", b)
            le = len(t) if le < 0 else le
            lead, tail = t[ls:a], t[b:le]
            m = LEAD_RE.match(lead)
            if not m or not re.match(r"^[\"'`]?\s*[,;)]?\s*(#.*|//.*)?$", tail):
                continue
            w = words_of(m.group("key"))
            # a key name that says what the value is for: two words or more, one of them not generic
            if len(w) < 2 or all(x in GENERIC_WORDS for x in w):
                continue
            if w not in keys:
                keys.append(w)
        if self.self_identifying and not keys:
            w = [x for x in self.id.split("-") if x not in ("legacy", "v2")]
            keys.append(w)
        if self.row:
            # a row's key is found by the provider's name: a key name without it ("app_certificate" in a
            # YAML section "agora:") only works in its example's own surroundings
            names = [k.lower() for k in self.row.row.get("keywords", [])]
            keys = [w for w in keys if any(n in sep.join(w) for n in names for sep in ("", "_", "-", "."))]
        return keys


def entropy_margin(rules, per_example=150, seed=7):
    """For each rule with an entropy threshold: the share of fresh secrets of its format that fall
    below the threshold (they would be dropped however well the regex matches)."""
    rng = random.Random(seed)
    out = {}
    for r in rules:
        thr = r.raw.get("entropy")
        if not thr or not r.examples:
            continue
        per = []
        for ex in r.examples:
            low = 0
            for _ in range(per_example):
                v, _h = r.fmt.regenerate(rng, ex["secret"], r.keywords)
                if shannon(v) < thr:
                    low += 1
            per.append({"length": len(ex["secret"]), "alphabet": alphabet_name(ex["secret"]),
                        "below": low, "total": per_example, "example_entropy": round(shannon(ex["secret"]), 2)})
        out[r.id] = {"threshold": thr, "examples": per}
    return out


def alphabet_name(s):
    body = [c for c in s if c.isalnum()]
    if body and all(c in "0123456789abcdef" for c in body):
        return "hex"
    if body and all(c in "0123456789ABCDEF" for c in body):
        return "HEX"
    kinds = []
    if any(c.islower() for c in body):
        kinds.append("a-z")
    if any(c.isupper() for c in body):
        kinds.append("A-Z")
    if any(c.isdigit() for c in body):
        kinds.append("0-9")
    other = sorted(set(c for c in s if not c.isalnum()))
    return "".join(kinds) + ("+" + "".join(other) if other else "")


def load_rules(rules_dir):
    rules = []
    for f in sorted(glob.glob(os.path.join(rules_dir, "*.toml"))):
        fam = os.path.splitext(os.path.basename(f))[0]
        with open(f, "rb") as fh:
            data = tomllib.load(fh)
        for raw in data.get("rules", []):
            rules.append(Rule(raw, fam))
        # [[providers]] rows become ordinary rules, as the loader expands them
        for row in data.get("providers", []):
            rules.append(Rule({"id": row["id"], "_row": row}, fam))
    return rules


# ----------------------------------------------------------------------------------------------
# Corpus
# ----------------------------------------------------------------------------------------------

class Corpus:
    def __init__(self, out, rng):
        self.out = out
        self.rng = rng
        self.labels = []
        self.files = 0
        self.used_paths = set()
        self.stats = {"regex": 0, "regex-keepgroups": 0, "fallback": 0, "provider-row": 0}

    def unique_path(self, rel):
        base = rel
        k = 1
        while rel in self.used_paths:
            # number the top directory, so that the file's own name and parent directories
            # (config/master.key, .github/workflows/...) stay as they are
            top, _, restp = base.partition("/")
            rel = "%s-%d/%s" % (top, k, restp)
            k += 1
        self.used_paths.add(rel)
        return rel

    def write(self, rel, content, labels):
        rel = self.unique_path(rel)
        full = os.path.join(self.out, "files", rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", newline="") as fh:
            fh.write(content)
        self.files += 1
        for lb in labels:
            lb["path"] = "files/" + rel
            self.labels.append(lb)
        return rel


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def build(args):
    rng = random.Random(args.seed)
    rules = load_rules(args.rules_dir)
    by_id = {r.id: r for r in rules}
    generic_rules = [r for r in rules if "generic" in (r.raw.get("tags") or []) and not r.path_re]
    prefixes = set()
    for r in rules:
        if r.self_identifying:
            for ex in r.examples:
                p = r.fmt.fixed_prefix(ex["secret"])
                if len(p) >= 3 and p != ex["secret"]:
                    prefixes.add(p)
    KNOWN_PREFIXES[:] = sorted(prefixes, key=len, reverse=True)
    # every example secret of the pack, to swap out secrets that a template carries besides its own
    known = {}
    for r in rules:
        for ex in r.examples:
            if len(ex["secret"]) >= 8:
                known.setdefault(ex["secret"], r.id)

    if os.path.exists(args.out):
        if not args.force:
            sys.exit("%s exists (use --force)" % args.out)
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    corpus = Corpus(args.out, rng)
    rule_meta = []

    def fresh(rule, secret):
        value, how = rule.fmt.regenerate(rng, secret, rule.keywords)
        corpus.stats[how] += 1
        return value, how

    for rule in rules:
        if not rule.examples:
            rule_meta.append({"id": rule.id, "skipped": "no usable example"})
            continue
        if rule.path_only:
            # the file is the finding: plant files whose names the rule's path accepts (line 1, no secret)
            for i in range(1 if args.sweep else args.n):
                ex = rule.examples[i % len(rule.examples)]
                rel = "%s/%s/%s" % (rule.family, rand_dir(rng), os.path.basename(ex["path"]))
                corpus.write(rel, ex["text"] + "\n", [{"line": 1, "rule_id": rule.id, "family": rule.family,
                                                       "secret": "", "primary": True, "style": "path-only",
                                                       "generator": "path", "column": 1}])
            rule_meta.append({"id": rule.id, "family": rule.family, "path_only": True})
            continue
        plan = []
        styles = SELF_STYLES if rule.self_identifying else (KEY_STYLES if rule.keys else [])
        srng = random.Random("%s-%s" % (args.seed, rule.id))
        style_cycle = styles[:]
        srng.shuffle(style_cycle)
        ex_cycle = list(range(len(rule.examples)))
        srng.shuffle(ex_cycle)
        if args.sweep:
            # every surrounding once: each style, and each example's own text
            for k, st in enumerate(styles):
                plan.append(("style", st, ex_cycle[k % len(ex_cycle)]))
            for exi in range(len(rule.examples)):
                plan.append(("template", None, exi))
        else:
            for i in range(args.n):
                # about a third of the positives of a styled rule come from its examples' own text
                if styles and i % 3 != 0:
                    plan.append(("style", style_cycle[i % len(style_cycle)], ex_cycle[i % len(ex_cycle)]))
                else:
                    plan.append(("template", None, ex_cycle[(i // 3 if styles else i) % len(ex_cycle)]))
        for i, (kind, style, exi) in enumerate(plan):
            ex = rule.examples[exi]
            secret, how = fresh(rule, ex["secret"])
            if kind == "style" and (set(secret) & BAD_FOR_STYLES):
                kind = "template"
            if kind == "style":
                words = rule.keys[(i + srng.randrange(len(rule.keys))) % len(rule.keys)]
                fkind, fname, lines, = style_lines(rng, style, words, secret)
                sec_idx = next(k for k, l in enumerate(lines) if secret in l)
                before, after = STYLE_SURROUND.get(style) or surround(rng, fkind)
                all_lines = before + lines + after
                content = "\n".join(all_lines) + "\n"
                line_no = len(before) + sec_idx + 1
                rel = "%s/%s/%s" % (rule.family, rand_dir(rng), fname)
                col = lines[sec_idx].index(secret)
                corpus.write(rel, content, [{
                    "line": line_no, "rule_id": rule.id, "family": rule.family, "secret": secret,
                    "primary": True, "style": style, "generator": how, "column": col + 1}])
                continue
            # template from the example text
            text = ex["text"]
            a, b = ex["span"]
            pieces = [(a, b, secret, rule.id, True, how)]
            # further values of the same kind in the text (a second line of a .git-credentials), and
            # passwords or keys that a generic rule sees in it (a "password" beside a docker "auth")
            for other in [rule] + generic_rules:
                for mm in other.py.finditer(text):
                    sp = other.secret_group_span(mm)
                    if not sp or sp[1] <= sp[0] or not all(sp[1] <= x or sp[0] >= y for (x, y, *_r) in pieces):
                        continue
                    line = text[text.rfind("\n", 0, sp[0]) + 1:sp[1]]
                    if other.keywords and not any(k.lower() in line.lower() for k in other.keywords):
                        continue
                    v, h = other.fmt.regenerate(rng, text[sp[0]:sp[1]], other.keywords)
                    pieces.append((sp[0], sp[1], v, other.id, False, h))
            for ks, kr in known.items():
                if ks == ex["secret"]:
                    continue
                start = 0
                while True:
                    p = text.find(ks, start)
                    if p < 0:
                        break
                    q = p + len(ks)
                    if all(q <= x or p >= y for (x, y, *_r) in pieces):
                        other = by_id[kr]
                        v, h = other.fmt.regenerate(rng, ks, other.keywords)
                        pieces.append((p, q, v, kr, False, h))
                    start = q
            pieces.sort()
            out = []
            last = 0
            labels = []
            for (p, q, v, rid, primary, h) in pieces:
                out.append(text[last:p])
                pos = sum(len(x) for x in out)
                out.append(v)
                labels.append((pos, v, rid, primary, h))
                last = q
            out.append(text[last:])
            body = "".join(out)
            if ex["path"]:
                fkind = "path"
                rel_name = ex["path"]
                candidates = ["%s/%s" % (rand_dir(rng), rel_name), "%s/%s" % (rand_dir(rng), os.path.basename(rel_name)),
                              "home/%s/%s" % (rng.choice(["deploy", "ci", "ana", "jmartin"]), rel_name), rel_name]
                ok = (lambda c: rule.path_re.search(c)) if rule.path_re else (lambda c: True)
                rel = next((c for c in candidates if ok(c)), rel_name)
                rel = "%s/%s" % (rule.family, rel)
                if not ok(rel):
                    rel = "%s/%s" % (rule.family, rel_name)
                before, after = [], []
            else:
                fkind = guess_kind(body, None)
                rel = "%s/%s/%s" % (rule.family, rand_dir(rng), template_path(rng, fkind, rule.id))
                before, after = [], []
                # a text that starts indented is a fragment of a larger document: keep it alone
                if COMMENT.get(fkind) and fkind != "xml" and not body[:1].isspace():
                    before, after = surround(rng, fkind)
                elif fkind == "yaml":
                    before = ["%s:" % rng.choice(SERVICES)]
            prefix = "\n".join(before) + ("\n" if before else "")
            content = prefix + body + ("" if body.endswith("\n") else "\n") + "\n".join(after) + ("\n" if after else "")
            lbls = []
            for (pos, v, rid, primary, h) in labels:
                lbls.append({"line": line_of(content, len(prefix) + pos), "rule_id": rid, "family": by_id[rid].family,
                             "secret": v, "primary": primary,
                             "style": "template:%s" % fkind if primary else "template-extra", "generator": h,
                             "column": len(prefix) + pos - content.rfind("\n", 0, len(prefix) + pos)})
            corpus.write(rel, content, lbls)
        rule_meta.append({"id": rule.id, "family": rule.family, "self_identifying": rule.self_identifying,
                          "keys": ["_".join(k) for k in rule.keys], "examples": len(rule.examples)})

    for lb in corpus.labels:
        lb["multiline"] = "\n" in lb["secret"]
        lb["entropy"] = round(shannon(lb["secret"]), 3)
    meta = {"seed": args.seed, "n": "sweep" if args.sweep else args.n, "rules": rule_meta, "files": corpus.files,
            "generator": corpus.stats}
    with open(os.path.join(args.out, "labels.json"), "w") as fh:
        json.dump({"meta": meta, "labels": corpus.labels}, fh, indent=1)
    prim = sum(1 for l in corpus.labels if l["primary"])
    print("wrote %d files, %d planted secrets (%d primary) for %d rules to %s; generator: %s" % (
        corpus.files, len(corpus.labels), prim, len(rules), args.out, corpus.stats), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1729)
    ap.add_argument("--n", type=int, default=5, help="positives per rule")
    ap.add_argument("--rules-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "rules"))
    ap.add_argument("--sweep", action="store_true",
                    help="instead of N positives per rule: one per file style and one per example text")
    ap.add_argument("--force", action="store_true")
    build(ap.parse_args())


if __name__ == "__main__":
    main()
