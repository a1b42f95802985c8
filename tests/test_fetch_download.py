"""The fetcher's HTTP manners: a pause between requests, back-off between retries, conditional
requests, and files that are never half-written. Pauses are recorded, not slept."""

from __future__ import annotations

import pytest
from moderngov_site import Doc, Meeting, ModernGovSite

from council_plans.fetch.download import Http, Validators
from kernel.errors import PlansError

PDF = b"%PDF-1.4\n" + b"x" * 5000 + b"\n%%EOF\n"


@pytest.fixture
def site():
    site = ModernGovSite()
    site.meetings = [Meeting(1, 1, "2017-06-20", own_docs=[Doc(7, "Pack", PDF, path="documents/g1/pack.pdf")])]
    site.base = site.start()
    yield site
    site.stop()


class Pauses:
    """A clock that stands still and a sleep that only writes down how long it was asked for."""

    def __init__(self) -> None:
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))

    def clock(self) -> float:
        return 100.0


def test_requests_are_spaced_by_the_delay(site):
    pauses = Pauses()
    http = Http(delay=1.5, retries=0, sleep=pauses.sleep, clock=pauses.clock)
    for _ in range(3):
        http.get_text(f"{site.base}/documents/g1/pack.pdf")
    assert pauses.slept == [1.5, 1.5]  # none before the first request
    assert http.requests == 3


def test_retries_back_off_exponentially_then_give_up_with_e040(site):
    site.faults["documents/g1/pack.pdf"] = [503, 503, 503, 503]
    pauses = Pauses()
    http = Http(delay=0, retries=3, backoff=2.0, sleep=pauses.sleep, clock=pauses.clock)
    with pytest.raises(PlansError) as caught:
        http.get_text(f"{site.base}/documents/g1/pack.pdf")
    assert pauses.slept == [2.0, 4.0, 8.0]
    assert caught.value.code == "E040" and "HTTP 503 Service Unavailable (4 tries)" in caught.value.message


def test_a_client_error_is_not_retried(site):
    pauses = Pauses()
    http = Http(delay=0, retries=3, sleep=pauses.sleep, clock=pauses.clock)
    with pytest.raises(PlansError) as caught:
        http.get_text(f"{site.base}/documents/g1/missing.pdf")
    assert "HTTP 404" in caught.value.message and pauses.slept == []
    assert len(site.log) == 1


def test_download_is_conditional_and_atomic(site, tmp_path):
    http = Http(delay=0, retries=0)
    target = tmp_path / "pack.pdf"
    url = f"{site.base}/documents/g1/pack.pdf"
    first = http.download(url, target, expect=lambda b: b"%PDF-" in b)
    assert first.status == "new" and target.read_bytes() == PDF and first.validators.etag == site.doc(7).tag()
    again = http.download(url, target, validators=first.validators, old_sha256=first.sha256)
    assert again.status == "unchanged" and site.log[-1][1] == 304
    site.doc(7).pdf = PDF.replace(b"x", b"y")
    changed = http.download(url, target, validators=first.validators, old_sha256=first.sha256)
    assert changed.status == "changed" and target.read_bytes() == site.doc(7).pdf
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


def test_a_body_that_is_not_the_document_leaves_the_old_copy(site, tmp_path):
    http = Http(delay=0, retries=0)
    target = tmp_path / "pack.pdf"
    url = f"{site.base}/documents/g1/pack.pdf"
    held = http.download(url, target)
    site.doc(7).pdf = b"<html>Sign in</html>"
    with pytest.raises(PlansError) as caught:
        http.download(url, target, validators=Validators(), old_sha256=held.sha256, expect=lambda b: b"%PDF-" in b, what="PDF")
    assert caught.value.code == "E041"
    assert target.read_bytes() == PDF and sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]
