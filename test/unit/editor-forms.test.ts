// Forms generated from the catalogue's JSON Schemas: each property gets the right kind of input,
// defaults fill a new node, and edits are immutable updates by path.
import { describe, expect, it } from 'vitest';
import { defaultsOf, enumValues, getIn, itemsOf, kindOf, labelFor, propertiesOf, requiredOf, resolve, setIn } from '../../editor/src/forms/json-schema';
import { catalogue } from './editor-fixtures';

const schemaOf = (id: string) => catalogue.actions.find((a) => a.id === id)!.inputSchema;

describe('JSON Schema forms', () => {
  it('choose an input per property kind', () => {
    const send = schemaOf('send_message');
    const props = Object.fromEntries(propertiesOf(send));
    expect(kindOf(props.text)).toBe('string');
    expect(kindOf(props.quickReplies)).toBe('array');
    expect(kindOf(itemsOf(props.quickReplies))).toBe('object');
    expect(kindOf(props.content)).toBe('json');
    expect(requiredOf(send)).toEqual(['text']);
    expect(resolve(props.text).description).toMatch(/variables/);
    const status = Object.fromEntries(propertiesOf(schemaOf('change_status'))).status;
    expect(kindOf(status)).toBe('enum');
    expect(enumValues(status)).toEqual(['open', 'pending', 'escalated', 'resolved', 'closed']);
    expect(kindOf(Object.fromEntries(propertiesOf(schemaOf('change_priority'))).priority)).toBe('integer');
    expect(kindOf(Object.fromEntries(propertiesOf(schemaOf('redact_message'))).authorName)).toBe('boolean');
  });

  it('follow $ref and nullable alternatives', () => {
    const root = { $defs: { Tag: { type: 'string', description: 'A tag' } }, type: 'object', properties: { tag: { $ref: '#/$defs/Tag' }, maybe: { anyOf: [{ type: 'number' }, { type: 'null' }] } } };
    expect(kindOf(root.properties.tag, root)).toBe('string');
    expect(resolve(root.properties.tag, root).description).toBe('A tag');
    expect(kindOf(root.properties.maybe, root)).toBe('number');
  });

  it('start a new node with the declared defaults', () => {
    expect(defaultsOf(schemaOf('call_url'))).toEqual({ timeoutMs: 10_000 });
    expect(defaultsOf(schemaOf('send_survey'))).toEqual({ question: expect.stringMatching(/rate/) });
    expect(defaultsOf(catalogue.triggers.find((t) => t.type === 'schedule')!.configSchema)).toEqual({ timeZone: 'UTC' });
  });

  it('label keys in words', () => {
    expect(labelFor('timeoutMs', {})).toBe('Timeout ms');
    expect(labelFor('quick_replies', {})).toBe('Quick replies');
    expect(labelFor('x', { title: 'Custom' })).toBe('Custom');
  });

  it('update values by path without touching the original, removing emptied keys', () => {
    const value = { text: 'hi', quickReplies: [{ title: 'a' }] };
    const next = setIn(value, ['quickReplies', 1, 'title'], 'b');
    expect(next).toEqual({ text: 'hi', quickReplies: [{ title: 'a' }, { title: 'b' }] });
    expect(value.quickReplies).toHaveLength(1);
    expect(setIn(value, ['text'], undefined)).toEqual({ quickReplies: [{ title: 'a' }] });
    expect(getIn(next, ['quickReplies', 1, 'title'])).toBe('b');
    expect(getIn(next, ['nope', 'deeper'])).toBeUndefined();
  });
});
