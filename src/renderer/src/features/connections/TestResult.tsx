import type { ServerDescription } from '../../../../shared/connection'
import type { AppError } from '../../../../shared/errors'
import { ENGINE_LABEL } from '../../components/EngineBadge'
import { ErrorMessage } from '../../components/ErrorMessage'
import { redactSecret } from './connection-url'

/** What "Test" found: the server's version and role, or the error (with the typed password scrubbed out). */
export function TestResult({
  server,
  error,
  secret
}: {
  server: ServerDescription | undefined
  error: AppError | null
  secret: string
}) {
  if (error !== null) {
    return (
      <ErrorMessage
        error={{ code: error.code, message: redactSecret(error.message, secret) }}
        prefix="Test failed"
      />
    )
  }
  if (server === undefined) return null
  return (
    <div className="success" role="status" data-testid="test-result">
      Connected: {ENGINE_LABEL[server.engine]} {server.version}, role {server.role}, {server.address}
      {server.topology.length > 0 &&
        ` (${server.topology.length} node${server.topology.length === 1 ? '' : 's'} in topology)`}
    </div>
  )
}
