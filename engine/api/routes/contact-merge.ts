// POST /api/v1/contacts/{id}/merge: merge another customer card into this one (issue #10).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/open-database';
import { mergeContacts } from '../../contacts/contact-merge';
import { caseVisibility } from '../../routing/case-visibility';
import type { AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';
import { CustomerCardSchema } from './contacts';

const MergeConflictSchema = z.object({
  field: z.string().openapi({ description: '`name`, `email`, `phone`, `language` or `customFields.<key>`.' }),
  kept: z.unknown().openapi({ description: 'The kept card\'s value, which stays.' }),
  discarded: z.unknown().openapi({ description: 'The merged card\'s value, dropped.' }),
}).openapi('ContactMergeConflict');

const MergeResultSchema = z.object({
  contact: CustomerCardSchema.openapi({ description: 'The kept card after the merge: identities and cases of both.' }),
  mergedContactId: z.string().openapi({ description: 'The card merged away; it no longer exists, and merging it again answers 409.' }),
  movedIdentities: z.number().int(),
  movedCaseIds: z.array(z.string()),
  conflicts: z.array(MergeConflictSchema).openapi({ description: 'Fields both cards had with different values; the kept card\'s value won.' }),
}).openapi('ContactMergeResult');

/** A documented problem answer with its own description (problemResponses says only "Problem"). */
const problem = (description: string) => ({ ...problemResponses(400)[400], description });

export function contactMergeRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();
  app.openapi(
    createRoute({
      method: 'post', path: '/contacts/{id}/merge', tags: ['Contacts'], summary: 'Merge another customer card into this one',
      description: 'Moves the other card\'s channel identities and cases to this card, and fills this card\'s empty name, email, phone, '
        + 'language and missing custom fields from it (this card wins every conflict; the conflicts are listed). The other card is deleted; '
        + 'messages from its identities now arrive on this card. Each case of both cards gets a `contact_merged` timeline event. '
        + 'Agents may merge when they can see every case of both cards (or when agents see all cases); supervisors and admins always.',
      request: {
        params: IdParam('Contact (the card that stays)'),
        body: { content: { 'application/json': { schema: z.object({ otherContactId: z.string().min(1).max(100).openapi({ description: 'The card merged into this one, then deleted.' }) }) } }, required: true },
      },
      responses: {
        200: json(MergeResultSchema, 'The merged card'),
        ...problemResponses(400, 401, 404),
        403: problem('An agent restricted to their skills\' cases, when either card has a case outside them'),
        409: problem('One of the cards was already merged into another (`contact_already_merged`)'),
      },
    }),
    (c) => {
      const principal = c.get('principal');
      const result = mergeContacts(db, {
        accountId: principal.accountId, keptId: c.req.valid('param').id, otherId: c.req.valid('json').otherContactId,
        actor: principal.userId ?? principal.keyId, visibleTo: caseVisibility(db, principal),
      });
      return c.json(result as any, 200);
    },
  );
  return app;
}
