// The shape of temporal.config.ts. Kept separate so the settings file imports nothing heavy.
import type { StepDefinition } from '../steps/define-step';

export interface ParleySettings {
  dataDir: string;
  http: { port: number; host: string; publicUrl: string; bodyLimitBytes: number };
  temporal: {
    address: string;
    namespace: string;
    apiKey: string;
    tls: boolean;
    tlsCertPath: string;
    tlsKeyPath: string;
    taskQueue: string;
    devServer: { port: number; uiPort: number; ui: boolean };
  };
  worker: { maxCachedWorkflows: number | null };
  cases: { autoCloseAfter: string };
  /** Parley's inbound SMTP endpoint for email channels; smtpPort null = off. */
  email?: { smtpPort: number | null; smtpHost: string; maxMessageBytes: number; imapPollSeconds?: number };
  role: 'all' | 'api' | 'worker';
  /** Custom steps (defineStep) offered in the rule editor's palette and run by the worker. */
  steps?: StepDefinition[];
}

export const defineConfig = (settings: ParleySettings): ParleySettings => settings;
