// Waits until the Temporal frontend answers for the namespace (the dev server listens on its
// port a little before the namespace is registered).
import type { Client } from '@temporalio/client';

export async function waitForTemporal(client: Client, namespace: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await client.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal did not become ready for namespace "${namespace}": ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
