import { AppHeader } from '../layout/AppHeader';

export function BatchListPage() {
  return (
    <div>
      <AppHeader title="Bulk replays" />
      <main />
    </div>
  );
}
