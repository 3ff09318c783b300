import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import settings from '../../temporal.config';
import { resolveConfig } from '../../engine/config/resolve-config';
import { parseDuration } from '../../engine/config/duration';

describe('configuration', () => {
  it('defaults to the embedded dev server, ./data and port 8080', () => {
    const config = resolveConfig(settings, {}, '/srv/parley');
    expect(config.temporal.address).toBeNull();
    expect(config.dataDir).toBe(join('/srv/parley', 'data'));
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.caseAutoCloseAfterMs).toBe(24 * 3_600_000);
    expect(config.role).toBe('all');
    expect(config.workerMaxCachedWorkflows).toBeUndefined();
    expect(resolveConfig(settings, { PARLEY_WORKER_MAX_CACHED_WORKFLOWS: '100' }).workerMaxCachedWorkflows).toBe(100);
    expect(config.temporal.devServer).toEqual({ port: 7233, uiPort: 8233, ui: true });
  });

  it('lets environment variables override the settings file', () => {
    const config = resolveConfig(settings, {
      PARLEY_DATA_DIR: '/var/lib/parley', PORT: '9000', TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_NAMESPACE: 'prod',
      TEMPORAL_API_KEY: 'k', PARLEY_CASE_AUTO_CLOSE_AFTER: '30m', PARLEY_ROLE: 'worker', PARLEY_PUBLIC_URL: 'https://parley.example.com/',
      TEMPORAL_UI: 'false', PARLEY_ADMIN_TOKEN: 'boot',
    });
    expect(config.dataDir).toBe('/var/lib/parley');
    expect(config.port).toBe(9000);
    expect(config.temporal.address).toBe('temporal.internal:7233');
    expect(config.temporal.namespace).toBe('prod');
    expect(config.temporal.apiKey).toBe('k');
    expect(config.caseAutoCloseAfterMs).toBe(30 * 60_000);
    expect(config.role).toBe('worker');
    expect(config.publicUrl).toBe('https://parley.example.com');
    expect(config.temporal.devServer.ui).toBe(false);
    expect(config.adminToken).toBe('boot');
  });

  it('turns TLS on when a client certificate pair is given', () => {
    const config = resolveConfig(settings, { TEMPORAL_TLS_CERT_PATH: '/c.pem', TEMPORAL_TLS_KEY_PATH: '/k.pem' });
    expect(config.temporal.tls).toBe(true);
  });

  it('refuses bad values with a message naming the variable', () => {
    expect(() => resolveConfig(settings, { PORT: 'eighty' })).toThrow(/PORT: "eighty"/);
    expect(() => resolveConfig(settings, { PARLEY_ROLE: 'both' })).toThrow(/PARLEY_ROLE/);
    expect(() => resolveConfig(settings, { TEMPORAL_UI: 'maybe' })).toThrow(/TEMPORAL_UI/);
    expect(() => resolveConfig(settings, { PARLEY_CASE_AUTO_CLOSE_AFTER: 'soon' })).toThrow(/PARLEY_CASE_AUTO_CLOSE_AFTER/);
  });

  it('parses durations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('250')).toBe(250);
  });
});
