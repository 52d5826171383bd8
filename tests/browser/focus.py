"""Keyboard helpers: list the controls, walk them with Tab, measure the focus indicator."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image
from playwright.sync_api import Page

# Numbers every visible focusable element in DOM order (data-walk="0", "1", ...) and returns a
# short description of each, so the Tab walk can be compared with the DOM order.
NUMBER_CONTROLS = """() => {
  const selector = 'a[href], button:not([disabled]), select:not([disabled]), input:not([disabled]),'
    + ' textarea, audio[controls], [tabindex]:not([tabindex="-1"])';
  const controls = [...document.querySelectorAll(selector)].filter(el => el.checkVisibility());
  controls.forEach((el, i) => el.setAttribute('data-walk', String(i)));
  return controls.map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + ' ' + (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 30));
}"""

# Where focus is now: its data-walk number (or null), and whether anything covers its centre.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return {walk: null, covered: false, onScreen: false}; }
  // A link that wraps has one box per line: it is uncovered if the centre of a visible part of
  // any of its boxes hits it (the centre of the overall rectangle may fall between lines).
  const visibleCentres = [...el.getClientRects()].map(r => {
    const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
    const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
    return right > left && bottom > top ? [(left + right) / 2, (top + bottom) / 2] : null;
  }).filter(Boolean);
  const hits = visibleCentres.map(([x, y]) => document.elementFromPoint(x, y));
  return {walk: el.getAttribute('data-walk'), onScreen: visibleCentres.length > 0,
          covered: !hits.some(hit => hit && (hit === el || el.contains(hit)))};
}"""


@dataclass
class Step:
    """One Tab press: which numbered control got focus, and whether it was visible and uncovered."""

    walk: int | None
    covered: bool
    on_screen: bool


def number_controls(page: Page) -> list[str]:
    """Number the page's controls in DOM order and describe them."""
    return page.evaluate(NUMBER_CONTROLS)


def tab_walk(page: Page, count: int) -> list[Step]:
    """Focus the first control, then press Tab until focus comes back to it.

    Consecutive presses inside one control (the native audio player's own buttons) are merged.
    Fails if focus has not come back after far more presses than there are controls (a trap).
    """
    page.locator('[data-walk="0"]').focus()
    state = page.evaluate(FOCUS_STATE)
    steps = [Step(0, state["covered"], state["onScreen"])]
    for _ in range(count * 4 + 10):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        walk = None if state["walk"] is None else int(state["walk"])
        if walk == 0:
            return steps
        if walk is not None and (not steps or steps[-1].walk != walk):
            steps.append(Step(walk, state["covered"], state["onScreen"]))
    raise AssertionError(f"focus never came back to the first control: {steps}")


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """Return WCAG relative luminance of an (..., 3) array of sRGB bytes."""
    channel = rgb.astype(float) / 255
    linear = np.where(channel <= 0.04045, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the WCAG contrast ratio between two arrays of colours, pixel by pixel."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@dataclass
class FocusIndicator:
    """How much of the focus change reaches 3:1 against what was there before."""

    strong_pixels: int
    perimeter: int

    @property
    def visible(self) -> bool:
        """True when the 3:1 change covers at least a 1 CSS px perimeter (WCAG 2.4.13's area)."""
        return self.strong_pixels >= self.perimeter


def measure_focus(page: Page, pad: int = 10) -> FocusIndicator:
    """Compare the focused element's padded box with focus and without it (after blur).

    Refocuses the element afterwards so a Tab walk can go on from it.
    """
    box = page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height}; }"
    )
    clip = {
        "x": max(box["x"] - pad, 0),
        "y": max(box["y"] - pad, 0),
        "width": box["width"] + 2 * pad,
        "height": box["height"] + 2 * pad,
    }
    focused = pixels(page.screenshot(clip=clip, animations="disabled", caret="hide"))
    page.evaluate(
        "() => { window.lastFocused = document.activeElement; window.lastFocused.blur(); }"
    )
    plain = pixels(page.screenshot(clip=clip, animations="disabled", caret="hide"))
    page.evaluate("() => window.lastFocused.focus({preventScroll: true})")
    strong = int((contrast(focused, plain) >= 3).sum())
    perimeter = round(2 * (box["width"] + box["height"]))
    return FocusIndicator(strong, perimeter)
