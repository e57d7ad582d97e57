#!/usr/bin/env python3
"""Generate a deterministic synthetic git repository for benchmarking `vigil git`.

    python3 make_repo.py OUT_DIR [--commits N] [--mb M] [--seed S]

OUT_DIR becomes a bare repository (HEAD -> main) built with one `git fast-import`
stream, then repacked with `git repack -adf --window=10 --depth=50`. The history
looks like a small polyglot monorepo: Python, JS/TS, Go, C, YAML, JSON and Markdown
files built from keyword, identifier, string and comment templates; a directory
tree of a few hundred files; commits that touch 1-6 files (small line edits, new
functions, new files, the odd delete or rename); feature branches merged back into
main with merge commits, a few left unmerged; annotated release tags.

A dozen well-formed but fake credentials, derived from the seed, are planted along
the way and about half are removed again in a later commit. They are listed in
OUT_DIR.planted.json (a file beside the repository, not inside it), with the commit
that introduced each one and whether any branch tip still contains it.

Everything comes from one random.Random(seed): the same arguments give the same
repository, byte for byte, on any machine with the same git.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- words

VERBS = [
    "get", "set", "load", "save", "parse", "build", "fetch", "update", "compute", "render",
    "validate", "resolve", "merge", "apply", "handle", "process", "create", "delete", "find",
    "list", "sync", "flush", "encode", "decode", "normalize", "register", "schedule",
    "dispatch", "refresh", "collect", "emit", "prune", "retry", "attach", "detach", "lookup",
]
NOUNS = [
    "user", "account", "session", "order", "invoice", "record", "config", "request",
    "response", "payload", "cache", "queue", "event", "message", "item", "entry", "node",
    "cluster", "worker", "job", "task", "metric", "report", "profile", "schema", "column",
    "index", "buffer", "stream", "channel", "route", "handler", "client", "server", "region",
    "bucket", "tenant", "policy", "rule", "batch", "snapshot", "manifest", "ledger", "quota",
    "shard", "replica", "widget", "cart", "product", "address", "webhook", "audit",
]
ADJS = [
    "default", "active", "pending", "raw", "cached", "local", "remote", "primary",
    "internal", "public", "legacy", "next", "current", "max", "min", "total", "stale",
    "dirty", "empty", "partial", "deferred", "shared",
]
PROSE = [
    "the", "a", "this", "we", "should", "must", "never", "always", "when", "before", "after",
    "because", "otherwise", "it", "is", "are", "be", "not", "only", "once", "per", "each",
    "request", "caller", "value", "list", "timeout", "retry", "lock", "state", "field",
    "returns", "keeps", "drops", "checks", "skips", "order", "input", "result", "error",
    "empty", "stale", "cache", "path", "limit", "budget", "window", "handler", "worker",
    "thread", "queue", "batch", "the", "of", "to", "in", "for", "with", "and", "or",
]
LOG_LEVELS = ["debug", "info", "warning", "error"]
PY_MODULES = ["os", "sys", "json", "logging", "time", "re", "uuid", "hashlib", "itertools",
              "functools", "collections", "pathlib", "datetime", "typing", "dataclasses"]
JS_LIBS = ["react", "axios", "lodash", "zod", "date-fns", "express", "uuid", "clsx", "pino"]
GO_PKGS = ["context", "errors", "fmt", "io", "log", "net/http", "os", "sort", "strconv",
           "strings", "sync", "time", "encoding/json"]
C_HEADERS = ["stdio.h", "stdlib.h", "string.h", "stdint.h", "stddef.h", "errno.h",
             "assert.h", "pthread.h", "unistd.h", "stdbool.h"]

AUTHORS = [  # name, email, tz, weight
    ("Maria Garcia", "maria.garcia@northwind.dev", "+0100", 14),
    ("Wei Zhang", "wei.zhang@northwind.dev", "+0800", 12),
    ("James O'Connor", "james.oconnor@northwind.dev", "+0000", 10),
    ("Priya Raman", "priya.raman@northwind.dev", "+0530", 10),
    ("Lukas Becker", "lukas.becker@northwind.dev", "+0100", 8),
    ("Aisha Bello", "aisha.bello@northwind.dev", "+0100", 7),
    ("Diego Fernandez", "diego.fernandez@northwind.dev", "-0300", 7),
    ("Hannah Kim", "hannah.kim@northwind.dev", "+0900", 6),
    ("Tom Nguyen", "tom.nguyen@northwind.dev", "-0800", 6),
    ("Sofia Rossi", "sofia.rossi@northwind.dev", "+0100", 5),
    ("Olusegun Adeyemi", "segun@adeyemi.io", "+0100", 3),
    ("Emma Johansson", "emma.j@users.noreply.github.com", "+0100", 3),
    ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", "+0000", 2),
    ("Kenji Watanabe", "kenji.watanabe@northwind.dev", "+0900", 2),
]


def snake(rng, parts=2):
    words = [rng.choice(VERBS)] + [rng.choice(NOUNS) for _ in range(parts - 1)]
    return "_".join(words)


def camel(rng, parts=2):
    words = [rng.choice(VERBS)] + [rng.choice(NOUNS) for _ in range(parts - 1)]
    return words[0] + "".join(w.capitalize() for w in words[1:])


def pascal(rng, parts=2):
    words = [rng.choice(ADJS + NOUNS)] + [rng.choice(NOUNS) for _ in range(parts - 1)]
    return "".join(w.capitalize() for w in words)


def var(rng):
    return rng.choice([rng.choice(NOUNS), rng.choice(ADJS) + "_" + rng.choice(NOUNS)])


def cvar(rng):
    v = var(rng)
    parts = v.split("_")
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


def sentence(rng, lo=4, hi=12):
    words = [rng.choice(PROSE) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize()


def message(rng):
    return rng.choice([
        f"{rng.choice(VERBS)} {rng.choice(NOUNS)} failed",
        f"invalid {rng.choice(NOUNS)}",
        f"{rng.choice(ADJS)} {rng.choice(NOUNS)} not found",
        f"cannot {rng.choice(VERBS)} {rng.choice(NOUNS)}",
        f"{rng.choice(NOUNS)} {rng.choice(['expired', 'rejected', 'missing', 'too large', 'locked'])}",
    ])


def hexstr(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


# ---------------------------------------------------------------------- languages

INTERFACE_FIELD = re.compile(r"^\s+\w+\??: [^=]*;$")
#
# A line-based file is a tuple of lines. Units (functions, classes, sections) are
# separated by one blank line and start at column 0, so "grow" inserts a unit at a
# boundary and "shrink" removes one. Small edits replace or insert simple
# statements at the indentation of an existing simple statement, which keeps the
# files syntactically plausible.


class LineLang:
    ext = ""
    comment = "#"
    indent = "    "

    def header(self, rng, path):
        return []

    def unit(self, rng):
        raise NotImplementedError

    def simple(self, rng, indent):
        raise NotImplementedError

    def is_simple(self, line):
        s = line.strip()
        if not s:
            return False
        return not (s.endswith(":") or s.endswith("{") or s.startswith("}") or s.endswith("(")
                    or s.startswith(")") or s.endswith("[") or s.startswith("]") or s.startswith("@")
                    or s.startswith("```") or s.startswith("|") or s.startswith("#include"))

    def secret_line(self, name, value):
        return f'{name} = "{value}"'

    def env_line(self, name):
        return f'{name} = os.environ["{name}"]'

    # ---- whole-file operations

    def new_file(self, rng, path, target):
        lines = list(self.header(rng, path))
        size = sum(len(l) + 1 for l in lines)
        while size < target or len(lines) < 8:
            u = self.unit(rng)
            lines.append("")
            lines.extend(u)
            size += sum(len(l) + 1 for l in u) + 1
        return tuple(lines)

    def render(self, body):
        return "\n".join(body) + "\n"

    def size(self, body):
        return sum(len(l) + 1 for l in body)

    def boundaries(self, body):
        # index of each blank line that is followed by a top-level line
        return [i for i in range(1, len(body) - 1)
                if body[i] == "" and body[i + 1][:1] not in ("", " ", "\t", "}", ")", "]")]

    def edit(self, rng, body, mode):
        lines = list(body)
        simple = [i for i, l in enumerate(lines) if self.is_simple(l)]
        if mode == "grow" or not simple:
            b = self.boundaries(lines)
            at = rng.choice(b) if b and rng.random() < 0.6 else len(lines)
            unit = [""] + self.unit(rng)
            if at == len(lines):
                lines.extend(unit)
            else:
                lines[at:at] = unit
            return tuple(lines)
        if mode == "shrink":
            b = self.boundaries(lines)
            if len(b) >= 4:
                k = rng.randrange(1, len(b) - 1)
                del lines[b[k]:b[k + 1]]
                return tuple(lines)
            mode = "tweak"
        i = rng.choice(simple)
        ind = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        if mode == "insert":
            new = [self.simple(rng, ind) for _ in range(rng.randint(1, 4))]
            lines[i + 1:i + 1] = new
        elif mode == "delete" and 0 < i < len(lines) - 1 and (
                self.is_simple(lines[i - 1]) or self.is_simple(lines[i + 1])) and \
                lines[i - 1].startswith(ind) and lines[i + 1].startswith(ind):
            del lines[i]
        else:  # tweak: rewrite one to three neighbouring simple lines
            n = rng.randint(1, 3)
            for j in range(i, min(i + n, len(lines))):
                if self.is_simple(lines[j]):
                    jind = lines[j][: len(lines[j]) - len(lines[j].lstrip())]
                    lines[j] = self.simple(rng, jind)
        return tuple(lines)

    def plant(self, rng, body, name, value):
        lines = list(body)
        b = self.boundaries(lines)
        at = (rng.choice(b) + 1) if b else len(lines)
        lines[at:at] = [self.secret_line(name, value), ""]
        return tuple(lines)

    def unplant(self, body, name, value):
        return tuple(self.env_line(name) if value in l else l for l in body)


class Python(LineLang):
    ext = ".py"

    def header(self, rng, path):
        mods = sorted(rng.sample(PY_MODULES, rng.randint(2, 6)))
        lines = [f'"""{sentence(rng)}."""', ""]
        for m in mods:
            if m == "typing":
                lines.append("from typing import Any, Dict, List, Optional")
            elif m == "dataclasses":
                lines.append("from dataclasses import dataclass, field")
            else:
                lines.append(f"import {m}")
        lines += ["", "logger = logging.getLogger(__name__)" if "logging" in mods
                  else f"{rng.choice(ADJS).upper()}_{rng.choice(NOUNS).upper()} = {rng.randint(1, 5000)}"]
        return lines

    def lit(self, rng):
        return rng.choice([
            str(rng.randint(0, 1000)), f"{rng.random() * 100:.2f}", "None", "True", "False",
            f'"{rng.choice(NOUNS)}"', f'"{rng.choice(ADJS)}-{rng.choice(NOUNS)}"', "[]", "{}",
        ])

    def expr(self, rng):
        v = var(rng)
        return rng.choice([
            f"{snake(rng)}({v}, {self.lit(rng)})",
            f'{v}.get("{rng.choice(NOUNS)}", {self.lit(rng)})',
            f"[x.{rng.choice(NOUNS)} for x in {v} if x.{rng.choice(ADJS)}]",
            self.lit(rng),
            f"{v} + {rng.randint(1, 64)}",
            f"len({v})",
            f'f"{rng.choice(NOUNS)}-{{{v}}}"',
            f"self.{var(rng)}",
            f"{rng.choice(['json.dumps', 'str', 'int', 'sorted', 'set'])}({v})",
        ])

    def simple(self, rng, indent):
        r = rng.random()
        if r < 0.45:
            return f"{indent}{var(rng)} = {self.expr(rng)}"
        if r < 0.65:
            return f'{indent}logger.{rng.choice(LOG_LEVELS)}("{message(rng)}: %s", {var(rng)})'
        if r < 0.75:  # a comment never stands alone: a block of only comments is no block
            return f"{indent}{var(rng)} = {self.expr(rng)}  # {sentence(rng, 3, 7).lower()}"
        return f"{indent}{var(rng)}.{snake(rng)}({var(rng)}, {self.lit(rng)})"

    def is_simple(self, line):
        return line[:1] == " " and super().is_simple(line) and not line.strip().startswith(('"""', "return", "#"))

    def block(self, rng, indent, depth):
        out = []
        for _ in range(rng.randint(2, 6)):
            r = rng.random()
            if depth < 2 and r < 0.18:
                out.append(f"{indent}if {var(rng)} is {rng.choice(['None', 'not None'])}:")
                if rng.random() < 0.4:
                    out.append(f'{indent}    raise {rng.choice(["ValueError", "KeyError", "RuntimeError"])}("{message(rng)}")')
                else:
                    out += self.block(rng, indent + "    ", depth + 1)
            elif depth < 2 and r < 0.3:
                out.append(f"{indent}for {rng.choice(NOUNS)} in {var(rng)}s:")
                out += self.block(rng, indent + "    ", depth + 1)
            else:
                if r > 0.88:
                    out.append(f"{indent}# {sentence(rng)}.")
                out.append(self.simple(rng, indent))
        return out

    def function(self, rng, indent=""):
        args = ", ".join(sorted(set(var(rng) for _ in range(rng.randint(0, 3)))))
        if indent:
            args = "self" + (", " + args if args else "")
        out = [f"{indent}def {snake(rng, rng.randint(2, 3))}({args}):",
               f'{indent}    """{sentence(rng)}."""']
        out += self.block(rng, indent + "    ", 0)
        out.append(f"{indent}    return {var(rng)}")
        return out

    def unit(self, rng):
        if rng.random() < 0.25:
            out = ["@dataclass", f"class {pascal(rng)}:", f'    """{sentence(rng)}."""', ""]
            for _ in range(rng.randint(2, 5)):
                out.append(f"    {var(rng)}: {rng.choice(['int', 'str', 'float', 'bool', 'Optional[str]', 'List[str]'])} = {self.lit(rng)}")
            for _ in range(rng.randint(1, 3)):
                out.append("")
                out += self.function(rng, "    ")
            return out
        return self.function(rng)


