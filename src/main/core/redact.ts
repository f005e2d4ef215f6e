/**
 * Secrets must never reach logs, error messages, the audit log or the renderer. Drivers echo URLs and
 * sometimes passwords in their errors, so every message that leaves the core passes through here.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(:[^\s/@]*)?@/gi
const KEY_VALUE_SECRET =
  /\b(password|passwd|pwd|secret|token|authorization)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi

const registeredSecrets = new Set<string>()

/** Secrets known to the process (loaded passwords). Short strings are ignored: they would mask ordinary words. */
export const registerSecret = (secret: string): void => {
  if (secret.length >= 4) registeredSecrets.add(secret)
}

export const forgetSecret = (secret: string): void => {
  registeredSecrets.delete(secret)
}

export const redact = (text: string): string => {
  let out = text.replace(URL_USERINFO, (_m, scheme: string, user: string, pass: string | undefined) =>
    pass ? `${scheme}${user}:***@` : `${scheme}${user}@`
  )
  out = out.replace(KEY_VALUE_SECRET, (_m, key: string, sep: string) => `${key}${sep}***`)
  for (const secret of registeredSecrets) {
    if (out.includes(secret)) out = out.split(secret).join('***')
  }
  return out
}
