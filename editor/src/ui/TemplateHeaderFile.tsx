// The file a WhatsApp template's media header needs (template-header.ts), as the inbox's template
// picker and the campaign dialog ask for it: a button to choose it (stored at once with
// POST /attachments for the channel), or the chosen file with a Remove button. The caller draws the
// field's label and keeps the chosen file.
import { useState } from 'react';
import { ApiError } from '../api/client';
import { storeAttachment } from '../api/store-attachment';
import { t } from '../i18n';
import type { TemplateHeaderKind } from './template-header';

export interface HeaderFile { url: string; name: string }

export function TemplateHeaderFile({ media, channelId, file, onChange }: {
  media: { kind: TemplateHeaderKind; accept: string };
  channelId: string;
  file: HeaderFile | null;
  onChange(file: HeaderFile | null): void;
}) {
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = t(`inbox.templateHeader.${media.kind}`);
  const pick = async (list: FileList | null) => {
    const chosen = list?.[0];
    if (!chosen) return;
    setError(null);
    setUploading(true);
    try {
      const stored = await storeAttachment(chosen, channelId);
      onChange({ url: stored.url, name: stored.name });
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.errors.map((x) => `${x.path}: ${x.message}`)].join(' ') : String(e));
    } finally {
      setUploading(false);
    }
  };
  return (
    <div className="header-file">
      {file ? (
        <span className="chip" data-testid="template-header-file">{file.name}
          <button type="button" className="btn-link" aria-label={`${t('inbox.templateHeaderRemove')} ${file.name}`} onClick={() => onChange(null)}>✕</button>
        </span>
      ) : (
        <>
          <span className="header-file-hint">{t('inbox.templateHeaderNeeded', { kind: t(`inbox.templateHeaderKind.${media.kind}`) })}</span>
          <label className="btn btn-sm header-file-pick">{uploading ? t('inbox.templateHeaderUploading') : t('inbox.templateHeaderChoose')}
            <input type="file" hidden accept={media.accept || undefined} aria-label={label} disabled={uploading}
              onChange={(e) => { void pick(e.target.files); e.target.value = ''; }} />
          </label>
        </>
      )}
      {error && <span className="field-error" role="alert">{error}</span>}
    </div>
  );
}
