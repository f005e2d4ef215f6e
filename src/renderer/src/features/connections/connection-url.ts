import type { EngineKind } from '../../../../shared/connection'

/** The renderer's own light URL splitter (the host validates for real). Mongo host lists are allowed. */
export interface UrlParts {
  scheme: string
  user: string
  password: string
  hosts: string
  path: string
  query: URLSearchParams
}

export const SCHEMES: Record<EngineKind, readonly string[]> = {
  postgres: ['postgres', 'postgresql'],
  redis: ['redis', 'rediss'],
  mongo: ['mongodb', 'mongodb+srv']
}

const SHAPE = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/i

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

export const splitUrl = (url: string): UrlParts | null => {
  const m = SHAPE.exec(url.trim())
  if (!m) return null
  const [, scheme = '', userinfo = '', hosts = '', path = '', query = ''] = m
  const colon = userinfo.indexOf(':')
  return {
    scheme: scheme.toLowerCase(),
    user: safeDecode(colon === -1 ? userinfo : userinfo.slice(0, colon)),
    password: colon === -1 ? '' : safeDecode(userinfo.slice(colon + 1)),
    hosts,
    path: safeDecode(path.replace(/^\//, '')),
    query: new URLSearchParams(query.replace(/^\?/, ''))
  }
}

export const joinUrl = (parts: UrlParts): string => {
  const auth =
    parts.user === '' && parts.password === ''
      ? ''
      : `${encodeURIComponent(parts.user)}${parts.password === '' ? '' : `:${encodeURIComponent(parts.password)}`}@`
  const q = parts.query.toString()
  return `${parts.scheme}://${auth}${parts.hosts}${parts.path === '' ? '' : `/${encodeURIComponent(parts.path)}`}${q === '' ? '' : `?${q}`}`
}

/** Checks the URL's shape for this engine; returns a message for the form, or null when it looks right. */
export const urlProblem = (engine: EngineKind, url: string): string | null => {
  if (url.trim() === '') return 'A connection URL is required.'
  const parts = splitUrl(url)
  const example = `${SCHEMES[engine][0]}://user@host:port${engine === 'redis' ? '' : '/database'}`
  if (parts === null) return `The URL must look like ${example}.`
  if (!SCHEMES[engine].includes(parts.scheme))
    return `A ${engine} URL starts with ${SCHEMES[engine].map((s) => `${s}://`).join(' or ')}.`
  if (parts.hosts === '') return 'The URL has no host.'
  return null
}

/** The password typed in the separate field wins over one inside the URL. */
export const withPassword = (url: string, password: string): string => {
  if (password === '') return url
  const parts = splitUrl(url)
  return parts === null ? url : joinUrl({ ...parts, password })
}

export const withoutPassword = (url: string): string => {
  const parts = splitUrl(url)
  return parts === null ? url : joinUrl({ ...parts, password: '' })
}

/** Removes a secret from any text shown back to the user (defence in depth; the host redacts too). */
export const redactSecret = (text: string, secret: string): string => {
  if (secret.length < 2) return text
  const variants = new Set([secret, encodeURIComponent(secret)])
  let out = text
  for (const v of variants) out = out.split(v).join('••••••')
  return out
}
