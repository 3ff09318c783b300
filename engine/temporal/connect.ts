// Connects a Temporal client (and the worker's native connection) from Parley's config.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
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

export async function connectWorkerConnection(temporal: ParleyConfig['temporal'], address: string): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(temporal, address));
}
