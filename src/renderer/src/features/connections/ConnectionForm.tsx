import { useId, useState } from 'react'
import type { ConnectionProfile, EngineKind, Environment } from '../../../../shared/connection'
import { ENGINES, ENVIRONMENTS } from '../../../../shared/engines'
import { ConfirmButton } from '../../components/ConfirmButton'
import { ENGINE_LABEL } from '../../components/EngineBadge'
import { EnvironmentChip } from '../../components/EnvironmentChip'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { useAppInfo, useRemoveConnection, useSaveConnection, useTestConnection } from '../../api/queries'
import { useNavigation } from '../navigation/NavigationProvider'
import { redactSecret } from './connection-url'
import {
  DEFAULT_PORT,
  emptyForm,
  fieldsFromUrl,
  fromProfile,
  toSaveInput,
  typedSecret,
  urlFromFields,
  validate,
  type FormErrors,
  type FormState
} from './connection-form-model'
import { Field } from './Field'
import { TestResult } from './TestResult'
import { HostKeyTrust } from './HostKeyTrust'
import { SshFields } from './SshFields'
import { TlsFields } from './TlsFields'

// Local lists: a runtime import of shared/connection would pull zod into the bundle, and zod 4 probes
// `new Function` at start-up, which the CSP (rightly) reports as a violation.

