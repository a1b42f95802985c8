"""The readers there are and the page limit: what a build checks its options against before it
knows whether anything needs reading (so an unchanged rebuild loads no PDF library)."""

READERS = {"pdfium": "extractor.reader_pdfium", "pdfplumber": "extractor.reader_pdfplumber"}
DEFAULT_READER = "pdfium"
# A council's longest agenda packs run to a thousand pages or two; a file claiming many more
# is broken or not a council paper, and would hold a worker (and its memory) for hours.
MAX_PAGES = 5000


def check_reader(reader: str) -> None:
    """An unknown reader fails here, before anything runs."""
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}: choose one of {', '.join(READERS)}")
