/* htmx settings, set before htmx reads them (it does so when the document is ready, after every
   deferred script has run). They lived in a <meta name="htmx-config"> on every page, which every
   slide move downloaded again; here they are fetched once, with our script.
   - historyCacheSize 0: Back/Forward always asks the server for the full page, never a stale
     DOM snapshot (design.md section 3).
   - includeIndicatorStyles false: htmx would otherwise inject an inline <style>, which the
     strict CSP refuses.
   - allowEval and allowScriptTags false: nothing htmx swaps in is ever run as code.
   - defaultFocusScroll false, defaultSettleDelay 0: focus stays put and a swap settles at once. */
(function () {
  "use strict";

  if (!window.htmx) { return; }
  var config = window.htmx.config;
  config.historyCacheSize = 0;
  config.includeIndicatorStyles = false;
  config.allowEval = false;
  config.allowScriptTags = false;
  config.defaultFocusScroll = false;
  config.defaultSettleDelay = 0;
})();
