import fc from 'fast-check';
import { anyContentMessage } from '../fixtures/content-arbitrary';
import { parseContentMessage } from '../../engine/content/model';
import { fallbackText, fallbackOptions } from '../../engine/content/fallback';
fc.assert(fc.property(anyContentMessage, (m) => { const r = parseContentMessage(m); if (!r.ok) { console.log(JSON.stringify(m), r.issues); return false; } fallbackText(r.value); fallbackOptions(r.value); return true; }), { numRuns: 3000 });
console.log('ok');
console.log(JSON.stringify(fc.sample(anyContentMessage, 2), null, 1).slice(0, 1500));
