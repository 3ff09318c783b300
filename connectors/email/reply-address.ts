// Plus-addressing: replies go out with Reply-To `support+<token>@example.com`, so a customer's answer
// finds its thread even when their mail client drops In-Reply-To and References.

const TOKEN = /^[a-z0-9]{8,40}$/;

export function replyAddress(address: string, token: string): string {
  const [local, domain] = splitAddress(address);
  return `${local}+${token}@${domain}`;
}

/** The token of a plus-address of `address`, if `candidate` is one. */
export function tokenOf(address: string, candidate: string): string | undefined {
  const [local, domain] = splitAddress(address);
  const [cLocal, cDomain] = splitAddress(candidate.toLowerCase());
  if (cDomain !== domain || !cLocal.startsWith(`${local}+`)) return undefined;
  const token = cLocal.slice(local.length + 1);
  return TOKEN.test(token) ? token : undefined;
}

/** True when `candidate` is the mailbox itself or one of its plus-addresses. */
export function isMailboxAddress(address: string, candidate: string): boolean {
  return candidate.toLowerCase() === address.toLowerCase() || tokenOf(address, candidate) !== undefined;
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at).toLowerCase(), address.slice(at + 1).toLowerCase()];
}
