import type { SettingsApiKeysQuery } from '../../../gql/graphql';
import { formatFull, formatWhen, isKeyOfSession } from '../format';

export type ApiKey = SettingsApiKeysQuery['apiKeys'][number];

interface ApiKeyTableProps {
  keys: readonly ApiKey[];
  /** The key this page is signed in with, to mark its row. */
  sessionKey: string | null;
  onRevoke: (key: ApiKey) => void;
}

/** The workspace's keys, newest first, the revoked ones kept (and said so) so that a refused app can be traced to its key. */
export function ApiKeyTable({ keys, sessionKey, onRevoke }: ApiKeyTableProps) {
  if (keys.length === 0) return <p className="settings-empty">No API keys yet. Create one above.</p>;
  return (
    <div className="settings-table__scroll">
      <table className="settings-table settings-keys__table" aria-label="API keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const own = isKeyOfSession(key, sessionKey);
            return (
              <tr key={key.id} data-key-id={key.id} className={key.revokedAt ? 'settings-keys__revoked' : undefined}>
                <th scope="row">
                  {key.name}
                  {own && <span className="settings-badge">This page</span>}
                </th>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td title={formatFull(key.createdAt)}>{formatWhen(key.createdAt)}</td>
                <td title={key.lastUsedAt ? formatFull(key.lastUsedAt) : undefined}>{formatWhen(key.lastUsedAt)}</td>
                <td>
                  {key.revokedAt ? (
                    <span title={formatFull(key.revokedAt)}>Revoked {formatWhen(key.revokedAt, { inSentence: true })}</span>
                  ) : (
                    <span className="settings-status-ok">Active</span>
                  )}
                </td>
                <td className="settings-table__actions">
                  {!key.revokedAt && (
                    <button type="button" className="settings-link-button settings-link-button--danger" aria-label={`Revoke ${key.name}`} onClick={() => onRevoke(key)}>
                      Revoke…
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
