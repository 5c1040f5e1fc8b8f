"""The only way a PDF render reaches a file: bundled assets of static/pdf/ and validated uploads, nothing else."""
from __future__ import annotations

from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSET_BASE = "https://assets.regioplan.invalid/"  # never resolved: only mapped onto ASSET_DIR
ASSET_DIR = Path(__file__).resolve().parents[2] / "static" / "pdf"
MIME = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2",
        ".ttf": "font/ttf"}


class FetchRefused(ValueError):
    pass


LOGO_URL = ASSET_BASE + "uploaded/logo"  # the organisation's validated logo, served from memory


class BundledAssetFetcher(URLFetcher):
    """Serves files of static/pdf/ and refuses everything else: file://, http(s), data:, any host.

    `uploads` maps a URL under ASSET_BASE onto (bytes, content type) that were validated before (the logo).
    """

    def __init__(self, uploads: dict[str, tuple[bytes, str]] | None = None):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused: list[str] = []
        self.uploads = dict(uploads or {})

    def fetch(self, url, headers=None):
        if url in self.uploads:
            data, content_type = self.uploads[url]
            return URLFetcherResponse(url, data, {"Content-Type": content_type})
        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            raise FetchRefused(f"refused: {url[:200]}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": MIME[path.suffix]})

    @staticmethod
    def _local_path(url: str) -> Path | None:
        if not url.startswith(ASSET_BASE):
            return None
        relative = url[len(ASSET_BASE):].split("?", maxsplit=1)[0].split("#", maxsplit=1)[0]
        path = (ASSET_DIR / relative).resolve()
        if ASSET_DIR not in path.parents or not path.is_file() or path.suffix not in MIME:
            return None
        return path
