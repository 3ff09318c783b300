// The console speaks in titles, not ids: condition fields, checks recorded on a run, recorded
// events, version changes and the actions a run took read as words; an imported copy is named apart.
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../editor/src/api/types';
import { changeText } from '../../editor/src/graph/diff-view';
import { checkDetailText, fieldTitle, nodeSummary, plannedActionText, predicatesText } from '../../editor/src/graph/summary';
import { nodeIcon } from '../../editor/src/editor/kinds';
import { asCopyIfTaken } from '../../editor/src/rules/import-name';
import { readableEventSummary } from '../../editor/src/ui/event-text';
import { CONDITION_FIELDS } from '../../model/rules/fields';
import { catalogue } from './editor-fixtures';

const withFields: Catalogue = { ...catalogue, fields: CONDITION_FIELDS.map((f) => ({ ...f, operators: [...f.operators], values: f.values && [...f.values] })) };

describe('words instead of ids', () => {
  it('names condition fields by their title, keyed fields with their key, and unknown ones as written', () => {
    expect(fieldTitle('message.text', CONDITION_FIELDS)).toBe('Message text');
    expect(fieldTitle('case.customFields.orderId', CONDITION_FIELDS)).toBe('Case field orderId');
    expect(fieldTitle('something.else', CONDITION_FIELDS)).toBe('something.else');
  });

  it('reads a condition as one sentence', () => {
    const all = [{ field: 'message.text', op: 'contains' as const, value: 'urgente' }, { field: 'message.text', op: 'not_contains' as const, value: 'prueba' }];
    expect(predicatesText(all, '', CONDITION_FIELDS)).toBe('Message text contains urgente and message text does not contain prueba');
    expect(nodeSummary({ id: 'c', kind: 'condition', all }, withFields)).toBe('Message text contains urgente and message text does not contain prueba');
  });

  it('names the agent an Assign agent card assigns to, and gives each action its own icon', () => {
    const node = { id: 'a', kind: 'action' as const, action: 'assign_agent', input: { userId: 'usr_7' } };
    expect(nodeSummary(node, { ...catalogue, people: { usr_7: 'Ana Ruiz' } })).toBe('Assign to Ana Ruiz');
    // A user who is not in the account any more still shows what the rule holds.
    expect(nodeSummary(node, catalogue)).toBe('Assign to usr_7');
    expect(nodeIcon(node)).toBe('users');
    expect(nodeIcon({ kind: 'action', action: 'mask_card_numbers' })).toBe('lock');
    expect(nodeIcon({ kind: 'action', action: 'not_a_built_in' })).toBe('play');
    expect(nodeIcon({ kind: 'step' })).toBe('puzzle');
  });

  it('puts the checks a run recorded in words, and leaves anything else alone', () => {
    expect(checkDetailText('message.text contains "reembolso": yes', CONDITION_FIELDS)).toBe('Message text contains "reembolso": yes');
    expect(checkDetailText('message.text contains "a": yes; case.tags not_contains "vip": yes', CONDITION_FIELDS))
      .toBe('Message text contains "a": yes; Case tags does not contain "vip": yes');
    expect(checkDetailText('No user with id usr_1 in this account', CONDITION_FIELDS)).toBe('No user with id usr_1 in this account');
  });

  it('starts an event summary with what happened, not the event type', () => {
    expect(readableEventSummary('message.created · byoc · from the customer · "Hola"', 'message.created', catalogue.triggers)).toBe('Message · byoc · from the customer · "Hola"');
    expect(readableEventSummary('case.status_changed · open → resolved', 'case.status_changed', catalogue.triggers)).toMatch(/^Case status changed · open → resolved$/);
    expect(readableEventSummary('something else entirely', 'message.created', catalogue.triggers)).toBe('something else entirely');
  });

  it('says which field of a node changed between versions', () => {
    expect(changeText('input.tag: refund → reembolso')).toBe('Tag: refund → reembolso');
    expect(changeText('all.0.value')).toBe('Test 1 › Value');
  });

  it('shows the actions a run took with their input', () => {
    expect(plannedActionText({ kind: 'action', name: 'add_tag', input: { tag: 'reembolso' } }, catalogue)).toBe('Add tag reembolso');
    expect(plannedActionText({ kind: 'step', name: 'lookup_order', input: { orderId: 'o-1' } }, catalogue)).toBe('Look up order · orderId o-1');
  });
});

describe('importing a rule next to its original', () => {
  const doc = { format: 'parley.rule', formatVersion: 1, rule: { name: 'Refund requests', folder: 'Billing' }, graph: { nodes: [], edges: [] } };
  it('keeps the name when it is free, and adds “(copy)”, then a number, when it is taken', () => {
    expect(asCopyIfTaken(doc, [{ name: 'Other' }])).toBe(doc);
    expect((asCopyIfTaken(doc, [{ name: 'Refund requests' }]) as typeof doc).rule).toEqual({ name: 'Refund requests (copy)', folder: 'Billing' });
    expect((asCopyIfTaken(doc, [{ name: 'Refund requests' }, { name: 'Refund requests (copy)' }]) as typeof doc).rule.name).toBe('Refund requests (copy 2)');
  });
});
