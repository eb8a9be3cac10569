"""Steps of a review through the HTTP client: upload, start with choices, wait for the job, read pages."""
from __future__ import annotations

import time

import lxml.html

from tests.workspace.web import AS_OF


def upload(b, name: str, data: bytes, **kw):
    return b.post("/runs/new", files={"file": (name, data, "application/octet-stream")}, follow_redirects=False, **kw)


def start(b, job_url: str, *, as_of: str = AS_OF, pack: str = "三项制度", engine: str = "vector",
          previous_run_id: str = "", overlays: tuple[str, ...] = ()):
    b.get(job_url)
    data = {"pack": pack, "as_of": as_of, "engine": engine, "previous_run_id": previous_run_id}
    if overlays:
        data["overlay"] = list(overlays)
    return b.post(job_url + "/start", data, follow_redirects=False)


def wait(b, job_url: str, seconds: float = 300) -> dict:
    """The job's progress once it is complete or failed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        p = b.get(job_url + "/progress").json()
        if p["status"] in ("complete", "failed"):
            return p
        time.sleep(0.3)
    raise AssertionError(f"{job_url} did not finish in {seconds} s: {p}")


def page(html: str):
    return lxml.html.fromstring(html)


def text_of(tree, element_id: str) -> str:
    found = tree.get_element_by_id(element_id)
    return " ".join(found.text_content().split())
