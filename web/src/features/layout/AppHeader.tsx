import { Link, NavLink, useMatch } from 'react-router';
import { SessionControls } from '../auth/SessionControls';
import { ThemeSwitch } from '../theme/ThemeSwitch';
import './layout.css';

/** The bar across the top of every page: brand, the pages, the page's title and the account corner. */
export function AppHeader({ title }: { title: string }) {
  // The playground has two URLs: a fresh one, and a run reopened in it.
  const fresh = useMatch('/');
  const reopened = useMatch('/runs/:runId');
  const onPlayground = fresh !== null || reopened !== null;
  return (
    <header className="app-header">
      <span className="app-header__brand">Reprise</span>
      <nav className="app-nav" aria-label="Main">
        <Link to="/" className="app-nav__link" aria-current={onPlayground ? 'page' : undefined}>
          Playground
        </Link>
        <NavLink to="/history" className="app-nav__link">
          History
        </NavLink>
        <NavLink to="/batches" className="app-nav__link">
          Bulk replays
        </NavLink>
        <NavLink to="/settings" className="app-nav__link">
          Settings
        </NavLink>
      </nav>
      <h1>{title}</h1>
      <SessionControls />
      <ThemeSwitch />
    </header>
  );
}