/** Add or edit a connection profile. The saved password is never shown back; the form says "password saved". */
export function ConnectionForm({
  profile,
  justSaved = false
}: {
  profile?: ConnectionProfile
  justSaved?: boolean
}) {
  const { go } = useNavigation()
  const [state, setState] = useState<FormState>(() => (profile ? fromProfile(profile) : emptyForm()))
  const [errors, setErrors] = useState<FormErrors>({})
  const [showErrors, setShowErrors] = useState(false)
  const save = useSaveConnection()
  // Told here, where the password is typed: without a keyring it will not survive a restart.
  const secrets = useAppInfo().data?.secrets
  const sessionOnlyReason = secrets?.persistent === false ? secrets.reason : undefined
  const test = useTestConnection()
  const remove = useRemoveConnection()
  const uid = useId()
  const id = (name: string) => `${uid}-${name}`

  const update = (patch: Partial<FormState>) => {
    const next = { ...state, ...patch }
    setState(next)
    if (showErrors) setErrors(validate(next))
    if (!test.isIdle) test.reset()
  }

  const setEngine = (engine: EngineKind) =>
    update({
      engine,
      port:
        state.port === DEFAULT_PORT[state.engine] || state.port === '' ? DEFAULT_PORT[engine] : state.port,
      url: ''
    })

  const setMode = (mode: FormState['mode']) => {
    if (mode === state.mode) return
    if (mode === 'url') update({ mode, url: urlFromFields(state) })
    else update({ ...fieldsFromUrl(state, state.url), mode })
  }

  const check = (): boolean => {
    const found = validate(state)
    setErrors(found)
    setShowErrors(true)
    return Object.keys(found).length === 0
  }

  const onTest = () => {
    if (check()) test.mutate(toSaveInput(state))
  }

  const onSave = async () => {
    if (!check()) return
    try {
      const { id: savedId } = await save.mutateAsync(toSaveInput(state))
      go({ kind: 'edit-connection', id: savedId, justSaved: true })
    } catch {
      // shown from save.error
    }
  }

  const secret = typedSecret(state)
  const editing = state.id !== null
  const invalid = (field: keyof FormErrors) => ({
    'aria-invalid': errors[field] !== undefined,
    'aria-describedby': errors[field] !== undefined ? `${id(field)}-error` : undefined
  })
  const savedHint = state.hasSavedPassword
    ? 'password saved — leave empty to keep it, or type a new one.'
    : ''
  const passwordHint = `${savedHint} ${sessionOnlyReason ?? ''}`.trim() || undefined

  return (
    <form
      className="form"
      aria-label={editing ? 'Edit connection' : 'New connection'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void onSave()
      }}
    >
      <div className="section-head">
        <h1 className="truncate" title={editing ? state.name : undefined}>
          {editing ? `Edit ${profile?.name ?? state.name}` : 'New connection'}
        </h1>
        <EnvironmentChip environment={state.environment} />
      </div>
      {justSaved && (
        <div className="success section inline" role="status">
          <span>Saved.</span>
          {state.id !== null && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => state.id !== null && go({ kind: 'connection', id: state.id, tab: 'overview' })}
            >
              Open overview
            </button>
          )}
        </div>
      )}
      <div className="form-grid">
        <Field label="Engine" htmlFor={id('engine')}>
          <select
            id={id('engine')}
            className="input"
            value={state.engine}
            disabled={editing}
            onChange={(e) => setEngine(e.target.value as EngineKind)}
          >
            {ENGINES.map((e) => (
              <option key={e} value={e}>
                {ENGINE_LABEL[e]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Name" htmlFor={id('name')} error={errors.name}>
          <input
            id={id('name')}
            className="input"
            value={state.name}
            maxLength={120}
            onChange={(e) => update({ name: e.target.value })}
            placeholder="orders-primary"
            {...invalid('name')}
          />
        </Field>
        <Field
          label="Environment"
          htmlFor={id('environment')}
          hint="Production connections are marked red everywhere they appear."
        >
          <select
            id={id('environment')}
            className="input"
            value={state.environment}
            onChange={(e) => update({ environment: e.target.value as Environment })}
          >
            {ENVIRONMENTS.map((env) => (
              <option key={env} value={env}>
                {env}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Connect with" htmlFor={id('mode')}>
          <div className="segmented" id={id('mode')} role="group" aria-label="Connect with">
            <button type="button" aria-pressed={state.mode === 'fields'} onClick={() => setMode('fields')}>
              Fields
            </button>
            <button type="button" aria-pressed={state.mode === 'url'} onClick={() => setMode('url')}>
              URL
            </button>
          </div>
        </Field>

        {state.mode === 'url' ? (
          <Field
            label="URL"
            htmlFor={id('url')}
            error={errors.url}
            hint="A password in the URL goes to the secret store and never comes back."
          >
            <input
              id={id('url')}
              className="input mono"
              value={state.url}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => update({ url: e.target.value })}
              placeholder={`${state.engine === 'mongo' ? 'mongodb' : state.engine}://user@host:${DEFAULT_PORT[state.engine]}${state.engine === 'redis' ? '' : '/db'}`}
              {...invalid('url')}
            />
          </Field>
        ) : (
          <>
            <Field
              label={state.engine === 'mongo' ? 'Host(s)' : 'Host'}
              htmlFor={id('host')}
              error={errors.host}
              hint={state.engine === 'mongo' ? 'host or host1:port,host2:port' : undefined}
            >
              <input
                id={id('host')}
                className="input mono"
                value={state.host}
                spellCheck={false}
                onChange={(e) => update({ host: e.target.value })}
                {...invalid('host')}
              />
            </Field>
            <Field label="Port" htmlFor={id('port')} error={errors.port}>
              <input
                id={id('port')}
                className="input mono"
                inputMode="numeric"
                value={state.port}
                onChange={(e) => update({ port: e.target.value })}
                style={{ maxWidth: 120 }}
                {...invalid('port')}
              />
            </Field>
            <Field label="User" htmlFor={id('user')}>
              <input
                id={id('user')}
                className="input mono"
                value={state.user}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => update({ user: e.target.value })}
              />
            </Field>
          </>
        )}
        <Field label="Password" htmlFor={id('password')} hint={passwordHint}>
          <input
            id={id('password')}
            className="input mono"
            type="password"
            autoComplete="new-password"
            value={state.password}
            placeholder={state.hasSavedPassword ? 'password saved' : ''}
            onChange={(e) => update({ password: e.target.value })}
          />
        </Field>
        {state.mode === 'fields' && (
          <Field label={state.engine === 'redis' ? 'DB index' : 'Database'} htmlFor={id('database')}>
            <input
              id={id('database')}
              className="input mono"
              value={state.database}
              spellCheck={false}
              onChange={(e) => update({ database: e.target.value })}
            />
          </Field>
        )}
        {state.mode === 'fields' && state.engine === 'redis' && (
          <Field
            label="Cluster"
            htmlFor={id('cluster')}
            hint="Adds ?cluster=true: every node of the cluster is probed."
          >
            <label className="check">
              <input
                id={id('cluster')}
                type="checkbox"
                checked={state.cluster}
                onChange={(e) => update({ cluster: e.target.checked })}
              />
              Redis Cluster
            </label>
          </Field>
        )}
        {state.mode === 'fields' && state.engine === 'postgres' && (
          <Field label="PgBouncer admin" htmlFor={id('pgbouncer')}>
            <input
              id={id('pgbouncer')}
              className="input mono"
              value={state.pgbouncer}
              spellCheck={false}
              onChange={(e) => update({ pgbouncer: e.target.value })}
              placeholder="host:6432 (optional; same user, database pgbouncer)"
            />
          </Field>
        )}
        {state.mode === 'fields' && state.engine === 'mongo' && (
          <Field label="Replica set" htmlFor={id('replicaSet')}>
            <input
              id={id('replicaSet')}
              className="input mono"
              value={state.replicaSet}
              spellCheck={false}
              onChange={(e) => update({ replicaSet: e.target.value })}
              placeholder="rs0"
            />
          </Field>
        )}
        <TlsFields
          tls={state.tls}
          errors={errors}
          id={id}
          hint={sessionOnlyReason}
          onChange={(patch) => update({ tls: { ...state.tls, ...patch } })}
        />
        <SshFields
          ssh={state.ssh}
          errors={errors}
          id={id}
          hint={sessionOnlyReason}
          onChange={(patch) => update({ ssh: { ...state.ssh, ...patch } })}
        />
        <Field label="Writes" htmlFor={id('allowWrites')}>
          <label className="check">
            <input
              id={id('allowWrites')}
              type="checkbox"
              checked={state.allowWrites}
              onChange={(e) => update({ allowWrites: e.target.checked })}
            />
            Allow guarded actions (cancel, terminate, vacuum, drop index…)
          </label>
        </Field>
        {state.allowWrites && (
          <div className="form-row-wide notice" role="note">
            This profile will be allowed to change the server. Every such action still needs a typed
            confirmation
            {state.environment === 'production' ? ', and this is a PRODUCTION connection.' : '.'}
          </div>
        )}
      </div>

      <div className="form-actions">
        <button type="button" className="btn" onClick={onTest} disabled={test.isPending}>
          Test
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save
        </button>
        <Progress active={test.isPending || save.isPending} label={test.isPending ? 'Testing…' : 'Saving…'} />
        <span className="spacer" />
        {editing && (
          <ConfirmButton
            label="Remove"
            confirmLabel="Remove this connection"
            disabled={remove.isPending}
            onConfirm={() =>
              state.id !== null && remove.mutate({ id: state.id }, { onSuccess: () => go({ kind: 'home' }) })
            }
          />
        )}
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() =>
            go(
              editing && state.id !== null
                ? { kind: 'connection', id: state.id, tab: 'overview' }
                : { kind: 'home' }
            )
          }
        >
          Cancel
        </button>
      </div>
      <div className="section" style={{ marginTop: 12 }}>
        {(test.isSuccess || test.isError) && (
          <TestResult server={test.data} error={test.error} secret={secret} />
        )}
        {state.ssh.enabled &&
          (test.error?.code === 'HOST_KEY_UNKNOWN' || test.error?.code === 'HOST_KEY_CHANGED') && (
            <HostKeyTrust host={state.ssh.host.trim()} port={Number(state.ssh.port)} onTrusted={onTest} />
          )}
        {save.error !== null && (
          <ErrorMessage
            error={{ code: save.error.code, message: redactSecret(save.error.message, secret) }}
            prefix="Not saved"
          />
        )}
        {remove.error !== null && <ErrorMessage error={remove.error} prefix="Not removed" />}
      </div>
    </form>
  )
}
