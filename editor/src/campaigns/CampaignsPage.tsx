// Campaigns (issue #7).
export function CampaignsPage() {
  return (
    <div className="page">
      <div className="page-header"><h1>Campaigns</h1></div>
    </div>
  );
}
