import { AppFailure } from '../../../shared/errors'
import type { ParsedConnectionUrl } from '../../support/connection-url'

/** URL options that turn off certificate or hostname checks; the driver reads option names in any case. */
const WEAKENING_OPTIONS = ['tlsinsecure', 'tlsallowinvalidhostnames', 'tlsallowinvalidcertificates']

const isFalse = (value: string): boolean => value.trim().toLowerCase() === 'false'

const usesTls = (url: ParsedConnectionUrl, tlsEnabled: boolean): boolean =>
  tlsEnabled ||
  url.scheme === 'mongodb+srv' ||
  [...url.params].some(([key, value]) => ['tls', 'ssl'].includes(key.toLowerCase()) && !isFalse(value))

/**
 * A TLS profile keeps its certificate and hostname checks: a URL pasted from elsewhere must not turn them
 * off unseen. Any value but `false` counts as turning them off.
 */
export const refuseTlsWeakening = (url: ParsedConnectionUrl, tlsEnabled: boolean): void => {
  if (!usesTls(url, tlsEnabled)) return
  for (const [key, value] of url.params) {
    if (WEAKENING_OPTIONS.includes(key.toLowerCase()) && !isFalse(value)) {
      throw new AppFailure(
        'INVALID_INPUT',
        `Connection URL option ${key} would turn off TLS checks on a TLS connection; remove it (a private CA goes in the profile's CA file).`
      )
    }
  }
}
