// "Run for N % of events" without Math.random: the draw is a hash of the event id and the node id,
// so the live run, a replay and a dry-run of the same event take the same decision, and two
// probability nodes in one rule draw independently.

/** A number in [0, 100) fixed by the event and the node. */
export function probabilityDraw(eventId: string, nodeId: string): number {
  const text = `${eventId}\u0000${nodeId}`;
  // FNV-1a, then murmur3's finaliser so that ids differing in one character spread over the range.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) / 0x1_0000_0000) * 100;
}
