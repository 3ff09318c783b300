// What an email channel's set-up tells a person to do names the fields as the channel form shows
// them (their titles in connectors/email/config.ts), not as config keys.
import { describe, expect, it } from 'vitest';
import { emailConfigSchema } from '../../connectors/email/config';
import { emailNextSteps } from '../../connectors/email/setup';

const titleOf = (key: 'imapHost' | 'imapUser' | 'imapPassword') => (emailConfigSchema.shape[key].meta() as { title: string }).title;

describe('email next steps', () => {
  it('without IMAP: names the IMAP fields by their form titles, and no config key', () => {
    const [step] = emailNextSteps(emailConfigSchema.parse({ address: 'hola@aroma.test', smtpHost: 'smtp.aroma.test' }));
    for (const key of ['imapHost', 'imapUser', 'imapPassword'] as const) {
      expect(step.text).toContain(titleOf(key));
      expect(step.text).not.toContain(key);
    }
  });
});
