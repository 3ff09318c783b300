// The error parse() throws for a body that is not valid BYOC wire format. It is a ParleyError, so
// the HTTP layer answers 400 application/problem+json listing every offending field.
import { ParleyError, type FieldIssue } from '../../engine/errors';

export class PayloadError extends ParleyError {
  constructor(
    message: string,
    /** Field-level problems; `path` is dotted, e.g. "events.1.sender.externalId", or "(body)". */
    readonly issues: FieldIssue[],
  ) {
    super(400, 'invalid_payload', message, issues);
    this.name = 'PayloadError';
  }
}
