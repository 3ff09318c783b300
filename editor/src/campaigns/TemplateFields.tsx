// The campaign dialog's template picker, for a channel that only delivers approved templates to
// customers who did not write lately (WhatsApp): the template, its header file when it was approved
// with an image, video or document, one input per body variable, and a live preview of the body.
// Same behaviour and wording as the inbox's TemplatePicker (editor/src/inbox/Composer.tsx).
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { t } from '../i18n';
import { TemplateHeaderFile } from '../ui/TemplateHeaderFile';
import { headerKindOf, previewBody } from '../ui/template-header';
import type { TemplateDraft } from './template-draft';
import type { ChannelSummary, ChannelTemplate } from './types';

export type ChannelTemplates =
  | { state: 'loading' }
  /** The channel has no templates (409 `templates_unsupported`): the message is free text. */
  | { state: 'none' }
  | { state: 'ready'; items: ChannelTemplate[] }
  | { state: 'error'; message: string };

/**
 * The channel's approved templates, read from its provider whenever the channel changes. Asked only
 * of a channel whose type sends templates once the reply window has closed (its manifest says so);
 * any other channel's message is free text.
 */
export function useChannelTemplates(channel: ChannelSummary | undefined): ChannelTemplates {
  const [found, setFound] = useState<ChannelTemplates>({ state: 'loading' });
  const id = channel?.id ?? '';
  const type = channel?.type ?? '';
  useEffect(() => {
    if (!id) { setFound({ state: 'none' }); return; }
    const ctl = new AbortController();
    setFound({ state: 'loading' });
    (async () => {
      const kind = await api<{ capabilities: { replyWindow?: { outsideWindow?: string } } }>(`/channel-types/${encodeURIComponent(type)}`, { signal: ctl.signal });
      if (kind.capabilities.replyWindow?.outsideWindow !== 'templates') return { state: 'none' } as const;
      const r = await api<{ items: ChannelTemplate[] }>(`/channels/${id}/templates`, { signal: ctl.signal });
      return { state: 'ready', items: r.items } as const;
    })().then(
      (next) => { if (!ctl.signal.aborted) setFound(next); },
      (err) => {
        if (ctl.signal.aborted) return;
        setFound(err instanceof ApiError && err.code === 'templates_unsupported' ? { state: 'none' } : { state: 'error', message: (err as Error).message });
      },
    );
    return () => ctl.abort();
  }, [id, type]);
  return found;
}

interface Props {
  channelId: string;
  templates: ChannelTemplate[];
  /** The list's variable columns (besides name and externalId). */
  listVariables: string[];
  value: TemplateDraft;
  onChange(next: TemplateDraft): void;
}

export function TemplateFields({ channelId, templates, listVariables, value, onChange }: Props) {
  const tpl = templates[value.index] ?? templates[0];
  const media = tpl ? headerKindOf(tpl) : undefined;

  const setVariable = (i: number, text: string) => {
    const variables = [...value.variables];
    variables[i] = text;
    onChange({ ...value, variables });
  };
  const names = ['name', 'externalId', ...listVariables].map((v) => `{{${v}}}`).join(', ');

  return (
    <>
      <div className="field"><label htmlFor="c-template">Template</label>
        <select id="c-template" className="select" value={value.index} onChange={(e) => onChange({ index: Number(e.target.value), variables: [], header: null })}>
          {templates.map((x, i) => <option key={`${x.name}-${x.language}`} value={i}>{x.name} ({x.language})</option>)}
        </select>
        <span className="help">This channel delivers only approved templates to customers who have not written in the last 24 hours, so a campaign sends one.</span>
      </div>
      {media && (
        <div className="field"><span className="field-label">{t(`inbox.templateHeader.${media.kind}`)}</span>
          <TemplateHeaderFile media={media} channelId={channelId} file={value.header} onChange={(header) => onChange({ ...value, header })} />
        </div>
      )}
      {tpl && tpl.bodyVariables > 0 && (
        <div className="field">
          <div className="row wrap" style={{ alignItems: 'flex-start' }}>
            {Array.from({ length: tpl.bodyVariables }, (_, i) => (
              <div key={`${tpl.name}-${i}`} className="field grow" style={{ marginBottom: 0, minWidth: 160 }}><label htmlFor={`c-var-${i + 1}`}>Variable {i + 1}</label>
                <input id={`c-var-${i + 1}`} className="input" value={value.variables[i] ?? ''} placeholder={i === 0 ? '{{name}}' : undefined} onChange={(e) => setVariable(i, e.target.value)} />
              </div>
            ))}
          </div>
          <span className="help">Filled in for each recipient: type fixed text, or use the list's variables {names}.</span>
        </div>
      )}
      {tpl?.bodyText && (
        <div className="field"><span className="field-label">Preview</span>
          {/* Shaped like the message the customer gets: a bubble, the header image on top. */}
          <div data-testid="template-preview" style={{ maxWidth: 360, border: '1px solid var(--border)', borderRadius: 'var(--radius)', background: 'var(--surface-2)', padding: 8, fontSize: 13, whiteSpace: 'pre-wrap' }}>
            {media?.kind === 'image' && value.header && <img src={value.header.url} alt={value.header.name} style={{ display: 'block', width: '100%', maxHeight: 180, objectFit: 'cover', borderRadius: 6, marginBottom: 8 }} />}
            {media && media.kind !== 'image' && value.header && <div className="muted small" style={{ margin: '0 4px 6px' }}>{value.header.name}</div>}
            <div style={{ padding: '0 4px 2px' }}>{previewBody(tpl.bodyText, value.variables)}</div>
          </div>
        </div>
      )}
    </>
  );
}
