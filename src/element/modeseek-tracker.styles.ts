import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    position: relative;
    width: 640px;
    max-width: 100%;
    aspect-ratio: var(--modeseek-aspect-ratio, 4 / 3);
    background: #111;
    color: #fff;
    border-radius: var(--modeseek-radius, 8px);
    overflow: hidden;
    font: 14px/1.35 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    contain: content;
    outline: none;
    --_box: var(--modeseek-box-color, #29bf12);
    --_lost: var(--modeseek-lost-color, #ff4d4f);
    --_band: var(--modeseek-selection-color, #4cc9f0);
    --_ellipse: var(--modeseek-ellipse-color, #ffd166);
  }
  :host([hidden]) { display: none; }
  :host(:focus-visible) { box-shadow: 0 0 0 3px var(--_band); }
  .stage { position: absolute; inset: 0; }
  video, canvas, svg { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; display: block; }
  canvas { opacity: 0.92; }
  .targets canvas.worker-boxes { opacity: 1; }
  canvas[hidden] { display: none; }
  svg { cursor: default; user-select: none; -webkit-user-select: none; }
  /* the drag surface takes touches only while a box can be drawn, so a phone page still scrolls over an idle element */
  :host([status='ready']) svg, :host([status='tracking']) svg, :host([status='lost']) svg { touch-action: none; cursor: crosshair; }
  .targets { position: absolute; inset: 0; pointer-events: none; overflow: hidden; contain: strict; }
  .target [part~='box'], .target [part~='ellipse'], .target [part~='label'] { position: absolute; left: 0; top: 0; will-change: transform; box-sizing: border-box; }
  [part~='box'] { border: 3px solid var(--_c, var(--_box)); border-radius: 2px; }
  [part~='box'][data-status='lost'] { border: 3px dashed var(--_lost); }
  [part~='ellipse'] { border: 2px solid var(--_ellipse); border-radius: 50%; transform-origin: 50% 50%; }
  [part~='label'] { color: var(--_c, var(--_box)); font: 600 16px/1 system-ui, sans-serif; text-shadow: 0 0 3px #000, 0 0 2px #000; }
  .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  [part~='selection'] { fill: color-mix(in srgb, var(--_band) 18%, transparent); stroke: var(--_band); stroke-width: 2px; stroke-dasharray: 6 4; vector-effect: non-scaling-stroke; }
  [hidden] { display: none; }
  .badge {
    position: absolute; left: 10px; top: 10px; padding: 3px 9px; border-radius: 999px;
    background: rgb(0 0 0 / 0.6); font-size: 12px; letter-spacing: 0.02em; pointer-events: none;
    display: inline-flex; align-items: center; gap: 6px;
  }
  .badge::before { content: ''; width: 8px; height: 8px; border-radius: 50%; background: var(--_band); }
  :host([status='tracking']) .badge::before { background: var(--_box); }
  :host([status='lost']) .badge::before { background: var(--_lost); }
  .hint {
    position: absolute; left: 50%; bottom: 12px; transform: translateX(-50%); max-width: 90%;
    padding: 5px 12px; border-radius: 6px; background: rgb(0 0 0 / 0.6); font-size: 13px;
    pointer-events: none; text-align: center;
  }
  .panel {
    position: absolute; inset: 0; display: grid; place-items: center; text-align: center;
    padding: 1.5rem; background: rgb(17 17 17 / 0.85);
  }
  .panel > div { max-width: 28rem; display: grid; gap: 0.75rem; justify-items: center; }
  .panel p { margin: 0; }
  .panel .code { font: 12px ui-monospace, monospace; opacity: 0.7; }
  button {
    font: inherit; padding: 0.5rem 1.1rem; border-radius: 6px; border: 0; cursor: pointer;
    background: var(--modeseek-accent, #e4572e); color: #fff; font-weight: 600;
  }
  button:focus-visible { outline: 2px solid #fff; outline-offset: 2px; }
`;
