// The mapping overlay's look, inside its own shadow root (the site's CSS cannot reach it).
export const OVERLAY_CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.box { position: fixed; pointer-events: none; border: 2px solid #7c3aed; background: rgba(124, 58, 237, .12); border-radius: 4px; z-index: 2147483646; transition: all 60ms ease-out; }
.box.selected { border: 3px solid #f59e0b; background: rgba(245, 158, 11, .16); }
.tag { position: fixed; pointer-events: none; z-index: 2147483647; background: #4c1d95; color: #fff; font-size: 12px; padding: 2px 6px; border-radius: 4px; max-width: 320px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bar { position: fixed; top: 12px; left: 50%; transform: translateX(-50%); z-index: 2147483647; display: flex; gap: 12px; align-items: center;
  background: #1e1b4b; color: #fff; font-size: 14px; padding: 10px 14px; border-radius: 10px; box-shadow: 0 8px 24px rgba(0,0,0,.25); max-width: calc(100vw - 24px); }
.bar b { color: #c4b5fd; }
.panel { position: fixed; right: 16px; top: 72px; width: 340px; z-index: 2147483647; background: #fff; color: #1f2937; border-radius: 12px; padding: 16px;
  box-shadow: 0 12px 32px rgba(0,0,0,.28); font-size: 14px; }
.panel h2 { font-size: 16px; margin: 0 0 8px; }
.panel label { display: block; font-size: 12px; color: #4b5563; margin: 10px 0 4px; }
.panel input { width: 100%; font-size: 14px; padding: 7px 9px; border: 1px solid #d1d5db; border-radius: 7px; color: #111827; background: #fff; }
.panel input:focus { outline: 2px solid #7c3aed; outline-offset: 0; }
.crop { display: block; max-width: 100%; max-height: 120px; height: auto; object-fit: contain; object-position: left; margin: 0 0 8px; border: 1px solid #e5e7eb; border-radius: 6px; background: #f9fafb; }
.loc { font-family: ui-monospace, Menlo, monospace; font-size: 12px; background: #f3f4f6; border-radius: 6px; padding: 6px 8px; word-break: break-all; }
.warn { color: #b45309; font-size: 12px; margin-top: 6px; }
.row { display: flex; gap: 8px; margin-top: 14px; justify-content: flex-end; }
button { font-size: 14px; border-radius: 7px; padding: 7px 12px; cursor: pointer; border: 1px solid #d1d5db; background: #fff; color: #1f2937; }
button.primary { background: #7c3aed; border-color: #7c3aed; color: #fff; }
.bar button { background: transparent; color: #fff; border-color: rgba(255,255,255,.4); padding: 4px 10px; }
.msg { font-size: 13px; margin-top: 8px; }
.msg.error { color: #b91c1c; }
.saved { margin: 8px 0 0; padding: 0 0 0 18px; font-size: 13px; color: #166534; }
[hidden] { display: none !important; }
`;
