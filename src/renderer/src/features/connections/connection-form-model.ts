import type {
  ConnectionProfile,
  EngineKind,
  Environment,
  SaveConnectionInput,
  TlsMinVersion
} from '../../../../shared/connection'
import { SCHEMES, joinUrl, splitUrl, urlProblem, withPassword, withoutPassword } from './connection-url'

export interface FormState {
  id: string | null
  engine: EngineKind
  name: string
  mode: 'fields' | 'url'
  url: string
  host: string
  port: string
  user: string
  /** Only ever what the user typed in this form; a saved password is never loaded back. */
  password: string
  database: string
  cluster: boolean
  replicaSet: string
  /** PostgreSQL: the PgBouncer admin console, host:port (the URL's `?pgbouncer=`). */
  pgbouncer: string
  environment: Environment
  allowWrites: boolean
  tls: TlsFormState
  hasSavedPassword: boolean
  ssh: SshFormState
}

/** The TLS fields; the key passphrase, like the password, is only ever what was typed here. */
export interface TlsFormState {
  enabled: boolean
  caFile: string
  certFile: string
  keyFile: string
  keyPassphrase: string
  serverName: string
  /** '' leaves Node's minimum (TLS 1.2). */
  minVersion: '' | TlsMinVersion
  /** No check of the server's certificate or name: the loudly-labelled insecure mode. */
  insecure: boolean
  hasSavedKeyPassphrase: boolean
}

/** The SSH bastion fields; the passphrase, like the password, is only ever what was typed here. */
export interface SshFormState {
  enabled: boolean
  host: string
  port: string
  user: string
  auth: 'key' | 'agent'
  keyFile: string
  passphrase: string
  agentSocket: string
  /** Jump hosts before the bastion as `user@host:port`, comma-separated (like ssh -J). */
  jumps: string
  hasSavedPassphrase: boolean
}

