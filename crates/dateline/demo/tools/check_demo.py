#!/usr/bin/env python3
"""Validate the Dateline demo content (articles + photos) before import.

    python3 tools/check_demo.py          # from crates/dateline/demo/

Checks, for every articles/<service>/<slug>.md:
  * TOML front matter between +++ lines parses (tomllib, Python 3.11+)
  * only fields the importer knows are present (it rejects unknown fields)
  * required fields are there and have the right types / allowed values
  * service equals the directory name, file name equals slug + ".md"
  * slug: lowercase ASCII letters, digits, hyphens, <= 80 chars, unique per service
  * published / updated are offset-aware datetimes inside the demo window,
    updated after published
  * lead_image.path is photos/NAME and names a file of photos/ (the loader shows that
    folder inside every service's folder: images are read only below an article's folder)
  * translation_of points at an existing original (which is not itself a
    translation, and is in another service); translations are published after
    the original and carry the credit chain (reported_by for the original
    service + translated_by)
  * body: no "# h1", 1-3 "## " subheadings, no raw HTML outside code except the
    one allowed <span> demo; <script> only inside code
  * body length per language and that the text is in the expected script
And for photos/*.jpg: 1200x675, under 90 KB.

Exit status 0 when there are no errors (warnings do not fail the run).
"""
from __future__ import annotations

import datetime as dt
import re
import struct
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent
ARTICLES = DEMO / "articles"
PHOTOS = DEMO / "photos"

SERVICES = {"english", "korean", "mandarin", "uyghur", "vietnamese"}
EXPECTED_COUNTS = {"english": 7, "korean": 5, "mandarin": 5, "uyghur": 4, "vietnamese": 4}
TOP_FIELDS = {"title", "slug", "service", "summary", "published", "updated", "tags",
              "translation_of", "comments", "lead_image", "credits"}
REQUIRED_TOP = {"title", "slug", "service", "summary", "published", "tags", "comments",
                "lead_image", "credits"}
IMAGE_FIELDS = {"path", "caption", "alt", "credit", "file_photo"}
CREDIT_FIELDS = {"role", "names", "for_service"}
ROLES = {"reported_by", "translated_by", "written_in_english_by", "written_by",
         "edited_by", "photo_by"}
COMMENTS = {"open", "closed", "hidden"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WINDOW = (dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc),
          dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc))  # .. end of 28 Nov

