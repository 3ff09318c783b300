// Accounts and sign-in: every sign-in attempt (for throttling and the audit log), and one-time
// tokens mailed to people (password reset, invitation). Tokens are stored as their sha256 only.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { accounts, users } from './schema';

export const SIGN_IN_OUTCOMES = ['succeeded', 'failed', 'locked'] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

export const signInAttempts = sqliteTable(
  'sign_in_attempts',
  {
    id: text('id').primaryKey(),
    /** The email as typed (lower-cased), whether or not an account has it. */
    email: text('email').notNull(),
    /** The client's address (the socket's, or X-Forwarded-For's first hop when the proxy is trusted). */
    address: text('address').notNull(),
    /** `locked`: refused without checking the password (it does not extend the lockout). */
    outcome: text('outcome', { enum: SIGN_IN_OUTCOMES }).notNull(),
    userId: text('user_id').references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('sign_in_attempts_email').on(t.email, t.createdAt), index('sign_in_attempts_address').on(t.address, t.createdAt), index('sign_in_attempts_created').on(t.createdAt)],
);

export const ONE_TIME_TOKEN_PURPOSES = ['password_reset', 'invite'] as const;
export type OneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

export const oneTimeTokens = sqliteTable(
  'one_time_tokens',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    purpose: text('purpose', { enum: ONE_TIME_TOKEN_PURPOSES }).notNull(),
    /** sha256 of the token (256-bit random, so a fast hash is enough and allows lookup). */
    tokenHash: text('token_hash').notNull().unique(),
    /** password_reset: whose password; invite: null until accepted. */
    userId: text('user_id').references(() => users.id),
    email: text('email').notNull(),
    /** invite: the new user's name and role. */
    name: text('name'),
    role: text('role', { enum: ['admin', 'supervisor', 'agent'] }),
    /** Who asked for it: a user id, an API key id, or `self` (a reset). */
    createdBy: text('created_by').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('one_time_tokens_account').on(t.accountId, t.purpose)],
);
