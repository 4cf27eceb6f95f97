import { AppHeader } from '../layout/AppHeader';

export function BatchPage() {
  return (
    <div>
      <AppHeader title="Bulk replay" />
      <main />
    </div>
  );
}
