// The product document (Spanish) the channel manifests and generated docs must agree with.
import { readFileSync } from 'node:fs';

export const SEED_DOCUMENT = readFileSync(new URL('../fixtures/seed/product-document.es.txt', import.meta.url), 'utf8');
