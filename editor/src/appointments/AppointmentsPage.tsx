// Appointments (issue #7).
export function AppointmentsPage() {
  return (
    <div className="page">
      <div className="page-header"><h1>Appointments</h1></div>
    </div>
  );
}
