// The mapped element's picture, for the console's list and the rule editor's picker. A page cannot
// screenshot itself without a permission prompt, so the element is drawn again: cloned with its
// computed styles into an SVG foreignObject, drawn on a canvas, encoded as WebP (PNG where the
// browser cannot), at most 480 px a side and 60 KB. Images from other origins are left out (an SVG
// drawn as an image loads nothing, and inlining them would taint the canvas); when anything fails
// there is no picture — the element is saved all the same.
export const MAX_CROP_BYTES = 60 * 1024;
export const MAX_CROP_SIDE = 480;
/** Bigger elements (a whole page section) are not worth the time: no picture. */
const MAX_NODES = 800;

/** The largest scale (up to 2×, sharper on small buttons) that keeps both sides within the limit. */
export function cropScale(width: number, height: number, maxSide = MAX_CROP_SIDE): number {
  return Math.min(2, maxSide / Math.max(1, width), maxSide / Math.max(1, height));
}

function copyStyles(source: Element, clone: Element, budget: { nodes: number }) {
  if (--budget.nodes < 0) throw new Error('too many nodes');
  const cs = getComputedStyle(source);
  let css = '';
  for (let i = 0; i < cs.length; i++) css += `${cs[i]}:${cs.getPropertyValue(cs[i])};`;
  clone.setAttribute('style', css);
  clone.removeAttribute('class');
  if (source instanceof HTMLInputElement || source instanceof HTMLTextAreaElement) clone.setAttribute('value', source.value);
  if (source instanceof HTMLImageElement) {
    const data = imageData(source);
    if (data) clone.setAttribute('src', data); else clone.removeAttribute('src');
    clone.removeAttribute('srcset');
  }
  const from = source.children;
  const to = clone.children;
  for (let i = 0; i < from.length && i < to.length; i++) copyStyles(from[i], to[i], budget);
}

/** An image of this origin as a data URL (others would taint the canvas: left out). */
function imageData(img: HTMLImageElement): string | null {
  try {
    if (!img.complete || !img.naturalWidth || new URL(img.currentSrc || img.src, location.href).origin !== location.origin) return null;
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    c.getContext('2d')!.drawImage(img, 0, 0);
    return c.toDataURL();
  } catch { return null; }
}

/** What shows behind the element (the first ancestor with a background colour; white). */
function backdrop(el: Element): string {
  for (let n: Element | null = el; n; n = n.parentElement) {
    const bg = getComputedStyle(n).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#fff';
}

const blobOf = (canvas: HTMLCanvasElement, quality: number) => new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', quality));

const dataUrlOf = (blob: Blob) => new Promise<string>((resolve, reject) => {
  const reader = new FileReader();
  reader.onload = () => resolve(String(reader.result));
  reader.onerror = () => reject(reader.error);
  reader.readAsDataURL(blob);
});

/** The element's picture as a data URL, or null when it cannot be taken within the limits. */
export async function cropElement(el: Element): Promise<string | null> {
  try {
    const rect = el.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) return null;
    const clone = el.cloneNode(true) as Element;
    copyStyles(el, clone, { nodes: MAX_NODES });
    clone.querySelectorAll('script, iframe, object, embed').forEach((s) => s.remove());
    // Drawn where it is, not where the page would put it.
    (clone as HTMLElement).style.margin = '0';
    (clone as HTMLElement).style.position = 'static';
    (clone as HTMLElement).style.transform = 'none';
    const w = Math.ceil(rect.width), h = Math.ceil(rect.height);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><foreignObject x="0" y="0" width="100%" height="100%">`
      + `<div xmlns="http://www.w3.org/1999/xhtml" style="margin:0;padding:0">${new XMLSerializer().serializeToString(clone)}</div></foreignObject></svg>`;
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    await img.decode();
    for (let scale = cropScale(w, h), attempt = 0; attempt < 4; attempt++, scale /= 1.6) {
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.floor(w * scale));
      canvas.height = Math.max(1, Math.floor(h * scale));
      const ctx = canvas.getContext('2d');
      if (!ctx) return null;
      ctx.fillStyle = backdrop(el);
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      // A tainted canvas throws here: no picture.
      const blob = await blobOf(canvas, attempt === 0 ? 0.85 : 0.7);
      if (blob && blob.size <= MAX_CROP_BYTES) return await dataUrlOf(blob);
    }
    return null;
  } catch {
    return null;
  }
}
