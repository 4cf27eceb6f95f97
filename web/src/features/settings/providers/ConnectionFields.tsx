import type { ReactNode } from 'react';
import { Field } from '../Field';
import { HeadersEditor } from './HeadersEditor';
import { KIND_FORMS } from './provider-kinds';
import type { FieldErrors, ProviderDraft } from './provider-form';

interface ConnectionFieldsProps {
  draft: ProviderDraft;
  onChange: (draft: ProviderDraft) => void;
  errors: FieldErrors;
  /** Editing a stored provider: its key's last four characters (null without a key) and its header names. */
  stored?: { apiKeyLast4: string | null | undefined; headers: string[] };
  /** Fields of the form's own, shown after the connection's and before the headers and limits. */
  children?: ReactNode;
}

/** The fields the draft's kind needs (and no other), the extra headers and the limits. */
export function ConnectionFields({ draft, onChange, errors, stored, children }: ConnectionFieldsProps) {
  const kind = KIND_FORMS[draft.kind];
  const set = (field: keyof ProviderDraft) => (value: string) => onChange({ ...draft, [field]: value });
  const shown = (field: keyof typeof kind.needs) => kind.needs[field] !== 'hidden';
  const optional = (field: keyof typeof kind.needs) => kind.needs[field] === 'optional';

  const keyHelp = stored
    ? stored.apiKeyLast4 == null
      ? 'No key stored: calls are sent without one. Type a key to add it; it is stored encrypted.'
      : 'Leave empty to keep the current key, or type a new one to replace it. Only its last four characters are ever shown.'
    : kind.apiKeyHelp;

  return (
    <>
      <div className="settings-grid">
        <Field label="Name" name="name" value={draft.name} onChange={set('name')} error={errors.name} placeholder={`e.g. ${kind.label} production`} help="How the model picker lists it." />
        {shown('baseURL') && (
          <Field
            label={kind.baseURLLabel}
            name="baseURL"
            value={draft.baseURL}
            onChange={set('baseURL')}
            error={errors.baseURL}
            optional={optional('baseURL')}
            placeholder={kind.baseURLPlaceholder}
            help={kind.baseURLHelp}
            inputMode="url"
            code
          />
        )}
        {shown('apiVersion') && (
          <Field label="API version" name="apiVersion" value={draft.apiVersion} onChange={set('apiVersion')} error={errors.apiVersion} placeholder="2024-10-21" help="The api-version every call sends." code />
        )}
        <Field
          label="API key"
          name="apiKey"
          value={draft.apiKey}
          onChange={set('apiKey')}
          error={errors.apiKey}
          // Editing, an empty key is not missing: it keeps the stored one.
          optional={stored ? true : optional('apiKey')}
          placeholder={stored?.apiKeyLast4 ? `•••• ${stored.apiKeyLast4}` : stored?.apiKeyLast4 === '' ? '•••• (a short key)' : ''}
          help={keyHelp}
          secret
          code
        />
        {shown('organization') && (
          <Field label="Organization" name="organization" value={draft.organization} onChange={set('organization')} error={errors.organization} optional placeholder="org-…" help="Sent as OpenAI-Organization." code />
        )}
        {shown('project') && (
          <Field label="Project" name="project" value={draft.project} onChange={set('project')} error={errors.project} optional placeholder="proj_…" help="Sent as OpenAI-Project." code />
        )}
      </div>
      {children}

      <HeadersEditor draft={draft} onChange={onChange} errors={errors} storedNames={stored?.headers ?? []} />

      <fieldset className="settings-fieldset">
        <legend>Limits</legend>
        <p className="settings-fieldset__help">Shared by every worker, so runs and bulk replays wait their turn instead of being refused. Empty: no limit.</p>
        <div className="settings-grid settings-grid--narrow">
          <Field label="Requests per minute" name="limits.rpm" value={draft.rpm} onChange={set('rpm')} error={errors['limits.rpm']} optional inputMode="numeric" placeholder="no limit" />
          <Field
            label="Requests at once"
            name="limits.concurrency"
            value={draft.concurrency}
            onChange={set('concurrency')}
            error={errors['limits.concurrency']}
            optional
            inputMode="numeric"
            placeholder="no limit"
          />
        </div>
      </fieldset>
    </>
  );
}
