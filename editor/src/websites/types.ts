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

export interface MappedElement {
  id: string;
  siteId: string;
  name: string;
  locator: { id?: string; data?: { name: string; value: string }; css: string; text?: string };
  pageUrlPattern: string;
  status: 'matches' | 'no_longer_matches' | 'not_checked';
  lastSeenAt: string | null;
  lastMissAt: string | null;
  lastMissUrl: string | null;
  /** The picture mapping mode took (GET url with the session), or null. */
  crop: { width: number; height: number; url: string } | null;
  createdAt: string;
  updatedAt: string;
}
