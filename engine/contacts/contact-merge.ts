// Merging two customer cards (issue #10): the other card's channel identities, cases and custom fields
// move to the kept card in one transaction; the kept card wins every conflict (listed in the answer);
// the other card is deleted and remembered in contact_merges. Inbound messages find their contact by
// identity (engine/ingest/ingest-statements.ts findIdentity), and their open case by channel, contact
// and thread, so after the move they land on the kept card and on the same, moved, case.
//
// Who may merge: agents too (CXone lets agents link customer cards from the workspace), but an agent
// who only sees the cases of their skills must be able to see every case of both cards: a merge moves
// cases, and an agent cannot move what they may not see.
import type { Db } from '../db/open-database';
import { ParleyError, notFound } from '../errors';
import type { CaseVisibility } from '../routing/case-visibility';
import { getCustomerCard } from './contact-queries';
import { mergeCards, type MergeConflict } from '../../model/contacts/merge-cards';
import { casesOf, findContact, findMergeRecord, writeMerge } from './contact-merge-store';

export interface MergeRequest {
  accountId: string;
  keptId: string;
  otherId: string;
  /** The user id or API key id shown on the case timeline. */
  actor: string;
  /** Set for an agent restricted to their skills' cases. */
  visibleTo?: CaseVisibility;
  now?: number;
}

function alreadyMerged(db: Db, accountId: string, id: string): never | void {
  const record = findMergeRecord(db, accountId, id);
  if (record) {
    throw new ParleyError(409, 'contact_already_merged',
      `Contact ${id}${record.mergedName ? ` (${record.mergedName})` : ''} was already merged into ${record.keptContactId}.`);
  }
}

export function mergeContacts(db: Db, req: MergeRequest) {
  const { accountId, keptId, otherId } = req;
  if (keptId === otherId) throw new ParleyError(400, 'same_contact', 'A customer card cannot be merged with itself: pick another card.');
  const now = req.now ?? Date.now();
  const result = db.transaction((tx) => {
    const kept = findContact(tx, accountId, keptId);
    if (!kept) { alreadyMerged(db, accountId, keptId); throw notFound('contact', keptId); }
    const other = findContact(tx, accountId, otherId);
    if (!other) { alreadyMerged(db, accountId, otherId); throw notFound('contact', otherId); }
    if (req.visibleTo) {
      const { userId, skillIds } = req.visibleTo;
      const hidden = casesOf(tx, [keptId, otherId]).filter((c) => c.assigneeId !== userId && !(c.skillId && skillIds.includes(c.skillId)));
      if (hidden.length) {
        throw new ParleyError(403, 'forbidden',
          `These cards have ${hidden.length} case${hidden.length > 1 ? 's' : ''} outside your skills; ask a supervisor to merge them.`);
      }
    }
    const { card, conflicts } = mergeCards(kept, other);
    const moved = writeMerge(tx, { accountId, keptId, otherId, otherName: other.name, keptName: kept.name, card, conflicts, actor: req.actor, now });
    return { conflicts, ...moved };
  });
  return {
    contact: getCustomerCard(db, accountId, keptId),
    mergedContactId: otherId,
    movedIdentities: result.movedIdentities,
    movedCaseIds: result.movedCases,
    conflicts: result.conflicts as MergeConflict[],
  };
}
