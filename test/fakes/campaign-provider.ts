// A stand-in messaging provider for campaigns: the BYOC middleware fake (signature checks, request
// log) answering like a provider that honours Idempotency-Key — a repeated key gets the first
// answer and is not delivered again. It counts deliveries per key, so a test can tell "the customer
// got the message once" from "Parley sent it once".
import { startByocMiddleware, type ByocMiddleware, type ReceivedByocRequest } from './byoc-middleware';

export interface CampaignProvider {
  url: string;
  middleware: ByocMiddleware;
  /** Requests per idempotency key (a retried request counts again). */
  requestsByKey: Map<string, number>;
  /** Messages delivered to customers (the first request of each key), in arrival order. */
  delivered: { key: string; recipient: string; text: string; at: number }[];
  /** Inbound-style replies Parley queued (case messages: opt-out acknowledgements and the like). */
  caseMessages(): ReceivedByocRequest[];
  close(): Promise<void>;
}

export async function startCampaignProvider(opts: { secret: string; delayMs?: number }): Promise<CampaignProvider> {
  const requestsByKey = new Map<string, number>();
  const delivered: CampaignProvider['delivered'] = [];
  const answers = new Map<string, string>();
  const middleware = await startByocMiddleware({
    secret: opts.secret,
    respondWith: (request, index) => {
      const key = String(request.headers['idempotency-key'] ?? `none-${index}`);
      requestsByKey.set(key, (requestsByKey.get(key) ?? 0) + 1);
      if (!answers.has(key)) {
        answers.set(key, `prov-${answers.size + 1}`);
        delivered.push({ key, recipient: request.body?.recipient?.externalId, text: request.body?.text, at: Date.now() });
      }
      return { status: 200, json: { externalMessageId: answers.get(key) }, ...(opts.delayMs ? { delayMs: opts.delayMs } : {}) };
    },
  });
  return {
    url: middleware.url, middleware, requestsByKey, delivered,
    caseMessages: () => middleware.received.filter((r) => r.body?.caseId),
    close: () => middleware.close(),
  };
}
