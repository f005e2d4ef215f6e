/**
 * Secrets must never reach logs, error messages, the audit log or the screen. Drivers echo URLs and
 * sometimes passwords in their errors, and confirmed statements can set passwords (`ALTER ROLE x
 * PASSWORD '...'`, `ACL SETUSER u >pw`), so everything recorded or displayed passes through here: the
 * core (audit, logs, error envelopes, prepared actions) and the renderer (console history). What is
 * SENT is never redacted: callers keep the original and redact only the copy they record or show.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(:[^\s/@]*)?@/gi
/** `password=x`, `password: 'a''b'`, JSON/Mongo `"pwd":"x"` (the key may be quoted). */
const KEY_VALUE_SECRET =
  /\b(password|passwd|pwd|secret|token|authorization)(["']?\s*[=:]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.|'')*'|\S+)/gi
/** SQL `[ENCRYPTED] PASSWORD <literal>`: standard, E'', U&'' and dollar-quoted string literals. */
const SQL_PASSWORD =
  /\b(PASSWORD\s+)(?:E'(?:[^'\\]|\\.|'')*'|U&'(?:[^']|'')*'|'(?:[^']|'')*'|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\2\$)/gi
/** One argument of a redis-cli style line: double- or single-quoted, or bare. */
const REDIS_ARG = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\S+/g
const SECRET_CONFIG = new Set(['requirepass', 'masterauth'])
const SECRET_FIELD = /^(password|passwd|pwd|secret|token)$/i
const MASK = '***'

const registeredSecrets = new Set<string>()

/** Secrets known to the process (loaded passwords). Short strings are ignored: they would mask ordinary words. */
export const registerSecret = (secret: string): void => {
  if (secret.length >= 4) registeredSecrets.add(secret)
}

export const forgetSecret = (secret: string): void => {
  registeredSecrets.delete(secret)
}

/**
 * The arguments of a Redis command that carry a password, each with the prefix it keeps (ACL rules keep
 * their `>`/`<`/`#`/`!` so the record still says what the rule did).
 */
const redisSecretArgs = (argv: readonly string[]): Map<number, string> => {
  const secrets = new Map<number, string>()
  const upper = argv.map((a) => a.toUpperCase())
  const [command, sub] = upper
  if (command === 'AUTH' && argv.length > 1) secrets.set(argv.length - 1, '')
  // HELLO 3 AUTH user pw; MIGRATE ... AUTH pw | AUTH2 user pw.
  upper.forEach((arg, i) => {
    if (arg === 'AUTH' && command === 'HELLO') secrets.set(i + 2, '')
    if (arg === 'AUTH' && command === 'MIGRATE') secrets.set(i + 1, '')
    if (arg === 'AUTH2' && command === 'MIGRATE') secrets.set(i + 2, '')
  })
  if (command === 'ACL' && sub === 'SETUSER') {
    argv.forEach((arg, i) => {
      if (i >= 3 && /^[><#!]/.test(arg)) secrets.set(i, arg.charAt(0))
    })
  }
  if (command === 'CONFIG' && sub === 'SET') {
    for (let i = 2; i + 1 < argv.length; i += 2) {
      if (SECRET_CONFIG.has(argv[i]?.toLowerCase() ?? '')) secrets.set(i + 1, '')
    }
  }
  for (const i of secrets.keys()) if (i >= argv.length) secrets.delete(i)
  return secrets
}

/** A Redis argv as it may be recorded: password arguments masked. */
export const redactArgv = (argv: readonly string[]): string[] => {
  const secrets = redisSecretArgs(argv)
  return argv.map((arg, i) => {
    const prefix = secrets.get(i)
    return prefix === undefined ? arg : `${prefix}${MASK}`
  })
}

const unquote = (arg: string): string =>
  /^(["']).*\1$/s.test(arg) ? arg.slice(1, -1).replace(/\\(.)/g, '$1') : arg

/** Each line read as a redis-cli command; its password arguments masked in place. */
const redactRedisLines = (text: string): string =>
  text
    .split('\n')
    .map((line) => {
      const args = [...line.matchAll(REDIS_ARG)]
      const secrets = redisSecretArgs(args.map((m) => unquote(m[0])))
      if (secrets.size === 0) return line
      let out = ''
      let last = 0
      args.forEach((m, i) => {
        const prefix = secrets.get(i)
        if (prefix === undefined) return
        out += `${line.slice(last, m.index)}${prefix}${MASK}`
        last = m.index + m[0].length
      })
      return out + line.slice(last)
    })
    .join('\n')

export const redact = (text: string): string => {
  let out = text.replace(URL_USERINFO, (_m, scheme: string, user: string, pass: string | undefined) =>
    pass ? `${scheme}${user}:${MASK}@` : `${scheme}${user}@`
  )
  out = out.replace(SQL_PASSWORD, (_m, keyword: string) => `${keyword}'${MASK}'`)
  out = out.replace(KEY_VALUE_SECRET, (_m, key: string, sep: string, value: string) =>
    /^["']/.test(value) ? `${key}${sep}${value.charAt(0)}${MASK}${value.charAt(0)}` : `${key}${sep}${MASK}`
  )
  out = redactRedisLines(out)
  for (const secret of registeredSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(MASK)
  }
  return out
}

/** Every string inside a JSON-like value redacted; Redis argvs and password fields (Mongo `pwd`) masked. */
export const redactDeep = (value: unknown): unknown => {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) {
    const items = value.every((v) => typeof v === 'string') ? redactArgv(value as string[]) : value
    return items.map(redactDeep)
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_FIELD.test(k) && typeof v === 'string' ? MASK : redactDeep(v)
      ])
    )
  }
  return value
}