# body length: (unit, min, max). The brief asks for 250-500 words of body;
# for other scripts the unit differs, so the range is an equivalent.
LENGTH = {
    "english": ("words", 250, 500),
    "korean": ("eojeol", 180, 500),       # space-separated Korean word units
    "uyghur": ("words", 200, 500),        # agglutinative: fewer, longer words
    "vietnamese": ("syllables", 250, 700),  # Vietnamese words are 1-3 syllables
    "mandarin": ("hanzi", 450, 1100),
}
SCRIPT = {  # (description, regex of letters of the expected script)
    "english": ("Latin", re.compile(r"[A-Za-z]")),
    "vietnamese": ("Latin", re.compile(r"[A-Za-zÀ-ỹĐđ]")),
    "korean": ("Hangul", re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")),
    "mandarin": ("Han", re.compile(r"[\u4e00-\u9fff]")),
    "uyghur": ("Arabic", re.compile(r"[\u0600-\u06ff]")),
}
ANY_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
LATIN_RUN = re.compile(r"[A-Za-zÀ-ÿ'’-]+(?:[\s,.;:]+[A-Za-zÀ-ÿ'’-]+){3,}")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"ERROR   {where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"warning {where}: {msg}")


def split_front_matter(text: str):
    if not text.startswith("+++\n"):
        return None, None
    end = text.find("\n+++\n", 3)
    if end < 0:
        return None, None
    return text[4:end + 1], text[end + 5:]


def strip_code(body: str) -> str:
    """Remove fenced code blocks and inline code spans (CommonMark-ish)."""
    out, fence = [], None
    for line in body.splitlines():
        m = re.match(r"^ {0,3}(`{3,}|~{3,})", line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if re.match(r"^( {4}|\t)", line):  # indented code block
            continue
        out.append(line)
    text = "\n".join(out)
    return re.sub(r"(`+)(.+?)\1", " ", text, flags=re.S)


def prose(body: str) -> str:
    """Body text without code, link targets or Markdown markers, for counting."""
    t = strip_code(body)
    t = re.sub(r"\]\([^)]*\)", "]", t)
    t = re.sub(r"https?://\S+", " ", t)
    t = re.sub(r"^\s*(#+|>|[-*+]|\d+\.)\s*", "", t, flags=re.M)
    return t


def body_length(service: str, body: str) -> int:
    t = prose(body)
    if service == "mandarin":
        return len(re.findall(r"[\u4e00-\u9fff]", t))
    return len([w for w in t.split() if ANY_LETTER.search(w)])


def jpeg_size(path: Path):
    data = path.read_bytes()
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i < len(data) - 9:
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        seg = struct.unpack(">H", data[i + 2:i + 4])[0]
        i += 2 + seg
    return None


def check_article(path: Path, rep: Report):
    rel = path.relative_to(DEMO).as_posix()
    text = path.read_text(encoding="utf-8")
    fm_text, body = split_front_matter(text)
    if fm_text is None:
        rep.err(rel, "no +++ TOML front matter")
        return None
    try:
        fm = tomllib.loads(fm_text)
    except tomllib.TOMLDecodeError as e:
        rep.err(rel, f"TOML: {e}")
        return None

    directory = path.parent.name
    for k in sorted(set(fm) - TOP_FIELDS):
        rep.err(rel, f"unknown field {k!r}")
    for k in sorted(REQUIRED_TOP - set(fm)):
        rep.err(rel, f"missing field {k!r}")

    for k in ("title", "slug", "service", "summary"):
        if k in fm and (not isinstance(fm[k], str) or not fm[k].strip()):
            rep.err(rel, f"{k} must be a non-empty string")
    service = fm.get("service")
    if service not in SERVICES:
        rep.err(rel, f"service {service!r} is not one of {sorted(SERVICES)}")
    if service != directory:
        rep.err(rel, f"service {service!r} does not match directory {directory!r}")
    slug = fm.get("slug", "")
    if not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > 80:
        rep.err(rel, f"bad slug {slug!r} (lowercase ASCII letters, digits, hyphens; max 80)")
    if path.name != f"{slug}.md":
        rep.err(rel, f"file name should be {slug}.md")

    pub, upd = fm.get("published"), fm.get("updated")
    for name, val in (("published", pub), ("updated", upd)):
        if val is None:
            continue
        if not isinstance(val, dt.datetime) or val.tzinfo is None:
            rep.err(rel, f"{name} must be an RFC 3339 datetime with offset, got {val!r}")
        elif not WINDOW[0] <= val < WINDOW[1]:
            rep.err(rel, f"{name} {val.isoformat()} outside 2026-10-01..2026-11-28")
    if isinstance(pub, dt.datetime) and isinstance(upd, dt.datetime) and pub.tzinfo and upd.tzinfo:
        if upd <= pub:
            rep.err(rel, "updated must be after published")

    tags = fm.get("tags")
    if tags is not None:
        if not (isinstance(tags, list) and 1 <= len(tags) <= 3
                and all(isinstance(t, str) and t.strip() for t in tags)):
            rep.err(rel, "tags must be a list of 1-3 non-empty strings")
    if fm.get("comments") not in COMMENTS | {None}:
        rep.err(rel, f"comments must be one of {sorted(COMMENTS)}")

    tr = fm.get("translation_of")
    if tr is not None and (not isinstance(tr, str) or not re.match(r"^[a-z]+/[a-z0-9-]+$", tr)):
        rep.err(rel, f"translation_of must look like '<service>/<slug>', got {tr!r}")

    img = fm.get("lead_image")
    if img is not None:
        if not isinstance(img, dict):
            rep.err(rel, "lead_image must be a table")
        else:
            for k in sorted(set(img) - IMAGE_FIELDS):
                rep.err(rel, f"unknown field lead_image.{k}")
            for k in sorted(IMAGE_FIELDS - set(img)):
                rep.err(rel, f"missing field lead_image.{k}")
            for k in ("path", "caption", "alt", "credit"):
                if k in img and (not isinstance(img[k], str) or not img[k].strip()):
                    rep.err(rel, f"lead_image.{k} must be a non-empty string")
            if "file_photo" in img and not isinstance(img["file_photo"], bool):
                rep.err(rel, "lead_image.file_photo must be true or false")
            if isinstance(img.get("path"), str):
                # Images are read from below the article's folder; the demo loader shows
                # the shared photos/ folder inside every service's folder.
                if not img["path"].startswith("photos/") or ".." in img["path"]:
                    rep.err(rel, f"lead_image.path {img['path']!r} must be photos/NAME")
                elif not (PHOTOS / img["path"][len("photos/"):]).is_file():
                    rep.err(rel, f"lead_image.path {img['path']!r} does not exist")

    credits = fm.get("credits")
    if credits is not None:
        if not isinstance(credits, list) or not credits:
            rep.err(rel, "credits must be a non-empty array of tables")
            credits = []
        for i, c in enumerate(credits):
            where = f"credits[{i}]"
            if not isinstance(c, dict):
                rep.err(rel, f"{where} must be a table")
                continue
            for k in sorted(set(c) - CREDIT_FIELDS):
                rep.err(rel, f"unknown field {where}.{k}")
            if c.get("role") not in ROLES:
                rep.err(rel, f"{where}.role {c.get('role')!r} not in {sorted(ROLES)}")
            names = c.get("names")
            if not (isinstance(names, list) and names
                    and all(isinstance(n, str) and n.strip() for n in names)):
                rep.err(rel, f"{where}.names must be a non-empty list of strings")
            if "for_service" in c and c["for_service"] not in SERVICES:
                rep.err(rel, f"{where}.for_service {c['for_service']!r} is not a service")

    # ---- body ----
    if body is None or not body.strip():
        rep.err(rel, "empty body")
        body = ""
    code_free = strip_code(body)
    if re.search(r"^ {0,3}#(?!#)\s", code_free, flags=re.M):
        rep.err(rel, "body contains a '# h1' heading (the title is the headline)")
    subheads = re.findall(r"^ {0,3}##(?!#)\s", code_free, flags=re.M)
    if not 1 <= len(subheads) <= 3:
        rep.err(rel, f"body has {len(subheads)} '## ' subheadings, expected 1-3")
    tags_found = HTML_TAG.findall(code_free)
    span_only = all(re.match(r"</?span\b", t) for t in tags_found)
    if tags_found and not (span_only and service == "english"):
        rep.err(rel, f"raw HTML outside code: {tags_found}")
    if re.search(r"<script", code_free, flags=re.I):
        rep.err(rel, "<script> outside a code span/block")

    length = body_length(service, body) if service in SERVICES else 0
    if service in LENGTH:
        unit, lo, hi = LENGTH[service]
        if not lo <= length <= hi:
            rep.warn(rel, f"body length {length} {unit}, expected about {lo}-{hi}")
        desc, script_re = SCRIPT[service]
        letters = ANY_LETTER.findall(re.sub(r"\bDateline\b", "", prose(body)))
        if letters:
            share = sum(1 for ch in letters if script_re.match(ch)) / len(letters)
            if share < 0.9:
                rep.err(rel, f"only {share:.0%} of letters are {desc}")
        if desc != "Latin":
            # catches e.g. a paragraph left in Uyghur Latin script, or English
            # text pasted untranslated; short Latin names in brackets are fine
            for m in LATIN_RUN.finditer(prose(body)):
                rep.err(rel, f"untranslated Latin text: {m.group(0)[:60]!r}")
        for key in ("title", "summary"):
            val = fm.get(key)
            if isinstance(val, str):
                ls = ANY_LETTER.findall(val.replace("Dateline", ""))
                if ls and sum(1 for ch in ls if script_re.match(ch)) / len(ls) < 0.9:
                    rep.err(rel, f"{key} is not mainly {desc}")

    return {
        "rel": rel, "service": service, "slug": slug, "fm": fm, "body": body,
        "length": length, "has_quote": bool(re.search(r"^>", code_free, flags=re.M)),
        "has_list": bool(re.search(r"^\s*[-*+]\s", code_free, flags=re.M)),
        "has_link": bool(re.search(r"\]\(https?://", body)),
        "has_span": "<span" in code_free, "has_script_code": "<script>" in body,
    }


def main() -> int:
    rep = Report()
    arts = []
    for d in sorted(p for p in ARTICLES.iterdir() if p.is_dir()):
        if d.name not in SERVICES:
            rep.err(d.relative_to(DEMO).as_posix(), "directory is not a service code")
        for f in sorted(d.glob("*.md")):
            a = check_article(f, rep)
            if a:
                arts.append(a)

    # uniqueness and cross references
    by_key = {}
    slugs = defaultdict(Counter)
    for a in arts:
        slugs[a["service"]][a["slug"]] += 1
        by_key[f"{a['service']}/{a['slug']}"] = a
    for svc, cnt in slugs.items():
        for s, n in cnt.items():
            if n > 1:
                rep.err(f"articles/{svc}", f"slug {s!r} used {n} times")

    translations = defaultdict(list)
    for a in arts:
        tr = a["fm"].get("translation_of")
        if not tr:
            continue
        orig = by_key.get(tr)
        if orig is None:
            rep.err(a["rel"], f"translation_of {tr!r}: no such article")
            continue
        translations[tr].append(a)
        if orig["fm"].get("translation_of"):
            rep.err(a["rel"], f"translation_of {tr!r} is itself a translation; point at the original")
        if orig["service"] == a["service"]:
            rep.err(a["rel"], "a translation must be in a different service from its original")
        op, tp = orig["fm"].get("published"), a["fm"].get("published")
        if isinstance(op, dt.datetime) and isinstance(tp, dt.datetime) and tp <= op:
            rep.err(a["rel"], "translation is published before its original")
        roles = {c.get("role") for c in a["fm"].get("credits", []) if isinstance(c, dict)}
        if "translated_by" not in roles:
            rep.err(a["rel"], "translation has no translated_by credit")
        rep_for = [c.get("for_service") for c in a["fm"].get("credits", [])
                   if isinstance(c, dict) and c.get("role") == "reported_by"]
        if orig["service"] not in rep_for:
            rep.err(a["rel"], f"translation should credit reported_by with for_service = {orig['service']!r}")
        if a["service"] == "english" and "written_in_english_by" not in roles:
            rep.warn(a["rel"], "English translation without written_in_english_by")

    # photos
    photos = sorted(PHOTOS.glob("*.jpg"))
    for p in photos:
        size = p.stat().st_size
        dims = jpeg_size(p)
        if dims != (1200, 675):
            rep.err(p.relative_to(DEMO).as_posix(), f"size {dims}, expected (1200, 675)")
        if size >= 90 * 1024:
            rep.err(p.relative_to(DEMO).as_posix(), f"{size} bytes, must be under 90 KB")
    used = {(DEMO / a["fm"]["lead_image"]["path"]).resolve()
            for a in arts if isinstance(a["fm"].get("lead_image"), dict)
            and isinstance(a["fm"]["lead_image"].get("path"), str) and a["service"] in SERVICES}
    for p in photos:
        if p.resolve() not in used:
            rep.warn(p.relative_to(DEMO).as_posix(), "photo not used by any article")

    # set-level expectations
    per_service = Counter(a["service"] for a in arts)
    for svc, n in EXPECTED_COUNTS.items():
        if per_service[svc] != n:
            rep.warn(f"articles/{svc}", f"{per_service[svc]} articles, expected {n}")
    multi = [k for k, v in translations.items() if v]
    if len(multi) < 4:
        rep.err("articles", f"only {len(multi)} stories exist in several languages, need >= 4")
    n_span = sum(a["has_span"] for a in arts)
    if n_span > 1:
        rep.err("articles", f"{n_span} articles contain a raw <span>; at most one may")
    n_upd = sum("updated" in a["fm"] for a in arts)
    n_closed = sum(a["fm"].get("comments") == "closed" for a in arts)

    # ---- report ----
    print(f"Dateline demo check — {len(arts)} articles, {len(photos)} photos\n")
    print(f"{'article':58s} {'published':17s} {'len':>10s}  links")
    for a in sorted(arts, key=lambda a: (a["service"], a["slug"])):
        key = f"{a['service']}/{a['slug']}"
        pub = a["fm"].get("published")
        pub_s = pub.strftime("%Y-%m-%d %H:%M") if isinstance(pub, dt.datetime) else "?"
        unit = LENGTH.get(a["service"], ("?",))[0]
        if a["fm"].get("translation_of"):
            link = f"-> translation of {a['fm']['translation_of']}"
        elif translations.get(key):
            link = "ORIGINAL of " + ", ".join(t["service"] for t in translations[key])
        else:
            link = ""
        flags = "".join(f for f, on in (("Q", a["has_quote"]), ("L", a["has_list"]),
                                        ("U", "updated" in a["fm"]),
                                        ("C", a["fm"].get("comments") == "closed")) if on)
        print(f"{a['rel']:58s} {pub_s:17s} {a['length']:>5d} {unit[:6]:6s} {flags:4s} {link}")
    print("\nflags: Q = has > quote, L = has bulleted list, U = has updated, C = comments closed")
    print(f"per service: {dict(sorted(per_service.items()))}")
    print(f"stories in several languages: {len(multi)}")
    for k in sorted(multi):
        print(f"  {k}  <-  " + ", ".join(f"{t['service']}/{t['slug']}" for t in translations[k]))
    print(f"updated: {n_upd}, comments closed: {n_closed}, raw <span>: {n_span}, "
          f"<script> in code: {sum(a['has_script_code'] for a in arts)}")
    print()
    for line in rep.warnings:
        print(line)
    for line in rep.errors:
        print(line)
    print(f"\n{len(rep.errors)} errors, {len(rep.warnings)} warnings")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
