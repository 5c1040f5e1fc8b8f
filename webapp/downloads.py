"""Download responses: the file name in Content-Disposition as RFC 6266 says, whatever letters it holds.

A header is Latin-1 on the wire; a plan titled "Ĳsselland" broke every PDF download. The name goes as
UTF-8 in `filename*` (RFC 5987), with a plain ASCII `filename` for clients that know only that.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

from flask import Response, request
from werkzeug.http import is_resource_modified


def ascii_fallback(filename: str) -> str:
    """The name in ASCII letters (IJ for Ĳ, e for é), anything else a hyphen."""
    decomposed = unicodedata.normalize("NFKD", filename)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "replace").decode()
    stem, dot, extension = plain.rpartition(".") if "." in plain else (plain, "", "")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "download"
    return stem + dot + re.sub(r"[^A-Za-z0-9]", "", extension)


def content_disposition(filename: str) -> str:
    return f"attachment; filename=\"{ascii_fallback(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(body, filename: str, mimetype: str, **headers) -> Response:
    """A file download that no shared cache keeps."""
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": content_disposition(filename),
                                                      "Cache-Control": "private, no-store", **headers})


def stored_download(data: bytes | Callable[[], bytes], filename: str, mimetype: str, etag: str) -> Response:
    """Stored bytes that never change under `etag`: a conditional GET is answered 304, a Range request 206.

    `data` may be a function that reads the bytes: for a 304 it is not called, so they are not read.
    `private, no-cache`: no shared cache keeps it, and the browser asks again (If-None-Match) before reusing it.
    """
    if callable(data):
        # If-None-Match comes before Range (RFC 9110, 13.2.2): a matching ETag is a 304 whatever the range.
        data = data() if is_resource_modified(request.environ, etag=etag) else b""
    response = Response(data, mimetype=mimetype, headers={"Content-Disposition": content_disposition(filename),
                                                          "Cache-Control": "private, no-cache"})
    response.set_etag(etag)
    return response.make_conditional(request, accept_ranges=True, complete_length=len(data) or None)
