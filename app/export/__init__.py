"""`glimpse export`: the published snapshot as a static site that any host or CDN can serve.

Every page is a pure function of the published generation (see `app.publish`), so the export
renders each GET page the app registers with Flask's test client and writes it where a static
host finds it without rewrite rules (`/<deck>/slides/7/` -> `<deck>/slides/7/index.html`).

Public functions:

- `export_site(config, target, base_url="/") -> ExportReport`: write (or update) the site in
  `target`: pages, `404.html`, the published media of every kept generation, our CSS/JS and
  htmx under content-hashed names, `.br`/`.gz` siblings of text files, `_headers`. Only files
  whose bytes changed are written; files an earlier export wrote and this one does not are
  removed; files it never wrote (a CNAME, .git) are left alone.
- `nginx_config(root, base_url="/", listen="80") -> str`: an nginx `http {}` fragment serving
  the export with the same headers as the live server (`deploy/nginx.conf` is its default).
- `headers_file(base_url) -> str`: the `_headers` file (Netlify, Cloudflare Pages).
- `ExportError`: a problem the user can fix (bad base URL, a folder that is not an export).
"""

from .errors import ExportError
from .hosting import headers_file, normalize_base
from .nginx import nginx_config
from .site import ExportReport, export_site

__all__ = [
    "ExportError",
    "ExportReport",
    "export_site",
    "headers_file",
    "nginx_config",
    "normalize_base",
]
