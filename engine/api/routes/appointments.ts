// The appointments flow's API (issue #7), under /api/v1: services and agents' availability (admins
// and supervisors manage, agents read), computed slots, appointments by agent and day or by case,
// and starting, cancelling and rescheduling an appointment flow (agents too).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { buildIcs } from '../../../model/appointments/ics';
import { addDays, resolveLocalTime } from '../../../model/appointments/zoned-time';
import {
  AppointmentSchema, AvailabilityInput, AvailabilitySchema, CancelBody, DayQuery, OfferBody, ServiceInput, ServicePatch, ServiceSchema, SlotsQuery, SlotsSchema,
} from '../../appointments/api-schemas';
import { commandAppointment } from '../../appointments/appointment-commands';
import { appointmentsBetween, caseAppointments, getAppointment } from '../../appointments/appointment-store';
import { appointmentViews } from '../../appointments/appointment-views';
import { getAvailability, putAvailability, requireUser } from '../../appointments/availability-store';
import { findSlots } from '../../appointments/slot-finder';
import { createService, deleteService, getService, listServices, updateService, type ServiceRow } from '../../appointments/service-store';
import { startAppointmentOffer } from '../../appointments/start-appointment';
import { getCaseRow } from '../../cases/case-queries';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import { requireRole, type AuthEnv, type Principal } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';
import type { FlowRouteDeps } from './flow-deps';

const tags = ['Appointments'];
const iso = (ms: number) => new Date(ms).toISOString();
const actor = (p: Principal) => p.userId ?? p.keyId;
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const UserParam = z.object({ userId: z.string().min(1).openapi({ param: { name: 'userId', in: 'path' }, description: 'User id' }) });

function serviceView(row: ServiceRow) {
  const { accountId: _a, deletedAt: _d, createdAt, updatedAt, ...rest } = row;
  return { ...rest, createdAt: iso(createdAt), updatedAt: iso(updatedAt) };
}

function checkAgents(db: Db, accountId: string, agentIds: string[] | undefined) {
  for (const [i, id] of (agentIds ?? []).entries()) {
    try {
      requireUser(db, accountId, id);
    } catch {
      throw new ParleyError(422, 'unknown_agent', `No user with id ${id} in this account.`, [{ path: `agentIds.${i}`, message: 'not a user of this account' }]);
    }
  }
}

/** Appointment views with their service's and agent's names. */
const views = appointmentViews;

