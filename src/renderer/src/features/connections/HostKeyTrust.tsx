import { ErrorMessage } from '../../components/ErrorMessage'
import { ServerText } from '../../components/ServerText'
import { useHostKey, useTrustHostKey } from './queries'

/**
 * Shown when a test was refused for the bastion's host key: the key it presents now, what was trusted
 * before (a changed key is a warning, not a formality), and an explicit "Trust" that stores exactly
 * this fingerprint.
 */
export function HostKeyTrust({
  host,
  port,
  onTrusted
}: {
  host: string
  port: number
  onTrusted: () => void
}) {
  const key = useHostKey(host, port)
  const trust = useTrustHostKey()
  if (key.error) return <ErrorMessage error={key.error} prefix="Host key not read" />
  if (!key.data) return null
  const presented = key.data
  if (presented.state === 'trusted') return null
  return (
    <div className={presented.state === 'changed' ? 'error' : 'notice'} role="alert" data-testid="host-key">
      <p>
        {presented.state === 'changed'
          ? `The host key of ${host}:${port} CHANGED. Trusted before: `
          : `${host}:${port} presents a host key that is not trusted yet. `}
        {presented.trustedFingerprint !== undefined && <code>{presented.trustedFingerprint}</code>}
      </p>
      <p>
        Presented now: <ServerText text={presented.keyType} /> <code>{presented.fingerprint}</code>
      </p>
      <p>Compare it with the fingerprint the bastion&apos;s administrator gives you before trusting it.</p>
      <button
        type="button"
        className="btn btn-small"
        disabled={trust.isPending}
        onClick={() =>
          trust.mutate({ host, port, fingerprint: presented.fingerprint }, { onSuccess: () => onTrusted() })
        }
      >
        Trust this host key
      </button>
      {trust.error !== null && <ErrorMessage error={trust.error} prefix="Not trusted" />}
    </div>
  )
}
