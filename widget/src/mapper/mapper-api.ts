// What the loader hands the lazily loaded Engagement Mapper (mapping mode), and its entry point.
export interface MapperHost {
  /** Parley's snippet endpoints for this site, e.g. https://parley.example/w/site_123. */
  base: string;
  /** The mapper token from `#parley-map=…` (signed by Parley for this site and admin, 10 minutes). */
  token: string;
}

export interface MapperController { stop(): void }

export type MapperFactory = (host: MapperHost) => MapperController;

declare global {
  interface Window { __parleyMapper?: MapperFactory }
}