class JavaScript(LineLang):
    ext = ".js"
    comment = "//"
    indent = "  "
    typed = False

    def header(self, rng, path):
        lines = []
        for lib in sorted(rng.sample(JS_LIBS, rng.randint(1, 3))):
            lines.append(f'import {cvar(rng)} from "{lib}";')
        for _ in range(rng.randint(0, 3)):
            lines.append(f'import {{ {camel(rng)}, {camel(rng)} }} from "./{rng.choice(NOUNS)}";')
        return lines

    def t(self, rng):
        return (": " + rng.choice(["string", "number", "boolean", "string[]", pascal(rng),
                                   "Record<string, unknown>", "Promise<void>"])) if self.typed else ""

    def lit(self, rng):
        return rng.choice([
            str(rng.randint(0, 1000)), "null", "true", "false", "undefined", "[]", "{}",
            f'"{rng.choice(NOUNS)}"', f"`{rng.choice(NOUNS)}-${{{cvar(rng)}}}`",
            f"'{rng.choice(ADJS)}.{rng.choice(NOUNS)}'",
        ])

    def expr(self, rng):
        v = cvar(rng)
        return rng.choice([
            f"{camel(rng)}({v}, {self.lit(rng)})",
            f"await api.{camel(rng)}({v})",
            f"{v}.filter((x) => x.{cvar(rng)}).map((x) => x.id)",
            f"{v}?.{cvar(rng)} ?? {self.lit(rng)}",
            f"{{ ...{v}, {cvar(rng)}: {self.lit(rng)} }}",
            self.lit(rng),
            f"{v}.length + {rng.randint(1, 32)}",
            f"JSON.stringify({v})",
        ])

    def simple(self, rng, indent):
        r = rng.random()
        if r < 0.45:
            return f"{indent}{rng.choice(['const', 'let'])} {cvar(rng)} = {self.expr(rng)};"
        if r < 0.6:
            return f'{indent}console.{rng.choice(["debug", "warn", "error"])}("{message(rng)}", {cvar(rng)});'
        if r < 0.78:
            return f"{indent}// {sentence(rng)}."
        return f"{indent}{cvar(rng)}.{camel(rng)}({cvar(rng)});"

    def is_simple(self, line):
        s = line.strip()
        if line[:1] != " " or s.startswith(("/*", "*", "return")) or INTERFACE_FIELD.match(line):
            return False
        return s.endswith(";") and not s.startswith("}") or s.startswith("//")

    def block(self, rng, indent, depth):
        out = []
        for _ in range(rng.randint(2, 6)):
            r = rng.random()
            if depth < 2 and r < 0.18:
                out.append(f"{indent}if (!{cvar(rng)}) {{")
                if rng.random() < 0.4:
                    out.append(f'{indent}  throw new Error("{message(rng)}");')
                else:
                    out += self.block(rng, indent + "  ", depth + 1)
                out.append(f"{indent}}}")
            elif depth < 2 and r < 0.3:
                out.append(f"{indent}for (const {rng.choice(NOUNS)} of {cvar(rng)}s) {{")
                out += self.block(rng, indent + "  ", depth + 1)
                out.append(f"{indent}}}")
            else:
                out.append(self.simple(rng, indent))
        return out

    def unit(self, rng):
        r = rng.random()
        args = ", ".join(a + self.t(rng) for a in sorted(set(cvar(rng) for _ in range(rng.randint(0, 3)))))
        if self.typed and r < 0.2:
            out = [f"export interface {pascal(rng)} {{"]
            for _ in range(rng.randint(2, 7)):
                out.append(f"  {cvar(rng)}{rng.choice(['', '?'])}{self.t(rng)};")
            return out + ["}"]
        if r < 0.35:
            out = [f"/**", f" * {sentence(rng)}.", " */",
                   f"export const {camel(rng)} = async ({args}){self.t(rng)} => {{"]
            out += self.block(rng, "  ", 0)
            return out + [f"  return {cvar(rng)};", "};"]
        ret = f": Promise<{pascal(rng)}>" if self.typed else ""
        out = [f"export async function {camel(rng, rng.randint(2, 3))}({args}){ret} {{"]
        out += self.block(rng, "  ", 0)
        return out + [f"  return {cvar(rng)};", "}"]

    def secret_line(self, name, value):
        return f'export const {name} = "{value}";'

    def env_line(self, name):
        return f"export const {name} = process.env.{name};"


