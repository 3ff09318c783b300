// The card the sign-in page and its neighbours (forgot password, reset, accept an invitation) share.
import type { ReactNode } from 'react';
import { Icon } from '../ui/icons';

export function SignInCard({ title, lead, children, onSubmit }: { title: string; lead: ReactNode; children: ReactNode; onSubmit?: () => void }) {
  return (
    <div className="signin">
      <form className="signin-card" onSubmit={(e) => { e.preventDefault(); onSubmit?.(); }} noValidate>
        <div className="brand"><span className="brand-mark"><Icon name="message" size={14} /></span>Parley</div>
        <h1>{title}</h1>
        <p className="lead">{lead}</p>
        {children}
      </form>
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  return message ? <div className="banner danger" role="alert" style={{ marginBottom: 16 }}><Icon name="alert" />{message}</div> : null;
}

/** The token in a mailed link (?token=…). */
export const tokenFromLink = () => new URLSearchParams(location.search).get('token') ?? '';
