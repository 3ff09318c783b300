// application/problem+json answers (RFC 9457) with Parley's stable `code` and field `errors`.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';
import { ZodError } from 'zod';
import { ParleyError } from '../errors';
import { zodIssues } from '../validation';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://parley.dev/problems/case_not_found' }),
    title: z.string().openapi({ example: 'Not Found' }),
    status: z.number().int().openapi({ example: 404 }),
    code: z.string().openapi({ example: 'case_not_found' }),
    detail: z.string().openapi({ example: 'No case with id case_123 in this account.' }),
    errors: z.array(z.object({ path: z.string(), message: z.string(), nodeId: z.string().nullable().optional().openapi({ description: 'Rule graph problems: the node the problem is on.' }) })).optional(),
  })
  .openapi('Problem');

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Content Too Large', 429: 'Too Many Requests', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function problem(c: Context, err: ParleyError) {
  const body = {
    type: `https://parley.dev/problems/${err.code}`,
    title: TITLES[err.status] ?? 'Error',
    status: err.status,
    code: err.code,
    detail: err.message,
    ...(err.errors?.length ? { errors: err.errors } : {}),
  };
  return c.body(JSON.stringify(body), err.status as ContentfulStatusCode, { 'content-type': 'application/problem+json' });
}

/** Maps anything thrown in a handler to a ParleyError. */
export function toParleyError(err: unknown): ParleyError {
  if (err instanceof ParleyError) return err;
  if (err instanceof ZodError) return new ParleyError(400, 'validation_failed', 'The request is not valid.', zodIssues(err));
  if (err instanceof HTTPException) {
    if (err.status === 413) return new ParleyError(413, 'payload_too_large', err.message || 'The request body is larger than this server accepts.');
    if (err.status === 400 && /json/i.test(err.message)) return new ParleyError(400, 'malformed_json', 'The request body is not valid JSON.');
    return new ParleyError(err.status, `http_${err.status}`, err.message || TITLES[err.status] || 'Error');
  }
  return new ParleyError(500, 'internal_error', 'Something went wrong on our side. The error was logged.');
}
