// Privacy actions leave the original nowhere, including Temporal: a customer sends a card number
// (or asks for a message to be deleted); a rule masks (or deletes) it. The stored message, the
// replies sent afterwards — by that rule and by another rule that was waiting in a delay — and the
// recorded runs show the masked text; the Temporal histories of the case's rule runs are deleted
// once the runs end, and the SQLite file holds no trace of the digits. Runs on other cases keep
// their histories. Real dev server, real SQLite file, real HTTP.
import { readFileSync } from 'node:fs';
import { WorkflowNotFoundError } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { byocCustomers } from '../support/byoc-customers';
import { passesLuhn } from '../../model/privacy/card-numbers';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { chain, insertPublishedRule } from '../support/rule-fixtures';

const SECRET = 'whsec_' + Buffer.alloc(32, 13).toString('base64');
const CARD = '4539 1488 0343 6467';
const DIGITS = CARD.replace(/ /g, '');

interface RunRow { id: string; case_id: string; status: string; steps: string; history_deleted_at: number | null }

describe('privacy actions also delete the Temporal history of the runs that read the text', () => {
  let h: Harness;
  let mw: ByocMiddleware;
  let accountId: string;
  let customers: ReturnType<typeof byocCustomers>;

  beforeAll(async () => {
    mw = await startByocMiddleware({ secret: SECRET });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    accountId = h.parley.credentials!.accountId;
    customers = byocCustomers(h, mw, SECRET);
  });
  afterAll(async () => {
    await h?.stop();
    await mw?.close();
  });

  const newChannel = () => customers.newChannel('Privacy');
  const customerWrites = async (channelId: string, conversation: string, text: string, name = 'Ana Pérez') =>
    (await customers.customerWrites(channelId, conversation, text, name)).caseIds[0];
  const runsOn = (caseId: string) => h.parley.db.$client.prepare('select id, case_id, status, steps, history_deleted_at from rule_runs where case_id = ? order by id').all(caseId) as RunRow[];
  const historyOf = async (runId: string) => {
    try {
      return await h.parley.client!.workflow.getHandle(runId).fetchHistory();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || (err as { code?: number }).code === 5) return null;
      throw err;
    }
  };
  /** DeleteWorkflowExecution is asynchronous on the server: the history goes some seconds later (~20 s on the dev server). */
  const historyGone = (runId: string) => eventually(async () => (await historyOf(runId)) === null, 90_000, 500);
  /** The database file and its write-ahead log as bytes on disk. */
  const databaseBytes = () => {
    const file = h.parley.db.$client.name;
    const wal = (() => { try { return readFileSync(`${file}-wal`); } catch { return Buffer.alloc(0); } })();
    return Buffer.concat([readFileSync(file), wal]);
  };
  const repliesIn = (conversation: string) => customers.sentTo(conversation).map((r) => r.body.text as string);

  it('masking a card number: message, replies, recorded runs and the SQLite file show the last four digits; the runs\' histories are deleted', async () => {
    expect(passesLuhn(DIGITS)).toBe(true);
    const channelId = await newChannel();
    const mask = insertPublishedRule(h.parley.db, {
      accountId, name: 'Mask cards',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channelId] } },
        { kind: 'action', action: 'mask_card_numbers', input: {} },
        { kind: 'action', action: 'send_message', input: { text: 'Recibido: {{trigger.message.text}}' } }),
    });
    // Another rule read the message before it was masked and waits: when it goes on, it quotes the masked text.
    const followUp = insertPublishedRule(h.parley.db, {
      accountId, name: 'Follow up',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channelId] } },
        { kind: 'delay', duration: '3s' },
        { kind: 'action', action: 'send_message', input: { text: 'Sobre "{{trigger.message.text}}": te respondemos pronto' } }),
    });

    const caseId = await customerWrites(channelId, 'pay-1', `Mi tarjeta es ${CARD}, cobradme`);
    const other = await customerWrites(channelId, 'pay-2', 'Hola, sin datos de pago');

    // What an agent sees: the masked message.
    const theCase = await eventually(async () => {
      const c = await (await h.api(`/api/v1/cases/${caseId}`)).json();
      return c.messages[0].text.includes('••••') ? c : null;
    });
    expect(theCase.messages[0].text).toBe('Mi tarjeta es •••• •••• •••• 6467, cobradme');

    // What the customer gets: both replies quote the masked text, never the number.
    const replies = await eventually(() => (repliesIn('pay-1').length === 2 ? repliesIn('pay-1') : null), 30_000, 100);
    expect(replies).toContain('Recibido: Mi tarjeta es •••• •••• •••• 6467, cobradme');
    expect(replies).toContain('Sobre "Mi tarjeta es •••• •••• •••• 6467, cobradme": te respondemos pronto');

    // Both runs end; their Temporal histories are deleted; their records stay, scrubbed.
    const runs = await eventually(() => {
      const rows = runsOn(caseId);
      return rows.length === 2 && rows.every((r) => r.history_deleted_at !== null) ? rows : null;
    }, 30_000, 100);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(runs.map((r) => r.id).sort()).toEqual([mask.id, followUp.id].map((ruleId) => runs.find((r) => r.id.includes(ruleId))!.id).sort());
    for (const run of runs) {
      expect(await historyGone(run.id)).toBe(true);
      expect(run.steps).not.toContain(DIGITS.slice(0, 8));
      expect(run.steps).toContain('•••• •••• •••• 6467');
    }

    // The other case's runs keep their histories (the purge is about the masked message's case).
    const kept = await eventually(() => {
      const rows = runsOn(other);
      return rows.length === 2 && rows.every((r) => r.status !== 'running') ? rows : null;
    }, 30_000, 100);
    for (const run of kept) {
      expect(run.history_deleted_at).toBeNull();
      expect((await historyOf(run.id))?.events?.length).toBeGreaterThan(0);
    }

    // Nothing on disk: not in the database pages, not in the write-ahead log.
    const bytes = databaseBytes();
    expect(bytes.includes(DIGITS)).toBe(false);
    expect(bytes.includes(CARD)).toBe(false);
  }, 150_000);

  it('deleting a message and its author\'s name: the text and the name leave the records, the SQLite file and Temporal', async () => {
    const channelId = await newChannel();
    insertPublishedRule(h.parley.db, {
      accountId, name: 'Forget on request',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channelId] } },
        { kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: 'borrad' }] },
        { kind: 'action', action: 'redact_message', input: { authorName: true } },
        { kind: 'action', action: 'send_message', input: { text: 'Hecho{{contact.name}}: "{{trigger.message.text}}" ya no está' } },
        { kind: 'action', action: 'add_tag', input: { tag: 'forgotten' } }),
    });
    const secret = 'Zanzibar-7731 borrad esto';
    const caseId = await customerWrites(channelId, 'forget-1', secret, 'Griselda Quintanilla');

    const run = await eventually(() => {
      const [row] = runsOn(caseId);
      return row?.history_deleted_at ? row : null;
    }, 30_000, 100);
    expect(run.status).toBe('completed');
    expect(await historyGone(run.id)).toBe(true);
    // The run's record says so (the console shows it in the run's details).
    const view = await (await h.api(`/api/v1/rule-runs/${run.id}`)).json();
    expect(view.historyDeletedAt).toEqual(expect.any(String));
    expect(JSON.stringify(view)).not.toContain('Zanzibar');
    expect(run.steps).not.toContain('Zanzibar');
    expect(run.steps).not.toContain('Griselda');

    // The reply sent after the deletion quotes what the run now holds.
    expect(repliesIn('forget-1')).toEqual(['Hecho: "[deleted]" ya no está']);
    const theCase = await (await h.api(`/api/v1/cases/${caseId}`)).json();
    expect(theCase.messages[0].text).toBe('[deleted]');
    expect(theCase.tags).toEqual(['forgotten']);

    const bytes = databaseBytes();
    expect(bytes.includes('Zanzibar-7731')).toBe(false);
    expect(bytes.includes('Griselda')).toBe(false);
  }, 150_000);
});
