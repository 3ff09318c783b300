// Fills a canned response's variables for the case at hand. Unknown variables stay as written so
// the agent sees what was not filled; a known variable without a value becomes empty text.
export interface CannedContext {
  contact: { name: string | null };
  agent: { name: string | null };
  case: { id: string };
}

export const CANNED_VARIABLES = ['contact.name', 'agent.name', 'case.id'] as const;

export function fillCanned(template: string, ctx: CannedContext): string {
  const values: Record<string, string | null> = {
    'contact.name': ctx.contact.name,
    'agent.name': ctx.agent.name,
    'case.id': ctx.case.id,
  };
  return template.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi, (whole, key: string) => {
    const k = key.toLowerCase();
    if (!(k in values)) return whole;
    return values[k] ?? '';
  });
}
