// A mapped element's picture (taken in mapping mode), read with the console's session like any API
// call and kept for the page's life; without one (the page's images were from another origin, or it
// was mapped through the API) a neutral placeholder.
import { useEffect, useState } from 'react';
import type { MappedElement } from './types';

const pictures = new Map<string, Promise<string | null>>();

function picture(url: string): Promise<string | null> {
  let p = pictures.get(url);
  if (!p) {
    p = fetch(url, { credentials: 'same-origin' }) // the session cookie goes along
      .then((res) => (res.ok ? res.blob() : null))
      .then((blob) => (blob ? URL.createObjectURL(blob) : null), () => null);
    pictures.set(url, p);
  }
  return p;
}

export function ElementCrop({ element, width = 96, height = 56 }: { element: Pick<MappedElement, 'name' | 'crop'>; width?: number; height?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setSrc(null);
    if (element.crop) void picture(element.crop.url).then((s) => { if (live) setSrc(s); });
    return () => { live = false; };
  }, [element.crop]);
  const box = { width, height, flex: 'none' as const, borderRadius: 6, border: '1px solid var(--border, #e5e7eb)', background: 'var(--surface-2, #f3f4f6)' };
  if (!src) {
    return (
      <span className="element-crop placeholder" data-testid="element-crop-placeholder" title="No picture of this element"
        style={{ ...box, display: 'grid', placeItems: 'center', color: 'var(--muted, #9ca3af)', fontSize: 11, borderStyle: 'dashed' }}>No picture</span>
    );
  }
  return <img className="element-crop" data-testid="element-crop" src={src} alt={`Picture of ${element.name}`} style={{ ...box, objectFit: 'contain', background: '#fff' }} />;
}
