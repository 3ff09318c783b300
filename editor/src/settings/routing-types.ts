// What Settings → Routing reads from the API (issue #10): skills, agents, channels with their default skill.

export interface Skill { id: string; name: string; description: string }

export const CHANNEL_KINDS = ['chat', 'messaging', 'email', 'social'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type PerKind = Record<ChannelKind, number>;

export const KIND_TEXT: Record<ChannelKind, { title: string; help: string }> = {
  chat: { title: 'Chat', help: 'Web chat, Apple Messages, Slack, Teams' },
  messaging: { title: 'Messaging', help: 'WhatsApp, SMS, Messenger, Telegram and the like' },
  email: { title: 'Email', help: 'Mailboxes' },
  social: { title: 'Social', help: 'Public posts and reviews' },
};

export type AgentStatus = 'available' | 'away' | 'offline';
export const STATUS_TEXT: Record<AgentStatus, { title: string; tone: 'ok' | 'warn' | '' }> = {
  available: { title: 'Available', tone: 'ok' },
  away: { title: 'Away', tone: 'warn' },
  offline: { title: 'Offline', tone: '' },
};

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

/** "since 14:32" today, "since 3 Nov" before. */
export function sinceText(iso: string): string {
  const d = new Date(iso);
  const today = d.toDateString() === new Date().toDateString();
  return `since ${today ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}`;
}