class TypeScript(JavaScript):
    ext = ".ts"
    typed = True


class BraceLang(LineLang):
    """A language of braced blocks: a body is simple lines, an error guard, or
    a loop around a nested body; each language gives its guard and loop."""

    def guard(self, rng, indent):
        raise NotImplementedError

    def loop_open(self, rng, indent):
        raise NotImplementedError

    def block(self, rng, indent, depth):
        out = []
        for _ in range(rng.randint(2, 6)):
            r = rng.random()
            if depth < 2 and r < 0.2:
                out += self.guard(rng, indent)
            elif depth < 2 and r < 0.32:
                out.append(self.loop_open(rng, indent))
                out += self.block(rng, indent + self.indent, depth + 1)
                out.append(f"{indent}}}")
            else:
                out.append(self.simple(rng, indent))
        return out


class Go(BraceLang):
    ext = ".go"
    comment = "//"
    indent = "\t"

    def header(self, rng, path):
        pkg = os.path.basename(os.path.dirname(path)).replace("-", "") or "main"
        lines = [f"// Package {pkg} {sentence(rng).lower()}.", f"package {pkg}", "", "import ("]
        for p in sorted(rng.sample(GO_PKGS, rng.randint(2, 6))):
            lines.append(f'\t"{p}"')
        return lines + [")"]

    def expr(self, rng):
        v = cvar(rng)
        return rng.choice([
            f"{camel(rng)}({v}, {rng.randint(0, 99)})",
            f"s.{cvar(rng)}[{v}]",
            f'fmt.Sprintf("%s-%d", {v}, {rng.randint(0, 9)})',
            f"len({v}) + {rng.randint(1, 16)}",
            f'strings.TrimSpace({v})',
            f"time.Duration({rng.randint(1, 90)}) * time.Second",
            f'"{rng.choice(NOUNS)}"',
        ])

    def simple(self, rng, indent):
        r = rng.random()
        if r < 0.45:
            return f"{indent}{cvar(rng)} := {self.expr(rng)}"
        if r < 0.6:
            return f'{indent}log.Printf("{message(rng)}: %v", {cvar(rng)})'
        if r < 0.78:
            return f"{indent}// {sentence(rng)}."
        return f"{indent}s.{cvar(rng)} = {self.expr(rng)}"

    def is_simple(self, line):
        s = line.strip()
        return (line[:1] == "\t" and super().is_simple(line) and "`json:" not in s
                and not s.startswith(('"', "return")))

    def guard(self, rng, indent):
        return [f"{indent}if err != nil {{",
                f'{indent}\treturn nil, fmt.Errorf("{message(rng)}: %w", err)',
                f"{indent}}}"]

    def loop_open(self, rng, indent):
        return f"{indent}for _, {rng.choice(NOUNS)} := range {cvar(rng)}s {{"

    def unit(self, rng):
        if rng.random() < 0.25:
            name = pascal(rng)
            out = [f"// {name} {sentence(rng).lower()}.", f"type {name} struct {{"]
            for _ in range(rng.randint(2, 7)):
                f = pascal(rng, 1)
                out.append(f'\t{f} {rng.choice(["string", "int", "int64", "bool", "[]string", "time.Time", "*" + pascal(rng)])} `json:"{f.lower()}"`')
            return out + ["}"]
        name = pascal(rng)
        out = [f"// {name} {sentence(rng).lower()}.",
               f"func (s *{pascal(rng, 1)}) {name}(ctx context.Context, {cvar(rng)} string) (*{pascal(rng)}, error) {{"]
        out += self.block(rng, "\t", 0)
        return out + [f"\treturn &{pascal(rng)}{{}}, nil", "}"]

    def secret_line(self, name, value):
        return f'const {name} = "{value}"'

    def env_line(self, name):
        return f'var {name} = os.Getenv("{name}")'


