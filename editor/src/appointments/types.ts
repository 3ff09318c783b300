// The appointments API's shapes as the console uses them (engine/appointments/api-schemas.ts).
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export interface HoursRange { start: string; end: string }

export interface AppointmentService {
  id: string;
  name: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotStepMinutes: number;
  agentIds: string[];
  skill: string | null;
  timeZone: string;
  reminderOffsetsSeconds: number[];
  minNoticeMinutes: number;
  horizonDays: number;
  slotsPerOffer: number;
  offerExpiresMinutes: number;
  location: string | null;
}

export type ServiceInput = Omit<AppointmentService, 'id'>;

export interface AgentAvailability {
  userId: string;
  configured: boolean;
  timeZone: string;
  weekly: Partial<Record<Weekday, HoursRange[]>>;
  exceptions: { date: string; hours: HoursRange[] }[];
  timeOff: { from: string; to: string; reason?: string }[];
  skills: string[];
  updatedAt: string | null;
}

export interface Appointment {
  id: string;
  caseId: string;
  serviceId: string;
  serviceName: string | null;
  status: string;
  agentId: string | null;
  agentName: string | null;
  start: string | null;
  end: string | null;
  remindersSent: number;
  cancelReason: string | null;
}

export interface UserSummary { id: string; name: string; email: string; role: string }
