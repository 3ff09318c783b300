// The websites API's shapes as the console uses them (the shared model defines the settings).
import type { SiteSettings } from '../../../model/website/site-settings';

export type { SiteSettings };
export type { EntryPointConfig, Branding } from '../../../model/website/site-settings';
export type { GuideRule, GuideCondition, GuideAction, EntryPoint } from '../../../model/website/guide-rules';

export interface Site extends SiteSettings {
  id: string;
  snippet: string;
  createdAt: string;
  updatedAt: string;
}

export interface OfferStat { ruleId: string; offerId: string; shown: number; clicked: number; dismissed: number }
