import { AppHeader } from '../layout/AppHeader';

export function NewBatchPage() {
  return (
    <div>
      <AppHeader title="New bulk replay" />
      <main />
    </div>
  );
}