export function appointmentRoutes(deps: FlowRouteDeps) {
  const { db } = deps;
  const temporal = { db, client: deps.commands.client, taskQueue: deps.commands.taskQueue };
  const app = new OpenAPIHono<AuthEnv>();

  // ---- services ---------------------------------------------------------------------------------

  app.openapi(createRoute({
    method: 'get', path: '/appointment-services', tags, summary: 'List appointment services',
    responses: { 200: json(z.object({ items: z.array(ServiceSchema) }), 'Services'), ...problemResponses(401) },
  }), (c) => c.json({ items: listServices(db, c.get('principal').accountId).map(serviceView) }, 200));

  app.openapi(createRoute({
    method: 'post', path: '/appointment-services', tags, summary: 'Create a service (admins, supervisors)',
    request: body(ServiceInput),
    responses: { 201: json(ServiceSchema, 'Created'), ...problemResponses(400, 401, 403, 422) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    const input = c.req.valid('json');
    checkAgents(db, p.accountId, input.agentIds);
    return c.json(serviceView(createService(db, p.accountId, input)), 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/appointment-services/{id}', tags, summary: 'Get a service',
    request: { params: IdParam('Service') },
    responses: { 200: json(ServiceSchema, 'The service'), ...problemResponses(401, 404) },
  }), (c) => c.json(serviceView(getService(db, c.get('principal').accountId, c.req.valid('param').id)), 200));

  app.openapi(createRoute({
    method: 'patch', path: '/appointment-services/{id}', tags, summary: 'Change a service (admins, supervisors)',
    description: 'Appointments already booked keep their time; new offers use the new settings.',
    request: { params: IdParam('Service'), ...body(ServicePatch) },
    responses: { 200: json(ServiceSchema, 'The service'), ...problemResponses(400, 401, 403, 404, 422) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    const patch = c.req.valid('json');
    checkAgents(db, p.accountId, patch.agentIds);
    const { id } = c.req.valid('param');
    const next = { ...getService(db, p.accountId, id), ...patch };
    if (next.agentIds.length === 0 && !next.skill) {
      throw new ParleyError(400, 'validation_failed', 'The request is not valid.', [{ path: 'agentIds', message: 'name at least one agent (agentIds) or a skill' }]);
    }
    return c.json(serviceView(updateService(db, p.accountId, id, patch)), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/appointment-services/{id}', tags, summary: 'Delete a service (admins, supervisors); running appointments finish',
    request: { params: IdParam('Service') },
    responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    deleteService(db, p.accountId, c.req.valid('param').id);
    return c.body(null, 204);
  });

  app.openapi(createRoute({
    method: 'get', path: '/appointment-services/{id}/slots', tags, summary: 'Free slots of a service',
    description: 'Computed from the agents\' weekly hours (in each agent\'s time zone), date exceptions, time off and live bookings with the service\'s buffers; no slot starts sooner than the service\'s notice.',
    request: { params: IdParam('Service'), query: SlotsQuery },
    responses: { 200: json(SlotsSchema, 'Slots, earliest first'), ...problemResponses(400, 401, 404) },
  }), (c) => {
    const service = getService(db, c.get('principal').accountId, c.req.valid('param').id);
    const q = c.req.valid('query');
    const from = q.from ? Date.parse(q.from) : Date.now();
    const to = q.to ? Date.parse(q.to) : from + service.horizonDays * 86_400_000;
    if (to <= from || to - from > 62 * 86_400_000) {
      throw new ParleyError(400, 'validation_failed', 'The request is not valid.', [{ path: 'to', message: 'after from, and at most 62 days after it' }]);
    }
    const slots = findSlots(db, service, { from, to });
    return c.json({ timeZone: service.timeZone, slots: slots.map((s) => ({ start: iso(s.start), end: iso(s.end), agentId: s.agentId })) }, 200);
  });

  // ---- availability -----------------------------------------------------------------------------

  const availabilityView = (userId: string, accountId: string) => {
    const row = getAvailability(db, accountId, userId);
    if (!row) return { userId, configured: false, timeZone: 'UTC', weekly: {}, exceptions: [], timeOff: [], skills: [], updatedAt: null };
    return {
      userId, configured: true, timeZone: row.timeZone, weekly: row.weekly as Record<string, { start: string; end: string }[]>, exceptions: row.exceptions,
      timeOff: row.timeOff.map((t) => ({ from: iso(t.from), to: iso(t.to), ...(t.reason ? { reason: t.reason } : {}) })), skills: row.skills, updatedAt: iso(row.updatedAt),
    };
  };

  app.openapi(createRoute({
    method: 'get', path: '/agents/{userId}/availability', tags, summary: 'An agent\'s availability',
    request: { params: UserParam },
    responses: { 200: json(AvailabilitySchema, 'Availability (configured: false when never set)'), ...problemResponses(401, 404) },
  }), (c) => {
    const p = c.get('principal');
    const { userId } = c.req.valid('param');
    requireUser(db, p.accountId, userId);
    return c.json(availabilityView(userId, p.accountId), 200);
  });

  app.openapi(createRoute({
    method: 'put', path: '/agents/{userId}/availability', tags, summary: 'Set an agent\'s availability (admins, supervisors)',
    request: { params: UserParam, ...body(AvailabilityInput) },
    responses: { 200: json(AvailabilitySchema, 'Availability'), ...problemResponses(400, 401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    const { userId } = c.req.valid('param');
    const input = c.req.valid('json');
    putAvailability(db, p.accountId, userId, {
      timeZone: input.timeZone, weekly: input.weekly, exceptions: input.exceptions, skills: input.skills,
      timeOff: input.timeOff.map((t) => ({ from: Date.parse(t.from), to: Date.parse(t.to), ...(t.reason ? { reason: t.reason } : {}) })),
    });
    return c.json(availabilityView(userId, p.accountId), 200);
  });

  // ---- appointments -----------------------------------------------------------------------------

  app.openapi(createRoute({
    method: 'get', path: '/appointments', tags, summary: 'Appointments of a day, by agent',
    description: 'The day is read in the agent\'s time zone (with agentId), else in timeZone, else UTC.',
    request: { query: DayQuery },
    responses: { 200: json(z.object({ day: z.string(), timeZone: z.string(), items: z.array(AppointmentSchema) }), 'Appointments, by start'), ...problemResponses(400, 401, 404) },
  }), (c) => {
    const p = c.get('principal');
    const q = c.req.valid('query');
    if (q.agentId) requireUser(db, p.accountId, q.agentId);
    const zone = q.agentId ? (getAvailability(db, p.accountId, q.agentId)?.timeZone ?? q.timeZone ?? 'UTC') : (q.timeZone ?? 'UTC');
    const from = resolveLocalTime(q.day, 0, zone).instant;
    const to = resolveLocalTime(addDays(q.day, 1), 0, zone).instant;
    return c.json({ day: q.day, timeZone: zone, items: views(db, appointmentsBetween(db, p.accountId, from, to, q.agentId)) }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/appointments/{id}', tags, summary: 'Get an appointment',
    request: { params: IdParam('Appointment') },
    responses: { 200: json(AppointmentSchema, 'The appointment'), ...problemResponses(401, 404) },
  }), (c) => c.json(views(db, [getAppointment(db, c.get('principal').accountId, c.req.valid('param').id)])[0], 200));

  app.openapi(createRoute({
    method: 'get', path: '/appointments/{id}/invite.ics', tags, summary: 'The appointment\'s calendar invite (RFC 5545)',
    request: { params: IdParam('Appointment') },
    responses: { 200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } }, ...problemResponses(401, 404, 409) },
  }), (c) => {
    const p = c.get('principal');
    const row = getAppointment(db, p.accountId, c.req.valid('param').id);
    if (row.startAt === null || row.endAt === null) throw new ParleyError(409, 'appointment_not_booked', 'The appointment has no time yet.');
    const service = getService(db, p.accountId, row.serviceId, { withDeleted: true });
    const ics = buildIcs({
      uid: `${row.id}@parley`, sequence: row.stepSeq, start: row.startAt, end: row.endAt, stamp: row.updatedAt, summary: service.name,
      ...(service.location ? { location: service.location } : {}), status: row.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    });
    return c.body(ics, 200, { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'attachment; filename="invite.ics"' });
  });

  app.openapi(createRoute({
    method: 'post', path: '/appointments/{id}/cancel', tags, summary: 'Cancel an appointment (the customer is told)',
    request: { params: IdParam('Appointment'), ...body(CancelBody) },
    responses: { 202: json(AppointmentSchema, 'Accepted: the flow cancels it'), ...problemResponses(400, 401, 404, 409, 503) },
  }), async (c) => {
    const p = c.get('principal');
    const row = await commandAppointment(temporal, p.accountId, c.req.valid('param').id, 'cancel', actor(p), c.req.valid('json').reason);
    return c.json(views(db, [row])[0], 202);
  });

  app.openapi(createRoute({
    method: 'post', path: '/appointments/{id}/reschedule', tags, summary: 'Reschedule an appointment: its time is released and new slots are offered',
    request: { params: IdParam('Appointment') },
    responses: { 202: json(AppointmentSchema, 'Accepted: the flow offers new slots'), ...problemResponses(401, 404, 409, 503) },
  }), async (c) => {
    const p = c.get('principal');
    const row = await commandAppointment(temporal, p.accountId, c.req.valid('param').id, 'reschedule', actor(p));
    return c.json(views(db, [row])[0], 202);
  });

  app.openapi(createRoute({
    method: 'get', path: '/cases/{id}/appointments', tags, summary: 'Appointments of a case',
    request: { params: IdParam('Case') },
    responses: { 200: json(z.object({ items: z.array(AppointmentSchema) }), 'Appointments, oldest first'), ...problemResponses(401, 404) },
  }), (c) => {
    const p = c.get('principal');
    const { id } = c.req.valid('param');
    getCaseRow(db, p.accountId, id);
    return c.json({ items: views(db, caseAppointments(db, p.accountId, id)) }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/cases/{id}/appointments/offer', tags, summary: 'Offer appointment slots to the case\'s customer',
    description: 'Starts the appointment flow: free slots go into the thread as a time picker (a numbered list where the channel has none); the customer\'s pick is held and confirmed, reminders follow.',
    request: { params: IdParam('Case'), ...body(OfferBody) },
    responses: { 201: json(AppointmentSchema, 'The appointment flow started'), ...problemResponses(400, 401, 404, 409, 503) },
  }), async (c) => {
    const p = c.get('principal');
    const row = await startAppointmentOffer(temporal, { accountId: p.accountId, caseId: c.req.valid('param').id, serviceId: c.req.valid('json').serviceId, createdBy: actor(p) });
    return c.json(views(db, [row])[0], 201);
  });

  return app;
}
