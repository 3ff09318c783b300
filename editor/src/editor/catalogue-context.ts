// The catalogue (triggers, actions, custom steps, condition fields) is read once per editor and
// needed deep inside node cards and forms.
import { createContext, useContext } from 'react';
import type { Catalogue } from '../api/types';

export const CatalogueContext = createContext<Catalogue | null>(null);
export const useCatalogue = () => useContext(CatalogueContext);

/** An action's or custom step's title (`add_tag` → "Add tag"), or its name when unknown. */
export function useActionTitle(): (name: string) => string {
  const catalogue = useCatalogue();
  return (name) => catalogue?.actions.find((a) => a.id === name)?.title ?? catalogue?.steps.find((s) => s.id === name)?.title ?? name;
}
