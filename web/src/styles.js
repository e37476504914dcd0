// The elements' styles, as constructable stylesheets (adoptedStyleSheets): no <style> element and
// no style attribute, so a host page's Content-Security-Policy needs no 'unsafe-inline'. Each
// sheet is made once per page and shared by every instance.
//
// Lengths are written in `rem` here and rewritten by `sheet()` to multiples of the element's own
// root size (`--mta-sts-font-size`, 16px by default): a host page's `html { font-size: 10px }`
// cannot shrink a widget. Our own page sets `--mta-sts-font-size: 1rem` (the reader's setting).
//
// Theming (documented in docs/EMBED.md): the `--mta-sts-*` custom properties below, inherited
// from the host page; light or dark follows the host's `color-scheme` (light-dark()), or the
// `theme` attribute (light | dark). Inherited text properties are reset on :host with
// !important (an embedder's `* { all: unset }` or `body { font: 12px Comic Sans }` cannot reach
// in); box properties (margin, width) stay the host page's to set.

/** Custom properties with their defaults: `--mta-sts-NAME` sets `--_NAME`. */
const TOKENS = {
  bg: 'light-dark(#ffffff, #141518)',
  fg: 'light-dark(#1c1b1f, #e6e6ea)',
  muted: 'light-dark(#5a5f66, #a9adb4)',
  border: 'light-dark(#c4c7cc, #4a4d54)',
  surface: 'light-dark(#f4f5f7, #1d1f23)',
  field: 'light-dark(#ffffff, #101114)',
  gutter: 'light-dark(#f0f1f3, #1a1c20)',
  accent: 'light-dark(#1a5fb4, #8ab4f8)',
  error: 'light-dark(#b3261e, #ffb4ab)',
  warning: 'light-dark(#8a5a00, #f0c674)',
  info: 'light-dark(#1f5fa8, #9ecaff)',
  valid: 'light-dark(#1b6e32, #8fd19e)',
  'tooltip-bg': 'light-dark(#2b2d31, #e6e6ea)',
  'tooltip-fg': 'light-dark(#f4f5f7, #141518)',
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
  mono: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
  radius: '6px',
  'font-size': '16px',
};

/** The documented custom properties (docs/EMBED.md lists the same). */
export const CUSTOM_PROPERTIES = Object.keys(TOKENS).map((name) => `--mta-sts-${name}`);

/**
 * A stylesheet from CSS text, `rem` rewritten to the element's root size (see above). A
 * container query's condition cannot hold var(): there `rem` becomes `em`, which a container
 * query reads from the container (the host, whose font size is that root size).
 */
