// The HTTP application: health, webhooks, the versioned JSON API, its OpenAPI document and docs.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { ChannelStore } from '../channels/channel-store';
import type { CaseCommandDeps } from '../cases/case-commands';
import type { Db } from '../db/open-database';
import { ParleyError } from '../errors';
import { NO_CUSTOM_STEPS, type CustomStepCatalogue } from '../../model/rules/catalogue';
import type { SecretBox } from '../security/secret-box';
import { zodIssues } from '../validation';
import { authenticate, type AuthEnv } from './auth';
import { problem, toParleyError } from './problem';
import { completeOpenApiDocument } from './openapi-validation-problems';
import { apiKeyRoutes } from './routes/api-keys';
import { appointmentRoutes } from './routes/appointments';
import type { FlowRouteDeps } from './routes/flow-deps';
import { outreachRoutes } from './routes/outreach';
import { paymentRoutes } from './routes/payments';
import { stripeWebhookRoutes } from './routes/stripe-webhook';
import { siteRoutes } from './routes/sites';
import { siteElementRoutes } from './routes/site-elements';
import { webchatPublicRoutes } from './routes/webchat-public';
import { emailAnswerLinkRoutes } from './routes/email-answer-links';
import { publicMediaRoutes } from './routes/public-media';
import { attachmentPublicRoutes, attachmentRoutes, UPLOAD_PATH, uploadBodyLimit } from './routes/attachments';
import { webchatOfflineRoutes } from './routes/webchat-offline';
import { webchatLiveRoutes } from './routes/webchat-live';
import { caseTypingRoutes } from './routes/case-typing';
import { websitePublicRoutes } from './routes/website-public';
import { visitorCommandsPublicRoutes } from './routes/visitor-commands-public';
import { readableRefusals } from '../website/site-access';
import { caseRoutes } from './routes/cases';
import { routingRoutes } from './routes/routing-routes';
import { channelTypeRoutes } from './routes/channel-types';
import { channelRoutes } from './routes/channels';
import { channelProviderRoutes } from './routes/channel-provider';
import { contactRoutes } from './routes/contacts';
import { contactMergeRoutes } from './routes/contact-merge';
import { contentRoutes } from './routes/content';
import { consoleRoutes } from './routes/console';
import { docsRoutes } from './routes/docs';
import { ruleEventRoutes } from './routes/rule-events';
import { ruleRoutes } from './routes/rules';
import { ruleCatalogueRoutes } from './routes/rules-catalogue';
import type { RuleHooks, RulesDeps } from './routes/rules-deps';
import { ruleRunRoutes } from './routes/rules-runs';
import { ruleTestingRoutes } from './routes/rules-testing';
import { ruleTransferRoutes } from './routes/rules-transfer';
import { ruleVersionRoutes } from './routes/rules-versions';
import { settingsRoutes } from './routes/settings';
import { streamRoutes } from './routes/stream';
import { workspaceRoutes } from './routes/workspace';
import { cannedResponseRoutes } from './routes/canned-responses';
import { loginRoutes, sessionRoutes } from './routes/sessions';
import { recoveryRoutes } from './routes/auth-recovery';
import type { AuthRouteDeps } from './routes/auth-deps';
import { userRoutes } from './routes/users';
import { metaAppWebhookRoutes } from './routes/meta-app-webhooks';
import { webhookRoutes, type WebhookDeps } from './routes/webhooks';

/** The largest contact-list CSV one upload takes (bigger lists: split them). */
export const CONTACT_LIST_UPLOAD_LIMIT_BYTES = 256 * 1024 * 1024;

