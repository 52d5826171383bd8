/* Glimpse: keyboard shortcuts, focus after history moves, and the narration player.
   Everything here is an enhancement: with JavaScript off every slide is a plain page with links. */
(function () {
  "use strict";

  var SPEED_KEY = "glimpse.speed";
  var AUTOPLAY_KEY = "glimpse.autoplayOnMove";
  var playingAll = false;

  function byId(id) { return document.getElementById(id); }
  function audio() { return byId("narration-audio"); }

  /* Settings are read from localStorage once and then kept in memory: every move reads them
     (speed, autoplay) and localStorage is synchronous, so it stays off the path of a key press.
     Another tab's change arrives as a "storage" event. */
  var remembered = {};
  function stored(key, fallback) {
    if (!Object.prototype.hasOwnProperty.call(remembered, key)) {
      try { remembered[key] = window.localStorage.getItem(key); } catch (error) { remembered[key] = null; }
    }
    return remembered[key] === null ? fallback : remembered[key];
  }
  function store(key, value) {
    remembered[key] = value;
    try { window.localStorage.setItem(key, value); } catch (error) { /* private mode: not kept */ }
  }
  window.addEventListener("storage", function () { remembered = {}; });

  function announce(text) {
    var region = byId("announcer");
    if (region) { region.textContent = text; }
  }

  /* ---- Moving between slides ---------------------------------------------------------- */

  function followLink(id) {
    var link = byId(id);
    if (!link || !link.getAttribute("href")) { return false; }
    link.click(); // htmx handles the click (swap + push URL); without htmx the browser follows it
    return true;
  }

  /* Home/End have no link to follow: ask htmx to push the URL itself (not history.pushState
     afterwards), so it also marks the page being left as its own history entry and Back returns
     to it. Like the pager links, it fetches the full page and keeps only the slide region. */
  function goTo(url) {
    if (!window.htmx) { window.location.assign(url); return; }
    window.htmx.ajax("GET", url, {
      target: "#slide-region", swap: "innerHTML", select: "#slide-region > *", push: url
    });
  }

  /* Arrow keys, Home and End move between slides only when focus is not in something that uses
     those keys itself (form fields, the audio player) and no modifier is held. They never reach
     the page in a screen reader's browse mode, so they are a convenience, never the only way. */
  function usesArrowKeys(element) {
    if (!element || element === document.body) { return false; }
    return Boolean(element.closest("input, select, textarea, audio, video, [contenteditable], [role=slider], [role=listbox], [role=menu]"));
  }

  function onKeydown(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (!byId("slide") || usesArrowKeys(document.activeElement)) { return; }
    var slide = byId("slide");
    var total = Number(slide.getAttribute("data-total"));
    var moved = false;
    if (event.key === "ArrowRight") { moved = followLink("next-link"); }
    else if (event.key === "ArrowLeft") { moved = followLink("prev-link"); }
    else if (event.key === "Home" && slide.getAttribute("data-number") !== "1") { goTo(slide.getAttribute("data-first-url")); moved = true; }
    else if (event.key === "End" && Number(slide.getAttribute("data-number")) !== total) { goTo(slide.getAttribute("data-last-url")); moved = true; }
    if (moved) { event.preventDefault(); }
  }

  /* After a swap, focus must never be left on <body>: if the focused element was replaced and
     htmx found no element with the same id, put focus on the new slide's heading. */
  function keepFocus() {
    var active = document.activeElement;
    if (!active || active === document.body || !document.body.contains(active)) {
      var heading = byId("slide-heading");
      if (heading) { heading.focus({ preventScroll: false }); }
    }
  }

  /* ---- Narration player --------------------------------------------------------------- */

  function setPlayLabel() {
    var button = byId("play-button");
    var player = audio();
    if (!button) { return; }
    button.textContent = player && !player.paused ? "Pause narration" : "Play narration";
    button.disabled = false;
    button.setAttribute("aria-disabled", player ? "false" : "true");
    var all = byId("play-all-button");
    if (all) {
      all.textContent = playingAll ? "Pause playing all" : "Play all from here";
      all.setAttribute("data-active", String(playingAll)); // prefetch.js preloads the next clip then
    }
  }

  function applySpeed() {
    var player = audio();
    var speed = Number(stored(SPEED_KEY, "1")) || 1;
    var select = byId("speed-select");
    if (select) { select.value = String(speed); }
    if (player) {
      player.preservesPitch = true;
      player.defaultPlaybackRate = speed;
      player.playbackRate = speed;
    }
  }

  function play() {
    var player = audio();
    if (!player) { return false; }
    applySpeed();
    var started = player.play();
    if (started && started.catch) { started.catch(function () { stopAll(); setPlayLabel(); }); }
    return true;
  }

  function stopAll() {
    playingAll = false;
    var player = audio();
    if (player && !player.paused) { player.pause(); }
    setPlayLabel();
  }

  function togglePlay() {
    var player = audio();
    if (!player) { return; }
    if (player.paused) { play(); } else { stopAll(); }
  }

  function togglePlayAll() {
    if (playingAll) { stopAll(); return; }
    playingAll = true;
    setPlayLabel();
    if (!play()) { advance(); }
  }

  /* Listening mode moves on only when a clip has ended, never on a timer. */
  function advance() {
    if (!playingAll) { return; }
    if (!followLink("next-link")) {
      playingAll = false;
      setPlayLabel();
      announce("End of slideshow");
    }
  }

  function wirePlayer() {
    var player = audio();
    applySpeed();
    if (player) {
      player.addEventListener("play", setPlayLabel);
      /* Pausing with the player's own controls also pauses Play all, so the Play all button
         never says "Pause" while nothing plays. A clip that reached its end, or a player being
         swapped out, pauses too: those are not the listener's action. */
      player.addEventListener("pause", function () {
        if (!player.ended && player.isConnected) { playingAll = false; }
        setPlayLabel();
      });
      player.addEventListener("ended", function () { setPlayLabel(); advance(); });
    }
    setPlayLabel();
  }

  /* One announcement per settled move, in the one status region: the new slide says what to
     announce. A burst of moves (five quick ArrowRight presses, a key held down) announces only
     the slide where the reader lands, ANNOUNCE_DELAY ms after the last move: a polite region that
     changes five times is read five times in a row by NVDA, JAWS and VoiceOver, which screen-reader
     users report as noise; the slides passed on the way are not where they asked to be. The delay
     is shorter than a sentence of speech and longer than the gap between quick key presses.
     Play all moves are never bursts (each waits for a clip to end), so they are announced at once. */
  var ANNOUNCE_DELAY = 300;
  var announceTimer = null;

  function announceSlide() {
    var slide = byId("slide");
    if (slide) { announce(slide.getAttribute("data-announcement") || ""); }
  }

  function announceWhenSettled() {
    window.clearTimeout(announceTimer);
    if (playingAll) { announceSlide(); return; }
    announceTimer = window.setTimeout(function later() {
      var region = byId("slide-region");
      // prefetch.js marks the region while a move is under way (more moves of a burst wait
      // for the network, or a slide is shown and not yet settled).
      if (region && region.hasAttribute("data-moving")) {
        announceTimer = window.setTimeout(later, ANNOUNCE_DELAY);
        return;
      }
      announceSlide();
    }, ANNOUNCE_DELAY);
  }

  function onSwapped() {
    announceWhenSettled();
    wirePlayer();
    keepFocus();
    var autoplay = stored(AUTOPLAY_KEY, "false") === "true";
    if (playingAll || autoplay) {
      if (!play() && playingAll) { advance(); }
    }
  }

  function showListening() {
    var panel = byId("listening");
    if (!panel) { return; }
    panel.hidden = false;
    byId("play-button").addEventListener("click", togglePlay);
    byId("play-all-button").addEventListener("click", togglePlayAll);
    var select = byId("speed-select");
    select.addEventListener("change", function () { store(SPEED_KEY, select.value); applySpeed(); });
    var toggle = byId("autoplay-toggle");
    toggle.checked = stored(AUTOPLAY_KEY, "false") === "true";
    toggle.addEventListener("change", function () { store(AUTOPLAY_KEY, String(toggle.checked)); });
  }

  function start() {
    showListening();
    wirePlayer();
    document.addEventListener("keydown", onKeydown);
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (event.detail && event.detail.target && event.detail.target.id === "slide-region") { onSwapped(); }
    });
    /* Back/Forward: htmx restores the whole page; land on the slide heading, a defined place. */
    document.body.addEventListener("htmx:historyRestore", function () {
      window.clearTimeout(announceTimer); // the slide left behind is not announced late
      playingAll = false;
      showListening();
      wirePlayer();
      var heading = byId("slide-heading");
      if (heading) { heading.focus(); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
