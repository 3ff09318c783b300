// What the business flows' APIs (outreach campaigns, payments, appointments) need from the running
// Parley: the database, sealed secrets, the channels, and the case commands (the Temporal client
// and task queue the flows' workflows start on).
import type { ChannelStore } from '../../channels/channel-store';
import type { CaseCommandDeps } from '../../cases/case-commands';
import type { Db } from '../../db/open-database';
import type { SecretBox } from '../../security/secret-box';

export interface FlowRouteDeps {
  db: Db;
  box: SecretBox;
  channels: ChannelStore;
  commands: CaseCommandDeps;
}
