/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { ResultCard } from '../../../features/batches/ResultCard';
import type { BatchResultNode } from '../../../features/batches/ResultPage';

type Comparison = BatchResultNode['comparison'];
type Replay = BatchResultNode['replay'];

/** A result as the batchResults query returns it: the original on gpt-4o, replayed on sim-fast, the text unchanged unless overridden. */
function result({ replay = {}, comparison = {} }: { replay?: Partial<Replay>; comparison?: Partial<Comparison> } = {}): BatchResultNode {
  return {
    original: { id: 'req-1', provider: 'openai', model: 'gpt-4o', status: 'COMPLETED', output: 'It is cold.', latencyMs: 900, cost: 0.002, usage: { promptTokens: 20, completionTokens: 5 } },
    replay: {
      id: 'req-2',
      provider: 'simulator',
      model: 'sim-fast',
      status: 'COMPLETED',
      output: 'It is cold.',
      latencyMs: 780,
      cost: 0.0015,
      usage: { promptTokens: 20, completionTokens: 7 },
      error: null,
      judge: null,
      ...replay,
    },
    comparison: {
      sameText: true,
      textDiff: [{ op: 'EQUAL', text: 'It is cold.' }],
      toolCallsChanged: false,
      toolCallDifferences: [],
      json: null,
      deltas: { promptTokens: 0, completionTokens: 2, latencyMs: -120, cost: -0.0005 },
      ...comparison,
    },
  };
}

const renderCard = (node: BatchResultNode) =>
  render(
    <MemoryRouter>
      <ResultCard result={node} />
    </MemoryRouter>,
  );

describe('ResultCard', () => {
  it('heads the card with its outcome and both models, each a link to History (the arrow is not read out)', () => {
    renderCard(result());
    const card = screen.getByRole('article', { name: 'gpt-4o (the original) replayed with sim-fast (the replay)' });
    expect(within(card).getByText('Unchanged')).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'gpt-4o (the original)' }).getAttribute('href')).toBe('/history/req-1');
    expect(within(card).getByRole('link', { name: 'sim-fast (the replay)' }).getAttribute('href')).toBe('/history/req-2');
  });

  it('gives the deltas as replay minus original, signed', () => {
    renderCard(result());
    const deltas = screen.getByLabelText('Replay minus original');
    const pairs = Array.from(deltas.querySelectorAll('div'), (d) => `${d.querySelector('dt')?.textContent}: ${d.querySelector('dd')?.textContent}`);
    expect(pairs).toEqual(['Latency: −120 ms', 'Tokens in: ±0 tok', 'Tokens out: +2 tok', 'Cost: −$0.0005']);
  });

  it('shows a changed answer as its text diff, with the judge’s verdict', () => {
    renderCard(
      result({
        replay: { output: 'It is chilly.', judge: { score: 0.8, reason: 'Same meaning, other words.', model: 'sim-fast' } },
        comparison: {
          sameText: false,
          textDiff: [
            { op: 'EQUAL', text: 'It is ' },
            { op: 'DELETE', text: 'cold' },
            { op: 'INSERT', text: 'chilly' },
            { op: 'EQUAL', text: '.' },
          ],
        },
      }),
    );
    expect(screen.getByText('Changed')).toBeTruthy();
    expect(screen.getByText('Judge 0.80').parentElement?.textContent).toBe('Judge 0.80 Same meaning, other words.');
    expect(screen.getByRole('group', { name: 'Original text' }).textContent).toBe('It is [removed: cold].');
    expect(screen.getByRole('group', { name: 'Replay text' }).textContent).toBe('It is [added: chilly].');
  });

  it('shows tool-call and JSON field differences in their own named tables', () => {
    renderCard(
      result({
        comparison: {
          toolCallsChanged: true,
          toolCallDifferences: [{ path: '0.arguments.city', kind: 'CHANGED', original: '"Oslo"', replay: '"Bergen"' }],
          json: { valid: false, error: 'Unexpected token } at position 12', differences: [{ path: 'temperature', kind: 'REMOVED', original: '-3', replay: null }] },
        },
      }),
    );
    expect(screen.getByText('Changed')).toBeTruthy();
    const calls = within(screen.getByRole('region', { name: 'Tool call differences' })).getByRole('table', { name: 'Tool call differences' });
    expect(within(calls).getByRole('cell', { name: '0.arguments.city' })).toBeTruthy();
    const json = screen.getByRole('region', { name: 'JSON output' });
    expect(within(json).getByRole('heading', { level: 4 }).textContent).toBe('JSON output invalid');
    expect(within(json).getByText('Unexpected token } at position 12')).toBeTruthy();
    expect(within(json).getByRole('table', { name: 'JSON field differences' })).toBeTruthy();
  });

  it('says when the JSON output matches field for field', () => {
    renderCard(result({ comparison: { json: { valid: true, error: null, differences: [] } } }));
    expect(within(screen.getByRole('region', { name: 'JSON output' })).getByText('Every field as the original’s.')).toBeTruthy();
    expect(screen.getByText('Unchanged')).toBeTruthy();
  });

  it('shows a failed replay’s error in words, and no diff for the text it never wrote', () => {
    renderCard(
      result({
        replay: { status: 'FAILED', output: null, error: { kind: 'RATE_LIMITED', message: 'Too many requests', status: 429 } },
        comparison: { sameText: false, textDiff: [] },
      }),
    );
    expect(screen.getByText('Failed')).toBeTruthy();
    expect(screen.getByText('rate limited (HTTP 429): Too many requests')).toBeTruthy();
    expect(screen.getByText('No text: the replay failed.')).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Text diff' })).toBeNull();
  });

  it('calls a stopped replay cancelled', () => {
    renderCard(result({ replay: { status: 'CANCELLED', output: null }, comparison: { sameText: false, textDiff: [] } }));
    expect(screen.getByText('Cancelled')).toBeTruthy();
    expect(screen.getByText('Neither answered in text.')).toBeTruthy();
  });
});
