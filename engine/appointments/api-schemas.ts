// The appointments API's request and response shapes (OpenAPI via zod).
import { z } from '@hono/zod-openapi';
import { WEEKDAYS, hoursIssues } from '../../model/appointments/availability';
import { isTimeZone } from '../../model/appointments/zoned-time';

const TimeZone = z.string().refine(isTimeZone, { message: 'an IANA time zone such as Europe/Madrid' });
const Hours = z.object({ start: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM'), end: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM') });
const HoursList = z.array(Hours).max(12).superRefine((ranges, ctx) => {
  for (const message of hoursIssues(ranges)) ctx.addIssue({ code: 'custom', message });
});
const IsoInstant = z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with offset' });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const ServiceInput = z.object({
  name: z.string().trim().min(1).max(200),
  durationMinutes: z.number().int().min(5).max(24 * 60),
  bufferBeforeMinutes: z.number().int().min(0).max(240).default(0),
  bufferAfterMinutes: z.number().int().min(0).max(240).default(0),
  slotStepMinutes: z.number().int().min(5).max(24 * 60).default(30),
  agentIds: z.array(z.string().min(1)).max(200).default([]),
  skill: z.string().min(1).max(100).nullable().default(null),
  timeZone: TimeZone.default('UTC').openapi({ description: 'The zone the customer sees times in.' }),
  reminderOffsetsSeconds: z.array(z.number().int().min(1).max(60 * 86_400)).max(5).default([86_400, 3600])
    .openapi({ description: 'Reminders, seconds before the start. Whole days are calendar days in timeZone (same wall-clock time).' }),
  minNoticeMinutes: z.number().int().min(0).max(60 * 24 * 30).default(60),
  horizonDays: z.number().int().min(1).max(90).default(14),
  slotsPerOffer: z.number().int().min(1).max(10).default(5),
  offerExpiresMinutes: z.number().int().min(1).max(60 * 24 * 30).default(24 * 60),
  location: z.string().min(1).max(300).nullable().default(null),
}).refine((s) => s.agentIds.length > 0 || s.skill !== null, { message: 'name at least one agent (agentIds) or a skill', path: ['agentIds'] });

export const ServicePatch = z.object({
  name: z.string().trim().min(1).max(200),
  durationMinutes: z.number().int().min(5).max(24 * 60),
  bufferBeforeMinutes: z.number().int().min(0).max(240),
  bufferAfterMinutes: z.number().int().min(0).max(240),
  slotStepMinutes: z.number().int().min(5).max(24 * 60),
  agentIds: z.array(z.string().min(1)).max(200),
  skill: z.string().min(1).max(100).nullable(),
  timeZone: TimeZone,
  reminderOffsetsSeconds: z.array(z.number().int().min(1).max(60 * 86_400)).max(5),
  minNoticeMinutes: z.number().int().min(0).max(60 * 24 * 30),
  horizonDays: z.number().int().min(1).max(90),
  slotsPerOffer: z.number().int().min(1).max(10),
  offerExpiresMinutes: z.number().int().min(1).max(60 * 24 * 30),
  location: z.string().min(1).max(300).nullable(),
}).partial();

export const ServiceSchema = z.object({
  id: z.string(), name: z.string(), durationMinutes: z.number(), bufferBeforeMinutes: z.number(), bufferAfterMinutes: z.number(),
  slotStepMinutes: z.number(), agentIds: z.array(z.string()), skill: z.string().nullable(), timeZone: z.string(),
  reminderOffsetsSeconds: z.array(z.number()), minNoticeMinutes: z.number(), horizonDays: z.number(), slotsPerOffer: z.number(),
  offerExpiresMinutes: z.number(), location: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
}).openapi('AppointmentService');

export const AvailabilityInput = z.object({
  timeZone: TimeZone,
  weekly: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, HoursList.optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<typeof HoursList>>).strict()
    .openapi({ description: 'Working windows per weekday (mon … sun), HH:MM in timeZone.' }),
  exceptions: z.array(z.object({ date: Day, hours: HoursList })).max(366).default([])
    .openapi({ description: 'Dates whose hours replace the weekly ones: extra hours, or [] for closed.' }),
  timeOff: z.array(z.object({ from: IsoInstant, to: IsoInstant, reason: z.string().max(200).optional() })).max(500).default([])
    .refine((list) => list.every((t) => Date.parse(t.to) > Date.parse(t.from)), { message: 'each time off ends after it starts' }),
  skills: z.array(z.string().min(1).max(100)).max(50).default([]),
});

export const AvailabilitySchema = z.object({
  userId: z.string(), configured: z.boolean(), timeZone: z.string(),
  weekly: z.record(z.string(), z.array(Hours)), exceptions: z.array(z.object({ date: z.string(), hours: z.array(Hours) })),
  timeOff: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string().optional() })), skills: z.array(z.string()),
  updatedAt: z.string().nullable(),
}).openapi('AgentAvailability');

export const SlotsQuery = z.object({
  from: IsoInstant.optional().openapi({ description: 'Default: now.' }),
  to: IsoInstant.optional().openapi({ description: 'Default: from plus the service horizon; at most 62 days after from.' }),
});

export const SlotsSchema = z.object({
  timeZone: z.string(),
  slots: z.array(z.object({ start: z.string(), end: z.string(), agentId: z.string() })),
});

export const AppointmentSchema = z.object({
  id: z.string(), caseId: z.string(), serviceId: z.string(), serviceName: z.string().nullable(),
  status: z.string().openapi({ description: 'offering, awaiting_pick, holding, confirmed, reminded, rescheduling, completed or cancelled' }),
  agentId: z.string().nullable(), agentName: z.string().nullable(), start: z.string().nullable(), end: z.string().nullable(),
  bookingId: z.string().nullable(), offered: z.array(z.object({ id: z.string(), start: z.string(), end: z.string(), agentId: z.string() })),
  remindersSent: z.number(), cancelReason: z.string().nullable(), createdBy: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
}).openapi('Appointment');

export const DayQuery = z.object({
  day: Day.openapi({ description: 'The local date, in the agent\'s time zone (or timeZone, or UTC).' }),
  agentId: z.string().optional(),
  timeZone: TimeZone.optional(),
});

export const OfferBody = z.object({ serviceId: z.string().min(1) });
export const CancelBody = z.object({ reason: z.string().min(1).max(300).optional() });
