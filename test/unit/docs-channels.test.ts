// docs/channels.md is generated from the manifests, and the manifests must agree with the product
// document's channel table. Both checks read the real files.
import { SEED_DOCUMENT } from '../support/seed';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChannelKind } from '../../connectors/manifest';
import { channelManifests, getManifest } from '../../connectors/manifests';
import { CHANNELS_DOC_PATH, renderChannelsDoc } from '../../scripts/docs/channels-doc';
import { GENERATED_DOCS } from '../../scripts/generate-docs';

const SEED = SEED_DOCUMENT;
const DOC = readFileSync(new URL(`../../${CHANNELS_DOC_PATH}`, import.meta.url), 'utf8');

/** The seed's "Tipo" column → manifest kind. */
const SEED_KINDS: Record<string, ChannelKind> = {
  Social: 'social',
  Messaging: 'messaging',
  'Colaboración y mensajería': 'collaboration',
  'Mensajería y redes sociales': 'custom',
};

/** Seed rows ("name|type") → manifest type. Facebook and Twitter each have a social and a messaging row. */
const SEED_ROWS: Record<string, string> = {
  'Facebook|Social': 'facebook',
  'Facebook|Messaging': 'messenger',
  'Twitter|Social': 'x',
  'Twitter|Messaging': 'x-dm',
  'Instagram|Social': 'instagram',
  'Instagram Direct|Social': 'instagram-direct',
  'LinkedIn|Social': 'linkedin',
  'YouTube|Social': 'youtube',
  'Mensaje de Google Business Messages|Social': 'google-business-messages',
  'Google Play|Social': 'google-play',
  'Google Places|Social': 'google-business-profile',
  'Revisión de aplicaciones de Apple|Social': 'app-store',
  'LINE|Messaging': 'line',
  'Telegrama|Messaging': 'telegram',
  'WhatsApp|Messaging': 'whatsapp',
  'Mensajes de Apple para empresas|Messaging': 'apple-messages',
  'Viber|Messaging': 'viber',
  'Microsoft Teams|Colaboración y mensajería': 'teams',
  'Slack|Colaboración y mensajería': 'slack',
  'WeChat|Messaging': 'wechat',
  'Traer su propio canal (BYOC)|Mensajería y redes sociales': 'byoc',
};

interface SeedRow {
  name: string;
  type: string;
  /** The row's bullet points: set-up notes and what agents can do, in the seed's order. */
  bullets: string[];
}

/** Reads the channel table: a row starts with "<name> <type>" (or the name and type on separate lines). */
function parseSeedChannels(seed: string): SeedRow[] {
  const start = seed.indexOf('Canal Tipo Configuración y detalles Qué pueden hacer los agentes');
  const end = seed.indexOf('Las redes sociales, las redes sociales y otros sitios');
  const types = Object.keys(SEED_KINDS).join('|');
  const rowHeader = new RegExp(`^(.+?)\\s+(${types})$`);
  const typeOnly = new RegExp(`^(${types})$`);
  const rows: SeedRow[] = [];
  let pendingName: string | undefined;
  for (const raw of seed.slice(start, end).split('\n').slice(1)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('•')) {
      rows[rows.length - 1]?.bullets.push(line.slice(1).trim());
      pendingName = undefined;
      continue;
    }
    const header = rowHeader.exec(line);
    const bareType = typeOnly.exec(line);
    if (bareType && pendingName) rows.push({ name: pendingName, type: bareType[1], bullets: [] });
    else if (header) rows.push({ name: header[1], type: header[2], bullets: [] });
    pendingName = bareType || header ? undefined : line;
  }
  return rows;
}

const seedRows = parseSeedChannels(SEED);

function docTableRows(doc: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of doc.split('\n')) {
    const type = /^\| [^|]*\(`([a-z-]+)`\)/.exec(line)?.[1];
    if (type) rows.set(type, line.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '').trim()));
  }
  return rows;
}

