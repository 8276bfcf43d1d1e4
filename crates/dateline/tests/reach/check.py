#!/usr/bin/env python3
"""Checks Dateline's outlets with tools the project does not use itself.

    check.py feeds FILE...              every feed parses in feedparser without a warning (bozo 0)
    check.py sitemaps INDEX URLSET...   the index and the urlsets validate against the schemas
                                        in ./schemas (written from the Sitemaps protocol's text)
    check.py jsonld PAGE...             every story page's JSON-LD expands in PyLD to a schema.org
                                        NewsArticle with its properties, and a BreadcrumbList
    check.py mirror DIR MAIN_URL        DIR served by a plain static server under a sub-path:
                                        a crawl from its front page finds no broken link, and
                                        no link or image pointing at MAIN_URL

Exits non-zero, naming each problem, if anything fails. Installed by .ci/run from
.ci/reach-requirements.txt (feedparser, xmlschema, PyLD); nothing is fetched from the network.
"""

import functools
import html.parser
import http.server
import json
import pathlib
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
SCHEMA = "https://schema.org/"
problems = []


def problem(text):
    problems.append(text)
    print("PROBLEM:", text, file=sys.stderr)


def check_feeds(paths):
    import feedparser

    for path in paths:
        feed = feedparser.parse(path)
        if feed.bozo:
            problem(f"{path}: feedparser warns: {feed.bozo_exception!r}")
        if not feed.entries:
            problem(f"{path}: no entries")
        for entry in feed.entries:
            if not entry.get("link", "").startswith("http"):
                problem(f"{path}: entry {entry.get('title')!r} has no absolute link")
            if not entry.get("published_parsed"):
                problem(f"{path}: entry {entry.get('title')!r} has no readable date")
        print(f"{path}: {feed.version}, {len(feed.entries)} entries, language {feed.feed.get('language')!r}")


def check_sitemaps(index, urlsets):
    import xmlschema

    schema_index = xmlschema.XMLSchema(str(HERE / "schemas" / "siteindex.xsd"))
    schema_urlset = xmlschema.XMLSchema(str(HERE / "schemas" / "sitemap.xsd"))
    for path, schema in [(index, schema_index)] + [(p, schema_urlset) for p in urlsets]:
        errors = list(schema.iter_errors(path))
        for error in errors[:3]:
            problem(f"{path}: {error.reason} at {error.path}")
        print(f"{path}: {'valid' if not errors else f'{len(errors)} error(s)'}")


def offline_loader(url, options=None):
    """schema.org's context, without the network: its vocabulary as @vocab."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}
    raise RuntimeError(f"the JSON-LD asks for a remote document: {url}")


class ScriptReader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside = False
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self.inside = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.scripts[-1] += data


def check_jsonld(pages):
    from pyld import jsonld

    needed = ["headline", "description", "inLanguage", "datePublished", "dateModified", "author", "publisher", "url"]
    for page in pages:
        reader = ScriptReader()
        reader.feed(pathlib.Path(page).read_text(encoding="utf-8"))
        if not reader.scripts:
            problem(f"{page}: no JSON-LD")
            continue
        document = json.loads(reader.scripts[0])
        expanded = jsonld.expand(document, options={"documentLoader": offline_loader})
        types = {t for node in expanded for t in node.get("@type", [])}
        if SCHEMA + "NewsArticle" not in types or SCHEMA + "BreadcrumbList" not in types:
            problem(f"{page}: types {sorted(types)}")
            continue
        story = next(node for node in expanded if SCHEMA + "NewsArticle" in node.get("@type", []))
        for name in needed:
            if SCHEMA + name not in story:
                problem(f"{page}: NewsArticle has no {name}")
        authors = story.get(SCHEMA + "author", [])
        if not all(SCHEMA + "Person" in a.get("@type", []) for a in authors):
            problem(f"{page}: an author is not a Person")
        links = [k for k in (SCHEMA + "translationOfWork", SCHEMA + "workTranslation") if k in story]
        print(f"{page}: NewsArticle with {len(story)} properties, {len(authors)} author(s), links {links}")


class LinkReader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and "href" in values:
            self.links.append(("a", values["href"]))
        elif tag in ("img", "script") and "src" in values:
            self.links.append((tag, values["src"]))
        elif tag == "link" and values.get("rel") in ("stylesheet", "icon", "alternate") and "href" in values:
            if values.get("rel") == "alternate" and "hreflang" in values:
                return
            self.links.append(("link", values["href"]))


def check_mirror(folder, main_url):
    root = tempfile.mkdtemp()
    mount = pathlib.Path(root) / "sub" / "path"
    mount.parent.mkdir(parents=True)
    mount.symlink_to(pathlib.Path(folder).resolve(), target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    start = f"http://127.0.0.1:{server.server_address[1]}/sub/path/index.html"
    seen, queue, pages = {start}, [start], 0
    main = main_url.rstrip("/")
    while queue:
        url = queue.pop()
        try:
            with urllib.request.urlopen(url) as response:
                kind = response.headers.get("Content-Type", "")
                body = response.read()
        except urllib.error.HTTPError as error:
            problem(f"broken link: {url} ({error.code})")
            continue
        if "text/html" not in kind:
            continue
        pages += 1
        reader = LinkReader()
        reader.feed(body.decode("utf-8"))
        for tag, link in reader.links:
            if link.startswith(main):
                problem(f"{url}: <{tag}> links the main site: {link}")
                continue
            target = urllib.parse.urljoin(url, link).split("#")[0]
            if not target.startswith(start.rsplit("/", 1)[0]) or "?" in target:
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    server.shutdown()
    print(f"mirror: {pages} pages and {len(seen) - pages} other files crawled under /sub/path/")
    if pages < 10:
        problem(f"the crawl found only {pages} pages")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main(argv):
    command, arguments = argv[1], argv[2:]
    if command == "feeds":
        check_feeds(arguments)
    elif command == "sitemaps":
        check_sitemaps(arguments[0], arguments[1:])
    elif command == "jsonld":
        check_jsonld(arguments)
    elif command == "mirror":
        check_mirror(arguments[0], arguments[1])
    else:
        sys.exit(f"unknown command {command!r}; see the docstring")
    if problems:
        sys.exit(f"{len(problems)} problem(s)")


if __name__ == "__main__":
    main(sys.argv)
