"""The scripts benchmarks/navigation.py puts in the page: timestamps of each move, long frames."""

# Per ArrowRight move: the key event's own timestamp (down), when the first handler ran (handler),
# the new slide in the DOM (swapped, htmx:afterSwap), the next frame after it has been rendered
# (painted: a task posted from that frame's requestAnimationFrame runs after its style, layout and
# paint), every afterSettle handler done (settled; prefetch.js settles after that frame), and
# whether prefetch.js served it from its cache. Installed before the page's own scripts, so the
# capture listeners run first and the bubble ones last.
TIMING = """() => {
  const t = window.t = {moves: [], frames: []}; window.prefetched = [];
  const current = () => t.moves[t.moves.length - 1];
  document.addEventListener('glimpse:prefetched', e => window.prefetched.push(e.detail));
  window.addEventListener('keydown', e => {
    if (e.key === 'ArrowRight') { t.moves.push({down: e.timeStamp, handler: performance.now()}); }
  }, true);
  const channel = new MessageChannel();
  const painted = [];
  channel.port1.onmessage = () => { painted.shift().painted = performance.now(); };
  document.addEventListener('htmx:afterSwap', e => {
    if (e.target.id !== 'slide-region' || !current() || current().swapped) { return; }
    const move = current();
    move.swapped = performance.now();
    move.cached = Boolean(e.detail.fromCache);
    requestAnimationFrame(() => { painted.push(move); channel.port2.postMessage(0); });
  }, true);
  window.addEventListener('htmx:afterSettle', e => {
    if (e.target.id !== 'slide-region' || !current() || current().settled) { return; }
    current().settled = performance.now();
  });
  new PerformanceObserver(list => list.getEntries().forEach(f => t.frames.push({
    start: f.startTime, duration: f.duration, blocking: f.blockingDuration,
    scripts: f.scripts.slice().sort((a, b) => b.duration - a.duration).map(s => ({
      duration: s.duration,
      source: (s.sourceURL.split('/').pop() || s.invoker) + ':' + (s.sourceFunctionName || s.invoker)
    }))
  }))).observe({type: 'long-animation-frame', buffered: true});
}"""

GAPS = """() => {
  window.gaps = {ended: [], playing: []};
  document.addEventListener('ended', e => window.gaps.ended.push(performance.now()), true);
  document.addEventListener('playing', e => {
    if (e.target.id !== 'narration-audio') { return; }
    window.gaps.playing.push(performance.now());
    // Skip to the end of each clip, so the run takes seconds. A host without Range requests
    // (http.server) cannot seek: the clip plays at 16x instead.
    const clip = e.target;
    const seekable = clip.seekable.length && clip.seekable.end(0) > clip.duration - 1;
    if (!seekable) { clip.playbackRate = 16; return; }
    if (clip.duration > 1 && clip.currentTime < clip.duration - 1) { clip.currentTime = clip.duration - 0.4; }
  }, true);
}"""

# True once the next slide's page and then its picture have been fetched ahead.
WAIT_AHEAD = """() => { const link = document.getElementById('next-link');
  if (!link) { return false; }
  const next = new URL(link.href).href;
  const i = window.prefetched.findIndex(d => d.kind === 'page' && d.url === next);
  return i >= 0 && window.prefetched.slice(i).some(d => d.kind === 'image'); }"""

# A burst of key presses: every swap of the slide region (when, which slide, from the cache?) and
# every text the status region shows. Installed once the page has loaded.
BURST = """() => {
  const announcer = document.getElementById('announcer');
  const burst = window.burst = {swaps: [], announced: [], history: history.length};
  document.addEventListener('htmx:afterSwap', e => {
    if (e.target.id !== 'slide-region') { return; }
    burst.swaps.push({t: performance.now(), cached: Boolean(e.detail.fromCache),
                      n: Number(document.getElementById('slide').dataset.number)});
  }, true);
  new MutationObserver(() => burst.announced.push(announcer.textContent))
    .observe(announcer, {childList: true, characterData: true, subtree: true});
}"""
