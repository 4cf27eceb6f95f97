interface FieldDifference {
  path: string;
  kind: 'ADDED' | 'REMOVED' | 'CHANGED';
  original?: string | null;
  replay?: string | null;
}

const KIND_WORDS: Record<FieldDifference['kind'], string> = { ADDED: 'added', REMOVED: 'removed', CHANGED: 'changed' };

/** A side's JSON value as the API wrote it; a side without the field says so. */
function Value({ json, missing }: { json: string | null | undefined; missing: string }) {
  return json == null ? <span className="batch-hint">{missing}</span> : <code>{json}</code>;
}

/** Tool calls or JSON output compared field by field: each path that differs, with both values. */
export function FieldDiffTable({ label, differences }: { label: string; differences: readonly FieldDifference[] }) {
  return (
    <div className="batch-fields__scroll">
      <table className="batch-fields" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Change</th>
            <th scope="col">Original</th>
            <th scope="col">Replay</th>
          </tr>
        </thead>
        <tbody>
          {differences.map((d) => (
            <tr key={`${d.path}:${d.kind}`} className={`batch-fields__row batch-fields__row--${d.kind.toLowerCase()}`}>
              <td>
                <code>{d.path}</code>
              </td>
              <td>{KIND_WORDS[d.kind]}</td>
              <td className="batch-fields__original">
                {d.kind === 'ADDED' ? <span className="batch-hint">absent</span> : <del><Value json={d.original} missing="absent" /></del>}
              </td>
              <td className="batch-fields__replay">
                {d.kind === 'REMOVED' ? <span className="batch-hint">absent</span> : <ins><Value json={d.replay} missing="absent" /></ins>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
