// What the rule editor's element picker knows: the account's websites and their mapped elements,
// indexed by element id (a visitor.element trigger stores only the id), and how to word them.
import type { MappedElement } from '../../websites/types';

export interface PickerSite { id: string; name: string }
export interface MappedElements { sites: PickerSite[]; bySite: Record<string, MappedElement[]> }
export interface ElementEntry { element: MappedElement; site: PickerSite }

export const INTERACTION_CHOICES: { value: string; label: string }[] = [
  { value: 'any', label: 'Any interaction' },
  { value: 'click', label: 'Clicks it' },
  { value: 'hover', label: 'Hovers over it (800 ms)' },
  { value: 'visible', label: 'Sees it (1 s on screen)' },
  { value: 'abandoned', label: 'Leaves a form field unchanged (abandoned)' },
];

export function indexElements(all: MappedElements): Map<string, ElementEntry> {
  const index = new Map<string, ElementEntry>();
  for (const site of all.sites) for (const element of all.bySite[site.id] ?? []) index.set(element.id, { element, site });
  return index;
}

/** The site to show first: the chosen element's, else the only (or first) site. */
export function initialSite(all: MappedElements, elementId: string | undefined): string | null {
  const owner = elementId ? indexElements(all).get(elementId)?.site.id : undefined;
  return owner ?? all.sites[0]?.id ?? null;
}

/** How a person recognises an element id: its name (and site when several), or that it is gone. */
export function elementLabel(all: MappedElements | null, elementId: string | undefined): string {
  if (!elementId) return 'Any mapped element';
  const entry = all ? indexElements(all).get(elementId) : undefined;
  if (!entry) return all ? `An element no longer mapped (${elementId})` : elementId;
  return all!.sites.length > 1 ? `${entry.element.name} · ${entry.site.name}` : entry.element.name;
}

/** Where the element was mapped, in words. */
export const pagesText = (pattern: string) => (pattern && pattern !== '*' ? `on ${pattern}` : 'on every page');

/** Names to offer for the "Element name" condition: every mapped element's, the typed one kept. */
export function elementNameChoices(all: MappedElements | null, current?: unknown): string[] {
  const names = new Set<string>();
  for (const site of all?.sites ?? []) for (const el of all!.bySite[site.id] ?? []) names.add(el.name);
  if (typeof current === 'string' && current && !current.includes('{{')) names.add(current);
  return [...names].sort((a, b) => a.localeCompare(b));
}