class C(BraceLang):
    ext = ".c"
    comment = "/*"
    indent = "    "

    def header(self, rng, path):
        lines = ["/*", f" * {sentence(rng)}.", " */"]
        for h in sorted(rng.sample(C_HEADERS, rng.randint(3, 6))):
            lines.append(f"#include <{h}>")
        lines.append(f'#include "{rng.choice(NOUNS)}.h"')
        return lines

    def simple(self, rng, indent):
        r = rng.random()
        v = var(rng)
        if r < 0.4:
            return f"{indent}{rng.choice(['int', 'size_t', 'uint32_t', 'const char *'])} {v} = {snake(rng)}(ctx, {rng.randint(0, 255)});"
        if r < 0.55:
            return f'{indent}fprintf(stderr, "{message(rng)}: %d\\n", {v});'
        if r < 0.7:
            return f"{indent}/* {sentence(rng)}. */"
        if r < 0.85:
            return f"{indent}memcpy(ctx->{v}, {var(rng)}, sizeof(*ctx->{v}));"
        return f"{indent}ctx->{v} = {rng.randint(0, 4096)};"

    def is_simple(self, line):
        s = line.strip()
        if line[:1] != " " or s.startswith(("return", "}")):
            return False
        return s.endswith(";") or (s.startswith("/*") and s.endswith("*/"))

    def guard(self, rng, indent):
        return [f"{indent}if ({var(rng)} < 0) {{",
                f"{indent}    return -{rng.choice(['EINVAL', 'ENOMEM', 'EIO', 'EAGAIN'])};",
                f"{indent}}}"]

    def loop_open(self, rng, indent):
        return f"{indent}for (size_t i = 0; i < {var(rng)}_len; i++) {{"

    def unit(self, rng):
        if rng.random() < 0.2:
            out = [f"struct {snake(rng, 1)}_{rng.choice(NOUNS)} {{"]
            for _ in range(rng.randint(2, 6)):
                out.append(f"    {rng.choice(['int', 'size_t', 'uint64_t', 'char *', 'bool'])} {var(rng)};")
            return out + ["};"]
        out = [f"static int {snake(rng, rng.randint(2, 3))}(struct ctx *ctx, const char *{var(rng)}, size_t len)", "{"]
        out += self.block(rng, "    ", 0)
        return out + ["    return 0;", "}"]

    def secret_line(self, name, value):
        return f'static const char *{name.lower()} = "{value}";'

    def env_line(self, name):
        return f'static const char *{name.lower()} = NULL; /* read from {name} at startup */'


class CHeader(C):
    ext = ".h"

    def header(self, rng, path):
        guard = path.upper().replace("/", "_").replace(".", "_").replace("-", "_")
        return [f"#ifndef {guard}", f"#define {guard}", "", "#include <stddef.h>", "#include <stdint.h>"]

    def unit(self, rng):
        r = rng.random()
        if r < 0.3:
            return [f"#define {rng.choice(ADJS).upper()}_{rng.choice(NOUNS).upper()}_{rng.choice(['MAX', 'LEN', 'SIZE'])} {rng.randint(1, 65536)}"]
        if r < 0.55:
            out = [f"/* {sentence(rng)}. */", f"struct {rng.choice(NOUNS)}_{rng.choice(NOUNS)} {{"]
            for _ in range(rng.randint(2, 6)):
                out.append(f"    {rng.choice(['int', 'size_t', 'uint64_t', 'char *', 'void *'])} {var(rng)};")
            return out + ["};"]
        return [f"/* {sentence(rng)}. */",
                f"int {snake(rng, 3)}(struct ctx *ctx, const char *{var(rng)}, size_t len);"]

    def is_simple(self, line):
        return line.startswith("int ") and line.endswith(");")

    def simple(self, rng, indent):
        return f"int {snake(rng, 3)}(struct ctx *ctx, const char *{var(rng)}, size_t len);"

    def render(self, body):
        return "\n".join(body) + "\n\n#endif\n"


class Yaml(LineLang):
    ext = ".yaml"
    indent = "  "

    def header(self, rng, path):
        if "workflows" in path:
            return [f"name: {rng.choice(['CI', 'Release', 'Lint', 'Nightly'])}", "on:",
                    "  push:", "    branches: [main]", "  pull_request:"]
        if "k8s" in path or "deploy" in path:
            return ["apiVersion: apps/v1", "kind: Deployment", "metadata:",
                    f"  name: {rng.choice(NOUNS)}-{rng.choice(NOUNS)}", f"  namespace: {rng.choice(['prod', 'staging', 'default'])}"]
        return [f"# {sentence(rng)}."]

    def scalar(self, rng):
        return rng.choice([
            str(rng.randint(0, 10000)), "true", "false", f"{rng.choice(ADJS)}-{rng.choice(NOUNS)}",
            f'"{rng.choice(NOUNS)}.{rng.choice(NOUNS)}.svc.cluster.local"', f"{rng.randint(1, 600)}s",
            f"registry.northwind.dev/{rng.choice(NOUNS)}:{rng.randint(1, 9)}.{rng.randint(0, 40)}.{rng.randint(0, 9)}",
            f"'{sentence(rng, 2, 5)}'",
        ])

    def simple(self, rng, indent):
        if rng.random() < 0.1:
            return f"{indent}# {sentence(rng)}"
        return f"{indent}{snake(rng)}: {self.scalar(rng)}"

    def is_simple(self, line):
        s = line.strip()
        return bool(s) and not s.endswith(":") and not s.startswith("- ") and ": " in s or s.startswith("#")

    def unit(self, rng):
        out = [f"{rng.choice(NOUNS)}_{rng.choice(NOUNS)}:"]
        for _ in range(rng.randint(2, 6)):
            if rng.random() < 0.25:
                out.append(f"  {rng.choice(NOUNS)}s:")
                for _ in range(rng.randint(1, 4)):
                    out.append(f"    - name: {rng.choice(ADJS)}-{rng.choice(NOUNS)}")
                    out.append(f"      {snake(rng)}: {self.scalar(rng)}")
            else:
                out.append(self.simple(rng, "  "))
        return out

    def secret_line(self, name, value):
        return f"{name.lower()}: {value}"

    def env_line(self, name):
        return f"{name.lower()}: ${{{name}}}"


class Markdown(LineLang):
    ext = ".md"

    def header(self, rng, path):
        return [f"# {pascal(rng)} {rng.choice(['service', 'library', 'notes', 'runbook', 'design'])}", "",
                sentence(rng, 10, 24) + "."]

    def paragraph(self, rng):
        text = " ".join(sentence(rng, 6, 16) + "." for _ in range(rng.randint(2, 5)))
        out, line = [], ""
        for w in text.split():
            if len(line) + len(w) + 1 > 78:
                out.append(line)
                line = w
            else:
                line = (line + " " + w) if line else w
        return out + [line]

    def simple(self, rng, indent):
        return indent + sentence(rng, 6, 14) + "."

    def is_simple(self, line):
        s = line.strip()
        return bool(s) and not s.startswith(("#", "```", "|")) and not line.startswith(" ")

    def unit(self, rng):
        r = rng.random()
        out = [f"{'#' * rng.randint(2, 3)} {sentence(rng, 2, 5)}", ""]
        if r < 0.3:
            lang = rng.choice([("python", Python()), ("go", Go()), ("ts", TypeScript())])
            out += self.paragraph(rng) + ["", f"```{lang[0]}"] + lang[1].unit(rng) + ["```"]
        elif r < 0.5:
            out += self.paragraph(rng) + [""]
            out += [f"- {sentence(rng, 3, 9)}" for _ in range(rng.randint(2, 6))]
        elif r < 0.6:
            out += ["| name | default | meaning |", "| --- | --- | --- |"]
            out += [f"| `{snake(rng)}` | {rng.randint(0, 100)} | {sentence(rng, 3, 8)} |" for _ in range(rng.randint(2, 6))]
        else:
            out += self.paragraph(rng)
        return out

    def secret_line(self, name, value):
        return f"Use `{name}={value}` when calling the staging API."

    def env_line(self, name):
        return f"Use `{name}` from the vault when calling the staging API."


