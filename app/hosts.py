"""Trusted hosts and the public base URL: no request header ever ends up in a Location.

Flask 3.1's TRUSTED_HOSTS answers a Host the site does not serve with 400 (a page in the site
layout here, not a 500). `GLIMPSE_PUBLIC_URL` (e.g. https://example.org/essays/) names where
readers reach the site: its host is trusted, its path is the app's root (so a proxy may pass the
prefix or strip it), and redirects point there. Without it, redirects are path-only (RFC 9110
allows relative Locations). X-Forwarded-* headers are never read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import BadRequest, SecurityError
from werkzeug.wrappers import Response

# Local runs (`make run`, the tests) answer on these names whatever else is configured.
LOCAL_HOSTS = ("127.0.0.1", "localhost")  # werkzeug cannot match an IPv6 literal


def trusted_hosts(public_url: str) -> list[str]:
    """Return the host names to accept: the loopback names and the public URL's host."""
    hosts = list(LOCAL_HOSTS)
    host = urlsplit(public_url).hostname if public_url else None
    if host and host not in hosts:
        hosts.append(host)
    return hosts


class PublicRoot:
    """WSGI middleware: mount the app at the public URL's path, whether a proxy strips it or not."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], public_url: str) -> None:
        self.wsgi_app = wsgi_app
        parts = urlsplit(public_url)
        self.prefix = parts.path.rstrip("/")
        self.scheme = parts.scheme or "http"

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
            path = path[len(self.prefix) :]
        environ["PATH_INFO"] = path or "/"
        environ["SCRIPT_NAME"] = self.prefix
        environ["wsgi.url_scheme"] = self.scheme
        return self.wsgi_app(environ, start_response)


def safe_location(response: Response) -> Response:
    """Point every Location at the public URL (when set) or make it a path on this site.

    The app never redirects to another site, so a host in a Location (werkzeug builds one from
    the Host header for a missing trailing slash) is always replaced, never trusted.
    """
    location = response.headers.get("Location")
    if not location:
        return response
    parts = urlsplit(location)
    if not parts.netloc and not parts.path.startswith("/"):
        return response  # relative to the current URL: stays on this site
    path = "/" + parts.path.lstrip("/")  # never "//host": that would be another origin
    public = urlsplit(current_app.config.get("PUBLIC_URL") or "")
    scheme, netloc = (public.scheme, public.netloc) if public.netloc else ("", "")
    response.headers["Location"] = urlunsplit((scheme, netloc, path, parts.query, parts.fragment))
    return response


def bad_request(error: BadRequest) -> tuple[str, int]:
    """Answer a 400 in the site layout; an untrusted Host gets its own clear message."""
    if request_ctx.url_adapter is None:  # the Host was refused before URLs could be bound
        public = urlsplit(current_app.config.get("PUBLIC_URL") or "")
        request_ctx.url_adapter = current_app.url_map.bind(
            public.netloc or "localhost", script_name=request.script_root or "/"
        )
    return render_template("400.html", untrusted_host=isinstance(error, SecurityError)), 400


def init_app(app: Flask) -> None:
    """Trust only our host names, mount at the public URL, keep Locations safe, render 400s."""
    public_url = app.config.get("PUBLIC_URL") or ""
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(public_url)
    if public_url:
        app.wsgi_app = PublicRoot(app.wsgi_app, public_url)  # type: ignore[method-assign]
    app.after_request(safe_location)
    app.register_error_handler(BadRequest, bad_request)
