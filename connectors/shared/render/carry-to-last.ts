// Quick replies, keyboards and suggested actions show only with the newest message of a chat: when
// a later block sends more messages, the last set of choices moves onto the final message so it
// stays visible (it is dropped from where it was, never duplicated).

export function carryToLast<P, C>(payloads: P[], read: (p: P) => C | undefined, write: (p: P, choices: C | undefined) => P): P[] {
  const last = payloads.length - 1;
  let from = -1;
  payloads.forEach((p, i) => {
    if (read(p) !== undefined) from = i;
  });
  if (from < 0 || from === last || read(payloads[last]) !== undefined) return payloads;
  const out = [...payloads];
  out[last] = write(out[last], read(out[from]));
  out[from] = write(out[from], undefined);
  return out;
}
