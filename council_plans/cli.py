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
@click.option("--executor", type=click.Choice(["process", "dask"]), default="process", show_default=True,
              help="Run documents in forked processes, or as tasks on a Dask cluster.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Dask scheduler to use (with --executor dask); default: a local cluster of --jobs workers.")
@click.option("--keep-going/--fail-fast", default=True, show_default=True,
              help="Build from the readable files when some fail, or stop at the first failure (database untouched).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(corpus: str, db: str, jobs: int | None, reader: str, force: bool, password: str | None, timeout: float,
          max_pages: int, executor: str, scheduler: str | None, keep_going: bool, quiet: bool) -> None:
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
    text, too long, too slow) are reported here, one line each, and in the errors table;
    the rest of the corpus is built. Exit status: 0 when every file was read, 1 when some
    failed (the database is still built from the rest), 130 or 143 when interrupted
    (the previous database is left as it was).
    """
    from tqdm import tqdm

    from council_plans.build import BuildInterrupted, BuildStopped
    from council_plans.build import build as run_build
    from kernel.errors import PlansError

    bar: list[tqdm] = []

    def planned(to_read: int, cached: int) -> None:
        if cached and not quiet:
            click.echo(f"{cached} document(s) unchanged since the last build, {to_read} to read", err=True)
        bar.append(tqdm(total=to_read, unit="doc", desc="reading", disable=quiet or not to_read, file=sys.stderr))

    def progress(name: str) -> None:
        bar[0].set_postfix_str(name[:40])
        bar[0].update()

    try:
        result = run_build(corpus, db, jobs=jobs, progress=progress, planned=planned, reader=reader,
                           password=password, max_pages=max_pages, timeout=timeout or None, executor=executor,
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
    from rules.parts import split_parts

    try:
        document = run_extract(pdf, reader=reader, password=password)
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
