"""The ``plans`` command line: build the database, inspect one PDF, serve the site."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from council_plans.fetch.documents import KIND_CHOICES

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "datasette_metadata.json"


@click.group()
@click.version_option(package_name="council-plans")
def cli() -> None:
    """Read council PDFs into linked records and publish them as a Datasette site.

    \b
    Example:
        plans build --corpus corpus --db plans.db
        plans serve --db plans.db
    """


@cli.command()
@click.option("--corpus", "corpus", default="corpus", show_default=True, type=click.Path(file_okay=False),
              help="Folder of PDFs, optionally with manifest.json.")
@click.option("--db", default="plans.db", show_default=True, type=click.Path(dir_okay=False),
              help="SQLite database to write (replaced atomically when the build completes).")
@click.option("--jobs", "-j", type=int, default=None, help="Documents read at once (default: one per core).")
@click.option("--reader", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True,
              help="PDF reader: pdfium is fast; pdfplumber is the slower reference it is tested against.")
@click.option("--force", is_flag=True, help="Read every document again, ignoring the cache (.plans-cache/ beside the database).")
@click.option("--password", default=None, metavar="TEXT", envvar="PLANS_PDF_PASSWORD",
              help="Password for encrypted PDFs (or set PLANS_PDF_PASSWORD).")
@click.option("--timeout", type=float, default=600.0, show_default=True, metavar="SECONDS",
              help="Stop reading a document after this long (E009); 0 for no limit.")
@click.option("--max-pages", type=int, default=5000, show_default=True,
              help="Refuse PDFs with more pages than this (E008).")
@click.option("--max-memory", type=click.IntRange(min=0), default=2048, show_default=True, metavar="MB",
              help="Memory a worker may take to read one document, beyond what it starts with (E016 past it); "
                   "0 for no limit.")
@click.option("--executor", type=click.Choice(["process", "dask"]), default="process", show_default=True,
              help="Run documents in forked processes, or as tasks on a Dask cluster.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Dask scheduler to use (with --executor dask); default: a local cluster of --jobs workers.")
@click.option("--keep-going/--fail-fast", default=True, show_default=True,
              help="Build from the readable files when some fail, or stop at the first failure (database untouched).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(corpus: str, db: str, jobs: int | None, reader: str, force: bool, password: str | None, timeout: float,
          max_pages: int, max_memory: int, executor: str, scheduler: str | None, keep_going: bool, quiet: bool) -> None:
    """Build the database from every PDF in the corpus folder.

    Only documents that changed since the last build are read again (a document is
    unchanged when its bytes, its manifest entry and the code and rule packs that read
    it are); linking and publishing always run over the whole corpus.

    \b
    Example:
        plans build --corpus corpus --db plans.db --jobs 2
        plans build --force --reader pdfplumber        # everything again, with the reference reader
        plans build --executor dask --scheduler tcp://10.0.0.5:8786

    Files that cannot be read (not a PDF, empty, encrypted, corrupt, scanned without
    text, too long, too slow, too big in memory) are reported here, one line each, and in the errors table;
    the rest of the corpus is built. Exit status: 0 when every file was read, 1 when some
    failed (the database is still built from the rest), 130 or 143 when interrupted
    (the previous database is left as it was).
    """
    from council_plans.build import BuildInterrupted, BuildStopped
    from council_plans.build import build as run_build
    from kernel.errors import PlansError

    bar: list[Any] = []  # the progress bar, once there is something to read

    def planned(to_read: int, cached: int) -> None:
        if cached and not quiet:
            click.echo(f"{cached} document(s) unchanged since the last build, {to_read} to read", err=True)
        if quiet or not to_read:
            return
        from tqdm import tqdm  # imported only when shown: a tenth of a second of a rebuild that reads nothing

        bar.append(tqdm(total=to_read, unit="doc", desc="reading", file=sys.stderr))

    def progress(name: str) -> None:
        if bar:
            bar[0].set_postfix_str(name[:40])
            bar[0].update()

    try:
        result = run_build(corpus, db, jobs=jobs, progress=progress, planned=planned, reader=reader,
                           password=password, max_pages=max_pages, timeout=timeout or None,
                           max_memory=(max_memory << 20) or None, executor=executor,
                           scheduler=scheduler, force=force, keep_going=keep_going)
    except BuildInterrupted as exc:
        click.secho(f"interrupted ({exc}): workers stopped, {db} left as it was", fg="red", err=True)
        raise SystemExit(128 + exc.signum) from None
    except KeyboardInterrupt:
        click.secho(f"interrupted: workers stopped, {db} left as it was", fg="red", err=True)
        raise SystemExit(130) from None
    except BuildStopped as exc:
        click.secho(f"error: {exc.error.message}", fg="red", err=True)
        click.secho(f"stopped at the first failure (--fail-fast): {db} left as it was", fg="red", err=True)
        raise SystemExit(1) from None
    except PlansError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        for b in bar:
            b.close()
    for err in result.errors:
        click.secho(f"error: {err.message}", fg="red", err=True)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(result.counts.items()) if v)
    if result.unchanged:
        click.echo(f"{result.db} is up to date ({result.documents} documents, nothing changed since the last "
                   f"build; --force reads everything again): {summary}")
    else:
        how = f"{result.read} read, {result.cached} from cache" if result.cached else f"{result.read} read"
        click.echo(f"Built {result.db} from {result.documents} documents ({how}) in {result.seconds:.1f}s: {summary}")
    if result.errors:
        click.echo(f"{len(result.errors)} file(s), page(s) or rule(s) failed: see the lines above and the errors table.")
    raise SystemExit(result.exit_status)


@cli.command()
@click.option("--site", required=True, metavar="URL",
              help="The council's ModernGov address, e.g. https://cms.wiltshire.gov.uk")
@click.option("--committee", "committees", multiple=True, metavar="NAME",
              help="Committee title as the site spells it (any case), or its id. Repeatable.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="First meeting date to fetch.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Last meeting date to fetch.")
@click.option("--corpus", default="corpus", show_default=True, type=click.Path(file_okay=False), metavar="DIR",
              help="Folder the PDFs, manifest.json and .minutes.json files go into.")
@click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(min=0), metavar="S",
              help="Seconds to wait between two requests to the site.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1), metavar="S",
              help="Seconds one request may take in all (connecting, the answer and its whole body, redirects "
                   "included) before it is given up and tried again.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(min=0), metavar="N",
              help="Tries after the first for a request that times out or gets a 429/5xx answer.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KIND_CHOICES),
              help="Only documents of this kind (repeatable; default: all).")
@click.option("--recheck", is_flag=True,
              help="Download again documents whose server gives no ETag/Last-Modified, to see if they changed.")
@click.option("--publisher", metavar="NAME", help="Council name recorded as the documents' publisher.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST[:PORT]",
              help="Another host documents may come from (repeatable). Otherwise only http(s) links and "
                   "redirects on the site's own host are followed; others are refused (E045).")
@click.option("--max-document-mb", default=200, show_default=True, type=click.IntRange(min=1), metavar="MB",
              help="Largest document accepted; a larger one is stopped while it downloads (E046).")
@click.option("--max-page-mb", default=20, show_default=True, type=click.IntRange(min=1), metavar="MB",
              help="Largest page or web-service (XML) answer accepted (E046).")
@click.option("--list-committees", is_flag=True, help="Print the site's committees (id and title) and stop.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def fetch(site: str, committees: tuple[str, ...], start, end, corpus: str, delay: float, timeout: float,
          retries: int, kinds: tuple[str, ...], recheck: bool, publisher: str | None, allow_hosts: tuple[str, ...],
          max_document_mb: int, max_page_mb: int, list_committees: bool, quiet: bool) -> None:
    """Fetch a committee's agenda packs, minutes and reports from a ModernGov site.

    Uses the site's web service (mgWebService.asmx), or its meeting pages where the
    service is off. Each PDF goes into the corpus folder with a manifest.json entry
    (committee, meeting date, ModernGov ids, source URL, sha256); the minutes text the
    service returns is kept beside them as <date>-<committee>.minutes.json, and
    `plans build` checks the resolutions it reads against it (decision_checks table).
    Run it again to bring the corpus up to date: it asks only for what it does not
    hold, or whether what it holds has changed, and retries what failed.

    Whatever the site sends is treated as hostile: only http(s) addresses on the site's
    own host are asked (--allow-host adds others), every redirect is checked the same
    way, --timeout bounds each request in total and every answer is size-capped while
    it is read (--max-document-mb, --max-page-mb).

    \b
    Example:
        plans fetch --site https://cms.wiltshire.gov.uk --list-committees
        plans fetch --site https://cms.wiltshire.gov.uk --committee Cabinet \\
            --from 2017-01-01 --to 2022-12-31 --corpus corpus
        plans build --corpus corpus --db plans.db
    """
    from tqdm import tqdm

    from council_plans.fetch import fetch as run_fetch
    from council_plans.fetch import list_committees as run_list
    from council_plans.fetch.download import MB
    from kernel.errors import PlansError

    class Bar:
        bar: tqdm | None = None

        def start(self, meetings: int) -> None:
            self.bar = tqdm(total=meetings, unit="meeting", desc="fetching", disable=quiet, file=sys.stderr)

        def current(self, label: str) -> None:
            if self.bar is not None:
                self.bar.set_postfix_str(label[:40])

        def advance(self) -> None:
            if self.bar is not None:
                self.bar.update()

        def note(self, message: str) -> None:
            tqdm.write(click.style(message, fg="yellow"), file=sys.stderr)

    progress = Bar()
    try:
        if list_committees:
            found, via = run_list(site, delay=delay, timeout=timeout, retries=retries, allow_hosts=allow_hosts,
                                  max_page_bytes=max_page_mb * MB, progress=progress)
            for c in sorted(found, key=lambda c: c.title.lower()):
                flags = "".join([" (expired)" if c.expired else "", " (deleted)" if c.deleted else ""])
                click.echo(f"{c.id:>6}  {c.title}{flags}")
            click.echo(f"{len(found)} committees (from the {'web service' if via == 'service' else 'committee pages'}).")
            return
        missing = [flag for flag, value in (("--committee", committees), ("--from", start), ("--to", end)) if not value]
        if missing:
            raise click.UsageError(f"{', '.join(missing)} needed (or --list-committees).")
        if end < start:
            raise click.BadParameter("is before --from", param_hint="--to")
        try:
            summary = run_fetch(site, committees, start.date(), end.date(), corpus, delay=delay, timeout=timeout,
                                retries=retries, kinds=kinds or None, recheck=recheck, publisher=publisher,
                                allow_hosts=allow_hosts, max_document_bytes=max_document_mb * MB,
                                max_page_bytes=max_page_mb * MB, progress=progress)
        finally:
            if progress.bar is not None:
                progress.bar.close()
    except PlansError as err:
        raise click.ClickException(err.message) from err
    click.echo(summary.line())
    if summary.failed or summary.unread or summary.refused:
        click.echo("Some of it failed (listed above): run the same command again to retry what is missing.")


@cli.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the whole document model as JSON.")
@click.option("--page", "pages", type=int, multiple=True, help="Only these pages (repeatable).")
@click.option("--reader", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True,
              help="PDF reader (both give the same model; pdfplumber is the reference).")
@click.option("--password", default=None, metavar="TEXT", envvar="PLANS_PDF_PASSWORD", help="For an encrypted PDF.")
def extract(pdf: str, as_json: bool, pages: tuple[int, ...], reader: str, password: str | None) -> None:
    """Show the document model of one PDF: pages, blocks, tables (for writing rules).

    \b
    Example:
        plans extract corpus/2017-07-03-cabinet-agenda-pack.pdf --page 5
        plans extract corpus/2017-07-03-cabinet-agenda-pack.pdf --json > doc.json
    """
    from extractor import extract as run_extract
    from kernel.errors import PlansError
    from rules.engine import read

    try:
        document = run_extract(pdf, reader=reader, password=password)
    except PlansError as err:
        raise click.ClickException(err.message) from err
    missing = sorted(set(pages) - {p.number for p in document.pages})
    if missing:
        raise click.BadParameter(
            f"{', '.join(map(str, missing))} {'is' if len(missing) == 1 else 'are'} not in {Path(pdf).name}, "
            f"which has {document.page_count} page{'s' if document.page_count != 1 else ''} (1-{document.page_count}).",
            param_hint="--page")
    reading = read(document)
    if as_json:
        if pages:
            document.pages = [p for p in document.pages if p.number in pages]
        click.echo(document.model_dump_json(indent=1))
        return
    click.echo(f"{document.file}: {document.page_count} pages, sha256 {document.sha256[:16]}…")
    click.echo(f"  genre {reading.genre.name} ({reading.genre.score:g}; runner-up {reading.genre.runner_up} "
               f"{reading.genre.runner_up_score:g})")
    for part in reading.parts:
        click.echo(f"  part {part.kind:11s} pages {part.page_start}-{part.page_end}: {part.title}")
    for page in document.pages:
        if pages and page.number not in pages:
            continue
        click.echo(f"--- page {page.number} ({len(page.furniture)} furniture lines)")
        for block in page.blocks:
            tag = block.kind + (str(block.level) if block.level else "")
            text = " / ".join(block.text.splitlines())
            click.echo(f"  [{tag}{' ' + block.label if block.label else ''}] {text[:150]}")


@cli.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False))
@click.option("--genre", type=str, default=None, help="Read it as this genre, whatever its cues say.")
@click.option("--width", type=int, default=100, show_default=True, help="Characters of each record's text shown.")
@click.option("--reader", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True,
              help="PDF reader, as plans build --reader.")
@click.option("--password", default=None, metavar="TEXT", envvar="PLANS_PDF_PASSWORD", help="For an encrypted PDF.")
def explain(pdf: str, genre: str | None, width: int, reader: str, password: str | None) -> None:
    """Why a PDF gives the records it gives: its genre with every genre's score, the rule sets
    that read that genre, and each record with the family, rule and page that made it (for
    writing rule packs). The records are made by the same function as `plans build` makes
    them, with the PDF's entry in the manifest.json beside it, if any: what is listed here is
    what the build publishes for it (before linking across documents).

    \b
    Example:
        plans explain corpus/2017-07-03-cabinet-agenda-pack.pdf
        plans explain their-minutes.pdf --genre minutes
    """
    from council_plans.corpus import read_manifest
    from extractor import extract as run_extract
    from kernel.errors import PlansError
    from kernel.names import display_name
    from rules.engine import pack_errors, readers, records_of, rule_sets
    from rules.genres import GENRES

    if genre is not None and genre not in GENRES:
        raise click.BadParameter(f"{genre!r} is not a genre; genres: {', '.join(GENRES)}", param_hint="--genre")
    path = Path(pdf)
    try:
        document = run_extract(path, reader=reader, password=password)
    except PlansError as err:
        raise click.ClickException(err.message) from err
    name = display_name(path.name)
    document.file, document.id = name, Path(name).stem
    problems: list[PlansError] = []
    manifest = read_manifest(path.parent, problems).get(name)
    if genre:
        manifest = {**(manifest or {}), "genre": genre}
    reading, made = records_of(document, manifest)
    records = [r for r in made if r.table not in ("errors", "documents", "pages", "parts")]
    g = reading.genre
    click.echo(f"{document.file}: {document.page_count} page{'s' if document.page_count != 1 else ''}"
               + ("; manifest entry used" if manifest and set(manifest) != {"genre"} else ""))
    click.echo(f"genre: {g.name} (score {g.score:g}, {g.source}; runner-up {g.runner_up} {g.runner_up_score:g}; "
               f"local-government cues {g.council_cues}; decision cues {g.decision_cues:g}"
               f"{', read for decisions' if g.reads_decisions else ''})")
    scores = ", ".join(f"{k} {v:g}" for k, v in sorted(g.scores.items(), key=lambda kv: -kv[1]) if v)
    click.echo(f"  scores: {scores or 'none'}")
    meta = reading.meta
    click.echo(f"metadata ({meta.source}): council {meta.council or '-'}; body {meta.body or '-'}; "
               f"date {meta.meeting_date or '-'}; title {meta.title or '-'}")
    reading_sets = readers(reading)
    click.echo(f"read by: {', '.join(f'{rs.name} ({rs.family.name})' for rs in reading_sets) or 'no rule set (pages and text only)'}")
    skips = [rs.name for rs in rule_sets() if rs not in reading_sets]
    if skips:
        click.echo(f"not read by: {', '.join(skips)}")
    for part in reading.parts:
        click.echo(f"  part {part.kind:11s} pages {part.page_start}-{part.page_end}: {part.title}")
    click.echo(f"records: {len(records)}")
    for r in sorted(records, key=lambda r: (r.page or 0, r.table)):
        text = next((str(getattr(r, f)) for f in ("resolved", "name", "title", "text", "indicator", "body")
                     if getattr(r, f, None)), "")
        found_by = getattr(r, "resolution_found_by", None)
        click.echo(f"  p{r.page or '-':<4} {r.table:<17} {r.family or '-':<28} {r.rule:<32} "
                   f"{('[' + found_by + '] ') if found_by else ''}{' '.join(text.split())[:width]}")
    errors = [*problems, *[e for e in made if e.table == "errors"], *pack_errors()]
    for message in [e.message for e in errors]:
        click.secho(f"error: {message}", fg="red", err=True)


@cli.command()
@click.option("--db", default="plans.db", show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--port", "-p", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--corpus", "corpus", default="corpus", show_default=True, type=click.Path(file_okay=False),
              help="Folder whose PDFs (those the database lists) are served under /corpus/.")
@click.option("--allow-sql", is_flag=True,
              help="Let anyone run SQL they type (the SQL editor, ?sql=): for your own machine, not a public site.")
def serve(db: str, port: int, host: str, corpus: str, allow_sql: bool) -> None:
    """Serve the database read-only with Datasette; PDFs are served under /corpus/.

    \b
    Example:
        plans serve --db plans.db --port 8001
        plans serve --db wiltshire.db --allow-sql      # on your own machine

    The database is served as /plans whatever its file is called, read-only, and every query
    has a time limit. A build that replaces the file while the site runs is picked up at the
    next request. SQL typed in is refused unless --allow-sql is given (then values over 1 MB
    and results over 20 MB are refused). The server runs in this process: Ctrl-C or SIGTERM
    stops it and frees the port.
    """
    import asyncio
    import errno
    import socket

    import uvicorn

    from council_plans.site import make_datasette

    # Bind before anything else, so that a second `make serve` says so in one line instead of
    # a traceback, and no other process can take the port between the check and the start.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, so that asyncio sets TCP_NODELAY on each connection as it does on the
    # sockets it makes itself (without it every response waits 40 ms for a delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on {host} is already in use (is another `plans serve` running?): stop it, "
                f"or choose another port with --port (make serve PORT=…), or --port 0 for any free one.") from None
        raise click.ClickException(f"cannot listen on {host}:{port}: {err.strerror}") from None
    port = sock.getsockname()[1]
    datasette = make_datasette(db, corpus, allow_sql=allow_sql)
    asyncio.run(datasette.invoke_startup())
    if allow_sql and host not in ("127.0.0.1", "localhost", "::1"):
        click.secho(f"warning: --allow-sql on {host}: anyone who reaches this address can run SQL on the server",
                    fg="yellow", err=True)
    click.echo(f"Serving {db} on http://{host}:{port}/ (PDFs under /corpus/"
               f"{', SQL allowed' if allow_sql else ''}) - Ctrl-C to stop")
    # uvicorn stops on SIGINT and SIGTERM; there is no child process to leave behind.
    config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


@cli.group()
def graph() -> None:
    """The plan graph: plans, priorities, missions, actions, activities, metrics, decisions and
    reports, linked by containment, implementation, measurement, lineage and plan links.

    \b
    Example:
        plans graph export --format graphml -o plans.graphml
    """


@graph.command("export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "json"]), default="graphml", show_default=True,
              help="GraphML (Gephi, yEd) or networkx node-link JSON (d3).")
@click.option("--db", default="plans.db", show_default=True, type=click.Path(exists=True, dir_okay=False),
              help="Database written by plans build.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="File to write (default: standard output).")
def graph_export(fmt: str, db: str, output: str | None) -> None:
    """Write the plan graph of a built database as GraphML or JSON.

    Every record is a node (kind = its table, label, document_id, page); every link is an edge
    (relation = part_of, implements, measures, became, concerns, ...). A summary — nodes and
    edges by kind, lineage chains, orphan actions, activities and metrics — goes to stderr.

    \b
    Example:
        plans graph export --format graphml --db plans.db -o plans.graphml
        plans graph export --format json > plans.json
    """
    from graph.build import graph_from_db
    from graph.queries import export, summary

    g = graph_from_db(db)
    text = export(g, fmt, Path(output) if output else None)
    if not output:
        click.echo(text, nl=False)
    info = summary(g)
    click.echo(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges; {info['lineage_chains']} lineage chains "
               f"(longest {info['longest_chain']} editions); {len(info['orphans'])} orphan actions, activities or metrics"
               + (f"; written to {output}" if output else ""), err=True)


@cli.command()
@click.option("--context", default=None, metavar="TEXT",
              help="What the texts sit in (a committee, a plan's theme), used for a text that signals no topic itself.")
@click.option("--explain", is_flag=True, help="Also print the terms that counted and every topic's score.")
@click.option("--batch", type=int, default=500, show_default=True, help="Lines coded at once (through spaCy's nlp.pipe).")
def topic(context: str | None, explain: bool, batch: int) -> None:
    """Code texts to policy topics: one text per line on standard input, one JSON line out.

    Each line is coded with the topics pack (rules/packs/topics.yaml): a Comparative Agendas
    Project major topic ("1" Economy … "23" Culture), "procedural" for meeting housekeeping,
    or "unclassified" (confidence 0) when nothing signals one. Blank lines are skipped.

    \b
    Example:
        printf 'Approval of Select Move Allocation Policy 2023\\nApologies for absence\\n' | plans topic
        {"text": "Approval of Select Move Allocation Policy 2023", "topic": "14", "topic_name": "Housing, planning and communities", "confidence": 0.946, "runner_up": null, "rule": "topics.phrase.v1"}
        {"text": "Apologies for absence", "topic": "procedural", ...}
        plans topic --context "Licensing Committee" < resolutions.txt
    """
    from kernel.errors import PlansError

    try:
        from rules.topics import code_many

        lines = (line.strip() for line in sys.stdin)
        chunk: list[str] = []
        for line in (*lines, None):
            if line:
                chunk.append(line)
            if chunk and (line is None or len(chunk) >= max(1, batch)):
                for text, code in zip(chunk, code_many([(t, context, None) for t in chunk]), strict=True):
                    row = {"text": text, "topic": code.topic, "topic_name": code.name,
                           "confidence": round(code.confidence, 3), "runner_up": code.runner_up, "rule": code.rule}
                    if explain:
                        row["evidence"] = list(code.evidence)
                        row["scores"] = {k: round(v, 3) for k, v in sorted(code.scores.items(), key=lambda kv: -kv[1])}
                    click.echo(json.dumps(row, ensure_ascii=False))
                chunk = []
        # A council's pack file that spoils the topics pack is left out and the built-in pack
        # codes on; say so, or a user would wonder why their words change nothing.
        from rules.packs import skipped_files

        for err in skipped_files():
            click.echo(f"warning: {err.message}", err=True)
    except PlansError as err:
        raise click.ClickException(err.message) from err


@cli.command()
@click.option("--gold", required=True, type=click.Path(exists=True, file_okay=False), metavar="DIR",
              help="Folder of <slug>.gold.json files, one per PDF <slug>.pdf of the corpus (README: Scoring).")
@click.option("--db", default="plans.db", show_default=True, type=click.Path(exists=True, dir_okay=False),
              help="Database built from the corpus that holds those PDFs.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--per-doc", is_flag=True, help="Also the figures of each gold file.")
def score(gold: str, db: str, as_json: bool, per_doc: bool) -> None:
    """How well the database reads the decisions you labelled by hand: precision, recall and
    F1 of decisions (resolution text 85% alike), reasons and titles on the matched ones, and
    the documents' council, body and meeting date where your gold names them.

    \b
    Example:
        plans build --corpus my-council --db my.db
        plans score --gold my-gold --db my.db --per-doc
    """
    import sqlite3

    from council_plans.score import GoldError, report, score_meetings

    try:
        result = score_meetings(db, gold, per_doc=per_doc)
    except GoldError as err:
        raise click.ClickException(str(err)) from err
    except sqlite3.Error as err:
        raise click.ClickException(f"{db}: not a database built by plans build ({err})") from err
    click.echo(json.dumps(result, indent=2) if as_json else report(result))


@cli.command()
@click.option("--check", is_flag=True, help="Exit 1 if datasette_metadata.json is out of date.")
def metadata(check: bool) -> None:
    """Write datasette_metadata.json from the record types' descriptions.

    \b
    Example:
        plans metadata          # rewrite the file
        plans metadata --check  # fail if it is stale (used by the tests)
    """
    from council_plans.site import site_metadata

    text = json.dumps(site_metadata(), indent=2, ensure_ascii=False) + "\n"
    if check:
        if not METADATA.exists() or METADATA.read_text(encoding="utf-8") != text:
            raise click.ClickException("datasette_metadata.json is out of date: run `plans metadata`.")
        click.echo("datasette_metadata.json is up to date.")
        return
    METADATA.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {METADATA}")
