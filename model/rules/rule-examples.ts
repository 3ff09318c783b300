// Example rules an admin can start from (Rules → New rule → Start from an example): ready-drawn
// drafts that show what a kind of rule looks like, to adjust and publish. Plain data, valid graphs
// (a unit test validates each one).
import type { RuleGraph } from './graph';

export interface RuleExample {
  id: string;
  name: string;
  folder: string;
  /** One line: what it does. */
  summary: string;
  /** What the admin must have or do for it to work, in plain words. */
  setup: string;
  graph: RuleGraph;
}

const at = (y: number) => ({ x: 0, y });

export const RULE_EXAMPLES: readonly RuleExample[] = [
  {
    id: 'checkout-help',
    name: 'Offer help at checkout',
    folder: 'Website',
    summary: 'A visitor clicks Checkout twice within 2 minutes without buying → a pop-up offers help in chat.',
    setup: 'Map your checkout button (Websites → your site → Map elements) with a name that contains “Checkout”. '
      + '“Without buying” means the visitor has no “bought” tag: start the example “Tag buyers” too, and have your site call '
      + 'Parley.track(\'purchase\') when an order is placed.',
    graph: {
      nodes: [
        { id: 'trigger', kind: 'trigger', label: 'Checkout clicked', trigger: 'visitor.element', config: { interaction: 'click' }, position: at(0) },
        {
          id: 'twice', kind: 'condition', label: 'Twice in 2 minutes, not a buyer', position: at(170),
          all: [
            { field: 'visitor.elementName', op: 'contains', value: 'checkout' },
            { field: 'visitor.countInLast.2', op: 'greater', value: 1 },
            { field: 'visitor.tags', op: 'not_contains', value: 'bought' },
          ],
        },
        {
          id: 'offer', kind: 'action', label: 'Offer help in chat', action: 'website_show_offer', position: at(340),
          input: {
            title: 'Need a hand with your order?',
            text: 'Something unclear at checkout? Someone from our team can help you right now.',
            buttons: [
              { label: 'Chat with us', action: 'chat', message: 'Hi! I need help with my checkout.' },
              { label: 'Not now', action: 'dismiss' },
            ],
            offerId: 'checkout-help',
          },
        },
      ],
      edges: [
        { id: 'e1', source: 'trigger', target: 'twice' },
        { id: 'e2', source: 'twice', target: 'offer' },
      ],
    },
  },
  {
    id: 'tag-buyers',
    name: 'Tag buyers',
    folder: 'Website',
    summary: 'Your site reports a purchase → the visitor gets the tag “bought” (so checkout help is not offered to them).',
    setup: 'Your site calls Parley.track(\'purchase\') on its order confirmation page.',
    graph: {
      nodes: [
        { id: 'trigger', kind: 'trigger', label: 'Purchase reported', trigger: 'visitor.custom', config: { name: 'purchase' }, position: at(0) },
        { id: 'tag', kind: 'action', label: 'Tag the visitor', action: 'website_set_visitor_tag', input: { tag: 'bought', op: 'add' }, position: at(170) },
      ],
      edges: [{ id: 'e1', source: 'trigger', target: 'tag' }],
    },
  },
];
