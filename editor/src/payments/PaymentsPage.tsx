// Payments (issue #7).
export function PaymentsPage() {
  return (
    <div className="page">
      <div className="page-header"><h1>Payments</h1></div>
    </div>
  );
}
