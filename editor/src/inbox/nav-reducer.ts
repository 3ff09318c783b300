// The inbox list's keyboard model: which case is focused as the list changes under it (live
// updates insert rows above), j/k to move, Enter to open. Pure, so it is unit-tested.
export interface NavState {
  ids: string[];
  /** The focused case's id (kept when rows move), or null for an empty list. */
  focused: string | null;
  /** The case open in the case view. */
  open: string | null;
}

export type NavAction =
  | { type: 'list'; ids: string[] }
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'focus'; id: string }
  | { type: 'open'; id?: string }
  | { type: 'close' };

export const initialNav: NavState = { ids: [], focused: null, open: null };

export function navReducer(state: NavState, action: NavAction): NavState {
  switch (action.type) {
    case 'list': {
      const { ids } = action;
      if (ids.length === 0) return { ...state, ids, focused: null };
      if (state.focused && ids.includes(state.focused)) return { ...state, ids };
      // The focused case left the list (resolved under a status filter): focus what took its place.
      const was = state.focused ? state.ids.indexOf(state.focused) : -1;
      const at = Math.min(Math.max(was, 0), ids.length - 1);
      return { ...state, ids, focused: ids[at] };
    }
    case 'next':
    case 'prev': {
      if (state.ids.length === 0) return state;
      const i = state.focused ? state.ids.indexOf(state.focused) : -1;
      const j = action.type === 'next' ? Math.min(i + 1, state.ids.length - 1) : Math.max(i - 1, 0);
      return { ...state, focused: state.ids[j] };
    }
    case 'focus':
      return state.ids.includes(action.id) ? { ...state, focused: action.id } : state;
    case 'open': {
      const id = action.id ?? state.focused;
      return id ? { ...state, focused: id, open: id } : state;
    }
    case 'close':
      return { ...state, open: null };
  }
}

/** Keys the inbox answers to, unless the person is typing in a field. */
export function inboxKey(e: { key: string; target: EventTarget | null; metaKey: boolean; ctrlKey: boolean; altKey: boolean }):
  'next' | 'prev' | 'open' | 'resolve' | 'reply' | 'search' | null {
  if (e.metaKey || e.ctrlKey || e.altKey) return null;
  const el = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)) return null;
  // Enter on a button or link is that control's own click.
  if (e.key === 'Enter' && el && (el.tagName === 'BUTTON' || el.tagName === 'A')) return null;
  switch (e.key) {
    case 'j': case 'ArrowDown': return 'next';
    case 'k': case 'ArrowUp': return 'prev';
    case 'Enter': return 'open';
    case 'e': return 'resolve';
    case 'r': return 'reply';
    case '/': return 'search';
    default: return null;
  }
}
