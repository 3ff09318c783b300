import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addValidationProblems } from '../../engine/api/openapi-validation-problems';
import { testApp } from '../support/test-app';

describe('the OpenAPI document lists the 400 of request validation and the 413 of the body limit', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  it('documents 400 wherever a request is validated, and the API answers it', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    const campaigns = doc.paths['/api/v1/campaigns'].get;
    expect(campaigns.responses['400'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    const res = await t.request('/api/v1/campaigns?limit=201');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'limit' }] });
    const big = await t.request('/api/v1/rules/validate', { method: 'POST', json: { name: 'x'.repeat(70 * 1024) } });
    expect(big.status).toBe(413);
    expect(doc.paths['/api/v1/rules/validate'].post.responses['413']).toBeDefined();
    // Every operation with parameters or a body lists it.
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (op.parameters?.length || op.requestBody) expect(op.responses['400'], `${method} ${path}`).toBeDefined();
        if (op.requestBody) expect(op.responses['413'], `${method} ${path}`).toBeDefined();
      }
    }
  });

  it('leaves an operation without parameters or body, and a documented 400, as they are', () => {
    const own = { description: 'own' };
    const doc = addValidationProblems({ paths: {
      '/a': { get: { responses: { 200: {} } } },
      '/b': { post: { requestBody: {}, responses: { 400: own } } },
    } as any });
    expect(Object.keys((doc.paths as any)['/a'].get.responses)).toEqual(['200']);
    expect((doc.paths as any)['/b'].post.responses['400']).toBe(own);
    expect((doc.paths as any)['/b'].post.responses['413'].description).toMatch(/larger/);
  });
});
