// A Messenger channel's configuration: the Facebook Page, its Page access token (sends replies), the
// Meta app secret (signs webhooks), the webhook verify token (generated on create) and the Graph API.
import { z } from 'zod';
import { field, learned } from '../shared/config-meta';
import { GRAPH_FACEBOOK_URL, metaGraphFields, withVerifyToken } from '../shared/meta/graph-config';
import { metaAppIdField } from '../shared/meta/meta-app';
import { metaRegistrationFields } from '../shared/meta/webhook-registration';

export const messengerConfigSchema = z.strictObject({
  /** The Facebook Page's id (Page → About → Page transparency, or Meta Business Suite). */
  pageId: z.string({ error: 'pageId is required: the id of the Facebook Page' }).regex(/^\d{5,25}$/, 'pageId must be the numeric id of the Facebook Page')
    .meta(field('Page ID', 'The Facebook Page\'s numeric ID (Page → About → Page transparency, or Meta Business Suite).')),
  /** A Page access token with pages_messaging (Meta app → Messenger → Access tokens). */
  pageAccessToken: z.string({ error: 'pageAccessToken is required: a Page access token with the pages_messaging permission' }).min(20, 'pageAccessToken looks too short to be a Page access token')
    .meta(field('Page access token', 'Meta app → Messenger → Access tokens: a token of this Page with pages_messaging.')),
  /** The Page's name as Meta reported it at set-up (filled in by Parley). */
  pageName: z.string().optional().meta(learned('Page name', 'The Page\'s name as Meta reported it when the channel was connected.')),
  ...metaAppIdField,
  ...metaRegistrationFields,
  ...metaGraphFields(GRAPH_FACEBOOK_URL),
});

export type MessengerConfig = z.output<typeof messengerConfigSchema>;

// The verify token is not among them: the person pastes it into Meta's dashboard, so nextSteps shows it.
export const MESSENGER_SECRET_FIELDS = ['pageAccessToken', 'appSecret'] as const;

export const prepareMessengerConfig = (config: MessengerConfig): MessengerConfig => withVerifyToken(config);