class Env(LineLang):
    ext = ".env"

    def header(self, rng, path):
        return [f"# {sentence(rng)}"]

    def simple(self, rng, indent):
        return f"{rng.choice(ADJS).upper()}_{rng.choice(NOUNS).upper()}={rng.choice([str(rng.randint(1, 9999)), rng.choice(NOUNS), 'true', 'false'])}"

    def unit(self, rng):
        return [f"# {sentence(rng, 2, 6)}"] + [self.simple(rng, "") for _ in range(rng.randint(2, 6))]

    def secret_line(self, name, value):
        return f"{name}={value}"

    def env_line(self, name):
        return f"# {name} moved to the secret store"


class Json:
    """JSON files are kept as Python data and re-serialised on every change."""

    ext = ".json"

    def record(self, rng):
        rec = {"id": rng.randint(1, 10 ** 6), "name": f"{rng.choice(ADJS)}-{rng.choice(NOUNS)}",
               "enabled": rng.random() < 0.7, "tags": [rng.choice(NOUNS) for _ in range(rng.randint(0, 4))],
               "updated_at": f"20{rng.randint(19, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"}
        if rng.random() < 0.4:
            rec["sha"] = hexstr(rng, 40)
        if rng.random() < 0.5:
            rec[rng.choice(NOUNS)] = {"limit": rng.randint(1, 1000), "window": f"{rng.randint(1, 60)}m",
                                      "note": sentence(rng, 3, 8)}
        return rec

    def new_file(self, rng, path, target):
        if path.endswith("package.json"):
            data = {"name": f"@northwind/{rng.choice(NOUNS)}", "version": f"{rng.randint(0, 3)}.{rng.randint(0, 20)}.0",
                    "private": True, "scripts": {"build": "tsc -p .", "test": "vitest run", "lint": "eslint ."},
                    "dependencies": {lib: f"^{rng.randint(1, 18)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
                                     for lib in sorted(rng.sample(JS_LIBS, 4))},
                    "records": []}
        else:
            data = {"schema": f"https://schemas.northwind.dev/{rng.choice(NOUNS)}.json", "version": rng.randint(1, 9),
                    "records": []}
        while self.size(data) < target:
            data["records"].extend(self.record(rng) for _ in range(8))
        return data

    def render(self, body):
        return json.dumps(body, indent=2) + "\n"

    def size(self, body):
        return len(self.render(body))

    def edit(self, rng, body, mode):
        data = copy.deepcopy(body)
        recs = data["records"]
        if mode == "grow" or not recs:
            for _ in range(rng.randint(3, 12)):
                recs.insert(rng.randint(0, len(recs)), self.record(rng))
        elif mode == "shrink" and len(recs) > 10:
            del recs[rng.randrange(len(recs))]
        elif mode == "insert":
            recs.insert(rng.randint(0, len(recs)), self.record(rng))
        else:
            for _ in range(rng.randint(1, 3)):
                rec = rng.choice(recs)
                key = rng.choice(["enabled", "name", "tags", "id"])
                rec[key] = self.record(rng)[key]
        return data

    def plant(self, rng, body, name, value):
        data = copy.deepcopy(body)
        data[name.lower()] = value
        return data

    def unplant(self, body, name, value):
        data = copy.deepcopy(body)
        if data.get(name.lower()) == value:
            data[name.lower()] = f"${{{name}}}"
        return data


LANGS = {"py": Python(), "js": JavaScript(), "ts": TypeScript(), "go": Go(), "c": C(), "h": CHeader(),
         "yaml": Yaml(), "json": Json(), "md": Markdown(), "env": Env()}
# share of files per language, roughly a web/backend monorepo
LANG_WEIGHTS = [("py", 22), ("ts", 18), ("js", 8), ("go", 18), ("c", 7), ("h", 4), ("yaml", 10),
                ("json", 6), ("md", 6), ("env", 1)]


# ------------------------------------------------------------------------ layout

@dataclass
class FileState:
    lang: str
    body: object  # tuple of lines, or JSON data
    weight: float  # how often the file gets edited

    def render(self) -> bytes:
        return LANGS[self.lang].render(self.body).encode()


class Layout:
    def __init__(self, rng):
        self.rng = rng
        svcs = rng.sample(NOUNS, 6)
        pkgs = rng.sample(NOUNS, 6)
        libs = rng.sample(NOUNS, 4)
        self.dirs = {
            "py": [f"services/{s}/{s}" for s in svcs[:3]] + [f"services/{s}/tests" for s in svcs[:3]] + ["scripts", "tools/migrate"],
            "ts": [f"web/src/{d}" for d in ("components", "pages", "hooks", "api", "store", "utils")] + ["web/tests"],
            "js": ["web/scripts", "web/src/legacy", "tools/release"],
            "go": [f"services/{s}/internal/{p}" for s in svcs[3:] for p in pkgs[:2]] + [f"pkg/{p}" for p in pkgs] + [f"cmd/{s}" for s in svcs[3:]],
            "c": [f"native/{l}/src" for l in libs],
            "h": [f"native/{l}/include" for l in libs],
            "yaml": ["deploy/k8s/base", "deploy/k8s/overlays/prod", "deploy/k8s/overlays/staging", "config", ".github/workflows"],
            "json": ["config", "web", "services/" + svcs[0] + "/testdata", "web/src/fixtures"],
            "md": ["docs", "docs/adr", "docs/runbooks", "."],
            "env": ["config", "deploy"],
        }

    def new_path(self, lang, taken):
        rng = self.rng
        for _ in range(1000):
            d = rng.choice(self.dirs[lang])
            if lang == "json" and rng.random() < 0.1:
                name = "package"
            elif lang == "md":
                name = rng.choice([f"{rng.choice(NOUNS)}-{rng.choice(NOUNS)}", f"{rng.randint(1, 40):04d}-{rng.choice(VERBS)}-{rng.choice(NOUNS)}"])
            elif lang == "env":
                name = rng.choice(["production", "staging", "local", rng.choice(NOUNS)])
            elif lang == "go":
                name = f"{rng.choice(NOUNS)}_{rng.choice(['test', 'util', rng.choice(NOUNS)])}" if rng.random() < 0.3 else rng.choice(NOUNS)
            elif lang == "ts" and "components" in d:
                name = pascal(rng)
            else:
                name = f"{rng.choice(NOUNS)}_{rng.choice(NOUNS)}" if lang in ("py", "c", "h", "yaml") else camel(rng)
            ext = {"ts": ".tsx" if "components" in d or "pages" in d else ".ts"}.get(lang, LANGS[lang].ext)
            path = f"{d}/{name}{ext}" if d != "." else f"{name.upper()}{ext}"
            if path not in taken:
                return path
        raise RuntimeError("no free path")


