import type { EngineKind } from '../../shared/connection'
import { AppFailure } from '../../shared/errors'

export interface ParsedConnectionUrl {
  scheme: string
  user: string | null
  password: string | null
  hosts: { host: string; port: number | null }[]
  /** Path without the leading slash: database name (PG, Mongo) or db index (Redis). */
  path: string
  params: URLSearchParams
}

const SCHEMES: Record<EngineKind, readonly string[]> = {
  postgres: ['postgres', 'postgresql'],
  redis: ['redis', 'rediss'],
  mongo: ['mongodb', 'mongodb+srv']
}

// scheme://[userinfo@]hosts[/path][?query]; hand-split because WHATWG URL rejects Mongo's host lists.
const URL_SHAPE = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/i
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i

const invalid = (why: string): AppFailure => new AppFailure('INVALID_INPUT', `Connection URL ${why}.`)

// C0, DEL and C1: a decoded NUL would split the PostgreSQL startup packet into extra parameters.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/

/** Names the part, never its value: the part may be the password. */
const refuseControl = (value: string, what: string): string => {
  if (CONTROL_CHARACTER.test(value)) throw invalid(`has a control character in the ${what}`)
  return value
}

const decode = (part: string, what: string): string => {
  let decoded: string
  try {
    decoded = decodeURIComponent(part)
  } catch {
    throw invalid(`has a badly escaped ${what}`)
  }
  return refuseControl(decoded, what)
}

const parseQuery = (query: string): URLSearchParams => {
  const params = new URLSearchParams(query)
  for (const [key, value] of params) {
    refuseControl(key, 'name of a query option')
    refuseControl(value, `query option ${key}`)
  }
  return params
}

export const parseConnectionUrl = (engine: EngineKind, url: string): ParsedConnectionUrl => {
  const match = URL_SHAPE.exec(url.trim())
  if (!match) throw invalid(`must look like ${SCHEMES[engine][0]}://user@host:port/...`)
  const [, rawScheme = '', userinfo, hostList = '', path = '', query = ''] = match
  const scheme = rawScheme.toLowerCase()
  if (!SCHEMES[engine].includes(scheme)) {
    throw invalid(`for ${engine} must start with ${SCHEMES[engine].map((s) => `${s}://`).join(' or ')}`)
  }
  let user: string | null = null
  let password: string | null = null
  if (userinfo !== undefined && userinfo !== '') {
    const colon = userinfo.indexOf(':')
    user = decode(colon === -1 ? userinfo : userinfo.slice(0, colon), 'user name') || null
    password = colon === -1 ? null : decode(userinfo.slice(colon + 1), 'password')
  }
  if (hostList === '') throw invalid('has no host')
  const hosts = hostList.split(',').map((entry) => {
    // Hosts are not percent-decoded, and the shape below allows no control character; checked first
    // so the message never echoes one.
    refuseControl(entry, 'host')
    const hp = HOST_PORT.exec(entry)
    if (!hp) throw invalid(`has an invalid host "${entry.slice(0, 80)}"`)
    const port = hp[2] === undefined ? null : Number(hp[2])
    if (port !== null && (port < 1 || port > 65535)) throw invalid(`has port ${port} out of range`)
    return { host: hp[1] ?? '', port }
  })
  if (hosts.length > 1 && engine !== 'mongo' && !(engine === 'redis')) {
    throw invalid('may name only one host for PostgreSQL')
  }
  return {
    scheme,
    user,
    password,
    hosts,
    path: decode(path.replace(/^\//, ''), engine === 'redis' ? 'database index' : 'database name'),
    params: parseQuery(query.slice(1))
  }
}

/**
 * The URL's password, from the userinfo or a `?password=` option (libpq reads both; any letter case, so a
 * `Password=` is not left behind in clear), and the URL with neither. Two different passwords are refused.
 */
export const splitPassword = (
  parsed: ParsedConnectionUrl
): { bare: ParsedConnectionUrl; password: string | null } => {
  const params = new URLSearchParams()
  const given = parsed.password === null ? [] : [parsed.password]
  for (const [key, value] of parsed.params) {
    if (key.toLowerCase() === 'password') given.push(value)
    else params.append(key, value)
  }
  if (new Set(given).size > 1)
    throw invalid('gives two different passwords (in the user part and in ?password=)')
  return { bare: { ...parsed, password: null, params }, password: given[0] ?? null }
}

/** The same URL with the password removed (and a new one set when given). */
export const formatConnectionUrl = (parsed: ParsedConnectionUrl, password: string | null = null): string => {
  const user = parsed.user === null ? '' : encodeURIComponent(parsed.user)
  const auth =
    parsed.user === null && password === null
      ? ''
      : `${user}${password === null ? '' : `:${encodeURIComponent(password)}`}@`
  const hosts = parsed.hosts.map((h) => (h.port === null ? h.host : `${h.host}:${h.port}`)).join(',')
  const query = parsed.params.toString()
  // The Mongo URI spec needs the '/' before '?' even without a database.
  const path = parsed.path || query ? `/${encodeURIComponent(parsed.path)}` : ''
  return `${parsed.scheme}://${auth}${hosts}${path}${query ? `?${query}` : ''}`
}

export const DEFAULT_PORTS: Record<EngineKind, number> = { postgres: 5432, redis: 6379, mongo: 27017 }
