// The case timeline's sentence for each step of a file offered through Teams' file consent.
export function describeFileConsent(state: string | null, detail: Record<string, unknown>): string {
  const name = typeof detail.name === 'string' ? detail.name : 'a file';
  switch (state) {
    case 'waiting': return `File ${name} sent in Teams: waiting for the customer to accept it (Teams asks before it saves a file)`;
    case 'accepted': return `The customer accepted the file ${name}; uploading it to Teams`;
    case 'delivered': return `File ${name} delivered: the customer accepted it and it is in their Teams chat`;
    case 'declined': return `The customer declined the file ${name} in Teams; it was not delivered`;
    case 'failed': return `File ${name} could not be uploaded to Teams${typeof detail.reason === 'string' ? `: ${detail.reason}` : ''}`;
    default: return `File ${name}: ${state ?? 'unknown step'}`;
  }
}
