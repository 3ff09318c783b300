// The supervisor view's words, the agent's status control and the offer banner, in English and
// Spanish, chosen by the browser's language (as the inbox's are). `s('key', { n })` fills {n}.
import { lang } from '../inbox/strings';

const en = {
  supervisor: 'Supervisor',
  supervisorLead: 'Queues, waiting cases and agents, live. Reassign any case from here.',
  live: 'Live', reconnecting: 'Reconnecting…',
  queues: 'Queues', queue: 'Queue', waiting: 'Waiting', oldestWait: 'Oldest wait', offered: 'Offered', assigned: 'With an agent', agentsAvailable: 'Agents available',
  noQueue: 'No queue', noQueues: 'No routing queues yet: an admin creates them in Settings → Routing.',
  backlog: 'Waiting for an agent', backlogEmpty: 'Nobody is waiting. Every case has an agent.',
  caseCol: 'Case', reason: 'Why it waits', waitingFor: 'Waiting',
  'why.no_queue': 'No queue takes it', 'why.no_agent_with_skill': 'No agent has the skill', 'why.nobody_available': 'Nobody available', 'why.no_capacity': 'Agents are full',
  inProgress: 'Cases with agents', inProgressEmpty: 'No case is with an agent right now.',
  customer: 'Customer', agent: 'Agent', status: 'Status', unknownCustomer: 'Unknown customer',
  agents: 'Agents', since: 'Since', skills: 'Skills', load: 'Load', noSkills: 'No skills',
  'kind.chat': 'Chat', 'kind.messaging': 'Messaging', 'kind.email': 'Email', 'kind.social': 'Social',
  'st.available': 'Available', 'st.away': 'Away', 'st.offline': 'Offline',
  statusOf: 'Status of {name}', sinceTime: 'since {time}', myStatus: 'Your status',
  reassign: 'Reassign', reassignCase: 'Reassign {who}', reassignLead: 'Now: {now}.',
  nowWaiting: 'waiting in {queue}', nowWith: 'with {agent}',
  to: 'Move to', toAgent: 'An agent', toSkill: 'A skill', toQueue: 'A queue',
  pickAgent: 'Agent', pickSkill: 'Skill', pickQueue: 'Queue', note: 'Note for the timeline', notePlaceholder: 'Why, for the next person (optional)',
  assign: 'Assign', transfer: 'Transfer', cancel: 'Cancel', choose: 'Choose…',
  assignedTo: '{who} is now with {agent}.', transferred: '{who} was transferred.',
  loadOf: '{n} of {max}', full: 'full', loadLegend: 'Cases held / capacity, per channel kind',
  offerTitle: 'A case is offered to you', offerLead: '{who}: “{preview}”', accept: 'Accept', open: 'Open',
  expiresIn: 'Goes to someone else in {time}', offerExpired: 'The offer has expired',
  accepted: 'Accepted: the case is yours.',
  couldNotLoad: 'Could not load the supervisor view.',
};

export type SupervisorKey = keyof typeof en;

const es: Record<SupervisorKey, string> = {
  supervisor: 'Supervisión',
  supervisorLead: 'Colas, casos en espera y agentes, en vivo. Reasigna cualquier caso desde aquí.',
  live: 'En vivo', reconnecting: 'Reconectando…',
  queues: 'Colas', queue: 'Cola', waiting: 'En espera', oldestWait: 'Espera más larga', offered: 'Ofrecidos', assigned: 'Con un agente', agentsAvailable: 'Agentes disponibles',
  noQueue: 'Sin cola', noQueues: 'Aún no hay colas: un administrador las crea en Ajustes → Enrutamiento.',
  backlog: 'Esperando a un agente', backlogEmpty: 'Nadie espera. Todos los casos tienen agente.',
  caseCol: 'Caso', reason: 'Por qué espera', waitingFor: 'Esperando',
  'why.no_queue': 'Ninguna cola lo toma', 'why.no_agent_with_skill': 'Ningún agente tiene la habilidad', 'why.nobody_available': 'Nadie disponible', 'why.no_capacity': 'Agentes completos',
  inProgress: 'Casos con agentes', inProgressEmpty: 'Ningún caso está con un agente ahora.',
  customer: 'Cliente', agent: 'Agente', status: 'Estado', unknownCustomer: 'Cliente desconocido',
  agents: 'Agentes', since: 'Desde', skills: 'Habilidades', load: 'Carga', noSkills: 'Sin habilidades',
  'kind.chat': 'Chat', 'kind.messaging': 'Mensajería', 'kind.email': 'Correo', 'kind.social': 'Social',
  'st.available': 'Disponible', 'st.away': 'Ausente', 'st.offline': 'Desconectado',
  statusOf: 'Estado de {name}', sinceTime: 'desde las {time}', myStatus: 'Tu estado',
  reassign: 'Reasignar', reassignCase: 'Reasignar {who}', reassignLead: 'Ahora: {now}.',
  nowWaiting: 'esperando en {queue}', nowWith: 'con {agent}',
  to: 'Mover a', toAgent: 'Un agente', toSkill: 'Una habilidad', toQueue: 'Una cola',
  pickAgent: 'Agente', pickSkill: 'Habilidad', pickQueue: 'Cola', note: 'Nota para la cronología', notePlaceholder: 'Por qué, para la siguiente persona (opcional)',
  assign: 'Asignar', transfer: 'Transferir', cancel: 'Cancelar', choose: 'Elige…',
  assignedTo: '{who} ahora está con {agent}.', transferred: '{who} fue transferido.',
  loadOf: '{n} de {max}', full: 'completo', loadLegend: 'Casos / capacidad, por tipo de canal',
  offerTitle: 'Se te ofrece un caso', offerLead: '{who}: «{preview}»', accept: 'Aceptar', open: 'Abrir',
  expiresIn: 'Pasa a otra persona en {time}', offerExpired: 'La oferta ha caducado',
  accepted: 'Aceptado: el caso es tuyo.',
  couldNotLoad: 'No se pudo cargar la vista de supervisión.',
};

const table: Record<SupervisorKey, string> = lang === 'es' ? es : en;

export function s(key: SupervisorKey, vars: Record<string, string | number> = {}): string {
  return table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const supervisorStrings = { en: en as Record<SupervisorKey, string>, es };
