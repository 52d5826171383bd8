/* Glimpse: instant navigation. When a slide has settled and the browser is idle, fetch the next
   and previous slide pages (the same URLs as the pager links: they are the navigation responses)
   and the next slide's picture, at low priority, and keep the pages in a small in-memory cache.
   Previous/Next (links, arrow keys, Play all) then swap from the cache with no network request.

   Everything here is an enhancement on top of htmx: without JavaScript the pager links are plain
   links; without this file they are plain htmx requests. Home, End and the contents link go to
   the network; Back/Forward stay with htmx (historyCacheSize 0: the full page from the server).

   Observable events, on document: "glimpse:prefetched" (detail {url, kind: page|image|clip})
   when something is fetched ahead, and "glimpse:cache-dropped" when the cache is emptied. */
(function () {
  "use strict";

  var CACHE_SIZE = 6;              // pages kept; a reader moves one slide at a time
  var MAX_IN_FLIGHT = 2;           // prefetch requests at once, so they never crowd the reader out
  var MAX_AGE = 5 * 60 * 1000;     // older pages are fetched again, so a long read sees a republish
  var IDLE_TIMEOUT = 2000;         // requestIdleCallback deadline
  var PAGER = "#slide-region a[hx-get][rel=next], #slide-region a[hx-get][rel=prev]";

  var cache = new Map();           // absolute URL -> {url, html, doc, generation, time, held}
  var generation = null;           // the generation of every page in the cache
  var pending = new Map();         // absolute URL -> {promise, start} of a page fetch
  var queue = [];                  // prefetch jobs waiting for a slot
  var active = 0;
  var moves = [];                  // "next"/"prev" moves asked for and not yet shown
  var moving = false;              // a move is waiting for the network
  var token = 0;                   // bumped when another navigation takes over
  var expiry = null;

  function byId(id) { return document.getElementById(id); }
  function absolute(url) { return new URL(url, window.location.href).href; }
  function saveData() { return Boolean(navigator.connection && navigator.connection.saveData); }
  function tell(name, detail) { document.dispatchEvent(new CustomEvent(name, { detail: detail })); }
  function shownGeneration() {
    var slide = byId("slide");
    return slide ? slide.getAttribute("data-generation") || "" : null;
  }

  /* ---- The cache, one generation at a time ------------------------------------------------
     Republish safety: every cached entry is a whole page from one published generation (the
     server renders each page from exactly one, see app/publish), and a swap takes the slide's
     text and its media URLs from that one page together. So text and media shown together are
     always from the same build. The cache also never holds pages of two generations: when a
     fetched page, or the page shown, names another generation, the whole cache is dropped. */

  function drop() {
    cache.clear();
    tell("glimpse:cache-dropped", { generation: generation });
  }

  function checkGeneration(seen) {
    if (seen === null || seen === generation) { return; }
    if (cache.size) { drop(); }
    generation = seen;
  }

  function fresh(url) {
    var entry = cache.get(url);
    if (entry && Date.now() - entry.time > MAX_AGE) { cache.delete(url); entry = null; }
    return entry || null;
  }

  function remember(url, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var slide = doc.getElementById("slide");
    if (!slide) { return null; } // not a slide page: never swapped from the cache
    checkGeneration(slide.getAttribute("data-generation") || "");
    var entry = { url: url, html: html, doc: doc, generation: generation, time: Date.now(), held: {} };
    cache.delete(url);
    cache.set(url, entry);
    while (cache.size > CACHE_SIZE) { cache.delete(cache.keys().next().value); }
    return entry;
  }

  /* ---- Fetching: low priority, at most MAX_IN_FLIGHT at once, nothing twice ------------- */

  function slot(start, job) {
    job = job || {};
    job.start = start;
    return new Promise(function (resolve, reject) {
      job.resolve = resolve;
      job.reject = reject;
      queue.push(job);
      pump();
    });
  }

  function run(job) {
    active += 1;
    job.start().then(job.resolve, job.reject).then(function () { active -= 1; pump(); });
  }

  function pump() {
    while (active < MAX_IN_FLIGHT && queue.length) { run(queue.shift()); }
  }

  function fetchPage(url, priority) {
    return window.fetch(url, { priority: priority, credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error(url + ": " + response.status); }
      return response.text();
    }).then(function (html) { return remember(url, html); });
  }

  /* A page from the cache, or the fetch already on its way (a move waits for the prefetch
     rather than asking twice; a queued prefetch is started at once), or a new fetch. */
  function page(url, priority) {
    var entry = fresh(url);
    if (entry) { return Promise.resolve(entry); }
    var known = pending.get(url);
    if (known) {
      var waiting = queue.indexOf(known.job);
      if (priority === "high" && waiting >= 0) { queue.splice(waiting, 1); run(known.job); }
      return known.promise;
    }
    var record = { job: {} };
    var start = function () { return fetchPage(url, priority); };
    if (priority === "low") {
      record.promise = slot(start, record.job);
    } else {
      record.promise = start();
    }
    pending.set(url, record);
    record.promise.then(function (found) {
      pending.delete(url);
      if (found && priority === "low") { tell("glimpse:prefetched", { url: url, kind: "page" }); }
    }, function () { pending.delete(url); });
    return record.promise;
  }

  /* The next slide's picture, the variant this browser will pick: a copy of the next page's
     <picture> (its <source> types, srcsets and sizes) that is never put in the page, so the
     browser runs its own selection. The swapped-in <img> then finds it in the memory cache. */
  function prefetchImage(entry) {
    var picture = entry.doc.querySelector("#slide picture");
    if (!picture || entry.held.picture) { return; }
    entry.held.picture = true;
    slot(function () {
      var copy = document.importNode(picture, true);
      var img = copy.querySelector("img");
      img.fetchPriority = "low";
      img.loading = "eager";
      entry.held.picture = copy; // keeps the decoded picture alive until the entry goes
      return img.decode().then(function () {
        tell("glimpse:prefetched", { url: img.currentSrc, kind: "image" });
      }, function () { /* a missing picture shows its alt text, as without prefetch */ });
    });
  }

  /* Play all (or "play narration when I change slide"): while one clip plays, load the next
     one into a hidden, muted, never-played Audio, so the next slide's player starts from
     bytes already here instead of waiting for a round trip. */
  function listening() {
    var all = byId("play-all-button");
    var autoplay = byId("autoplay-toggle");
    var player = byId("narration-audio");
    var on = (all && all.getAttribute("data-active") === "true") || (autoplay && autoplay.checked);
    return Boolean(on && player && !player.paused);
  }

  function preloadClip(entry) {
    var player = entry.doc.getElementById("narration-audio");
    if (!player || entry.held.clip || saveData() || !listening()) { return; }
    var url = absolute(player.getAttribute("src"));
    var clip = new Audio();
    entry.held.clip = clip;
    clip.muted = true;
    clip.preload = "auto";
    slot(function () {
      return new Promise(function (resolve) {
        var finish = function () { window.clearTimeout(timer); resolve(); };
        var timer = window.setTimeout(finish, 30000);
        clip.addEventListener("canplaythrough", function () {
          tell("glimpse:prefetched", { url: url, kind: "clip" });
          finish();
        }, { once: true });
        clip.addEventListener("error", finish, { once: true });
        clip.src = url;
        clip.load();
      });
    });
  }

  /* ---- When to fetch ahead: the slide has settled and the browser is idle ---------------- */

  function pagerHref(rel) {
    var link = document.querySelector("#slide-region a[hx-get][rel=" + rel + "]");
    return link ? absolute(link.getAttribute("hx-get")) : null;
  }

  function ahead() {
    if (saveData() || moving || moves.length || !window.htmx) { return; }
    checkGeneration(shownGeneration());
    var next = pagerHref("next");
    var prev = pagerHref("prev");
    var current = token;
    if (next) {
      page(next, "low").then(function (entry) {
        if (entry && current === token) { prefetchImage(entry); preloadClip(entry); }
      }, function () { /* fetched again when the reader moves */ });
    }
    if (prev) { page(prev, "low").catch(function () { /* likewise */ }); }
  }

  function schedule() {
    window.clearTimeout(expiry);
    if (saveData()) { return; }
    var start = function () {
      if ("requestIdleCallback" in window) { window.requestIdleCallback(ahead, { timeout: IDLE_TIMEOUT }); }
      else { window.setTimeout(ahead, 200); }
    };
    if (document.readyState === "complete") { start(); }
    else { window.addEventListener("load", start, { once: true }); }
    expiry = window.setTimeout(schedule, MAX_AGE + 1000); // refresh what has grown old
  }

  /* ---- Moving: one move at a time, in order, from the cache when it can ----------------- */

  /* What htmx itself does when it pushes a URL (with historyCacheSize 0, no snapshot is
     kept): mark the entry being left as htmx's, so Back restores it, then push the new one. */
  function pushUrl(path, info) {
    if (!window.htmx.config.historyEnabled) { return; }
    var update = { type: "push", path: path };
    window.htmx.trigger(document.body, "htmx:beforeHistoryUpdate", Object.assign({ history: update }, info));
    if (!(window.history.state && window.history.state.htmx)) {
      window.history.replaceState({ htmx: true }, document.title, window.location.href);
    }
    window.history.pushState({ htmx: true }, "", path);
    try { window.sessionStorage.setItem("htmx-current-path-for-history", path); }
    catch (error) { /* private mode: htmx falls back to the location */ }
    window.htmx.trigger(document.body, "htmx:pushedIntoHistory", { path: path });
  }

  /* Swap a cached page exactly as htmx swaps a response for the link: same target, select and
     swap style (read from the link), title from the page, focus kept on the control by id, and
     htmx:beforeSwap / afterSwap / afterSettle fired, so the announcement, focus and narration
     player code in glimpse.js runs the same way for both paths. */
  function show(entry, link, cached) {
    var htmx = window.htmx;
    var target = document.querySelector(link.getAttribute("hx-target") || "#slide-region");
    var url = new URL(entry.url);
    var path = url.pathname + url.search;
    var info = {
      elt: link, target: target, successful: true, failed: false, boosted: false, fromCache: cached,
      requestConfig: { verb: "get", path: path, elt: link, target: target },
      pathInfo: { requestPath: path, finalRequestPath: path, responsePath: path }
    };
    var before = Object.assign({ shouldSwap: true, serverResponse: entry.html, isError: false,
      ignoreTitle: htmx.config.ignoreTitle, selectOverride: null, swapOverride: null }, info);
    if (!htmx.trigger(target, "htmx:beforeSwap", before) || !before.shouldSwap) { return; }
    var spec = { swapStyle: link.getAttribute("hx-swap") || "innerHTML", swapDelay: 0,
      settleDelay: 0, ignoreTitle: before.ignoreTitle };
    var select = link.getAttribute("hx-select");
    var content = before.serverResponse;
    if (content === entry.html) { content = selected(entry, select); select = null; }
    // The URL is pushed right after the new slide is in the DOM (htmx pushes just before; our
    // URLs are root-relative, so the base URL does not matter), before afterSettle: code that
    // runs on settle sees the new location, and the reader sees the slide a few ms sooner.
    htmx.swap(target, content, spec, {
      select: select, eventInfo: info, contextElement: link,
      afterSwapCallback: function () { pushUrl(path, info); }
    });
  }

  /* The part of the cached page htmx would keep (hx-select), copied from the page parsed when it
     was fetched (cheaper than parsing it again), with the page's title as htmx expects it. */
  function selected(entry, select) {
    var fragment = document.createDocumentFragment();
    entry.doc.querySelectorAll(select || "body > *").forEach(function (node) {
      fragment.appendChild(document.importNode(node, true));
    });
    fragment.title = entry.doc.title;
    return fragment;
  }

  /* Bursts: each press asks for one move relative to where the previous one landed, so five
     ArrowRight presses show slides n+1 ... n+5 in order, one history entry each, none dropped
     or doubled (htmx alone would drop presses made while its request for n+1 is out). */
  /* While moves wait for the network, glimpse.js holds the announcement back: only the slide
     where the burst lands is announced (see announceWhenSettled there). */
  function setMoving(value) {
    moving = value;
    var region = byId("slide-region");
    if (region) { region.toggleAttribute("data-moving", value); }
  }

  function nextMove() {
    setMoving(false);
    var rel = moves.shift();
    if (!rel) { return; }
    var link = document.querySelector("#slide-region a[hx-get][rel=" + rel + "]");
    if (!link) { moves = []; return; } // at an end: the control there does nothing
    var url = absolute(link.getAttribute("hx-get"));
    var entry = fresh(url);
    if (entry) { show(entry, link, true); nextMove(); return; }
    setMoving(true);
    var current = token;
    page(url, "high").then(function (found) {
      if (current !== token) { return; }
      if (!found) { throw new Error(url + ": not a slide page"); }
      show(found, link, false);
      nextMove();
    }).catch(function () {
      // The network failed or answered with an error: load the page itself, so the reader
      // gets whatever the server says (an error page in the site layout) instead of nothing.
      if (current === token) { cancel(); window.location.assign(url); }
    });
  }

  function cancel() {
    token += 1;
    moves = [];
    setMoving(false);
  }

  function onConfirm(event) {
    var link = event.detail && event.detail.elt;
    if (!link || !link.matches || !link.matches(PAGER)) { return; }
    event.preventDefault();
    moves.push(link.getAttribute("rel"));
    if (!moving) { nextMove(); }
  }

  function start() {
    if (!window.htmx || !window.fetch) { return; }
    generation = shownGeneration();
    document.addEventListener("htmx:confirm", onConfirm);
    // Home, End or Back/Forward take over: moves still waiting are the reader's old intent.
    document.addEventListener("htmx:beforeRequest", function (event) {
      var target = event.detail && event.detail.target;
      if (target && target.id === "slide-region") { cancel(); }
    });
    window.addEventListener("popstate", cancel);
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (event.detail && event.detail.target && event.detail.target.id === "slide-region") { schedule(); }
    });
    document.body.addEventListener("htmx:historyRestore", schedule);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { cancel(); drop(); generation = shownGeneration(); schedule(); }
    });
    document.addEventListener("playing", function (event) {
      var next = pagerHref("next");
      if (event.target.id === "narration-audio" && next && fresh(next)) { preloadClip(fresh(next)); }
    }, true);
    schedule();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
