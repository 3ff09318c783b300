// The account's business-hours calendar as the settings API accepts it (BusinessHours, event.ts):
// the shape here, the meaning (a real IANA zone, intervals that start before they end and do not
// overlap, real dates) by the model's validateBusinessHours, which the interpreter agrees with.
import { z } from 'zod';
import { ParleyError } from '../../errors';
import { validateBusinessHours } from '../../../model/rules/business-hours';
import type { BusinessHours } from '../../../model/rules/event';
import { zodIssues } from '../../validation';

const Day = z.array(z.string().max(20)).max(10);

export const BusinessHoursSchema = z.object({
  timeZone: z.string().min(1).max(100).describe('IANA time zone, e.g. Europe/Madrid'),
  weekly: z.object({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day }).partial().strict()
    .describe('Per weekday, intervals as HH:MM-HH:MM; a missing day is closed'),
  holidays: z.array(z.string().max(20)).max(366).default([]).describe('Closed all day, as YYYY-MM-DD'),
});

export function parseBusinessHours(raw: unknown, path = 'businessHours'): BusinessHours {
  const parsed = BusinessHoursSchema.safeParse(raw);
  const issues = parsed.success ? validateBusinessHours(parsed.data) : zodIssues(parsed.error);
  if (!parsed.success || issues.length) {
    throw new ParleyError(422, 'invalid_business_hours', 'The business hours are not valid.', issues.map((i) => ({ ...i, path: `${path}.${i.path}` })));
  }
  return parsed.data;
}
