// The connectors Parley can run, by channel type. A channel type listed in connectors/manifests.ts
// without a connector here is documented (capabilities, rendering) but cannot be connected yet.
import { byocConnector } from './byoc';
import type { Connector } from './connector';
import { webchatConnector } from './webchat';

const connectors = new Map<string, Connector>([
  [byocConnector.manifest.type, byocConnector],
  [webchatConnector.manifest.type, webchatConnector],
]);

export function getConnector(type: string): Connector | undefined {
  return connectors.get(type);
}

export function connectorTypes(): string[] {
  return [...connectors.keys()];
}
