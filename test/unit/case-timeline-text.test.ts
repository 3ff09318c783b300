// The case timeline's sentences: what changed, and which person, customer or rule (version, run) did it.
import { describe, expect, it } from 'vitest';
import { describeCaseEvent } from '../../engine/cases/timeline-text';

const rule = { ruleId: 'rule_1', ruleName: 'Refunds', version: 3, runId: 'rule-run-rule_1-evt_9', nodeId: 'n2' };

describe('case timeline text', () => {
  it('names the rule, its version and the run for a rule\'s change', () => {
    expect(describeCaseEvent({ type: 'tags_changed', from: 'vip', to: 'vip,refund', actor: 'rule:rule_1', detail: { ...rule, action: 'add_tag' } }))
      .toBe('Tag refund added by rule Refunds v3 (run rule-run-rule_1-evt_9)');
    expect(describeCaseEvent({ type: 'rule_action', from: null, to: 'msg_1', actor: 'rule:rule_1', detail: { ...rule, action: 'send_message' } }))
      .toBe('Message sent by rule Refunds v3 (run rule-run-rule_1-evt_9)');
  });

  it('says who else changed the case', () => {
    expect(describeCaseEvent({ type: 'status_changed', from: 'resolved', to: 'open', actor: 'customer', detail: null })).toBe('Status changed from resolved to open by the customer');
    expect(describeCaseEvent({ type: 'status_changed', from: 'resolved', to: 'closed', actor: 'system', detail: null })).toBe('Status changed from resolved to closed by Parley');
    expect(describeCaseEvent({ type: 'tags_changed', from: 'a,b', to: 'b', actor: 'usr_1', detail: null })).toBe('Tag a removed by usr_1');
    expect(describeCaseEvent({ type: 'assignee_changed', from: 'usr_1', to: null, actor: 'usr_2', detail: null })).toBe('Unassigned by usr_2');
  });
});
