// Connects a Temporal client (and the worker's native connection) from Parley's config.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import type { ParleyConfig } from '../config/resolve-config';

function connectionOptions(temporal: ParleyConfig['temporal'], address: string) {
  const tls = temporal.tls
    ? temporal.tlsCertPath && temporal.tlsKeyPath
      ? { clientCertPair: { crt: readFileSync(temporal.tlsCertPath), key: readFileSync(temporal.tlsKeyPath) } }
      : true
    : undefined;
  return { address, tls, apiKey: temporal.apiKey };
}

export async function connectClient(temporal: ParleyConfig['temporal'], address: string): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(temporal, address));
  return new Client({ connection, namespace: temporal.namespace });
}

let runtimeInstalled = false;
/** The SDK logs every worker state change at INFO; Parley wants warnings and errors only. */
export function installQuietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    const level = (process.env.PARLEY_TEMPORAL_LOG_LEVEL ?? 'WARN').toUpperCase() as 'WARN';
    Runtime.install({
      logger: new DefaultLogger(level),
      // The SDK core's own logs (e.g. poll retries while Temporal is unreachable) at the same level.
      telemetryOptions: { logging: { filter: { core: level, other: level } } },
      // Parley's own shutdown drains the worker in order (before the DB closes): no SDK signal handlers.
      shutdownSignals: [],
    });
  } catch {
    // Already installed by the embedding process (e.g. a test): keep its choice.
  }
}

export async function connectWorkerConnection(temporal: ParleyConfig['temporal'], address: string): Promise<NativeConnection> {
  installQuietRuntime();
  return NativeConnection.connect(connectionOptions(temporal, address));
}
