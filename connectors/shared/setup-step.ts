// One provider call of a channel's set-up: a failure (the provider's SendError) refuses the set-up
// with what Parley was doing and the provider's own reason.
import { SendError, SetupError } from '../connector';

export async function setupStep<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof SendError) throw new SetupError(`${what}: ${err.message}`);
    throw err;
  }
}
