// The one error type the HTTP layer maps to an application/problem+json answer (RFC 9457).
import type { FieldIssue } from '../model/field-issue';
export type { FieldIssue };

export class ParleyError extends Error {
  constructor(
    readonly status: number,
    /** Stable, machine-readable code, e.g. `case_not_found`. */
    readonly code: string,
    message: string,
    readonly errors?: FieldIssue[],
  ) {
    super(message);
    this.name = 'ParleyError';
  }
}

export const notFound = (what: string, id: string) =>
  new ParleyError(404, `${what}_not_found`, `No ${what.replace(/_/g, ' ')} with id ${id} in this account.`);
