// The editor's keyboard: Ctrl+C / Ctrl+V copy and paste nodes (with new ids), Ctrl+Z / Ctrl+Shift+Z
// (or Ctrl+Y) undo and redo, arrow keys move the selection (Shift: further). Delete / Backspace are
// React Flow's own. Keys typed into a field, or with a dialog open, are left alone.
import { useEffect, useRef, type MutableRefObject } from 'react';
import { copySelection, pasteClip, type Clip } from '../graph/clipboard';
import type { Canvas } from './use-canvas';

const isTyping = (t: EventTarget | null) => {
  const el = t as HTMLElement | null;
  return Boolean(el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable));
};

const MOVES: Record<string, [number, number]> = { arrowup: [0, -1], arrowdown: [0, 1], arrowleft: [-1, 0], arrowright: [1, 0] };

export interface ShortcutActions {
  canvas: MutableRefObject<Canvas>;
  /** False for read-only people and while a run or diff is shown: only copying works then. */
  editable: boolean;
  edit(next: Canvas, coalesce?: string | null): void;
  undo(): void;
  redo(): void;
  copied(count: number): void;
}

export function useShortcuts(actions: ShortcutActions) {
  const latest = useRef(actions);
  latest.current = actions;
  const clipboard = useRef<{ clip: Clip; times: number } | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || document.querySelector('.overlay')) return;
      const { canvas, editable, edit, undo, redo, copied } = latest.current;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'c') {
        const clip = copySelection(canvas.current.nodes, canvas.current.edges);
        if (clip) { clipboard.current = { clip, times: 0 }; copied(clip.nodes.length); }
        return;
      }
      if (!editable) return;
      if (mod && key === 'z' && !e.shiftKey) { e.preventDefault(); undo(); return; }
      if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) { e.preventDefault(); redo(); return; }
      if (mod && key === 'v' && clipboard.current) {
        e.preventDefault();
        clipboard.current.times += 1;
        const { nodes, edges } = canvas.current;
        const pasted = pasteClip(clipboard.current.clip, nodes, clipboard.current.times);
        edit({ nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted.nodes], edges: [...edges, ...pasted.edges] });
        return;
      }
      const move = MOVES[key];
      if (move && !mod) {
        const { nodes, edges } = canvas.current;
        const chosen = nodes.filter((n) => n.selected);
        if (!chosen.length) return;
        e.preventDefault();
        const step = e.shiftKey ? 50 : 10;
        edit({ edges, nodes: nodes.map((n) => (n.selected ? { ...n, position: { x: n.position.x + move[0] * step, y: n.position.y + move[1] * step } } : n)) },
          `move:${chosen.map((n) => n.id).join(',')}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
