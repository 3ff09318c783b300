// API keys: `pk_` + 32 random bytes (base64url). Only the sha256 is stored.
import { createHash, randomBytes } from 'node:crypto';

export const generateApiKey = () => `pk_${randomBytes(32).toString('base64url')}`;
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');
export const apiKeyPrefix = (key: string) => key.slice(0, 10);
