/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen } from '@testing-library/react';
import type { Counts } from '../../../features/batches/progress';
import { ProgressBar } from '../../../features/batches/ProgressBar';

const counts = (c: Partial<Counts>): Counts => ({ total: 0, queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0, skipped: 0, ...c });

/** The coloured parts from the left, as "state width". */
const parts = (bar: HTMLElement) => Array.from(bar.querySelectorAll<HTMLElement>('.batch-bar__part'), (p) => `${p.className.replace(/^.*--/, '')} ${p.style.width}`);

const bar = () => screen.getByRole('progressbar', { name: 'Replays ended' });

describe('ProgressBar', () => {
  it('is a progressbar named by its label, valued by the replays ended, with every state in words', () => {
    render(<ProgressBar label="Replays ended" counts={counts({ total: 40, completed: 10, failed: 2, cancelled: 1, skipped: 3, running: 4, queued: 20 })} />);
    expect(bar().getAttribute('aria-valuemin')).toBe('0');
    expect(bar().getAttribute('aria-valuemax')).toBe('40');
    expect(bar().getAttribute('aria-valuenow')).toBe('16');
    expect(bar().getAttribute('aria-valuetext')).toBe('16 of 40 ended: 10 done, 2 failed, 1 cancelled, 3 skipped (budget), 4 running, 20 queued');
  });

  it('stacks the ended states from the left, then running; what is queued is the bare track', () => {
    render(<ProgressBar label="Replays ended" counts={counts({ total: 40, completed: 10, failed: 2, skipped: 4, running: 4, queued: 20 })} />);
    // Cancelled has none, so it has no part at all (not a zero-width one).
    expect(parts(bar())).toEqual(['completed 25%', 'failed 5%', 'skipped 10%', 'running 10%']);
  });

  it('with nothing counted yet, is an empty bar at 0 of 0', () => {
    render(<ProgressBar label="Replays ended" counts={counts({})} />);
    expect(bar().getAttribute('aria-valuenow')).toBe('0');
    // A maximum of 0 is not a valid range: the bar stays 0 of 1 until the total is known.
    expect(bar().getAttribute('aria-valuemax')).toBe('1');
    expect(bar().getAttribute('aria-valuetext')).toBe('0 of 0 ended');
    expect(parts(bar())).toEqual([]);
  });

  it('when all are done, is full', () => {
    render(<ProgressBar label="Replays ended" counts={counts({ total: 25, completed: 25 })} />);
    expect(bar().getAttribute('aria-valuenow')).toBe('25');
    expect(bar().getAttribute('aria-valuemax')).toBe('25');
    expect(bar().getAttribute('aria-valuetext')).toBe('25 of 25 ended: 25 done');
    expect(parts(bar())).toEqual(['completed 100%']);
  });

  it('while all are queued, has no parts and says so', () => {
    render(<ProgressBar label="Replays ended" counts={counts({ total: 8, queued: 8 })} compact />);
    expect(bar().getAttribute('aria-valuetext')).toBe('0 of 8 ended: 8 queued');
    expect(parts(bar())).toEqual([]);
    expect(bar().classList.contains('batch-bar--compact')).toBe(true);
  });
});