describe('the seed channel table', () => {
  it('lists the 21 channel rows the manifests are mapped from', () => {
    expect(seedRows.map((r) => `${r.name}|${r.type}`).sort()).toEqual(Object.keys(SEED_ROWS).sort());
  });

  it.each(seedRows.map((r) => [`${r.name} (${r.type})`, r] as const))('%s: the manifest has the seed type', (_, row) => {
    const manifest = getManifest(SEED_ROWS[`${row.name}|${row.type}`]);
    expect(manifest?.kind).toBe(SEED_KINDS[row.type]);
  });

  it('agrees on proactive outbound where the seed states it', () => {
    for (const row of seedRows) {
      const manifest = getManifest(SEED_ROWS[`${row.name}|${row.type}`])!;
      if (row.bullets.some((b) => /No hay soporte para (mensajes salientes|mensajería saliente) proactiv/.test(b))) {
        expect(manifest.capabilities.proactiveOutbound, manifest.type).toBe(false);
      }
      if (row.bullets.some((b) => /Inicie el contacto con los clientes/.test(b))) {
        expect(manifest.capabilities.proactiveOutbound, manifest.type).toBe(true);
      }
    }
  });

  it('agrees on attachments where the seed states them', () => {
    for (const row of seedRows) {
      const a = getManifest(SEED_ROWS[`${row.name}|${row.type}`])!.capabilities.attachments;
      if (row.bullets.some((b) => /No hay soporte para enviar archivos adjuntos/.test(b))) expect(a.outbound, row.name).toBe(false);
      if (row.bullets.some((b) => /con o sin archivos adjuntos|Enviar archivos adjuntos|adjuntos, si la integración/.test(b))) {
        expect(a.inbound || a.outbound, row.name).toBe(true);
        expect(a.outbound, row.name).toBe(true);
      }
    }
  });

  it("agrees on Messenger's seven-day human-agent replies", () => {
    const messenger = seedRows.find((r) => r.name === 'Facebook' && r.type === 'Messaging')!;
    expect(messenger.bullets.some((b) => b.includes('siete días'))).toBe(true);
    expect(getManifest('messenger')!.capabilities.replyWindow.humanAgentHours).toBe(7 * 24);
  });

  it('web chat, email and SMS (named in the seed intro) exist', () => {
    expect(SEED).toMatch(/canales de chat, , Email y SMS/);
    for (const type of ['webchat', 'email', 'sms']) expect(getManifest(type)).toBeDefined();
  });
});

describe('docs/channels.md', () => {
  it('is exactly what the generator produces (run `npx tsx scripts/generate-docs.ts`)', () => {
    expect(DOC).toBe(renderChannelsDoc());
  });

  it('is registered with the docs script', () => {
    expect(GENERATED_DOCS.map((d) => d.path)).toContain(CHANNELS_DOC_PATH);
  });

  it('has one table row per manifest with its kind, direction, proactive flag and agent actions', () => {
    const rows = docTableRows(DOC);
    expect([...rows.keys()]).toEqual(channelManifests.map((m) => m.type));
    for (const m of channelManifests) {
      const [, kind, direction, proactive, , , actions] = rows.get(m.type)!;
      expect(kind).toBe(m.kind);
      expect(direction.split(' / ')).toEqual(
        [m.capabilities.inbound && 'in', m.capabilities.outbound && 'out', m.capabilities.publishing && 'publish'].filter(Boolean),
      );
      expect(proactive).toBe(m.capabilities.proactiveOutbound ? 'yes' : 'no');
      expect(actions).toBe(m.capabilities.agentActions.join('; '));
    }
  });

  it('shows every seed channel with the seed type', () => {
    const rows = docTableRows(DOC);
    for (const row of seedRows) expect(rows.get(SEED_ROWS[`${row.name}|${row.type}`])?.[1]).toBe(SEED_KINDS[row.type]);
  });

  it('marks Google Business Messages as retired and shows the Meta and WhatsApp windows', () => {
    const rows = docTableRows(DOC);
    expect(rows.get('google-business-messages')![0]).toContain('retired 2024-07-31');
    expect(rows.get('messenger')![5]).toBe('24 h (human agents 7 days); then tagged messages only');
    expect(rows.get('whatsapp')![5]).toBe('24 h; then approved templates only');
    expect(rows.get('wechat')![5]).toBe('48 h; then approved templates only');
  });
});
