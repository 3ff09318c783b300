// The OpenAPI document states the problems every route's request can meet, once, here, instead of each
// route repeating them: every request (path, query, header, body) is checked by zod, and a failure is
// one 400 problem (app.ts's defaultHook), so an operation that takes parameters or a body can answer
// 400; and app.ts's body limit answers 413 to any body over it, so an operation with a body can too.
import type { MiddlewareHandler } from 'hono';

const PROBLEM_400 = {
  description: 'The request is not valid (code `validation_failed`, with the field paths in `errors`).',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const PROBLEM_413 = {
  description: 'The request body is larger than the server takes (code `payload_too_large`).',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

type Operation = { parameters?: unknown[]; requestBody?: unknown; responses?: Record<string, unknown> };

export function addValidationProblems(doc: { paths?: Record<string, Record<string, Operation>> }) {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op?.responses) continue;
      if (!op.responses['400'] && ((op.parameters?.length ?? 0) > 0 || op.requestBody)) op.responses['400'] = PROBLEM_400;
      if (!op.responses['413'] && op.requestBody) op.responses['413'] = PROBLEM_413;
    }
  }
  return doc;
}

/** Mount on the document's path, before it is served: rewrites the JSON the doc route answers. */
export const completeOpenApiDocument: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.status !== 200 || !c.res.headers.get('content-type')?.includes('json')) return;
  const doc = addValidationProblems(await c.res.json());
  c.res = new Response(JSON.stringify(doc), { status: 200, headers: c.res.headers });
};
