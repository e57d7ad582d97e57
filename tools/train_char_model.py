#!/usr/bin/env python3
"""Builds data/char-model.bin: vigil's character trigram model of source text.

The generic detector asks how machine-made a value is: random keys are
unlikely character sequences in source text, while words, identifiers, paths
and stand-ins are likely ones. This script counts character trigrams in a
corpus of source code and prose, smooths them (Witten-Bell interpolation down
to bigrams and single characters) and writes -log2 P(c | a b) for every
trigram, quantized to eighths of a bit, as one byte each.

    python3 tools/train_char_model.py -o data/char-model.bin [SOURCE ...]

SOURCE is a directory (its text files, recursively) or a .zip file (its
entries). With none, the default corpus is the source of Debian 12 packages
that vigil's accuracy benchmark does not scan as clean text, so the model is
never measured on what it was trained on:
    openjdk-17-source  /usr/lib/jvm/openjdk-17/src.zip  (Java, ~45 MB zipped)
    cmake-data         /usr/share/cmake-3.25            (CMake modules, docs)
    perl-modules-5.36  /usr/share/perl/5.36             (Perl modules, POD)

Lines holding a run of 24+ characters of a key alphabet with both letters and
digits (hashes, base64 blobs, test keys) are left out: the model must learn
what people write, not what machines do.

File format (little-endian): 8-byte magic b"VIGCM3\\0\\0", then 96*96*96 bytes;
byte [a*9216 + b*96 + c] is round(8 * -log2 P(c | a, b)) capped at 255.
Symbols: printable ASCII 0x20..0x7e are 0..94 (tab, CR, LF count as space);
95 stands for every other byte and for the start of a value.
"""

import argparse
import math
import os
import re
import sys
import zipfile
from collections import Counter

SYMBOLS = 96
OTHER = 95
MAGIC = b"VIGCM3\0\0"
DEFAULT_SOURCES = [
    "/usr/lib/jvm/openjdk-17/src.zip",
    "/usr/share/cmake-3.25",
    "/usr/share/perl/5.36",
]
TEXT_SUFFIXES = {
    ".java", ".c", ".h", ".cpp", ".cmake", ".txt", ".rst", ".pm", ".pl", ".pod",
    ".html", ".xml", ".properties", ".md", ".sh", ".py", ".js", ".css", ".json", ".in",
}
RANDOM_RUN = re.compile(rb"[A-Za-z0-9+/=_-]{24,}")


def symbol_table():
    table = bytearray([OTHER]) * 256
    for byte in range(0x20, 0x7F):
        table[byte] = byte - 0x20
    for byte in (0x09, 0x0A, 0x0D):
        table[byte] = 0
    return bytes(table)


def looks_random(run):
    return any(c in b"0123456789" for c in run) and any(c.isalpha() for c in run.decode("latin-1"))


def texts(sources):
    for source in sources:
        if source.endswith(".zip"):
            with zipfile.ZipFile(source) as archive:
                for info in archive.infolist():
                    if os.path.splitext(info.filename)[1] in TEXT_SUFFIXES:
                        yield archive.read(info)
            continue
        for root, _, files in os.walk(source):
            for name in sorted(files):
                if os.path.splitext(name)[1] not in TEXT_SUFFIXES and "." in name:
                    continue
                try:
                    with open(os.path.join(root, name), "rb") as handle:
                        yield handle.read()
                except OSError:
                    continue


def clean_lines(data):
    if b"\0" in data[:8192]:
        return
    for line in data.splitlines():
        if any(looks_random(run) for run in RANDOM_RUN.findall(line)):
            continue
        yield line


def count(sources):
    table = symbol_table()
    trigrams = Counter()
    total = 0
    for data in texts(sources):
        for line in clean_lines(data):
            mapped = bytes([OTHER, OTHER]) + line.translate(table)
            trigrams.update(mapped[i:i + 3] for i in range(len(mapped) - 2))
            total += len(line)
    return trigrams, total


def model(trigrams):
    unigram = [0] * SYMBOLS
    bigram = {}
    for gram, n in trigrams.items():
        unigram[gram[2]] += n
        key = gram[1:]
        bigram[key] = bigram.get(key, 0) + n
    total = sum(unigram)
    p1 = [(unigram[c] + 1) / (total + SYMBOLS) for c in range(SYMBOLS)]

    # Witten-Bell: a context's own counts, topped up by the lower order in
    # proportion to how many different characters followed it.
    def interpolate(counts_by_context, lower):
        out = {}
        for context, counts in counts_by_context.items():
            seen = sum(counts.values())
            kinds = len(counts)
            row = [(counts.get(c, 0) + kinds * lower(c)) / (seen + kinds) for c in range(SYMBOLS)]
            out[context] = row
        return out

    bigram_rows = {}
    for (b, c), n in bigram.items():
        bigram_rows.setdefault(b, {})[c] = n
    p2 = interpolate(bigram_rows, lambda c: p1[c])

    trigram_rows = {}
    for gram, n in trigrams.items():
        trigram_rows.setdefault((gram[0], gram[1]), {})[gram[2]] = n

    out = bytearray(SYMBOLS ** 3)
    for a in range(SYMBOLS):
        for b in range(SYMBOLS):
            lower = p2.get(b, p1)
            counts = trigram_rows.get((a, b))
            if counts:
                seen = sum(counts.values())
                kinds = len(counts)
                row = [(counts.get(c, 0) + kinds * lower[c]) / (seen + kinds) for c in range(SYMBOLS)]
            else:
                row = lower
            base = (a * SYMBOLS + b) * SYMBOLS
            for c in range(SYMBOLS):
                out[base + c] = min(255, round(-8 * math.log2(row[c])))
    return bytes(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("sources", nargs="*")
    args = parser.parse_args()
    sources = args.sources or DEFAULT_SOURCES
    missing = [s for s in sources if not os.path.exists(s)]
    if missing:
        sys.exit("missing training sources: %s (install openjdk-17-source, cmake-data, perl-modules-5.36)"
                 % ", ".join(missing))
    trigrams, total = count(sources)
    table = model(trigrams)
    with open(args.output, "wb") as handle:
        handle.write(MAGIC + table)
    print("trained on %d characters, %d distinct trigrams -> %s" % (total, len(trigrams), args.output),
          file=sys.stderr)


if __name__ == "__main__":
    main()