# --------------------------------------------------------------------- secrets

B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
DIG = "0123456789"
HEX = "0123456789abcdef"
UPNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def pick(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


# kind, variable name, id of the vigil rule meant to catch it (run.sh checks that the
# binary under test has that rule), generator
SECRET_KINDS = [
    ("github-pat", "GITHUB_TOKEN", "github-pat", lambda r: "ghp_" + pick(r, B62, 36)),
    ("aws-access-key-id", "AWS_ACCESS_KEY_ID", "aws-access-key-id", lambda r: "AKIA" + pick(r, B32, 16)),
    ("stripe-live", "STRIPE_SECRET_KEY", "stripe-secret-key-live", lambda r: "sk_live_" + pick(r, B62, 24)),
    ("slack-bot", "SLACK_BOT_TOKEN", "slack-bot-token",
     lambda r: f"xoxb-{pick(r, DIG, 12)}-{pick(r, DIG, 12)}-{pick(r, B62, 24)}"),
    ("slack-user", "SLACK_USER_TOKEN", "slack-user-token",
     lambda r: f"xoxp-{pick(r, DIG, 12)}-{pick(r, DIG, 12)}-{pick(r, DIG, 12)}-{pick(r, HEX, 32)}"),
    ("slack-webhook", "SLACK_WEBHOOK_URL", "slack-webhook-url",
     lambda r: f"https://hooks.slack.com/services/T{pick(r, UPNUM, 10)}/B{pick(r, UPNUM, 10)}/{pick(r, B62, 24)}"),
    ("sendgrid", "SENDGRID_API_KEY", "sendgrid-api-key", lambda r: f"SG.{pick(r, B62, 22)}.{pick(r, B62, 43)}"),
    ("anthropic", "ANTHROPIC_API_KEY", "anthropic-api-key", lambda r: "sk-ant-api03-" + pick(r, B62, 93) + "AA"),
    ("openai-project", "OPENAI_API_KEY", "openai-project-key", lambda r: "sk-proj-" + pick(r, B62, 74)),
    ("huggingface", "HF_TOKEN", "huggingface-access-token", lambda r: "hf_" + pick(r, LETTERS, 34)),
    ("digitalocean", "DIGITALOCEAN_TOKEN", "digitalocean-personal-access-token", lambda r: "dop_v1_" + pick(r, HEX, 64)),
    ("shopify", "SHOPIFY_ACCESS_TOKEN", "shopify-access-token", lambda r: "shpat_" + pick(r, HEX, 32)),
]
PLACEHOLDER_WORDS = ["example", "changeme", "placeholder", "your", "dummy", "sample", "redacted", "xxxx"]


def plausible(secret):
    """Reject a draw that vigil's placeholder filter would (rightly) drop."""
    low = secret.lower()
    if any(w in low for w in PLACEHOLDER_WORDS):
        return False
    run = 1
    for a, b in zip(secret, secret[1:]):
        run = run + 1 if (a.isalnum() and b.isalnum() and ord(b) == ord(a) + 1) else 1
        if run >= 6:
            return False
    return True


def make_secret(rng, gen):
    while True:
        s = gen(rng)
        if plausible(s):
            return s


# ------------------------------------------------------------------------ history

@dataclass
class Branch:
    name: str
    files: dict  # path -> FileState
    mark: int = 0  # last commit mark (0: none yet)
    base: dict = field(default_factory=dict)  # main's files at the fork
    base_mark: int = 0
    planned: int = 0  # commits left before merging
    merge: bool = True
    keep_ref: bool = True  # merged branches are mostly deleted afterwards, as on a forge


class Generator:
    def __init__(self, out, commits, mb, seed):
        self.rng = random.Random(seed)
        self.out = out
        self.n_commits = commits
        self.target = int(mb * (1 << 20) * 1.02)  # small margin for identical blobs
        self.layout = Layout(self.rng)
        self.mark = 0
        self.emitted = 0  # bytes of new file content written
        self.blobs_emitted = 0
        self.time = 1551690000  # 2019-03-04
        self.main = Branch("main", {})
        self.features: list[Branch] = []  # open feature branches
        self.branches: list[Branch] = [self.main]  # every branch ever made
        self.finished: list[Branch] = []
        self.tags = 0
        self.planted = []
        self.unplant_at = {}  # commit index -> list of planted entries
        self.initial_files = max(40, min(220, commits // 20))
        # blobs expected: the bootstrap files plus ~3.5 per ordinary commit
        self.avg_blob = self.target / (self.initial_files + 3.5 * commits)
        rng = self.rng
        slots = sorted(rng.sample(range(self.initial_files // 4 + 10, commits - 5), len(SECRET_KINDS)))
        order = list(range(len(SECRET_KINDS)))
        rng.shuffle(order)
        self.plant_at = {slot: SECRET_KINDS[k] for slot, k in zip(slots, order)}

    # ---- fast-import stream

    def w(self, s):
        self.stream.write(s.encode() if isinstance(s, str) else s)

    def data(self, payload: bytes):
        self.w(f"data {len(payload)}\n")
        self.w(payload)
        self.w("\n")

    def who(self):
        return self.rng.choices(AUTHORS, weights=[a[3] for a in AUTHORS])[0]

    def tick(self):
        # a gap of a minute to a day or two (exponential, mean about 6.7 hours)
        self.time += int(self.rng.expovariate(1 / 24000)) + 60
        return self.time

    def commit(self, branch: Branch, msg: str, changes, merge_from: Branch | None = None, author=None):
        self.mark += 1
        branch_mark = self.mark
        a = author or self.who()
        t = self.tick()
        self.w(f"commit refs/heads/{branch.name}\nmark :{branch_mark}\n")
        self.w(f"author {a[0]} <{a[1]}> {t - self.rng.randint(0, 3000)} {a[2]}\n")
        self.w(f"committer {a[0]} <{a[1]}> {t} {a[2]}\n")
        self.data(msg.encode())
        if branch.mark:
            self.w(f"from :{branch.mark}\n")
        elif branch.base_mark:
            self.w(f"from :{branch.base_mark}\n")
        if merge_from is not None:
            self.w(f"merge :{merge_from.mark}\n")
        for op in changes:
            if op[0] == "D":
                self.w(f'D "{op[1]}"\n')
            else:
                payload = op[2].render()
                self.w(f'M 100644 inline "{op[1]}"\n')
                self.data(payload)
                if op[3]:
                    self.emitted += len(payload)
                    self.blobs_emitted += 1
        self.w("\n")
        branch.mark = branch_mark
        return branch_mark

    # ---- content choices

    def want_size(self):
        """Size for a new file that keeps the total on schedule."""
        rng = self.rng
        # lognormal with mean avg_blob: mu = log(mean) - sigma^2 / 2
        return max(600, min(int(rng.lognormvariate(math.log(self.avg_blob) - 0.245, 0.7)), int(self.avg_blob * 8)))

    def behind(self, index):
        return self.emitted < self.target * (index + 1) / self.n_commits

    def catch_up(self, index):
        """Extra edits to a file while the total lags the schedule by over a commit's worth."""
        lag = self.target * (index + 1) / self.n_commits - self.emitted
        return max(0, min(3, int(lag / (self.target / self.n_commits)) - 1))

    def edit_mode(self, index, st: FileState):
        rng = self.rng
        big = LANGS[st.lang].size(st.body) > self.avg_blob * 5
        if big:
            return rng.choice(["shrink", "tweak", "delete"])
        if self.behind(index):
            return rng.choices(["grow", "insert", "tweak"], weights=[45, 30, 25])[0]
        return rng.choices(["tweak", "insert", "delete", "shrink", "grow"], weights=[45, 25, 18, 7, 5])[0]

    def add_file(self, branch: Branch, lang=None):
        rng = self.rng
        lang = lang or rng.choices([l for l, _ in LANG_WEIGHTS], weights=[w for _, w in LANG_WEIGHTS])[0]
        path = self.layout.new_path(lang, branch.files)
        body = LANGS[lang].new_file(rng, path, self.want_size())
        st = FileState(lang, body, min(rng.paretovariate(1.3), 40.0))
        branch.files[path] = st
        return path, st

    def message(self, kind, path=None, other=None):
        rng = self.rng
        mod = path.split("/")[1] if path and "/" in path else rng.choice(NOUNS)
        base = os.path.basename(path) if path else ""
        if kind == "add":
            m = rng.choice([f"Add {base}", f"Add {rng.choice(ADJS)} {rng.choice(NOUNS)} {rng.choice(['support', 'handling', 'endpoint', 'view'])} to {mod}",
                            f"{mod}: add {rng.choice(NOUNS)} {rng.choice(['helper', 'client', 'model', 'tests'])}"])
        elif kind == "delete":
            m = rng.choice([f"Remove unused {base}", f"{mod}: drop dead {rng.choice(NOUNS)} code"])
        elif kind == "rename":
            m = f"Move {base} to {os.path.dirname(other)}/"
        else:
            m = rng.choice([
                f"Fix {rng.choice(NOUNS)} {rng.choice(['leak', 'race', 'timeout', 'off-by-one', 'crash', 'regression'])} in {mod}",
                f"{mod}: {rng.choice(VERBS)} {rng.choice(NOUNS)} {rng.choice(['lazily', 'in batches', 'once', 'before commit', 'on retry'])}",
                f"Refactor {base}",
                f"Update {base}",
                f"{mod}: handle {rng.choice(ADJS)} {rng.choice(NOUNS)}",
                self.bump(),
                f"Tweak {rng.choice(NOUNS)} {rng.choice(['logging', 'defaults', 'limits', 'error messages'])}",
            ])
        if rng.random() < 0.3:
            m += "\n\n" + " ".join(sentence(rng, 6, 14) + "." for _ in range(rng.randint(1, 3)))
            if rng.random() < 0.3:
                m += f"\n\nRefs: #{rng.randint(100, 4000)}"
        return m + "\n"

    def bump(self):
        rng = self.rng
        major, minor, patch = rng.randint(1, 9), rng.randint(0, 20), rng.randint(0, 9)
        new = f"{major}.{minor}.{patch + 1}" if rng.random() < 0.7 else f"{major}.{minor + 1}.0"
        return f"Bump {rng.choice(JS_LIBS)} from {major}.{minor}.{patch} to {new}"

    def ordinary_commit(self, index, branch: Branch):
        rng = self.rng
        files = branch.files
        n_ops = rng.choices([1, 2, 3, 4, 5, 6], weights=[22, 24, 20, 15, 11, 8])[0]
        changes, touched = [], set()
        first_kind, first_path, other = "edit", None, None
        paths = list(files)
        weights = [files[p].weight for p in paths]
        for k in range(n_ops):
            r = rng.random()
            if r < 0.025 or len(files) < 20:
                path, st = self.add_file(branch)
                changes.append(("M", path, st, True))
                kind = "add"
            elif r < 0.033 and len(files) > 60:
                path = rng.choice(paths)
                if path in touched or path not in files:
                    continue
                del files[path]
                changes.append(("D", path))
                kind = "delete"
            elif r < 0.043:
                path = rng.choice(paths)
                if path in touched or path not in files:
                    continue
                st = files.pop(path)
                other = self.layout.new_path(st.lang, files)
                if not other.endswith(os.path.splitext(path)[1]):
                    files[path] = st
                    continue
                files[other] = st
                changes += [("D", path), ("M", other, st, False)]
                touched.add(other)
                kind = "rename"
            else:
                path = rng.choices(paths, weights=weights)[0]
                if path in touched or path not in files:
                    continue
                st = files[path]
                lang = LANGS[st.lang]
                body = st.body
                for _ in range(rng.choice([1, 1, 1, 2]) + self.catch_up(index)):
                    body = lang.edit(rng, body, self.edit_mode(index, st))
                files[path] = FileState(st.lang, body, st.weight)
                changes.append(("M", path, files[path], True))
                kind = "edit"
            touched.add(path)
            if first_path is None:
                first_kind, first_path = kind, path
        if not changes:  # every op collided: fall back to one plain edit
            path = rng.choices(paths, weights=weights)[0]
            st = files[path]
            files[path] = FileState(st.lang, LANGS[st.lang].edit(rng, st.body, "tweak"), st.weight)
            changes.append(("M", path, files[path], True))
            first_kind, first_path = "edit", path
        self.commit(branch, self.message(first_kind, first_path, other), changes)

    def plant_commit(self, index, branch: Branch, kind):
        rng = self.rng
        name, var_name, rule, gen = kind
        secret = make_secret(rng, gen)
        lang = rng.choice(["py", "ts", "go", "yaml", "env", "md", "json", "c"])
        candidates = [p for p, st in branch.files.items() if st.lang == lang]
        if candidates and rng.random() < 0.6:
            path = rng.choice(sorted(candidates))
            st = branch.files[path]
            msg = self.message("edit", path)
        else:
            path, st = self.add_file(branch, lang)
            msg = self.message("add", path)
        st = FileState(st.lang, LANGS[st.lang].plant(rng, st.body, var_name, secret), st.weight)
        branch.files[path] = st
        changes = [("M", path, st, True)]
        mark = self.commit(branch, msg, changes)
        entry = {"kind": name, "rule_id": rule, "secret": secret, "variable": var_name, "path": path, "branch": branch.name,
                 "commit_mark": mark, "commit_index": index, "removed_later": False}
        self.planted.append(entry)
        if rng.random() < 0.5:
            later = index + rng.randint(5, 300)
            self.unplant_at.setdefault(later, []).append(entry)

    def unplant_commit(self, branch: Branch, entry):
        # remove the secret from whichever branch still has it at that path
        for b in [branch, self.main] + self.features:
            st = b.files.get(entry["path"])
            if st is not None and entry["secret"] in st.render().decode():
                new = FileState(st.lang, LANGS[st.lang].unplant(st.body, entry["variable"], entry["secret"]), st.weight)
                b.files[entry["path"]] = new
                a = self.who()
                self.commit(b, f"Move {entry['path'].rsplit('/', 1)[-1]} credentials to the secret store\n",
                            [("M", entry["path"], new, True)], author=a)
                entry["removed_later"] = True
                return True
        return False

    def merge_commit(self, feature: Branch):
        main = self.main
        changes = []
        for path in sorted(set(feature.files) | set(feature.base)):
            now, then = feature.files.get(path), feature.base.get(path)
            if now is then:
                continue
            if now is not None:
                if path in main.files or then is None:
                    if main.files.get(path) is not now:
                        main.files[path] = now
                        changes.append(("M", path, now, False))
            elif path in main.files and main.files[path] is then:
                del main.files[path]
                changes.append(("D", path))
        a = self.who()
        msg = f"Merge branch '{feature.name}'\n"
        if self.rng.random() < 0.5:
            msg = f"Merge pull request #{self.rng.randint(100, 4000)} from northwind/{feature.name}\n\n{sentence(self.rng)}\n"
        self.commit(main, msg, changes, merge_from=feature, author=a)

    def tag(self, index):
        self.tags += 1
        a = self.who()
        name = f"v{1 + self.tags // 6}.{self.tags % 6}.0"
        self.w(f"tag {name}\nfrom :{self.main.mark}\ntagger {a[0]} <{a[1]}> {self.time + 60} {a[2]}\n")
        self.data(f"Release {name}\n\n{sentence(self.rng)}.\n".encode())

    def run(self, stream):
        self.stream = stream
        rng = self.rng
        # bootstrap: the first commits lay down the initial tree, 1-6 files each
        index = 0
        while len(self.main.files) < self.initial_files and index < self.n_commits:
            changes = []
            for _ in range(rng.randint(1, 6)):
                path, st = self.add_file(self.main)
                changes.append(("M", path, st, True))
            msg = "Initial import\n" if index == 0 else self.message("add", changes[0][1])
            self.commit(self.main, msg, changes)
            index += 1
        feature_names = set()
        while index < self.n_commits:
            due = sorted(k for k in self.plant_at if k <= index)
            if due:
                branch = self.main if not self.features or rng.random() < 0.5 else rng.choice(self.features)
                self.plant_commit(index, branch, self.plant_at.pop(due[0]))
                index += 1
                continue
            due = sorted(k for k in self.unplant_at if k <= index)
            if due:
                entries = self.unplant_at[due[0]]
                entry = entries.pop(0)
                if not entries:
                    del self.unplant_at[due[0]]
                if self.unplant_commit(self.main, entry):
                    index += 1
                continue
            done = [f for f in self.features if f.planned <= 0]
            if done:
                f = done[0]
                self.features.remove(f)
                if f.merge and f.mark:
                    self.merge_commit(f)
                    f.keep_ref = rng.random() < 0.06
                    index += 1
                else:
                    self.finished.append(f)
                continue
            if len(self.features) < 3 and rng.random() < 0.05:
                while True:
                    name = f"{rng.choice(['feature', 'fix', 'chore', 'perf'])}/{rng.choice(NOUNS)}-{rng.choice(VERBS)}"
                    if name not in feature_names:
                        break
                if rng.random() < 0.05:
                    name = f"experiment/{rng.choice(ADJS)}-{rng.choice(NOUNS)}"
                if name in feature_names:
                    continue
                feature_names.add(name)
                f = Branch(name, dict(self.main.files), base=dict(self.main.files), base_mark=self.main.mark,
                           planned=rng.randint(2, 25), merge=not name.startswith("experiment/"))
                self.features.append(f)
                self.branches.append(f)
            branch = self.main if not self.features or rng.random() < 0.5 else rng.choice(self.features)
            self.ordinary_commit(index, branch)
            if branch is not self.main:
                branch.planned -= 1
            elif rng.random() < 12 / self.n_commits:
                self.tag(index)
            index += 1
        # open branches stay as they are: some work is never merged
        self.finished += self.features
        for f in self.finished:
            if not f.mark:  # forked but never committed to: point it at its base
                self.w(f"reset refs/heads/{f.name}\nfrom :{f.base_mark}\n\n")
        self.w("done\n")
        return index


def git(repo, *args, **kw):
    return subprocess.run(["git", "-C", repo, *args], check=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="directory for the new bare repository (must not exist)")
    ap.add_argument("--commits", type=int, default=5000, help="commits to create (default 5000)")
    ap.add_argument("--mb", type=float, default=200, help="MiB of distinct blob data to aim for (default 200)")
    ap.add_argument("--seed", type=int, default=1729, help="random seed (default 1729)")
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = ap.parse_args()
    if args.commits < 100:
        ap.error("--commits must be at least 100")

    out = os.path.abspath(args.out)
    planted_path = out.rstrip("/") + ".planted.json"
    if os.path.exists(out):
        if not args.force:
            ap.error(f"{out} exists (use --force to replace it)")
        shutil.rmtree(out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", out], check=True, env=env)

    t0 = time.time()
    marks = out + "/fast-import.marks"
    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done", f"--export-marks={marks}"],
                            cwd=out, stdin=subprocess.PIPE, env=env)
    gen = Generator(out, args.commits, args.mb, args.seed)
    stream = proc.stdin
    n = gen.run(stream)
    stream.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    t1 = time.time()
    # delete most merged branches (their commits stay reachable through the merges)
    gone = "".join(f"delete refs/heads/{b.name}\n" for b in gen.branches if not b.keep_ref)
    subprocess.run(["git", "-C", out, "update-ref", "--stdin"], input=gone, text=True, check=True, env=env)
    gen.branches = [b for b in gen.branches if b.keep_ref]
    git(out, "repack", "-adfq", "--window=10", "--depth=50", env=env)
    git(out, "pack-refs", "--all", env=env)
    git(out, "prune-packed", env=env)
    t2 = time.time()

    sha = {}
    with open(marks) as fh:
        for line in fh:
            m, s = line.split()
            sha[int(m[1:])] = s
    os.remove(marks)
    for e in gen.planted:
        e["commit"] = sha[e.pop("commit_mark")]
        e["in_a_branch_tip"] = any(e["secret"] in st.render().decode()
                                   for b in gen.branches for st in b.files.values())

    # what git says about the result
    check = subprocess.run(["git", "-C", out, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)"],
                           check=True, capture_output=True, text=True, env=env).stdout.split("\n")
    blobs = total = 0
    for line in check:
        if line.startswith("blob "):
            blobs += 1
            total += int(line[5:])
    commits = int(subprocess.run(["git", "-C", out, "rev-list", "--all", "--count"], check=True,
                                 capture_output=True, text=True, env=env).stdout)
    refs = subprocess.run(["git", "-C", out, "for-each-ref", "--format=%(refname)"], check=True,
                          capture_output=True, text=True, env=env).stdout.split()
    pack = sum(os.path.getsize(os.path.join(out, "objects/pack", f))
               for f in os.listdir(os.path.join(out, "objects/pack")) if f.endswith(".pack"))

    with open(planted_path, "w") as fh:
        json.dump({"repo": out, "seed": args.seed, "commits": commits, "blobs": blobs, "blob_bytes": total,
                   "planted": gen.planted}, fh, indent=2)
        fh.write("\n")
    print(f"repository     {out}")
    print(f"commits        {commits}  (merges included; generator made {gen.mark})")
    print(f"refs           {len([r for r in refs if r.startswith('refs/heads/')])} branches, "
          f"{len([r for r in refs if r.startswith('refs/tags/')])} tags")
    print(f"blobs          {blobs}")
    print(f"blob bytes     {total} ({total / (1 << 20):.1f} MiB)")
    print(f"pack size      {pack} ({pack / (1 << 20):.1f} MiB)")
    print(f"planted        {len(gen.planted)} secrets ({sum(not e['in_a_branch_tip'] for e in gen.planted)} "
          f"no longer in any branch tip) -> {planted_path}")
    print(f"time           fast-import {t1 - t0:.1f}s, repack {t2 - t1:.1f}s")


if __name__ == "__main__":
    main()
