// Settings → Customer language: the account's default language for the words Parley adds to what
// customers read (reply hints, confirmations, dates), used when neither the contact nor the channel
// has one (PUT /api/v1/settings/automation { defaultLanguage }).
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { t } from '../i18n';
import { useUi } from '../ui/dialog';
import { LanguagePicker } from './LanguagePicker';

export function LanguageSettingsSection({ editable }: { editable: boolean }) {
  const ui = useUi();
  const [language, setLanguage] = useState<string | null>(null);
  useEffect(() => { api<{ defaultLanguage: string }>('/settings/automation').then((s) => setLanguage(s.defaultLanguage), () => {}); }, []);
  const save = (tag: string | null) =>
    api<{ defaultLanguage: string }>('/settings/automation', { method: 'PUT', json: { defaultLanguage: tag } }).then(
      (s) => { setLanguage(s.defaultLanguage); ui.toast(t('languageSettings.saved')); },
      (e) => ui.toast((e as Error).message, 'danger'));
  return (
    <section className="card" data-testid="language-settings">
      <div className="card-head">
        <div className="grow">
          <h2>{t('languageSettings.title')}</h2>
          <p className="help">{t('languageSettings.help')}</p>
        </div>
        {language !== null && (
          <div style={{ width: 240 }}>
            <LanguagePicker value={language} onChange={(tag) => void save(tag)} label={t('languageSettings.accountLabel')} disabled={!editable} testId="account-language" />
          </div>
        )}
      </div>
    </section>
  );
}
