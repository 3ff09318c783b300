// The account's websites and their mapped elements, read once for the rule editor (and again after
// a minute, so an element mapped meanwhile shows up).
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { MappedElement } from '../../websites/types';
import type { MappedElements, PickerSite } from './element-picker-model';

let cached: { at: number; value: Promise<MappedElements | null> } | null = null;

async function load(): Promise<MappedElements | null> {
  try {
    const { items } = await api<{ items: PickerSite[] }>('/sites');
    const sites = items.map((s) => ({ id: s.id, name: s.name }));
    const lists = await Promise.all(sites.map((s) => api<{ items: MappedElement[] }>(`/sites/${s.id}/elements`).then((r) => r.items, () => [])));
    return { sites, bySite: Object.fromEntries(sites.map((s, i) => [s.id, lists[i]])) };
  } catch {
    return null;
  }
}

export function useMappedElements(enabled: boolean): MappedElements | null {
  const [value, setValue] = useState<MappedElements | null>(null);
  useEffect(() => {
    if (!enabled) return;
    if (!cached || Date.now() - cached.at > 60_000) cached = { at: Date.now(), value: load() };
    let live = true;
    void cached.value.then((v) => { if (live) setValue(v); });
    return () => { live = false; };
  }, [enabled]);
  return value;
}