export function sheet(text) {
  const s = new CSSStyleSheet();
  const queries = text.replace(/@container[^{]*/g, (prelude) => prelude.replace(/(\d*\.?\d+)rem\b/g, '$1em'));
  s.replaceSync(queries.replace(/(\d*\.?\d+)rem\b/g, 'calc($1 * var(--_rem))'));
  return s;
}

const tokens = Object.entries(TOKENS)
  .map(([name, value]) => `--_${name}: var(--mta-sts-${name}, ${value});`)
  .join('\n  ');

/** Every element: the host reset, tokens, controls, banners, diagnostics and severities. */
export const BASE = `
:host {
  ${tokens}
  --_rem: var(--_font-size);
  --_error-bg: color-mix(in srgb, var(--_error) 12%, transparent);
  --_warning-bg: color-mix(in srgb, var(--_warning) 15%, transparent);
  --_info-bg: color-mix(in srgb, var(--_info) 12%, transparent);
  --_valid-bg: color-mix(in srgb, var(--_valid) 12%, transparent);
  display: block !important;
  box-sizing: border-box !important;
  color-scheme: inherit;
  color: var(--_fg) !important;
  font-family: var(--_font) !important;
  font-size: var(--_rem) !important;
  font-style: normal !important;
  font-weight: 400 !important;
  font-variant: normal !important;
  letter-spacing: normal !important;
  line-height: 1.5 !important;
  text-align: start !important;
  text-indent: 0 !important;
  text-transform: none !important;
  text-shadow: none !important;
  white-space: normal !important;
  word-spacing: normal !important;
  visibility: visible !important;
  cursor: auto !important;
}
:host([hidden]) { display: none !important; }
:host([theme='light']) { color-scheme: light !important; }
:host([theme='dark']) { color-scheme: dark !important; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
h2, h3 { line-height: 1.25; margin: 1rem 0 0.5rem; font-size: 1.05rem; font-weight: 700; }
p { margin: 0.5rem 0; }
code, kbd, .code { font-family: var(--_mono); font-size: 0.9em; }
a { color: var(--_accent); }
.hint { color: var(--_muted); font-size: 0.9rem; margin: 0 0 0.5rem; }
label { display: block; font-weight: 600; margin: 0.5rem 0 0.25rem; }
.visually-hidden { clip-path: inset(50%); height: 1px; overflow: hidden; position: absolute; white-space: nowrap; width: 1px; }
:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
button {
  background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius);
  color: var(--_fg); cursor: pointer; font: inherit; font-size: 0.95rem; line-height: 1.5;
  min-height: 2.25rem; padding: 0.3rem 0.8rem; margin: 0;
}
button:hover:not(:disabled) { border-color: var(--_fg); }
button:disabled { cursor: not-allowed; opacity: 0.6; }
button.link {
  background: none; border: 0; color: var(--_accent); min-height: 0; padding: 0;
  text-decoration: underline; text-underline-offset: 2px;
}
input[type='text'], input[type='url'], input[type='number'], textarea {
  background: var(--_field); border: 1px solid var(--_border); border-radius: var(--_radius);
  color: var(--_fg); font: 0.9rem/1.5 var(--_mono); max-width: 100%; padding: 0.4rem 0.5rem;
  width: 100%; margin: 0;
}
textarea { resize: vertical; }
.banner {
  border-left: 4px solid var(--_muted); border-radius: var(--_radius); background: var(--_surface);
  font-weight: 600; margin: 0.5rem 0; padding: 0.45rem 0.75rem;
}
.banner[data-state='empty'] { color: var(--_muted); font-weight: 400; }
.banner[data-valid='true'] { background: var(--_valid-bg); border-color: var(--_valid); color: var(--_valid); }
.banner[data-valid='false'] { background: var(--_error-bg); border-color: var(--_error); color: var(--_error); }
.banner:empty { display: none; }
.notice { background: var(--_warning-bg); border-left: 4px solid var(--_warning); border-radius: var(--_radius); padding: 0.45rem 0.75rem; }
[data-severity='error'] { --sev: var(--_error); --sev-bg: var(--_error-bg); }
[data-severity='warning'] { --sev: var(--_warning); --sev-bg: var(--_warning-bg); }
[data-severity='info'] { --sev: var(--_info); --sev-bg: var(--_info-bg); }
[data-severity='pass'] { --sev: var(--_valid); --sev-bg: var(--_valid-bg); }
.sev, .tag, .match-problems li > .icon, .pe-marker, .pe-point { color: var(--sev); }
.pe-mark { background: var(--sev-bg); text-decoration-color: var(--sev); }
.sev { font-weight: 700; }
.tag { font-size: 0.85rem; font-weight: 600; margin-left: 0.5rem; white-space: nowrap; }
.diagnostics { list-style: none; margin: 0; padding: 0; }
.diagnostics > li {
  background: var(--_surface); border-left: 4px solid var(--sev, var(--_muted));
  border-radius: var(--_radius); margin: 0.5rem 0; padding: 0.4rem 0.75rem;
}
.diagnostics p { margin: 0.15rem 0; }
.diagnostics .head { align-items: baseline; display: flex; flex-wrap: wrap; gap: 0.25rem 0.6rem; }
.diagnostics .code, .diagnostics .rfc { color: var(--_muted); font-size: 0.85rem; }
.diagnostics .message { overflow-wrap: anywhere; }
.diagnostics .fix { align-items: center; display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; }
.diagnostics .fix button { min-height: 2rem; padding: 0.15rem 0.6rem; }
.diagnostics .more summary { color: var(--_muted); cursor: pointer; font-size: 0.85rem; }
.long-form dt { font-weight: 700; margin-top: 0.4rem; }
.long-form dd { margin: 0.1rem 0 0; overflow-wrap: anywhere; }
.long-form .example {
  background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
  margin: 0.2rem 0; max-height: 12rem; overflow: auto; padding: 0.3rem 0.5rem; white-space: pre;
  font-family: var(--_mono); font-size: 0.85rem;
}
.long-form .example-label { color: var(--_muted); font-size: 0.85rem; }
.unsafe { color: var(--_warning); }
table { border-collapse: collapse; }
`;

/** <mta-sts-policy-editor> (light DOM of the element that holds it). */
export const EDITOR = `
mta-sts-policy-editor {
  --_line: var(--mta-sts-editor-line-height, 1.5rem);
  --_editor-font: 0.875rem var(--_mono);
  --pe-pad: 0.5rem;
  display: block;
}
.pe-label { margin-top: 0.75rem; }
.pe-frame {
  contain: layout style; background: var(--_field); border: 1px solid var(--_border);
  border-radius: var(--_radius); display: grid; grid-template-columns: auto minmax(0, 1fr); position: relative;
}
.pe-frame:focus-within { outline: 3px solid var(--_accent); outline-offset: 2px; }
/* No kerning or ligatures (a monospace font has no use for them): the browser's layout of a
   long text in the textarea, one task it cannot split, is some 15-25 % shorter without. */
.pe-gutter, .pe-layer-content, .pe-input {
  font: var(--_editor-font); font-kerning: none; font-variant-ligatures: none; letter-spacing: 0; line-height: var(--_line);
  tab-size: 4; text-rendering: optimizeSpeed;
}
.pe-gutter {
  background: var(--_gutter); border-radius: var(--_radius) 0 0 var(--_radius); border-right: 1px solid var(--_border);
  color: var(--_muted); overflow: clip; position: relative; width: calc((var(--pe-digits, 1) + 3.2) * 1ch);
}
.pe-gutter-content { left: 0; position: absolute; right: 0; top: var(--pe-pad); }
.pe-numbers { padding-right: 0.6ch; position: relative; text-align: right; top: calc(var(--pe-row, 0) * var(--_line)); white-space: pre; }
.pe-markers { inset: 0; position: absolute; }
.pe-marker {
  background: none; border: 0; border-radius: 3px; font: inherit; height: var(--_line); left: 0.15ch;
  line-height: var(--_line); min-height: 0; padding: 0; position: absolute; text-align: center; width: 2.2ch;
  top: calc(var(--pe-row, 0) * var(--_line));
}
.pe-marker:focus-visible { outline-offset: -1px; }
.pe-code { min-width: 0; position: relative; }
.pe-input {
  background: transparent; border: 0; border-radius: 0 var(--_radius) var(--_radius) 0; color: var(--_fg);
  display: block; margin: 0; overflow: auto; overflow-wrap: normal; padding: var(--pe-pad); position: relative;
  resize: vertical; white-space: pre; width: 100%; z-index: 1;
}
.pe-input:focus-visible { outline: none; }
.pe-layer { inset: 0; overflow: clip; pointer-events: none; position: absolute; }
.pe-layer-content { color: transparent; left: var(--pe-pad); position: absolute; top: var(--pe-pad); white-space: pre; }
.pe-line { left: 0; position: absolute; white-space: pre; top: calc(var(--pe-row, 0) * var(--_line)); }
.pe-mark {
  border-radius: 2px; text-decoration-line: underline; text-decoration-skip-ink: none;
  text-decoration-style: wavy; text-decoration-thickness: 1.5px; text-underline-offset: 3px;
}
.pe-point { display: inline-block; height: var(--_line); position: relative; vertical-align: top; width: 0; }
.pe-point::after { border-bottom: 3px solid currentcolor; bottom: 2px; content: ''; left: 0; position: absolute; width: 1.2ch; }
.pe-tooltip {
  background: var(--_tooltip-bg); border-radius: var(--_radius); box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
  color: var(--_tooltip-fg); font-size: 0.875rem; left: 0.25rem; max-width: min(36rem, calc(100% - 0.5rem));
  padding: 0.4rem 0.6rem; position: absolute; z-index: 5;
}
.pe-tooltip p { margin: 0.1rem 0; }
.pe-tooltip .icon { font-weight: 700; }
`;

/** <mta-sts-policy>: editor, verdict, problems, parsed table. */
export const POLICY = `
:host { container-type: inline-size; }
.layout { align-items: start; display: grid; gap: 0 1.5rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 50rem) {
  :host(:not([compact])) .layout { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
}
.side-head { align-items: center; display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: space-between; margin: 0.75rem 0 0.25rem; }
.side-head h3 { margin: 0; }
.file-problems { margin: 0.25rem 0 0; padding: 0.5rem 0.75rem 0.5rem 1.75rem; border-left: 4px solid var(--_error); font-size: 0.95em; }
.file-problems li[data-severity='warning'] { list-style-type: '⚠ '; }
.file-problems li[data-severity='error'] { list-style-type: '✖ '; }
.kv { max-width: 48rem; width: 100%; }
.kv th, .kv td { border: 1px solid var(--_border); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
.kv th { background: var(--_surface); white-space: nowrap; width: 1%; }
.kv td { overflow-wrap: anywhere; }
.kv .tag { white-space: normal; }
.kv .note { color: var(--_muted); }
.missing { color: var(--_error); font-weight: 600; }
.mx-list { list-style: none; margin: 0; padding: 0; }
:host([compact]) .parsed { display: none; }
`;

/** <mta-sts-match>: the hosts input and the match table. */
export const MATCH = `
#mx-hosts { max-width: 40rem; }
.match-problems { list-style: none; padding: 0; }
.match-problems li { margin: 0.25rem 0; }
.table-scroll { max-width: 100%; overflow-x: auto; }
/* Wider than the screen (a phone): the host column stays in view, the right edge fades. */
.table-scroll[data-overflow='true'] { border-right: 3px solid var(--_accent); }
.table-scroll[data-overflow='true'] tr > th[scope='row'] { background: var(--_bg); left: 0; position: sticky; z-index: 1; }
.table-scroll[data-overflow='true'] tr[data-covered='false'] > th[scope='row'] { background: color-mix(in srgb, var(--_error) 12%, var(--_bg)); }
.scroll-cue { color: var(--_fg); font-weight: 600; margin: 0.5rem 0 0.25rem; }
.match-table th, .match-table td { border: 1px solid var(--_border); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
.match-table th[data-unused='true'] { background: var(--_warning-bg); }
.match-table tr[data-covered='false'] > th { background: var(--_error-bg); }
.match-table td { min-width: 12rem; }
.match-table td[data-matched='true'] { background: var(--_valid-bg); }
.match-table td > span { display: block; }
.match-table .tag { display: block; margin: 0.15rem 0 0; }
.verdict { font-weight: 700; }
td[data-matched='true'] .verdict { color: var(--_valid); }
td[data-matched='false'] .verdict { color: var(--_muted); }
.explanation { color: var(--_muted); font-size: 0.85rem; }
mark.wildcard { background: var(--_warning-bg); border-bottom: 2px solid var(--_warning); color: inherit; padding: 0 1px; }
mark.wildcard[data-matched='true'] { background: var(--_valid-bg); border-bottom-color: var(--_valid); }
`;

/** <mta-sts-record>: one TXT record checker. */
export const RECORD = `
.record-preview {
  background: var(--_field); border: 1px dashed var(--_border); border-radius: var(--_radius);
  font: 0.85rem/1.6 var(--_mono); overflow-x: auto; padding: 0.3rem 0.5rem; white-space: pre;
}
.record-number { color: var(--_muted); display: inline-block; margin-right: 1ch; user-select: none; }
.pe-mark {
  border-radius: 2px; text-decoration-line: underline; text-decoration-skip-ink: none;
  text-decoration-style: wavy; text-decoration-thickness: 1.5px; text-underline-offset: 3px;
}
.pe-point { display: inline-block; height: 1.6em; position: relative; vertical-align: top; width: 0; }
.pe-point::after { border-bottom: 3px solid currentcolor; bottom: 2px; content: ''; left: 0; position: absolute; width: 1.2ch; }
`;

/** <mta-sts-domain-check>: the live check. */
export const LIVE = `
.input-row { display: flex; gap: 0.5rem; max-width: 40rem; }
.input-row input { flex: 1; min-width: 0; }
.options { margin: 0.5rem 0; max-width: 40rem; }
.options summary { cursor: pointer; }
.checks { list-style: none; padding: 0; margin: 0.5rem 0; }
.check { border: 1px solid var(--_border); border-radius: var(--_radius); margin: 0.5rem 0; padding: 0.4rem 0.75rem; }
.check-head { margin: 0; }
.status { display: inline-block; font-weight: 700; min-width: 10.5rem; }
.status[data-status='pass'] { color: var(--_valid); }
.status[data-status='warning'] { color: var(--_warning); }
.status[data-status='fail'] { color: var(--_error); }
.status[data-status='could-not-verify'] { color: var(--_info); }
.status[data-status='pending'], .status[data-status='skipped'] { color: var(--_muted); }
#live-status[data-status='pass'] { background: var(--_valid-bg); border-color: var(--_valid); }
#live-status[data-status='fail'] { background: var(--_error-bg); border-color: var(--_error); }
#live-status[data-status='warning'], #live-status[data-status='could-not-verify'] { background: var(--_warning-bg); border-color: var(--_warning); }
.reproduce { align-items: center; display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; margin: 0.25rem 0; }
.reproduce code { background: var(--_surface); border-radius: 4px; overflow-wrap: anywhere; padding: 0.1rem 0.3rem; }
.actions, .live-paste { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.5rem 0; }
.live-paste label { width: 100%; }
.stored { color: var(--_muted); font-size: 0.9rem; }
.level { border: 1px solid var(--_border); border-left: 4px solid var(--_info); border-radius: var(--_radius); margin: 0.5rem 0; padding: 0.4rem 0.75rem; }
.level[data-level='enforce'] { border-left-color: var(--_valid); }
.level[data-level='testing'] { border-left-color: var(--_warning); }
.level[data-level='none'] { border-left-color: var(--_error); }
.level p { margin: 0.2rem 0; }
.commands { margin: 0.25rem 0; }
.commands summary { cursor: pointer; }
.commands ul { list-style: none; margin: 0.25rem 0; padding: 0; }
.commands li { margin: 0.2rem 0; }
.commands code { background: var(--_surface); border-radius: 4px; overflow-wrap: anywhere; padding: 0.1rem 0.3rem; }
.domain-hint { align-items: center; display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; }
@media (prefers-reduced-motion: no-preference) {
  .status[data-status='pending'] .icon { animation: pulse 1.2s ease-in-out infinite; }
}
@keyframes pulse { 50% { opacity: 0.3; } }
`;

/** <mta-sts-check>: the widget's frame around the panels (inside: a host page's styles for the
 * element itself, `* { all: unset }` included, cannot remove it). */
export const CHECK = `
.views {
  background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.75rem 1rem;
  display: grid; gap: 1rem;
}
:host([compact]) .views { padding: 0.5rem 0.75rem; }
h2 { font-size: 1.1rem; margin: 0 0 0.25rem; }
`;

/** Memoised sheets, made on first use (CSSStyleSheet needs a document). */
const made = new Map();
/** @param {...string} texts @returns {CSSStyleSheet[]} */
export function sheets(...texts) {
  return texts.map((t) => {
    let s = made.get(t);
    if (!s) made.set(t, (s = sheet(t)));
    return s;
  });
}
