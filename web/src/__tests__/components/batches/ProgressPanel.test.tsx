/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import type { Counts, ProgressSnapshot } from '../../../features/batches/progress';
import { ProgressPanel } from '../../../features/batches/ProgressPanel';

const counts = (c: Partial<Counts>): Counts => ({ total: 0, queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0, skipped: 0, ...c });

const RUNNING: ProgressSnapshot = {
  status: 'RUNNING',
  counts: counts({ total: 30, completed: 10, failed: 2, running: 3, queued: 15 }),
  costUsd: 0.12,
  ratePerSecond: 2,
  etaSeconds: 9,
  at: Date.parse('2026-03-01T10:00:30Z'),
  version: 12,
};

function renderPanel(props: Partial<ComponentProps<typeof ProgressPanel>> = {}) {
  return render(
    <ProgressPanel snapshot={RUNNING} samples={[]} budgetUsd={null} startedAt="2026-03-01T10:00:00Z" endedAt={null} message={null} liveError={null} {...props}>
      <button type="button">Pause</button>
    </ProgressPanel>,
  );
}

/** The value of a figure, found by its term: "Rate" → "2.0 / s". */
const figure = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;
const legend = () => within(screen.getByRole('list', { name: 'Replays by state' })).getAllByRole('listitem').map((li) => li.textContent);

describe('ProgressPanel', () => {
  it('shows a running batch: status, bar, counts by state, rate, time left and its controls', () => {
    renderPanel();
    const panel = screen.getByRole('region', { name: 'Progress' });
    expect(within(panel).getByText('running')).toBeTruthy();
    expect(within(panel).getByRole('progressbar', { name: 'Replays ended' }).getAttribute('aria-valuetext')).toBe('12 of 30 ended: 10 done, 2 failed, 3 running, 15 queued');
    expect(within(panel).getByText('40%')).toBeTruthy();
    expect(legend()).toEqual(['Done 10', 'Failed 2', 'Cancelled 0', 'Skipped (budget) 0', 'Running 3', 'Queued 15', 'Total 30']);
    expect(figure('Rate')).toBe('2.0 / s');
    expect(figure('Time left')).toBe('about 9 s');
    expect(figure('Cost so far')).toBe('$0.12');
    expect(within(panel).getByRole('button', { name: 'Pause' })).toBeTruthy();
  });

  it('shows the spend against a budget as a meter', () => {
    renderPanel({ budgetUsd: 0.5 });
    expect(figure('Cost so far')).toBe('$0.12 of $0.50 budget');
    const meter = screen.getByRole('meter', { name: 'Budget spent' });
    expect(meter.getAttribute('aria-valuenow')).toBe('24');
    expect(meter.getAttribute('aria-valuemax')).toBe('100');
  });

  it('works out the rate from the updates seen when the server gives none', () => {
    const at = RUNNING.at;
    const earlier = { ...RUNNING, counts: counts({ total: 30, completed: 2, running: 3, queued: 25 }), at: at - 20_000 };
    const now = { ...RUNNING, ratePerSecond: null, etaSeconds: null };
    renderPanel({ snapshot: now, samples: [earlier, now] });
    // 10 more ended over 20 seconds: 0.5 a second, 18 left at that pace.
    expect(figure('Rate')).toBe('30 / min');
    expect(figure('Time left')).toBe('about 36 s');
  });

  it('on the first paint, before any rate, says it is working the time out', () => {
    renderPanel({ snapshot: { ...RUNNING, ratePerSecond: null, etaSeconds: null } });
    expect(figure('Rate')).toBe('—');
    expect(figure('Time left')).toBe('working it out…');
  });

  it('with nothing counted yet, is at 0%', () => {
    renderPanel({ snapshot: { ...RUNNING, status: 'QUEUEING', counts: counts({}), costUsd: 0, ratePerSecond: null, etaSeconds: null } });
    expect(screen.getByText('queueing')).toBeTruthy();
    expect(screen.getByText('0%')).toBeTruthy();
    expect(legend().at(-1)).toBe('Total 0');
    expect(screen.getByRole('progressbar', { name: 'Replays ended' }).getAttribute('aria-valuetext')).toBe('0 of 0 ended');
  });

  it('says paused rather than a time while paused', () => {
    renderPanel({ snapshot: { ...RUNNING, status: 'PAUSED' } });
    expect(screen.getByText('paused', { selector: '[data-testid="batch-status"]' })).toBeTruthy();
    expect(figure('Time left')).toBe('paused');
  });

  it('when all are done, is at 100% and says how long it took', () => {
    renderPanel({
      snapshot: { ...RUNNING, status: 'COMPLETED', counts: counts({ total: 30, completed: 30 }), ratePerSecond: null, etaSeconds: null },
      endedAt: '2026-03-01T10:03:20Z',
      message: 'All replays ended',
    });
    expect(screen.getByText('completed')).toBeTruthy();
    expect(screen.getByText('100%')).toBeTruthy();
    expect(figure('Rate')).toBe('—');
    expect(figure('Time left')).toBe('ended after 3 min 20 s');
    // The runner's closing words are for batches that stopped short.
    expect(screen.queryByText('All replays ended')).toBeNull();
  });

  it('says why a batch stopped short, and when live progress was lost', () => {
    renderPanel({
      snapshot: { ...RUNNING, status: 'BUDGET_EXCEEDED', counts: counts({ total: 30, completed: 20, skipped: 10 }) },
      budgetUsd: 0.12,
      message: 'The budget of $0.12 was reached; 10 replays were skipped.',
      liveError: 'the connection closed',
    });
    expect(screen.getByText('out of budget')).toBeTruthy();
    expect(screen.getByText('The budget of $0.12 was reached; 10 replays were skipped.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Live progress stopped: the connection closed');
    expect(screen.getByRole('meter', { name: 'Budget spent' }).getAttribute('aria-valuenow')).toBe('100');
  });
});
