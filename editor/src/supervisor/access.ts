// Who sees the supervisor view (the API enforces the same: GET /agents, /routing/* need supervisor).
import type { Role } from '../api/types';

export const canSupervise = (role: Role | undefined): boolean => role === 'admin' || role === 'supervisor';
