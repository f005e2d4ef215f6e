import { Field } from './Field'
import type { FormErrors, TlsFormState } from './connection-form-model'

// A local list: a runtime import of shared/connection would pull zod into the bundle (see ConnectionForm).
const MIN_VERSIONS = [
  { value: '', label: 'TLS 1.2 (default)' },
  { value: 'TLSv1.3', label: 'TLS 1.3 only' }
] as const

/**
 * TLS of a profile: the CA, a client certificate and key (with passphrase), the server name and the
 * minimum version. The server's certificate and name are checked unless the insecure box is ticked.
 */
export function TlsFields({
  tls,
  errors,
  id,
  hint,
  onChange
}: {
  tls: TlsFormState
  errors: FormErrors
  id: (name: string) => string
  /** Why secrets last this session only, when they do. */
  hint?: string
  onChange: (patch: Partial<TlsFormState>) => void
}) {
  const invalid = (field: keyof FormErrors) => ({
    'aria-invalid': errors[field] !== undefined,
    'aria-describedby': errors[field] !== undefined ? `${id(field)}-error` : undefined
  })
  const passphraseHint =
    `${tls.hasSavedKeyPassphrase ? 'passphrase saved — leave empty to keep it, or type a new one.' : ''} ${hint ?? ''}`.trim() ||
    undefined
  const path = (field: 'caFile' | 'certFile' | 'keyFile', error: keyof FormErrors, placeholder: string) => (
    <input
      id={id(error)}
      className="input mono"
      value={tls[field]}
      spellCheck={false}
      placeholder={placeholder}
      onChange={(e) => onChange({ [field]: e.target.value })}
      {...invalid(error)}
    />
  )
  return (
    <>
      <Field label="TLS" htmlFor={id('tls')}>
        <label className="check">
          <input
            id={id('tls')}
            type="checkbox"
            checked={tls.enabled}
            onChange={(e) => onChange({ enabled: e.target.checked })}
          />
          Use TLS
        </label>
      </Field>
      {tls.enabled && (
        <>
          <Field
            label="CA file"
            htmlFor={id('caFile')}
            error={errors.caFile}
            hint="Optional: the system's CAs otherwise."
          >
            {path('caFile', 'caFile', '/etc/ssl/certs/db-ca.pem')}
          </Field>
          <Field
            label="Client certificate"
            htmlFor={id('tlsCertFile')}
            error={errors.tlsCertFile}
            hint="Optional, for servers that require one (PEM)."
          >
            {path('certFile', 'tlsCertFile', '/home/me/.postgresql/postgresql.crt')}
          </Field>
          <Field label="Client key" htmlFor={id('tlsKeyFile')} error={errors.tlsKeyFile}>
            {path('keyFile', 'tlsKeyFile', '/home/me/.postgresql/postgresql.key')}
          </Field>
          {tls.keyFile.trim() !== '' && (
            <Field label="Client key passphrase" htmlFor={id('tlsKeyPassphrase')} hint={passphraseHint}>
              <input
                id={id('tlsKeyPassphrase')}
                className="input mono"
                type="password"
                autoComplete="new-password"
                value={tls.keyPassphrase}
                placeholder={tls.hasSavedKeyPassphrase ? 'passphrase saved' : 'only for an encrypted key'}
                onChange={(e) => onChange({ keyPassphrase: e.target.value })}
              />
            </Field>
          )}
          <Field
            label="Server name"
            htmlFor={id('tlsServerName')}
            error={errors.tlsServerName}
            hint="Optional: the name sent (SNI) and checked in the certificate, when not the host above."
          >
            <input
              id={id('tlsServerName')}
              className="input mono"
              value={tls.serverName}
              spellCheck={false}
              placeholder="db.internal.example.com"
              onChange={(e) => onChange({ serverName: e.target.value })}
              {...invalid('tlsServerName')}
            />
          </Field>
          <Field label="Minimum TLS version" htmlFor={id('tlsMinVersion')}>
            <select
              id={id('tlsMinVersion')}
              className="input"
              value={tls.minVersion}
              onChange={(e) => onChange({ minVersion: e.target.value === 'TLSv1.3' ? 'TLSv1.3' : '' })}
            >
              {MIN_VERSIONS.map((v) => (
                <option key={v.value} value={v.value}>
                  {v.label}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Verification"
            htmlFor={id('tlsInsecure')}
            hint={tls.insecure ? undefined : "Full: the server's certificate chain and its name are checked."}
          >
            <label className="check">
              <input
                id={id('tlsInsecure')}
                type="checkbox"
                checked={tls.insecure}
                onChange={(e) => onChange({ insecure: e.target.checked })}
              />
              INSECURE: do not check the server&apos;s certificate or name
            </label>
            {tls.insecure && (
              <div className="field-error" role="alert">
                Anyone between you and the server can read and change this traffic, passwords included.
              </div>
            )}
          </Field>
        </>
      )}
    </>
  )
}
