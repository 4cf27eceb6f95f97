import { AppHeader } from '../layout/AppHeader';

export function SettingsPage() {
  return (
    <div>
      <AppHeader title="Settings" />
      <main />
    </div>
  );
}