export interface AppDeps {
  db: Db;
  channels: ChannelStore;
  commands: CaseCommandDeps;
  ingest: WebhookDeps['ingest'];
  bodyLimitBytes: number;
  adminToken?: string;
  /** Resolves when Temporal answers; rejects otherwise. */
  checkTemporal: () => Promise<void>;
  log?: (err: unknown) => void;
  /** Seals account secrets (SMTP password, URL signing secret); the same box as the channel store's. */
  box: SecretBox;
  /** Custom steps registered in temporal.config.ts (the palette, validation, dry-runs). */
  steps?: CustomStepCatalogue;
  /** Told after publish, rollback, enable, disable and delete (keeps schedule-triggered rules' Temporal Schedules in step). */
  ruleHooks?: RuleHooks;
  /** Where links in account mails point (PARLEY_PUBLIC_URL). */
  publicUrl?: string;
  /** Trust X-Forwarded-Proto/-For from a reverse proxy (PARLEY_TRUST_PROXY): Secure cookies, client addresses. */
  trustProxy?: boolean;
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({
    // Request validation failures become one problem shape with field paths.
    defaultHook: (result) => {
      if (!result.success) throw new ParleyError(400, 'validation_failed', 'The request is not valid.', zodIssues(result.error));
    },
  });

  app.onError((err, c) => {
    const parleyError = toParleyError(err);
    if (parleyError.status >= 500 && parleyError.code === 'internal_error') (deps.log ?? console.error)(err);
    return problem(c, parleyError);
  });
  app.notFound((c) => problem(c, new ParleyError(404, 'route_not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`)));

  const limit = (maxSize: number) => bodyLimit({
    maxSize,
    onError: () => { throw new ParleyError(413, 'payload_too_large', `The request body is larger than ${maxSize} bytes.`); },
  });
  const defaultLimit = limit(deps.bodyLimitBytes);
  // Contact-list uploads are streamed row by row, so a 100,000-row CSV may be far larger than an API call.
  const uploadLimit = limit(Math.max(deps.bodyLimitBytes, CONTACT_LIST_UPLOAD_LIMIT_BYTES));
  // A visitor's file upload: up to the attachment size limit (engine/attachments).
  const attachmentLimit = limit(Math.max(deps.bodyLimitBytes, uploadBodyLimit()));
  app.use('*', (c, next) => (c.req.path === '/api/v1/contact-lists' ? uploadLimit : UPLOAD_PATH.test(c.req.path) ? attachmentLimit : defaultLimit)(c, next));

  app.get('/healthz', async (c) => {
    let db = 'ok', temporal = 'ok';
    try { deps.db.$client.prepare('select 1').get(); } catch { db = 'unreachable'; }
    try { await deps.checkTemporal(); } catch { temporal = 'unreachable'; }
    const ok = db === 'ok' && temporal === 'ok';
    return c.json({ status: ok ? 'ok' : 'degraded', db, temporal }, ok ? 200 : 503);
  });

  app.route('/', webhookRoutes({ channels: deps.channels, ingest: deps.ingest }));
  app.route('/', metaAppWebhookRoutes({ db: deps.db, channels: deps.channels, ingest: deps.ingest })); // one callback URL per Meta app
  const flows: FlowRouteDeps = { db: deps.db, box: deps.box, channels: deps.channels, commands: deps.commands };
  app.route('/', stripeWebhookRoutes(flows));
  // Email answer links: a customer picks an option of a reply by following its link.
  app.route('/', emailAnswerLinkRoutes({ db: deps.db, ingest: deps.ingest }));
  app.route('/', publicMediaRoutes({ db: deps.db })); // signed links providers fetch an agent's files from (Viber, Meta)
  // The website snippet (issue #8): public, guarded by the site's allowed origins; its refusals
  // stay readable by the page (once here for every /w route).
  app.use('/w/*', readableRefusals);
  app.route('/', websitePublicRoutes({ db: deps.db, box: deps.box }));
  app.route('/', visitorCommandsPublicRoutes({ db: deps.db, box: deps.box }));
  app.route('/', webchatPublicRoutes({ db: deps.db, box: deps.box, ingest: deps.ingest, commands: deps.commands }));
  app.route('/', attachmentPublicRoutes({ db: deps.db, box: deps.box }));
  app.route('/', webchatOfflineRoutes({ db: deps.db, ingest: deps.ingest }));
  app.route('/', webchatLiveRoutes({ db: deps.db, box: deps.box }));

  // Public: signing in, password reset, accepting an invitation. Mounted before the authenticated API so its check does not apply.
  const accounts: AuthRouteDeps = { db: deps.db, box: deps.box, publicUrl: deps.publicUrl ?? 'http://localhost:8080', cookies: { trustProxy: deps.trustProxy ?? false }, log: deps.log ? (l) => deps.log!(l) : undefined };
  app.route('/api/v1', loginRoutes(accounts));
  app.route('/api/v1', recoveryRoutes(accounts));

  const api = new OpenAPIHono<AuthEnv>({ defaultHook: (result) => {
    if (!result.success) throw new ParleyError(400, 'validation_failed', 'The request is not valid.', zodIssues(result.error));
  } });
  api.use('*', authenticate(deps.db, deps.adminToken));
  api.route('/', channelTypeRoutes());
  api.route('/', channelRoutes(deps.channels));
  api.route('/', channelProviderRoutes(deps.channels));
  api.route('/', caseRoutes(deps.db, deps.commands));
  api.route('/', routingRoutes(deps.commands));
  api.route('/', caseTypingRoutes(deps.db));
  api.route('/', contactRoutes(deps.db));
  api.route('/', contactMergeRoutes(deps.db)); // merge two customer cards (issue #10)
  api.route('/', attachmentRoutes({ db: deps.db, box: deps.box, channels: deps.channels }));
  api.route('/', apiKeyRoutes(deps.db));
  api.route('/', contentRoutes());
  api.route('/', sessionRoutes(accounts));
  api.route('/', userRoutes(accounts));
  api.route('/', streamRoutes(deps.db));
  api.route('/', workspaceRoutes(deps.db, deps.channels)); // agent workspace (issue #10): notes, reply window, rendering
  api.route('/', cannedResponseRoutes(deps.db));
  const rules: RulesDeps = { db: deps.db, box: deps.box, steps: deps.steps ?? NO_CUSTOM_STEPS, ruleHooks: deps.ruleHooks };
  // Fixed paths (/rules/events/…, /rules/catalogue, /rules/import, /rules/validate) before /rules/{id}.
  api.route('/', ruleEventRoutes(rules));
  api.route('/', ruleCatalogueRoutes(rules));
  api.route('/', ruleTransferRoutes(rules));
  api.route('/', ruleRoutes(rules));
  api.route('/', ruleVersionRoutes(rules));
  api.route('/', ruleTestingRoutes(rules));
  api.route('/', ruleRunRoutes(rules));
  api.route('/', settingsRoutes(rules));
  // Business flows (issue #7): outreach campaigns, payments, appointments.
  api.route('/', outreachRoutes(flows));
  api.route('/', paymentRoutes(flows));
  api.route('/', appointmentRoutes(flows));
  api.route('/', siteRoutes(flows));
  api.route('/', siteElementRoutes(flows));
  app.route('/api/v1', api);

  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', { type: 'http', scheme: 'bearer', description: 'A Parley API key, a sign-in session token, or PARLEY_ADMIN_TOKEN.' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'SessionCookie', { type: 'apiKey', in: 'cookie', name: 'parley_session', description: 'The console\'s sign-in session (POST /auth/login with session "cookie"). Writes must also send X-CSRF-Token = the parley_csrf cookie, else 403 csrf_failed.' });
  app.use('/api/openapi.json', completeOpenApiDocument);
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Parley API', version: '1', description: 'Digital engagement engine: channels, the case inbox, contacts, automation rules. Errors are application/problem+json.' },
    security: [{ ApiKey: [] }, { SessionCookie: [] }],
  });
  app.route('/', docsRoutes());
  // Last: the web console answers every other GET path (SPA), never /api, /webhooks or /healthz.
  app.route('/', consoleRoutes());
  return app;
}
