/* Glimpse read-along: while narration plays, highlight the sentence being spoken in the text
   shown, and let the reader start the narration at any sentence.

   Accessibility decisions (design.md section 3, issue 11):
   - Visual only. The highlight is a CSS Custom Highlight (a Range painted by ::highlight), so the
     DOM and the accessibility tree never change while audio plays: no live region, no wrapper
     spans that a screen reader would read piecemeal, no focus move. Without the Highlight API the
     whole element holding the sentence gets a class instead (still no new nodes).
   - Updated from requestAnimationFrame while playing ('timeupdate' fires only every ~250 ms).
   - The sentence is scrolled into view only when it is off-screen and the reader has not
     scrolled recently; never smoothly when the reader prefers reduced motion.
   - One switch turns the highlight (and click-to-play) off; the choice is kept in localStorage.
   - Keyboard: "Previous sentence" / "Next sentence" buttons, two tab stops in all (no per-sentence
     stops, no shortcuts that could clash with screen readers or browser keys).
   Everything here is an enhancement: without it the audio player and the full text remain. */
(function () {
  "use strict";

  var KEY = "glimpse.readalong";
  var HIGHLIGHT = "readalong";
  var FALLBACK_CLASS = "readalong-current";
  var USER_SCROLL_PAUSE = 2000; // ms after the reader scrolls during which we never scroll
  var RESTART_WITHIN = 1.0; // s: "Previous" restarts the sentence when further in than this
  var hasHighlights = typeof CSS !== "undefined" && CSS.highlights && typeof Highlight === "function";
  var follower = null;
  var lastUserScroll = -Infinity;
  var ownScrollUntil = -Infinity;

  function byId(id) { return document.getElementById(id); }

  /* Read once, then kept in memory (localStorage is synchronous and this runs on every move);
     another tab's change arrives as a "storage" event. */
  var choice = null;
  function enabled() {
    if (choice === null) {
      try { choice = window.localStorage.getItem(KEY) !== "false"; } catch (error) { choice = true; }
    }
    return choice;
  }
  window.addEventListener("storage", function () { choice = null; });

  /* ---- Finding a sentence in the page ------------------------------------------------- */

  /* The page's data names where each sentence is shown instead of repeating its text
     (app/readalong_data.py): [start, part, from, to] (listen page: [..., slide]), seconds into
     the audio and UTF-16 offsets into the text of the scope's [data-part] elements of that part
     (and slide), joined in document order. A sentence with no part is timed, not shown. */
  function place(elements, from, to) {
    var range = document.createRange(), seen = 0, element = null;
    for (var e = 0; e < elements.length; e++) {
      var walker = document.createTreeWalker(elements[e], NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        var end = seen + node.data.length;
        if (!element && from < end) { range.setStart(node, from - seen); element = elements[e]; }
        if (element && to <= end) { range.setEnd(node, to - seen); return { range: range, element: element }; }
        seen = end;
      }
    }
    return null;
  }

  function locate(entries, scope) {
    return entries.map(function (entry) {
      var part = entry[1], from = entry[2], to = entry[3], found = null;
      if (typeof part === "string" && from >= 0 && to > from) {
        var selector = '[data-part="' + part + '"]' + (entry[4] ? '[data-slide="' + entry[4] + '"]' : "");
        found = place(scope.querySelectorAll(selector), from, to);
      }
      return { start: entry[0], range: found && found.range, element: found && found.element };
    });
  }

  /* ---- Following the audio ------------------------------------------------------------ */

  function Follower(audio, sentences, scope, chapters) {
    this.audio = audio;
    this.sentences = sentences;
    this.scope = scope;
    this.chapters = chapters; // links with data-start (listen page), or []
    this.index = -1;
    this.chapter = -1;
    this.running = false;
    var self = this;
    this.tick = function () {
      self.update();
      if (self.audio.paused || !self.audio.isConnected) { self.running = false; return; }
      window.requestAnimationFrame(self.tick);
    };
    ["play", "playing"].forEach(function (name) { audio.addEventListener(name, function () { self.start(); }); });
    ["pause", "seeked", "timeupdate", "ended"].forEach(function (name) {
      audio.addEventListener(name, function () { self.update(); });
    });
  }

  Follower.prototype.start = function () {
    if (!this.running) { this.running = true; window.requestAnimationFrame(this.tick); }
  };

  /* The sentence being spoken is the last one that has started; the pause after a sentence
     still belongs to it, so the highlight does not flicker off between sentences. */
  Follower.prototype.sentenceAt = function (time) {
    if (this.audio.ended) { return -1; }
    var found = -1;
    for (var i = 0; i < this.sentences.length && this.sentences[i].start <= time + 0.005; i++) { found = i; }
    return found;
  };

  Follower.prototype.update = function () {
    var time = this.audio.currentTime;
    var index = this.sentenceAt(time);
    if (index !== this.index) {
      this.index = index;
      this.paint();
      this.reveal();
    }
    this.markChapter(time);
    updateSteps();
  };

  Follower.prototype.paint = function () {
    var sentence = enabled() ? this.sentences[this.index] : null;
    if (hasHighlights) {
      var highlight = CSS.highlights.get(HIGHLIGHT);
      if (!highlight) { highlight = new Highlight(); CSS.highlights.set(HIGHLIGHT, highlight); }
      highlight.clear();
      if (sentence && sentence.range) { highlight.add(sentence.range); }
      return;
    }
    this.scope.querySelectorAll("." + FALLBACK_CLASS).forEach(function (el) { el.classList.remove(FALLBACK_CLASS); });
    if (sentence && sentence.element) { sentence.element.classList.add(FALLBACK_CLASS); }
  };

  /* Scroll only if the sentence is off-screen and the reader is not scrolling themselves. */
  Follower.prototype.reveal = function () {
    var sentence = this.sentences[this.index];
    if (!enabled() || !sentence || !sentence.range || this.audio.paused) { return; }
    if (performance.now() - lastUserScroll < USER_SCROLL_PAUSE) { return; }
    var box = sentence.range.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) { return; }
    var reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    ownScrollUntil = performance.now() + 1000;
    window.scrollBy({ top: box.top - window.innerHeight / 3, behavior: reduce ? "auto" : "smooth" });
  };

  /* Listen page: aria-current marks the chapter being played (it changes only between chapters). */
  Follower.prototype.markChapter = function (time) {
    var current = -1;
    for (var i = 0; i < this.chapters.length && Number(this.chapters[i].getAttribute("data-start")) <= time + 0.005; i++) { current = i; }
    if (current === this.chapter) { return; }
    this.chapter = current;
    this.chapters.forEach(function (link, i) {
      if (i === current) { link.setAttribute("aria-current", "true"); } else { link.removeAttribute("aria-current"); }
    });
  };

  /* Start the narration at sentence `index` (the reader asked for it, so it plays). */
  Follower.prototype.jump = function (index) {
    var sentence = this.sentences[index];
    if (!sentence) { return; }
    this.audio.currentTime = sentence.start;
    this.index = index;
    this.paint();
    var started = this.audio.play();
    if (started && started.catch) { started.catch(function () { /* refused: stays paused */ }); }
    updateSteps();
  };

  Follower.prototype.step = function (direction) {
    var index = this.index;
    if (direction < 0) {
      var into = index >= 0 ? this.audio.currentTime - this.sentences[index].start : 0;
      index = into > RESTART_WITHIN ? index : Math.max(0, index - 1);
    } else {
      index += 1;
    }
    this.jump(index);
  };

  /* The sentence under a click: the caret position at the pointer, inside a sentence's range. */
  Follower.prototype.sentenceAtPoint = function (x, y) {
    var node, offset;
    if (document.caretPositionFromPoint) {
      var position = document.caretPositionFromPoint(x, y);
      if (!position) { return -1; }
      node = position.offsetNode; offset = position.offset;
    } else if (document.caretRangeFromPoint) {
      var caret = document.caretRangeFromPoint(x, y);
      if (!caret) { return -1; }
      node = caret.startContainer; offset = caret.startOffset;
    } else { return -1; }
    for (var i = 0; i < this.sentences.length; i++) {
      var range = this.sentences[i].range;
      if (range && range.isPointInRange(node, offset)) { return i; }
    }
    return -1;
  };

  /* ---- Controls ----------------------------------------------------------------------- */

  function setDisabled(button, disabled) {
    if (button && button.getAttribute("aria-disabled") !== String(disabled)) {
      button.setAttribute("aria-disabled", String(disabled));
    }
  }

  function updateSteps() {
    var ready = Boolean(follower && follower.sentences.length);
    setDisabled(byId("sentence-prev"), !ready);
    setDisabled(byId("sentence-next"), !ready || follower.index >= follower.sentences.length - 1);
  }

  function onStep(direction) {
    return function (event) {
      if (event.currentTarget.getAttribute("aria-disabled") === "true" || !follower) { return; }
      follower.step(direction);
    };
  }

  /* A plain click on a sentence (not a drag that selects text, not on a link or control). */
  function onClick(event) {
    if (!follower || !enabled() || event.button !== 0 || event.defaultPrevented) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (event.target.closest && event.target.closest("a, button, input, select, textarea, audio, label")) { return; }
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed) { return; }
    var index = follower.sentenceAtPoint(event.clientX, event.clientY);
    if (index >= 0) { follower.jump(index); }
  }

  function onChapter(event) {
    var link = event.target.closest && event.target.closest("a[data-start]");
    if (!link || !follower || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault(); // seek this page's player instead of opening the recording
    follower.audio.currentTime = Number(link.getAttribute("data-start"));
    var started = follower.audio.play();
    if (started && started.catch) { started.catch(function () {}); }
  }

  function noteUserScroll(event) {
    if (event.type === "scroll" && performance.now() < ownScrollUntil) { return; }
    lastUserScroll = performance.now();
  }

  /* ---- Set-up (on load, after each HTMX slide swap, after Back/Forward) ---------------- */

  function init() {
    var data = byId("readalong-data");
    follower = null;
    if (data) {
      // A slide page names neither: its player and its slide are the defaults.
      var audio = byId(data.getAttribute("data-audio") || "narration-audio");
      var scope = byId(data.getAttribute("data-scope") || "slide");
      var sentences = [];
      try { sentences = JSON.parse(data.getAttribute("data-sentences")); } catch (error) { sentences = []; }
      if (audio && scope && sentences.length) {
        var located = locate(sentences, scope);
        var chapters = Array.prototype.slice.call(document.querySelectorAll("#chapters a[data-start]"));
        follower = new Follower(audio, located, scope, chapters);
        scope.classList.toggle("readalong-ready", enabled()); // sentences show a pointer
        follower.update();
        if (!audio.paused) { follower.start(); }
      }
    }
    if (!follower && hasHighlights && CSS.highlights.get(HIGHLIGHT)) { CSS.highlights.get(HIGHLIGHT).clear(); }
    updateSteps();
  }

  function wireControls() {
    document.querySelectorAll("[data-readalong-panel]").forEach(function (panel) { panel.hidden = false; });
    var toggle = byId("readalong-toggle");
    if (toggle && !toggle.hasAttribute("data-wired")) {
      toggle.setAttribute("data-wired", "");
      toggle.checked = enabled();
      toggle.addEventListener("change", function () {
        choice = toggle.checked;
        try { window.localStorage.setItem(KEY, String(toggle.checked)); } catch (error) { /* not kept */ }
        if (follower) { follower.scope.classList.toggle("readalong-ready", toggle.checked); follower.paint(); }
      });
      byId("sentence-prev").addEventListener("click", onStep(-1));
      byId("sentence-next").addEventListener("click", onStep(1));
    }
  }

  function start() {
    wireControls();
    init();
    document.addEventListener("click", onClick);
    var chapterList = byId("chapters");
    if (chapterList) { chapterList.addEventListener("click", onChapter); }
    ["wheel", "touchmove", "scroll"].forEach(function (name) {
      window.addEventListener(name, noteUserScroll, { passive: true });
    });
    document.addEventListener("keydown", function (event) {
      if (/^(PageUp|PageDown|ArrowUp|ArrowDown|Home|End| )$/.test(event.key)) { noteUserScroll(event); }
    });
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (event.detail && event.detail.target && event.detail.target.id === "slide-region") { init(); }
    });
    document.body.addEventListener("htmx:historyRestore", function () { wireControls(); init(); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
