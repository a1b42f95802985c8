"""The ``plans`` command line: build the database, inspect one PDF, serve the site."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

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
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: one per core).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(corpus: str, db: str, jobs: int | None, quiet: bool) -> None:
    """Build the database from every PDF in the corpus folder.

    \b
    Example:
        plans build --corpus corpus --db plans.db --jobs 2

    Files that cannot be read (not a PDF, empty, encrypted, corrupt, scanned without
    text) are reported here and in the errors table; the rest of the corpus is built.
    """
    from tqdm import tqdm

    from council_plans.build import build as run_build
    from council_plans.corpus import load_corpus

    total = len(load_corpus(corpus).files)
    with tqdm(total=total, unit="doc", desc="extracting", disable=quiet, file=sys.stderr) as bar:
        result = run_build(corpus, db, jobs=jobs, progress=lambda name: (bar.set_postfix_str(name[:40]), bar.update()))
    for err in result.errors:
        click.secho(f"error: {err.message}", fg="red", err=True)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(result.counts.items()) if v)
    click.echo(f"Built {result.db} from {result.documents} documents in {result.seconds:.1f}s: {summary}")
    if result.errors:
        click.echo(f"{len(result.errors)} file(s) or rule(s) failed: see the errors table.")


@cli.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the whole document model as JSON.")
@click.option("--page", "pages", type=int, multiple=True, help="Only these pages (repeatable).")
def extract(pdf: str, as_json: bool, pages: tuple[int, ...]) -> None:
    """Show the document model of one PDF: pages, blocks, tables (for writing rules).

    \b
    Example:
        plans extract corpus/2017-07-03-cabinet-agenda-pack.pdf --page 5
        plans extract corpus/2017-07-03-cabinet-agenda-pack.pdf --json > doc.json
    """
    from extractor import extract as run_extract
    from kernel.errors import PlansError
    from rules.parts import split_parts

    try:
        document = run_extract(pdf)
    except PlansError as err:
        raise click.ClickException(err.message) from err
    document.parts = split_parts(document)
    if as_json:
        if pages:
            document.pages = [p for p in document.pages if p.number in pages]
        click.echo(document.model_dump_json(indent=1))
        return
    click.echo(f"{document.file}: {document.page_count} pages, sha256 {document.sha256[:16]}…")
    for part in document.parts:
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
@click.option("--db", default="plans.db", show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--port", "-p", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--corpus", "corpus", default="corpus", show_default=True, type=click.Path(file_okay=False),
              help="Folder whose PDFs are served under /corpus/.")
def serve(db: str, port: int, host: str, corpus: str) -> None:
    """Serve the database with Datasette; PDFs are served under /corpus/.

    \b
    Example:
        plans serve --db plans.db --port 8001
    """
    import subprocess

    args = [sys.executable, "-m", "datasette", "serve", db, "--metadata", str(METADATA),
            "--static", f"corpus:{Path(corpus).resolve()}", "--host", host, "--port", str(port)]
    templates = ROOT / "site" / "templates"
    if templates.is_dir():
        args += ["--template-dir", str(templates)]
    plugins = ROOT / "site" / "plugins"
    if plugins.is_dir():
        args += ["--plugins-dir", str(plugins)]
    click.echo(f"Serving {db} on http://{host}:{port}/ (PDFs under /corpus/)")
    raise SystemExit(subprocess.call(args))


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