const JUMP = /^([^@\s,]+)@([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/

/** `user@host[:port]` items, or null when one does not read as such. */
export const parseJumps = (text: string): { host: string; port: number; user: string }[] | null => {
  const items = text
    .split(',')
    .map((j) => j.trim())
    .filter((j) => j !== '')
  const parsed = items.map((item) => {
    const m = JUMP.exec(item)
    if (!m || !m[1] || !m[2]) return null
    const port = Number(m[3] ?? '22')
    return validPort(String(port)) ? { user: m[1], host: m[2].replace(/^\[|\]$/g, ''), port } : null
  })
  return parsed.every((p) => p !== null) ? parsed : null
}

export type FormErrors = Partial<
  Record<
    | 'name'
    | 'url'
    | 'host'
    | 'port'
    | 'caFile'
    | 'tlsCertFile'
    | 'tlsKeyFile'
    | 'tlsServerName'
    | 'sshHost'
    | 'sshPort'
    | 'sshUser'
    | 'sshKeyFile'
    | 'sshAgentSocket'
    | 'sshJumps',
    string
  >
>

export const emptyTls = (): TlsFormState => ({
  enabled: false,
  caFile: '',
  certFile: '',
  keyFile: '',
  keyPassphrase: '',
  serverName: '',
  minVersion: '',
  insecure: false,
  hasSavedKeyPassphrase: false
})

export const emptySsh = (): SshFormState => ({
  enabled: false,
  host: '',
  port: '22',
  user: '',
  auth: 'key',
  keyFile: '',
  passphrase: '',
  agentSocket: '',
  jumps: '',
  hasSavedPassphrase: false
})

export const DEFAULT_PORT: Record<EngineKind, string> = { postgres: '5432', redis: '6379', mongo: '27017' }

export const emptyForm = (engine: EngineKind = 'postgres'): FormState => ({
  id: null,
  engine,
  name: '',
  mode: 'fields',
  url: '',
  host: '127.0.0.1',
  port: DEFAULT_PORT[engine],
  user: '',
  password: '',
  database: '',
  cluster: false,
  replicaSet: '',
  pgbouncer: '',
  environment: 'development',
  allowWrites: false,
  tls: emptyTls(),
  hasSavedPassword: false,
  ssh: emptySsh()
})

/** Fields parsed from a URL (password kept out of the URL field, in the password field). */
export const fieldsFromUrl = (state: FormState, url: string): FormState => {
  const parts = splitUrl(url)
  if (parts === null) return { ...state, url }
  const single = !parts.hosts.includes(',')
  const [host = '', port = ''] = single ? parts.hosts.split(':') : [parts.hosts, '']
  return {
    ...state,
    url: withoutPassword(url),
    host,
    port,
    user: parts.user,
    password: parts.password !== '' ? parts.password : state.password,
    database: parts.path,
    cluster: parts.query.get('cluster') === 'true',
    replicaSet: parts.query.get('replicaSet') ?? '',
    pgbouncer: parts.query.get('pgbouncer') ?? ''
  }
}

/** The URL the fields describe, without the password. */
export const urlFromFields = (state: FormState): string => {
  const query = new URLSearchParams()
  if (state.engine === 'redis' && state.cluster) query.set('cluster', 'true')
  if (state.engine === 'mongo' && state.replicaSet.trim() !== '')
    query.set('replicaSet', state.replicaSet.trim())
  if (state.engine === 'postgres' && state.pgbouncer.trim() !== '')
    query.set('pgbouncer', state.pgbouncer.trim())
  const host = state.host.trim()
  const hosts = state.port.trim() === '' || host.includes(',') ? host : `${host}:${state.port.trim()}`
  return joinUrl({
    scheme: SCHEMES[state.engine][0] ?? state.engine,
    user: state.user.trim(),
    password: '',
    hosts,
    path: state.database.trim(),
    query
  })
}

export const fromProfile = (profile: ConnectionProfile): FormState =>
  fieldsFromUrl(
    {
      ...emptyForm(profile.engine),
      id: profile.id,
      name: profile.name,
      environment: profile.environment,
      allowWrites: profile.allowWrites,
      tls: {
        enabled: profile.tls.enabled,
        caFile: profile.tls.caFile ?? '',
        certFile: profile.tls.certFile ?? '',
        keyFile: profile.tls.keyFile ?? '',
        keyPassphrase: '',
        serverName: profile.tls.serverName ?? '',
        minVersion: profile.tls.minVersion ?? '',
        insecure: profile.tls.rejectUnauthorized === false,
        hasSavedKeyPassphrase: profile.tls.hasKeyPassphrase
      },
      hasSavedPassword: profile.hasPassword,
      ssh: profile.ssh
        ? {
            enabled: true,
            host: profile.ssh.host,
            port: String(profile.ssh.port),
            user: profile.ssh.user,
            auth: profile.ssh.agentSocket !== undefined ? 'agent' : 'key',
            keyFile: profile.ssh.keyFile ?? '',
            passphrase: '',
            agentSocket: profile.ssh.agentSocket ?? '',
            jumps: (profile.ssh.jumps ?? []).map((j) => `${j.user}@${j.host}:${j.port}`).join(', '),
            hasSavedPassphrase: profile.ssh.hasPassphrase
          }
        : emptySsh()
    },
    profile.url
  )

const isAbsolutePath = (path: string): boolean => path.startsWith('/') || /^[A-Za-z]:\\/.test(path)

const validPort = (port: string): boolean =>
  /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535

const tlsErrors = (tls: TlsFormState): FormErrors => {
  const errors: FormErrors = {}
  if (!tls.enabled) return errors
  const [ca, cert, key] = [tls.caFile.trim(), tls.certFile.trim(), tls.keyFile.trim()]
  if (ca !== '' && !isAbsolutePath(ca)) errors.caFile = 'Give the CA file as an absolute path.'
  if (cert !== '' && !isAbsolutePath(cert))
    errors.tlsCertFile = 'Give the client certificate file as an absolute path.'
  else if (cert === '' && key !== '') errors.tlsCertFile = 'A client key needs its certificate.'
  if (key !== '' && !isAbsolutePath(key)) errors.tlsKeyFile = 'Give the client key file as an absolute path.'
  else if (key === '' && cert !== '') errors.tlsKeyFile = 'A client certificate needs its key.'
  if (tls.serverName.trim() !== '' && !/^[A-Za-z0-9._\-[\]:]+$/.test(tls.serverName.trim()))
    errors.tlsServerName = 'The server name has characters a host name cannot have.'
  return errors
}

const sshErrors = (ssh: SshFormState): FormErrors => {
  const errors: FormErrors = {}
  if (!ssh.enabled) return errors
  if (ssh.host.trim() === '') errors.sshHost = 'The bastion host is required.'
  else if (!/^[A-Za-z0-9._\-[\]:]+$/.test(ssh.host.trim()))
    errors.sshHost = 'The host has characters a host name cannot have.'
  if (!validPort(ssh.port.trim())) errors.sshPort = 'The port is a number from 1 to 65535.'
  if (ssh.user.trim() === '') errors.sshUser = 'The SSH user is required.'
  if (ssh.auth === 'key' && !isAbsolutePath(ssh.keyFile.trim()))
    errors.sshKeyFile = 'Give the private key file as an absolute path.'
  if (ssh.auth === 'agent' && !isAbsolutePath(ssh.agentSocket.trim()))
    errors.sshAgentSocket = 'Give the agent socket as an absolute path (as in $SSH_AUTH_SOCK).'
  const jumps = parseJumps(ssh.jumps)
  if (jumps === null) errors.sshJumps = 'Give jump hosts as user@host:port, separated by commas.'
  else if (jumps.length > 4) errors.sshJumps = 'At most 4 jump hosts.'
  return errors
}

export const validate = (state: FormState): FormErrors => {
  const errors: FormErrors = { ...sshErrors(state.ssh), ...tlsErrors(state.tls) }
  if (state.name.trim() === '') errors.name = 'Give the connection a name.'
  if (state.mode === 'url') {
    const problem = urlProblem(state.engine, state.url)
    if (problem !== null) errors.url = problem
  } else {
    if (state.host.trim() === '') errors.host = 'A host is required.'
    else if (!/^[A-Za-z0-9._\-[\]:,]+$/.test(state.host.trim()))
      errors.host = 'The host has characters a host name cannot have.'
    const port = state.port.trim()
    if (port !== '' && !validPort(port)) errors.port = 'The port is a number from 1 to 65535.'
  }
  return errors
}

/** What `connections.save` and `connections.test` receive. The password only travels inside `url`. */
export const toSaveInput = (state: FormState): SaveConnectionInput => {
  const bare = state.mode === 'url' ? state.url.trim() : urlFromFields(state)
  const url = withPassword(bare, state.password)
  const typedPassword = state.password !== '' || (splitUrl(bare)?.password ?? '') !== ''
  return {
    ...(state.id !== null ? { id: state.id } : {}),
    name: state.name.trim(),
    engine: state.engine,
    url,
    environment: state.environment,
    allowWrites: state.allowWrites,
    tls: toTlsInput(state.tls),
    ssh: toSshInput(state.ssh),
    ...(state.id !== null && state.hasSavedPassword && !typedPassword ? { keepPassword: true } : {})
  }
}

/** Only the fields given; the key passphrase travels only when typed, else the saved one is kept. */
const toTlsInput = (tls: TlsFormState): NonNullable<SaveConnectionInput['tls']> => {
  if (!tls.enabled) return { enabled: false }
  const given = (value: string) => (value.trim() !== '' ? value.trim() : undefined)
  const [caFile, certFile, keyFile, serverName] = [tls.caFile, tls.certFile, tls.keyFile, tls.serverName].map(
    given
  )
  return {
    enabled: true,
    ...(caFile ? { caFile } : {}),
    ...(certFile && keyFile ? { certFile, keyFile } : {}),
    ...(keyFile && tls.keyPassphrase !== ''
      ? { keyPassphrase: tls.keyPassphrase }
      : keyFile && tls.hasSavedKeyPassphrase
        ? { keepKeyPassphrase: true }
        : {}),
    ...(serverName ? { serverName } : {}),
    ...(tls.minVersion !== '' ? { minVersion: tls.minVersion } : {}),
    ...(tls.insecure ? { rejectUnauthorized: false } : {})
  }
}

/** null (no tunnel) removes the tunnel of a saved profile; the passphrase travels only when typed. */
const toSshInput = (ssh: SshFormState): SaveConnectionInput['ssh'] => {
  if (!ssh.enabled) return null
  const jumps = parseJumps(ssh.jumps) ?? []
  return {
    ...(jumps.length > 0 ? { jumps } : {}),
    host: ssh.host.trim(),
    port: Number(ssh.port.trim()),
    user: ssh.user.trim(),
    ...(ssh.auth === 'key'
      ? {
          keyFile: ssh.keyFile.trim(),
          ...(ssh.passphrase !== ''
            ? { passphrase: ssh.passphrase }
            : ssh.hasSavedPassphrase
              ? { keepPassphrase: true }
              : {})
        }
      : { agentSocket: ssh.agentSocket.trim() })
  }
}

/** The password that the user typed (in the field or inside the URL), for scrubbing messages. */
export const typedSecret = (state: FormState): string =>
  state.password || (splitUrl(state.url)?.password ?? '')
