// Deterministic identifiers for payload fields that want a unique-looking id (AMB requestIdentifier,
// Slack block_id) while rendering stays pure: the same input always renders the same payload.

/** 32-bit FNV-1a of the text, as 8 hex digits. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** A UUID-shaped id derived from `seed` (not random: equal seeds give equal ids). */
export function stableUuid(seed: string): string {
  const hex = [0, 1, 2, 3].map((i) => fnv1a(`${i}:${seed}`)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
