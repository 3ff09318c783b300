// Turns zod issues into the problem+json field list.
import type { z } from 'zod';
import type { FieldIssue } from './errors';

export function zodIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: i.message,
  }));
}
