import { Field } from './Field'
import type { FormErrors, SshFormState } from './connection-form-model'

/** The SSH bastion of a profile: host, port, user, and a key file (with passphrase) or an agent socket. */
export function SshFields({
  ssh,
  errors,
  id,
  hint,
  onChange
}: {
  ssh: SshFormState
  errors: FormErrors
  id: (name: string) => string
  /** Why secrets last this session only, when they do. */
  hint?: string
  onChange: (patch: Partial<SshFormState>) => void
}) {
  const invalid = (field: keyof FormErrors) => ({
    'aria-invalid': errors[field] !== undefined,
    'aria-describedby': errors[field] !== undefined ? `${id(field)}-error` : undefined
  })
  const passphraseHint =
    `${ssh.hasSavedPassphrase ? 'passphrase saved — leave empty to keep it, or type a new one.' : ''} ${hint ?? ''}`.trim() ||
    undefined
  return (
    <>
      <Field
        label="SSH tunnel"
        htmlFor={id('sshEnabled')}
        hint={ssh.enabled ? 'The host above is named as the bastion reaches it.' : undefined}
      >
        <label className="check">
          <input
            id={id('sshEnabled')}
            type="checkbox"
            checked={ssh.enabled}
            onChange={(e) => onChange({ enabled: e.target.checked })}
          />
          Connect through an SSH bastion
        </label>
      </Field>
      {ssh.enabled && (
        <>
          <Field label="Bastion host" htmlFor={id('sshHost')} error={errors.sshHost}>
            <input
              id={id('sshHost')}
              className="input mono"
              value={ssh.host}
              spellCheck={false}
              onChange={(e) => onChange({ host: e.target.value })}
              placeholder="bastion.example.com"
              {...invalid('sshHost')}
            />
          </Field>
          <Field label="Bastion port" htmlFor={id('sshPort')} error={errors.sshPort}>
            <input
              id={id('sshPort')}
              className="input mono"
              inputMode="numeric"
              value={ssh.port}
              style={{ maxWidth: 120 }}
              onChange={(e) => onChange({ port: e.target.value })}
              {...invalid('sshPort')}
            />
          </Field>
          <Field label="SSH user" htmlFor={id('sshUser')} error={errors.sshUser}>
            <input
              id={id('sshUser')}
              className="input mono"
              value={ssh.user}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => onChange({ user: e.target.value })}
              {...invalid('sshUser')}
            />
          </Field>
          <Field
            label="Jump hosts"
            htmlFor={id('sshJumps')}
            error={errors.sshJumps}
            hint="Optional, first hop first, like ssh -J; each is authenticated with the key below."
          >
            <input
              id={id('sshJumps')}
              className="input mono"
              value={ssh.jumps}
              spellCheck={false}
              placeholder="me@jump1.example.com:22, me@jump2:2222"
              onChange={(e) => onChange({ jumps: e.target.value })}
              {...invalid('sshJumps')}
            />
          </Field>
          <Field label="SSH authentication" htmlFor={id('sshAuth')}>
            <div className="segmented" id={id('sshAuth')} role="group" aria-label="SSH authentication">
              <button
                type="button"
                aria-pressed={ssh.auth === 'key'}
                onClick={() => onChange({ auth: 'key' })}
              >
                Key file
              </button>
              <button
                type="button"
                aria-pressed={ssh.auth === 'agent'}
                onClick={() => onChange({ auth: 'agent' })}
              >
                Agent
              </button>
            </div>
          </Field>
          {ssh.auth === 'key' ? (
            <>
              <Field label="Private key file" htmlFor={id('sshKeyFile')} error={errors.sshKeyFile}>
                <input
                  id={id('sshKeyFile')}
                  className="input mono"
                  value={ssh.keyFile}
                  spellCheck={false}
                  placeholder="/home/me/.ssh/id_ed25519"
                  onChange={(e) => onChange({ keyFile: e.target.value })}
                  {...invalid('sshKeyFile')}
                />
              </Field>
              <Field label="Key passphrase" htmlFor={id('sshPassphrase')} hint={passphraseHint}>
                <input
                  id={id('sshPassphrase')}
                  className="input mono"
                  type="password"
                  autoComplete="new-password"
                  value={ssh.passphrase}
                  placeholder={ssh.hasSavedPassphrase ? 'passphrase saved' : ''}
                  onChange={(e) => onChange({ passphrase: e.target.value })}
                />
              </Field>
            </>
          ) : (
            <Field label="Agent socket" htmlFor={id('sshAgentSocket')} error={errors.sshAgentSocket}>
              <input
                id={id('sshAgentSocket')}
                className="input mono"
                value={ssh.agentSocket}
                spellCheck={false}
                placeholder="$SSH_AUTH_SOCK, e.g. /run/user/1000/ssh-agent.socket"
                onChange={(e) => onChange({ agentSocket: e.target.value })}
                {...invalid('sshAgentSocket')}
              />
            </Field>
          )}
        </>
      )}
    </>
  )
}
