// App Store Connect review responses: `POST /v1/customerReviewResponses` with the review as a
// relationship — one response per review, text only (channels.md §15d).
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderTextOnly } from '../shared/render/text-only';

// channels.md §15 documents no response length limit; the manifest says null as well.
export const APP_STORE_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

export interface CustomerReviewResponseBody {
  data: {
    type: 'customerReviewResponses';
    attributes: { responseBody: string };
    relationships: { review: { data: { type: 'customerReviews'; id: string } } };
  };
}

export function renderAppStore(message: ContentMessage, context: RenderContext): RenderResult<CustomerReviewResponseBody> {
  return renderTextOnly(message, context, {
    maxChars: APP_STORE_CHANNEL_LIMITS.maxTextLength,
    overflow: 'truncate',
    what: 'review response',
    payload: (text, ctx) => ({
      data: {
        type: 'customerReviewResponses',
        attributes: { responseBody: text },
        relationships: { review: { data: { type: 'customerReviews', id: ctx.threadId } } },
      },
    }),
  });
}
