// Web chat has no provider to call: a reply is delivered when it is stored, and the visitor's
// open connections read it from there. This nudge lets the connections served by this process
// push it at once (others find it at their next poll).
const listeners = new Set<(channelId: string) => void>();

export function onWebchatDelivery(listener: (channelId: string) => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

export function webchatDelivered(channelId: string): void {
  for (const listener of listeners) listener(channelId);
}
