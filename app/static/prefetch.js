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
  var settling = null;             // what is left of the last move shown, done after its frame
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
     <picture> (its <source> types, srcsets and sizes), made in this document but not put in
     it, so the browser runs its own selection, fetches it at low priority and decodes it. The
     move then puts that copy in the page (see madeAhead()): nothing is fetched or decoded again. */
  function prefetchImage(entry) {
    var picture = entry.doc.querySelector("#slide picture");
    if (!picture || entry.held.picture) { return; }
    var record = entry.held.picture = { element: null, used: false };
    slot(function () {
      if (record.used) { return Promise.resolve(); } // the reader got there first
      var copy = record.element = document.importNode(picture, true);
      var img = copy.querySelector("img");
      img.fetchPriority = "low";
      img.loading = "eager";
      return img.decode().then(function () {
        tell("glimpse:prefetched", { url: img.currentSrc, kind: "image" });
      }, function () { /* a missing picture shows its alt text, as without prefetch */ });
    });
  }

  /* Play all (or "play narration when I change slide"): while one clip plays, the next slide's
     player is made and fills its buffer (muted, never played, not in the page). The move puts
     that very element in the page, so it plays from bytes already here: no round trip, even from
     a host without Range requests, where a second element could not reuse the first's bytes. */
  function playsOnMove() {
    var all = byId("play-all-button");
    var autoplay = byId("autoplay-toggle");
    return Boolean((all && all.getAttribute("data-active") === "true") || (autoplay && autoplay.checked));
  }

  function listening() {
    var player = byId("narration-audio");
    return Boolean(playsOnMove() && player && !player.paused);
  }

  function preloadClip(entry) {
    var audio = entry.doc.getElementById("narration-audio");
    if (!audio || entry.held.clip || saveData() || !listening()) { return; }
    var record = entry.held.clip = { element: null, used: false };
    var url = absolute(audio.getAttribute("src"));
    slot(function () {
      if (record.used) { return Promise.resolve(); } // the reader got there first
      var clip = record.element = document.importNode(audio, true); // the player, as the page has it
      clip.muted = true;
      clip.preload = "auto";
      return new Promise(function (resolve) {
        var finish = function () { window.clearTimeout(timer); resolve(); };
        var timer = window.setTimeout(finish, 30000);
        clip.addEventListener("canplaythrough", function () {
          tell("glimpse:prefetched", { url: url, kind: "clip" });
          finish();
        }, { once: true });
        clip.addEventListener("error", finish, { once: true });
      });
    });
  }

  /* What a move puts in the page for a node of the new slide: for the picture and the player,
     the element made ahead (once, with the attributes the fetch ahead changed put back as the
     page has them, so it serializes as the page's markup), otherwise a copy. */
  function madeAhead(neu, entry) {
    var kind = { PICTURE: "picture", AUDIO: "clip" }[neu.nodeName];
    var record = kind && entry.held[kind];
    if (!record || record.used) { return document.importNode(neu, true); }
    record.used = true; // a slot not yet given never makes it (see prefetchImage, preloadClip)
    var element = record.element;
    if (!element) { return document.importNode(neu, true); }
    if (kind === "clip") {
      restore(element, neu, ["preload"]);
      element.muted = false;
    } else {
      restore(element.querySelector("img"), neu.querySelector("img"), ["fetchpriority", "loading"]);
    }
    return element;
  }

  function restore(element, original, names) {
    names.forEach(function (name) {
      var value = original.getAttribute(name);
      if (value === null) { element.removeAttribute(name); }
      else { element.setAttribute(name, value); }
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

  /* ---- The swap: the region is changed into the new slide, node by node ----------------
     Profiled (benchmarks/navigation_profile.py), htmx's own swap of a cached page spent most of a
     move replacing every node of the slide: the focused control (the pager link, or the heading
     after a key press) was removed, so the browser blurred it and, when htmx focused the new one
     by id, had to recalculate style and lay out the page before the slide was in the DOM. Slides
     share one template, so instead each node is kept when the new one differs only in attribute
     values and text, and only those change: the same DOM as htmx's swap (same nodes, attributes
     and order, so it serializes identically), but focus never leaves the control the reader
     used (no blur, no focus, no forced layout) and the screen reader hears no focus change,
     only the one announcement. Media are always new elements: a kept <img> given a new src
     would show the old picture beside the new caption until the new one arrived, and each
     slide's <audio> is its own player (see madeAhead()). */
  var REPLACED = { AUDIO: true, VIDEO: true, PICTURE: true, IMG: true };

  /* Same kind, tag, id and attribute names in the same order: one can become the other by
     changing values and children alone. */
  function sameShape(old, neu) {
    if (old.nodeType !== neu.nodeType || old.nodeName !== neu.nodeName) { return false; }
    if (old.nodeType !== 1) { return true; }
    if (REPLACED[old.nodeName] || old.id !== neu.id) { return false; }
    var a = old.attributes, b = neu.attributes;
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i].name !== b[i].name) { return false; } }
    return true;
  }

  function morph(old, neu, entry) {
    if (old.nodeType !== 1) {
      if (old.nodeValue !== neu.nodeValue) { old.nodeValue = neu.nodeValue; }
      return;
    }
    var a = old.attributes, b = neu.attributes;
    for (var i = 0; i < b.length; i++) {
      if (a[i].value !== b[i].value) { old.setAttribute(b[i].name, b[i].value); }
    }
    morphChildren(old, neu.childNodes, entry);
  }

  /* Each new child is matched with the first old child of the same shape from where the last
     match ended; old children skipped over are removed, unmatched new ones copied in. */
  function morphChildren(parent, children, entry) {
    var old = parent.firstChild;
    Array.prototype.forEach.call(children, function (neu) {
      var match = old;
      while (match && !sameShape(match, neu)) { match = match.nextSibling; }
      if (!match) {
        var node = madeAhead(neu, entry);
        parent.insertBefore(node, old);
        // A new htmx link is wired at once: clicked before settling, it would load a page.
        if (node.nodeType === 1 && (node.hasAttribute("hx-get") || node.querySelector("[hx-get]"))) {
          window.htmx.process(node);
        }
        return;
      }
      while (old !== match) { var skipped = old; old = old.nextSibling; parent.removeChild(skipped); }
      morph(match, neu, entry);
      old = match.nextSibling;
    });
    while (old) { var rest = old; old = old.nextSibling; parent.removeChild(rest); }
  }

  /* Show a page as htmx shows a response for the link: same target and select (read from the
     link), title from the page, focus kept, URL pushed, and htmx:beforeSwap / afterSwap /
     afterSettle fired, so the announcement, focus and player code in glimpse.js and
     readalong.js run the same way as for htmx's own requests. */
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
    var select = before.selectOverride || link.getAttribute("hx-select") || "body > *";
    var style = before.swapOverride || link.getAttribute("hx-swap") || htmx.config.defaultSwapStyle;
    if (before.serverResponse !== entry.html || style !== "innerHTML") {
      // Something asked for another response or swap: htmx does it all.
      htmx.swap(target, before.serverResponse, { swapStyle: style, swapDelay: 0, settleDelay: 0,
        ignoreTitle: before.ignoreTitle }, { select: select, eventInfo: info, contextElement: link,
        afterSwapCallback: function () { pushUrl(path, info); } });
      return;
    }
    var focused = document.activeElement;
    morphChildren(target, entry.doc.querySelectorAll(select), entry);
    if (focused && focused.id && !focused.isConnected) { // replaced after all: as htmx does
      var again = byId(focused.id);
      if (again) { again.focus({ preventScroll: !htmx.config.defaultFocusScroll }); }
    }
    var lost = focused !== document.activeElement && document.activeElement === document.body;
    settling = function () {
      settling = null;
      flag();
      pushUrl(path, info);
      if (!before.ignoreTitle && entry.doc.title) { document.title = entry.doc.title; }
      htmx.process(target); // the new pager links follow htmx, as after htmx's own swap
      htmx.trigger(target, "htmx:afterSettle", info);
    };
    flag();
    htmx.trigger(target, "htmx:afterSwap", info);
    if (playsOnMove() || lost) { settle(); } else { afterFrame(settle); }
  }

  /* Settling (URL, title, htmx on the new links, then afterSettle: the announcement timer, the
     player and read-along set-up, the next fetch ahead) waits until the new slide has been
     painted: done before, pushState alone made the browser lay out the changed page first
     (measured ~5 ms a move). The next move, Home/End, Play all (whose next clip should start at
     once) and a move that took focus away (glimpse.js puts it back on settle) settle at once; a
     hidden page (no frames) and a throttled one never wait long. */
  function settle() { if (settling) { settling(); } }

  function afterFrame(work) {
    if (document.visibilityState !== "visible") { work(); return; }
    window.requestAnimationFrame(function () { window.setTimeout(work, 0); });
    window.setTimeout(work, 100);
  }

  /* Bursts: each press asks for one move relative to where the previous one landed, so five
     ArrowRight presses show slides n+1 ... n+5 in order, one history entry each, none dropped
     or doubled (htmx alone would drop presses made while its request for n+1 is out). */
  /* While moves wait for the network (or the last one shown has not settled), glimpse.js holds
     the announcement back: only the slide where the burst lands is announced (see
     announceWhenSettled there). */
  function setMoving(value) {
    moving = value;
    flag();
  }

  /* The region is marked while a move is under way: waiting for the network, or shown and not
     yet settled (an announcement timer of the slide before must not read the new one early). */
  function flag() {
    var region = byId("slide-region");
    if (region) { region.toggleAttribute("data-moving", moving || settling !== null); }
  }

  function nextMove() {
    setMoving(false);
    var rel = moves.shift();
    if (!rel) { return; }
    settle(); // the move before this one first: its URL, then this one's
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
      if (target && target.id === "slide-region") { settle(); cancel(); }
    });
    // Back/Forward within a frame of a move: htmx restores the page; that move never settles.
    window.addEventListener("popstate", function () { settling = null; cancel(); });
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
