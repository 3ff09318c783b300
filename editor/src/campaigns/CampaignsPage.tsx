// Campaigns (issue #7): proactive outreach to contact lists. Two tabs: the campaigns with their live
// progress, and the contact lists with their CSV upload and validation reports.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { useSession } from '../shell/session';
import { CampaignsPanel } from './CampaignsPanel';
import { ListsPanel } from './ListsPanel';
import type { ChannelSummary, ContactList } from './types';

export function CampaignsPage() {
  const { me } = useSession();
  const editable = me?.role === 'admin' || me?.role === 'supervisor';
  const [tab, setTab] = useState<'campaigns' | 'lists'>('campaigns');
  // null until first read: the campaigns are shown with their channel and list names, never raw ids.
  const [lists, setLists] = useState<ContactList[] | null>(null);
  const [channels, setChannels] = useState<ChannelSummary[] | null>(null);

  const loadShared = useCallback(() => {
    api<{ items: ContactList[] }>('/contact-lists?limit=100').then((r) => setLists(r.items), () => setLists((l) => l ?? []));
    api<{ items: ChannelSummary[] }>('/channels?limit=100').then((r) => setChannels(r.items.filter((c) => c.enabled)), () => setChannels((c) => c ?? []));
  }, []);
  useEffect(() => { loadShared(); }, [loadShared, tab]);

  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <h1>Campaigns</h1>
          <p>Proactive messages to a contact list: paced, inside a sending window, each contact at most once.</p>
        </div>
      </div>
      <div className="tabs" role="tablist">
        <button className={`tab${tab === 'campaigns' ? ' on' : ''}`} role="tab" aria-selected={tab === 'campaigns'} onClick={() => setTab('campaigns')}>Campaigns</button>
        <button className={`tab${tab === 'lists' ? ' on' : ''}`} role="tab" aria-selected={tab === 'lists'} onClick={() => setTab('lists')}>Contact lists</button>
      </div>
      {tab === 'campaigns'
        ? <CampaignsPanel editable={editable} lists={lists} channels={channels} />
        : <ListsPanel editable={editable} onChanged={loadShared} />}
    </div>
  );
}
