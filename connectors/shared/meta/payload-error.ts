// The error parse() throws for a body that is not the Meta webhook format it expects: a ParleyError,
// so the HTTP layer answers 400 application/problem+json with the offending field paths.
import { ParleyError, type FieldIssue } from '../../../engine/errors';

export class MetaPayloadError extends ParleyError {
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(400, 'invalid_payload', message, issues);
    this.name = 'MetaPayloadError';
  }
}

export function readJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new MetaPayloadError('The request body is not valid JSON.', [{ path: '(body)', message: (err as Error).message }]);
  }
}
