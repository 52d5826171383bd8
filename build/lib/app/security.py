"""Security headers: a strict Content-Security-Policy (no inline script or style anywhere)."""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": "'self'",
    "media-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def init_app(app: Flask) -> None:
    """Send CSP and the usual hardening headers; HTTPS is the deployer's job, not forced here."""
    Talisman(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        force_https=False,
        session_cookie_secure=False,
        strict_transport_security=False,
        referrer_policy="no-referrer",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )
