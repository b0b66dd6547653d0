"""What the browser tests measure on a rendered page, as scripts run in it: text contrast (WCAG 2), horizontal
overflow, nested scrollers, touch targets, and text drawn in a fallback font."""

# ruff: noqa: E501  (the scripts are JavaScript, kept as written)

from __future__ import annotations

# WCAG 2.x contrast of every visible text (and text field) under `scope`: the text colour, faded by its own alpha and
# every ancestor's opacity, over the backgrounds of its ancestors composed from the page down. Large text (24 px, or
# 18.66 px bold) needs 3:1, the rest 4.5:1.
CONTRAST = """(scope) => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const chain = (el) => { const all = []; for (let e = el; e; e = e.parentElement) all.unshift(e); return all; };
  const backdrop = (el) => {
    let fill = [255, 255, 255, 1];
    for (const e of chain(el)) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) fill = over(c, fill);
    }
    return fill;
  };
  const opacity = (el) => chain(el).reduce((o, e) => o * Number(getComputedStyle(e).opacity || 1), 1);
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility !== "visible") return false;
    return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  };
  const found = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const el of [root, ...root.querySelectorAll("*")]) {
      const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim());
      const field = el.matches("textarea, input:not([type=checkbox]):not([type=radio]):not([type=range]):not([type=hidden])");
      const text = field ? (el.value || el.placeholder || "") : own.map((n) => n.textContent.trim()).join(" ");
      if (!text.trim() || !shown(el)) continue;
      const color = parse(getComputedStyle(el, field && !el.value ? "::placeholder" : null).color);
      if (!color) continue;
      const back = backdrop(el);
      const fg = over([color[0], color[1], color[2], color[3] * opacity(el)], back);
      const style = getComputedStyle(el);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      found.push({
        text: text.trim().slice(0, 50), ratio: Math.round(ratio(fg, back) * 100) / 100, needed: large ? 3 : 4.5,
        element: el.tagName.toLowerCase() + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : ""),
        color: fg.slice(0, 3).map(Math.round).join(","), background: back.slice(0, 3).map(Math.round).join(","),
      });
    }
  }
  return found;
}"""

# Elements (visible, of some size) that reach past the window's right or left edge, and the page's own overflow.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  // inside a box that scrolls sideways on its own (a wide table's), a wide element is swiped to, not cut off
  const inScroller = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box).overflowX;
      if ((style === "auto" || style === "scroll") && box.scrollWidth > box.clientWidth) {
        const b = box.getBoundingClientRect();
        return b.left >= -1 && b.right <= width + 1;
      }
    }
    return false;
  };
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || !el.checkVisibility({ checkVisibilityCSS: true })) continue;
    if (el.closest(".visually-hidden")) continue;  // Gradio's clipped copy of the tab bar, measured, never seen
    if ((r.right > width + 1 || r.left < -1) && !inScroller(el)) out.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return { scrollWidth: document.documentElement.scrollWidth, width, elements: out };
}"""

# Visible boxes under `scope` that scroll on their own (text fields and option lists aside).
NESTED_SCROLLERS = """(scope) => {
  const out = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const el of root.querySelectorAll("*")) {
      if (el.matches("textarea, input, select, ul.options, [role=listbox]") || !el.checkVisibility()) continue;
      const style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1) out.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`);
    }
  }
  return out;
}"""

# Visible buttons, links and disclosure summaries under `scope` smaller than 44 × 44 px (WCAG 2.5.5); a reference
# number read as part of a sentence (.rq-inline) is exempt, as WCAG 2.5.8 exempts targets inline in text.
SMALL_TARGETS = """(scope) => {
  const out = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const el of root.querySelectorAll("button, a[href], summary, [role=tab]")) {
      if (!el.checkVisibility({ checkVisibilityCSS: true }) || el.closest(".rq-inline")) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.height < 44 - 0.5 || r.width < 44 - 0.5) out.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} '${el.textContent.trim().slice(0, 30)}' ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return out;
}"""

# For each web font and weight that visible text uses: is every character of a sample drawn from that font? A glyph
# the font file lacks falls back to the next family, so the sample's width then differs between two fallbacks.
FONT_FALLBACK = """async () => {
  const served = new Set([...document.fonts].map((f) => f.family.replace(/["']/g, "")));
  const used = new Set();
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.checkVisibility({ checkVisibilityCSS: true })) continue;
    const style = getComputedStyle(el);
    used.add(`${style.fontWeight}|${style.fontFamily.split(",")[0].trim().replace(/["']/g, "")}`);
  }
  const sample = "Ask the review ADCs AXL MDSCs ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 .,;:()[]%+-/";
  const context = document.createElement("canvas").getContext("2d");
  const out = [];
  for (const key of used) {
    const [weight, family] = key.split("|");
    if (!served.has(family)) { out.push({ family, weight, served: false }); continue; }
    await document.fonts.load(`${weight} 20px "${family}"`, sample);
    const width = (fallback) => { context.font = `${weight} 20px "${family}", ${fallback}`; return context.measureText(sample).width; };
    out.push({ family, weight, served: true, fallsBack: Math.abs(width("serif") - width("monospace")) > 0.5 });
  }
  return out;
}"""

# Text laid under a floating control: every visible element with text of its own (outside the control) whose box meets
# the box of a visible fixed or sticky element on screen. A bar the width of its column with a background of its own
# (the question box kept at the bottom of the window) may have the page scroll under it, so with `bars` false only
# the other controls count (a button floating over a passage); at the end of the page every control counts, bars too:
# the last line of the page must scroll clear of it.
UNDER_FLOATING = r"""(bars) => {
  const height = window.innerHeight, width = document.documentElement.clientWidth;
  const visible = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < height && el.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true }); };
  const isBar = (el) => {
    const opaque = /rgba?\([^)]*\)/.test(getComputedStyle(el).backgroundColor) && !/, 0\)$/.test(getComputedStyle(el).backgroundColor);
    return opaque && el.getBoundingClientRect().width >= 0.9 * el.parentElement.getBoundingClientRect().width;
  };
  const floating = [...document.querySelectorAll("body *")].filter((el) =>
    /^(fixed|sticky)$/.test(getComputedStyle(el).position) && visible(el) && el.textContent.trim() && (bars || !isBar(el)));
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(el) || floating.some((f) => f.contains(el) || el.contains(f))) continue;
    const r = el.getBoundingClientRect();
    for (const f of floating) {
      const b = f.getBoundingClientRect();
      if (r.left < b.right - 1 && r.right > b.left + 1 && r.top < b.bottom - 1 && r.bottom > b.top + 1 && r.left < width)
        out.push(`'${el.textContent.trim().slice(0, 40)}' under ${f.tagName.toLowerCase()}#${f.id}.${String(f.className).slice(0, 30)}`);
    }
  }
  return out;
}"""
