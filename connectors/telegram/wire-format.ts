// The parts of Telegram's Update object Parley reads (core.telegram.org/bots/api#update). Objects
// are loose: Telegram adds fields over time, and unknown ones must not fail a webhook.
import { z } from 'zod';

const userSchema = z.looseObject({
  id: z.number(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

const chatSchema = z.looseObject({ id: z.number(), type: z.string().optional() });

const photoSizeSchema = z.looseObject({
  file_id: z.string(),
  file_unique_id: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  file_size: z.number().optional(),
});

const documentSchema = z.looseObject({
  file_id: z.string(),
  file_unique_id: z.string().optional(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().optional(),
});

const inlineKeyboardSchema = z.looseObject({
  inline_keyboard: z.array(z.array(z.looseObject({ text: z.string(), callback_data: z.string().optional() }))),
});

export const telegramMessageSchema = z.looseObject({
  message_id: z.number(),
  from: userSchema.optional(),
  chat: chatSchema,
  date: z.number(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(photoSizeSchema).optional(),
  document: documentSchema.optional(),
  reply_markup: inlineKeyboardSchema.optional(),
});

export const telegramCallbackQuerySchema = z.looseObject({
  id: z.string(),
  from: userSchema,
  message: telegramMessageSchema.optional(),
  data: z.string().optional(),
});

export const telegramUpdateSchema = z.looseObject({
  update_id: z.number({ error: 'update_id is required: the body is not a Telegram Update' }),
  message: telegramMessageSchema.optional(),
  callback_query: telegramCallbackQuerySchema.optional(),
});

export type TelegramUser = z.output<typeof userSchema>;
export type TelegramMessage = z.output<typeof telegramMessageSchema>;
export type TelegramUpdate = z.output<typeof telegramUpdateSchema>;

/** Every Bot API answer: `{ok: true, result}` or `{ok: false, error_code, description, parameters?}`. */
export interface TelegramApiAnswer<T = unknown> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}
