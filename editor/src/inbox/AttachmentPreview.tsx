// A message's file: images inline, others as a download link. Parley's own addresses need the
// agent's sign-in: they are fetched with the session cookie and shown as blobs, so a file that
// cannot be read says so at once instead of as a broken image.
import { useEffect, useState } from 'react';
import { t } from '../i18n';
import type { Attachment } from './types';

function needsAuth(url: string): string | null {
  try {
    const u = new URL(url, location.origin);
    return u.origin === location.origin && u.pathname.startsWith('/api/v1/') ? u.pathname + u.search : null;
  } catch { return null; }
}

export function AttachmentPreview({ file }: { file: Attachment }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const url = file.url;
  useEffect(() => {
    if (!url) return;
    const path = needsAuth(url);
    if (!path) { setSrc(url); return; }
    let revoked = false;
    let objectUrl: string | null = null;
    fetch(path, { credentials: 'same-origin' })
      .then((res) => (res.ok ? res.blob() : Promise.reject(new Error(String(res.status)))))
      .then((blob) => { if (!revoked) { objectUrl = URL.createObjectURL(blob); setSrc(objectUrl); } })
      .catch(() => setFailed(true));
    return () => { revoked = true; if (objectUrl) URL.revokeObjectURL(objectUrl); };
  }, [url]);

  const name = file.name ?? file.mime;
  const size = file.size ? ` · ${file.size < 1024 * 1024 ? `${Math.ceil(file.size / 1024)} KB` : `${(file.size / 1048576).toFixed(1)} MB`}` : '';
  if (failed || !url) return <div className="att att-file" role="note">{name} — {t('inbox.attachmentFailed')}</div>;
  if (file.mime.startsWith('image/') && src) {
    return <a className="att att-image" href={src} target="_blank" rel="noreferrer"><img src={src} alt={name} /></a>;
  }
  const link = (
    <a className="att att-file" href={src ?? undefined} download={file.name ?? undefined} aria-label={`${t('inbox.download')} ${name}`}>
      <span className="att-icon" aria-hidden="true">⤓</span><span className="att-name">{name}</span><span className="att-size">{size}</span>
    </a>
  );
  if (!file.consent) return link;
  // Teams: the customer accepts a file before it reaches their chat; the agent sees where that stands.
  return (
    <div className="att-offered">
      {link}
      <span className={`att-consent att-consent-${file.consent}`} data-testid="file-consent">{t(`inbox.fileConsent.${file.consent}`)}</span>
    </div>
  );
}
