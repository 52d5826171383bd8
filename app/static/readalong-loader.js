/* Glimpse: fetches the read-along script (readalong.js) when a reader first uses it: the first
   time narration plays on the page, a sentence is clicked, or a Previous/Next sentence button is
   pressed. Most readers look at a slide before they listen, so the first load is lighter.

   Until then this keeps every control truthful, as readalong.js would: the highlight switch shows
   the reader's saved choice, the sentence buttons are enabled when the slide has timed sentences
   (aria-disabled, never removed from the tab order), and sentences show a pointer while the
   highlight is on. The action that asked for the script is done once it has run (the same click
   again), so a reader never has to press twice. Without this file (or JavaScript) nothing is lost:
   the audio player and the full text remain. */
(function () {
  "use strict";

  var KEY = "glimpse.readalong"; // readalong.js keeps the highlight switch here
  var tag = document.currentScript;
  var src = tag && tag.getAttribute("data-readalong");
  var state = "waiting"; // then "loading", then "loaded"
  var replays = [];

  function byId(id) { return document.getElementById(id); }

  function enabled() {
    try { return window.localStorage.getItem(KEY) !== "false"; } catch (error) { return true; }
  }

  /* The slide's read-along data when it has timed sentences, else null. */
  function data() {
    var element = byId("readalong-data");
    var sentences = element && element.getAttribute("data-sentences");
    return sentences && sentences !== "[]" ? element : null;
  }

  function load(replay) {
    if (replay) { replays.push(replay); }
    if (state !== "waiting" || !src) { return; }
    state = "loading";
    var script = document.createElement("script");
    script.src = src;
    script.addEventListener("load", function () {
      state = "loaded";
      replays.splice(0).forEach(function (action) { action(); });
    });
    script.addEventListener("error", function () { state = "waiting"; replays = []; });
    document.head.appendChild(script);
  }

  /* What readalong.js shows before any sentence is played: both steps enabled if there are
     sentences, the switch as saved, the pointer on sentences while the highlight is on. */
  function showControls() {
    if (state === "loaded") { return; }
    var found = data(), on = enabled();
    var toggle = byId("readalong-toggle");
    if (toggle) { toggle.checked = on; }
    ["sentence-prev", "sentence-next"].forEach(function (id) {
      var button = byId(id);
      var value = String(!found || !src);
      if (button && button.getAttribute("aria-disabled") !== value) { button.setAttribute("aria-disabled", value); }
    });
    var scope = found && byId(found.getAttribute("data-scope") || "slide");
    if (scope) { scope.classList.toggle("readalong-ready", on); }
  }

  function again(event) {
    var target = event.target, x = event.clientX, y = event.clientY;
    return function () {
      target.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, clientX: x, clientY: y }));
    };
  }

  /* A click readalong.js would act on: a step button, or a plain click on a sentence's text. */
  function onClick(event) {
    if (state === "loaded" || event.button !== 0 || !data()) { return; }
    var target = event.target;
    if (!target.closest) { return; }
    var step = target.closest("#sentence-prev, #sentence-next");
    if (step) {
      if (step.getAttribute("aria-disabled") !== "true") { load(function () { step.click(); }); }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || !enabled()) { return; }
    var scope = byId(data().getAttribute("data-scope") || "slide");
    if (!scope || !scope.contains(target) || !target.closest("[data-part]")) { return; }
    if (target.closest("a, button, input, select, textarea, audio, label")) { return; }
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed) { return; }
    load(again(event));
  }

  function onToggle(event) {
    if (state === "loaded" || event.target.id !== "readalong-toggle") { return; }
    try { window.localStorage.setItem(KEY, String(event.target.checked)); } catch (error) { /* not kept */ }
    showControls();
  }

  function start() {
    showControls();
    // Media events do not bubble: capture sees every <audio> of the page start playing.
    document.addEventListener("play", function () { if (data()) { load(); } }, true);
    document.addEventListener("click", onClick);
    document.addEventListener("change", onToggle);
    document.body.addEventListener("htmx:afterSettle", showControls);
    document.body.addEventListener("htmx:historyRestore", showControls);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
