// An Instagram Direct channel's configuration: the Instagram professional account, its access token
// (Instagram Login: an Instagram user token on graph.instagram.com; Facebook Login: the linked Page's
// token on graph.facebook.com), the Meta app secret (signs webhooks) and the webhook verify token.
import { z } from 'zod';
import { field, learned } from '../shared/config-meta';
import { GRAPH_INSTAGRAM_URL, metaGraphFields, withVerifyToken } from '../shared/meta/graph-config';
import { metaAppIdField } from '../shared/meta/meta-app';
import { metaRegistrationFields } from '../shared/meta/webhook-registration';

export const instagramDirectConfigSchema = z.strictObject({
  /** The Instagram professional account's id (IG_ID), the recipient of customers' messages. */
  instagramAccountId: z.string({ error: 'instagramAccountId is required: the id of the Instagram professional account' }).regex(/^\d{5,25}$/, 'instagramAccountId must be the numeric Instagram account id')
    .meta(field('Instagram account ID', 'The numeric ID (IG_ID) of the Instagram professional account customers write to.')),
  /** Access token with instagram_business_manage_messages (or instagram_manage_messages with Facebook Login). */
  accessToken: z.string({ error: 'accessToken is required: an Instagram access token allowed to manage messages' }).min(20, 'accessToken looks too short to be an Instagram access token')
    .meta(field('Instagram access token', 'A token with instagram_business_manage_messages (Instagram Login), or the linked Page\'s token (Facebook Login).')),
  /** The account's @username as Meta reported it at set-up (filled in by Parley). */
  instagramUsername: z.string().optional().meta(learned('Instagram username', 'The account\'s @username as Meta reported it when the channel was connected.')),
  ...metaAppIdField,
  ...metaRegistrationFields,
  ...metaGraphFields(GRAPH_INSTAGRAM_URL),
});

export type InstagramDirectConfig = z.output<typeof instagramDirectConfigSchema>;

// The verify token is not among them: the person pastes it into Meta's dashboard, so nextSteps shows it.
export const INSTAGRAM_DIRECT_SECRET_FIELDS = ['accessToken', 'appSecret'] as const;

export const prepareInstagramDirectConfig = (config: InstagramDirectConfig): InstagramDirectConfig => withVerifyToken(config);
