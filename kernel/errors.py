"""One catalogue of the errors the pipeline reports, with stable codes and what to do next.

Every error that reaches a user (CLI message or a row of the ``errors`` table) is built from
an entry here, so the same failure always reads the same way and can be looked up by code.
"""

from __future__ import annotations

from dataclasses import dataclass

from kernel.names import display_name


@dataclass(frozen=True)
class ErrorKind:
    code: str
    summary: str
    hint: str


CATALOGUE: dict[str, ErrorKind] = {
    k.code: k
    for k in [
        ErrorKind("E001", "not a PDF", "The file does not start with %PDF-. Remove it from the corpus or replace it with the real PDF."),
        ErrorKind("E002", "empty file", "The file has no bytes. Download it again."),
        ErrorKind("E003", "encrypted PDF", "The PDF needs a password. Rebuild with plans build --password, or save an unencrypted copy (e.g. qpdf --decrypt)."),
        ErrorKind("E004", "corrupt PDF", "The PDF could not be parsed. Download it again or repair it (e.g. qpdf in.pdf out.pdf)."),
        ErrorKind("E005", "no text layer", "No page has any text (a scan, or images only). Run OCR on it (e.g. ocrmypdf) and rebuild."),
        ErrorKind("E006", "no pages", "The PDF has no pages. Download it again."),
        ErrorKind("E007", "unreadable text", "The fonts have no Unicode map, so the text reads as (cid:NN) garbage; records from these pages are unreliable. Get a PDF exported with embedded Unicode fonts, or OCR it (e.g. ocrmypdf --force-ocr)."),
        ErrorKind("E008", "too many pages", "The PDF has more pages than the build reads (plans build --max-pages). Split it (e.g. qpdf --split-pages) or raise --max-pages."),
        ErrorKind("E009", "timed out", "Reading the document took longer than plans build --timeout allows; its worker was stopped. Raise --timeout, or try --reader pdfplumber / repair the PDF (qpdf in.pdf out.pdf)."),
        ErrorKind("E010", "manifest checksum mismatch", "The file differs from the one the manifest describes. Update manifest.json's sha256 or restore the file."),
        ErrorKind("E011", "manifest is not valid", "Fix manifest.json (a JSON list of objects with at least 'file', a name in the corpus folder, and text where text belongs); the message names the entry and the field. The entry was ignored: its PDF is built as if it had none."),
        ErrorKind("E012", "duplicate document", "The same file (same sha256) is in the corpus under another name; it was built once, under the name given. Delete the copy (or give it its own manifest entry if it really is another document)."),
        ErrorKind("E013", "manifest names a missing file", "Put the file in the corpus folder, or remove its entry from manifest.json."),
        ErrorKind("E014", "reader crashed", "The worker reading this file died (a crash or out of memory in the PDF library). Try plans build --reader pdfplumber, or repair the PDF (qpdf in.pdf out.pdf)."),
        ErrorKind("E015", "file name is not valid UTF-8", "The name's bytes are not UTF-8 (often a file unzipped from a Windows archive): it is shown and linked under the name given, its odd bytes read as Windows-1252. Rename the file to that name (e.g. convmv -f cp1252 -t utf-8 --notest FILE)."),
        ErrorKind("E016", "out of memory", "Reading the document needed more memory than plans build --max-memory allows (a decompression bomb, or a huge image or page); its worker was stopped. Repair the PDF (qpdf in.pdf out.pdf), or raise --max-memory if the file is genuine."),
        ErrorKind("E017", "too many rulings to read tables", "The page's rulings cross so many times (a grid of rules, a chart drawn as lines) that looking for tables on it would take hours; its text is read as lines and no table is read there. If it does hold a table, send the page with the file and page number."),
        ErrorKind("E020", "rule failed on this document", "A rule raised an error; the document's other records were kept. Report it with the file and page."),
        ErrorKind("E030", "rule pack is not valid", "Fix the YAML named in the message; the message says which field is wrong."),
        ErrorKind("E040", "download failed", "Nothing was written for it. Run plans fetch again later: it asks again for everything it does not hold (or raise --timeout / --retries for a slow site)."),
        ErrorKind("E041", "the site sent something that is not the document", "Open the source URL in a browser: it may need a login or have been withdrawn. Nothing was written for it."),
        ErrorKind("E042", "committee not found on the site", "Run plans fetch --site URL --list-committees and pass a title (or id) it prints to --committee."),
        ErrorKind("E043", "not a ModernGov site", "Neither mgWebService.asmx nor the meeting pages answered. Pass the address the council's committee pages live under, e.g. https://cms.wiltshire.gov.uk."),
        ErrorKind("E044", "ModernGov minutes file is not readable", "Run plans fetch again for that meeting (it rewrites the .minutes.json file), or remove minutes_file from its manifest entries."),
        ErrorKind("E045", "address refused", "The site named (or redirected to) an address plans fetch does not ask: not http(s), or not on the site's own host. Nothing was fetched from it. If the council really keeps its documents on another host, allow it with plans fetch --allow-host HOST."),
        ErrorKind("E046", "answer too large", "The site sent more than plans fetch accepts for one answer (--max-document-mb for a document, --max-page-mb for a page or web-service answer); nothing was kept. Raise the limit if the document is genuine."),
    ]
}


class PlansError(Exception):
    """An error with a catalogue code, the place it happened, and what to do next."""

    def __init__(self, code: str, detail: str = "", *, file: str | None = None, page: int | None = None):
        self.kind = CATALOGUE[code]
        self.code = code
        self.detail = detail
        self.file = file
        self.page = page
        super().__init__(self.message)

    @property
    def where(self) -> str:
        if self.file and self.page:
            return f"{self.file}, page {self.page}"
        return self.file or ""

    @property
    def message(self) -> str:
        text = f"{self.code} {self.kind.summary}"
        if self.where:
            text = f"{self.where}: {text}"
        if self.detail:
            text += f" ({self.detail})"
        # A file name that is not valid UTF-8 (or an exception quoting one) must still print
        # and go into the errors table: its undecodable bytes are shown as Windows-1252.
        return display_name(f"{text}. {self.kind.hint}")
