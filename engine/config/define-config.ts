// The shape of temporal.config.ts. Kept separate so the settings file imports nothing heavy.
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
  role: 'all' | 'api' | 'worker';
}

export const defineConfig = (settings: ParleySettings): ParleySettings => settings;
