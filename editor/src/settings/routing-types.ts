// What Settings → Routing reads from the API (issue #10): skills, agents, channels with their default skill.
import { t, type StringKey } from '../i18n';
import { formatTimeOrDay } from '../ui/time-format';

export interface Skill { id: string; name: string; description: string }

export const CHANNEL_KINDS = ['chat', 'messaging', 'email', 'social'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type PerKind = Record<ChannelKind, number>;

/** A channel kind's name and what it covers ("Messaging": "WhatsApp, SMS, …"). */
export const kindText = (kind: ChannelKind) => ({ title: t(`routing.kind.${kind}` as StringKey), help: t(`routing.kindHelp.${kind}` as StringKey) });

export type AgentStatus = 'available' | 'away' | 'offline';
const STATUS_TONE: Record<AgentStatus, 'ok' | 'warn' | ''> = { available: 'ok', away: 'warn', offline: '' };
export const statusText = (status: AgentStatus) => ({ title: t(`routing.status.${status}` as StringKey), tone: STATUS_TONE[status] });

export interface Agent {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'supervisor' | 'agent';
  status: AgentStatus;
  since: string;
  skills: { skillId: string; name: string; proficiency: number }[];
  capacity: PerKind;
  load: PerKind;
  activeCases: number;
}

export interface RoutingChannel { id: string; type: string; name: string; enabled: boolean; defaultSkillId: string | null }

/** "since 14:32" today, "since Nov 3" before. */
export const sinceText = (iso: string): string => t('routing.since', { time: formatTimeOrDay(iso) });
