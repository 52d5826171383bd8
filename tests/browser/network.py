"""Watch what a page asks the network for (through the DevTools protocol) and what it prefetched."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

from .pages import slide_url

# Collects prefetch.js's "glimpse:prefetched" / "glimpse:cache-dropped" events, and the wall-clock
# time of every settled slide swap, from the first script on.
RECORD_EVENTS = """() => {
  window.prefetched = []; window.dropped = 0; window.settledAt = [];
  document.addEventListener('glimpse:prefetched', e => window.prefetched.push(e.detail));
  document.addEventListener('glimpse:cache-dropped', () => { window.dropped += 1; });
  document.addEventListener('htmx:afterSettle', () => window.settledAt.push(Date.now()));
}"""

SAVE_DATA = """() => Object.defineProperty(Navigator.prototype, 'connection',
  {get: () => ({saveData: true, effectiveType: '4g'}), configurable: true})"""


@dataclass
class Request:
    """One request the page sent: what, at which priority, and when.

    `wall` is ms since the epoch (to compare with the page's Date.now()); `sent` and `done` are
    the browser's monotonic clock in seconds (to compare requests with each other).
    """

    id: str
    url: str
    path: str
    kind: str
    priority: str
    wall: float
    sent: float
    done: float | None = None


@dataclass
class Network:
    """Requests seen through a CDP session, in order; cache hits are not requests."""

    requests: list[Request] = field(default_factory=list)
    cached: set[str] = field(default_factory=set)

    def on_sent(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        if url.startswith("data:"):
            return
        self.requests.append(
            Request(
                event["requestId"],
                url,
                urlsplit(url).path,
                event.get("type", ""),
                event["request"].get("initialPriority", ""),
                event["wallTime"] * 1000,
                event["timestamp"],
            )
        )

    def on_done(self, event: dict[str, Any]) -> None:
        for request in self.requests:
            if request.id == event["requestId"] and request.done is None:
                request.done = event["timestamp"]

    def from_network(self) -> list[Request]:
        """Return the requests that were not answered from the browser's caches."""
        return [r for r in self.requests if r.id not in self.cached]

    def paths(self, kind: str | None = None) -> list[str]:
        return [r.path for r in self.from_network() if kind is None or r.kind == kind]

    def clear(self) -> None:
        self.requests.clear()


def watch(page: Page, latency_ms: float = 0) -> Network:
    """Record the page's requests from now on; optionally add latency to every round trip."""
    network = Network()
    cdp = page.context.new_cdp_session(page)
    cdp.on("Network.requestWillBeSent", network.on_sent)
    cdp.on("Network.requestServedFromCache", lambda e: network.cached.add(e["requestId"]))
    cdp.on("Network.loadingFinished", network.on_done)
    cdp.on("Network.loadingFailed", network.on_done)
    cdp.send("Network.enable")
    if latency_ms:
        conditions = {"offline": False, "latency": latency_ms}
        cdp.send(
            "Network.emulateNetworkConditions",
            conditions | {"downloadThroughput": -1, "uploadThroughput": -1},
        )
    return network


def open_watched(new_context, number: int, latency: float = 0, save_data: bool = False, **options):
    """Open slide `number` with prefetch events recorded and the network watched."""
    context = new_context(color_scheme="light", **options)
    if save_data:
        context.add_init_script(f"({SAVE_DATA})()")
    context.add_init_script(f"({RECORD_EVENTS})()")
    page = context.new_page()
    network = watch(page, latency)
    page.goto(slide_url(number))
    return page, network


def prefetched(page: Page, kind: str) -> list[str]:
    """Return the paths prefetch.js reported as fetched ahead, of one kind (page, image, clip)."""
    return [
        urlsplit(d["url"]).path for d in page.evaluate("window.prefetched") if d["kind"] == kind
    ]


def wait_prefetched(page: Page, path: str, times: int = 1) -> None:
    """Wait until prefetch.js has reported `path` fetched ahead `times` times."""
    page.wait_for_function(
        "([path, times]) => window.prefetched"
        ".filter(d => new URL(d.url).pathname === path).length >= times",
        arg=["/" + path.lstrip("/"), times],  # slide_url() is relative to the site
    )


def max_in_flight(requests: list[Request]) -> int:
    """Return the most of these requests that were ever outstanding at the same time."""
    edges = []
    for request in requests:
        assert request.done is not None, f"{request.url} never finished"
        edges += [(request.sent, 1), (request.done, -1)]
    most = current = 0
    for _, step in sorted(edges, key=lambda edge: (edge[0], edge[1])):
        current += step
        most = max(most, current)
    return most
