/**
 * Child process for the kill-during-write harness (reliability/crash-safety). Writes, in a tight loop and
 * until it is SIGKILLed: a profile through ProfileStore (profiles.json, and secrets.json through the
 * encrypted store), and a self-checking document through writeFileAtomic (plain.json).
 * argv: <dataDir> <startVersion>. Prints "ready" once, right before the first write. The parent bundles
 * it with esbuild once per run so that each of the 1,000 children starts in ~50 ms (tsx needs ~450 ms).
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { writeFileAtomic } from '../core/atomic-file'
import { ProfileStore } from '../core/profiles'
import { EncryptedFileSecretStore, type Encryptor } from '../core/secrets'

export const PROFILE_ID = 'crash-profile'

/** The same reversible fake as the tests use: a marker plus hex, never the plaintext. */
export const crashEncryptor: Encryptor = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
  decryptString: (cipher) => {
    const text = cipher.toString()
    if (!text.startsWith('enc:')) throw new Error('bad ciphertext')
    return Buffer.from(text.slice(4), 'hex').toString()
  }
}

/** plain.json for version n: a payload whose size varies and a digest that proves it is whole. */
export const plainDocument = (n: number): string => {
  const payload = `v${n}:`.padEnd(64 + ((n * 7919) % 20_000), String.fromCharCode(97 + (n % 26)))
  const digest = createHash('sha256').update(payload).digest('hex')
  return JSON.stringify({ version: n, payload, digest })
}

export const passwordFor = (n: number): string => `pw-${n}`

/** profiles.json at version 0, written by the parent before the first child starts. */
export const initialProfiles = (): string =>
  `${JSON.stringify(
    {
      version: 1,
      profiles: [
        {
          id: PROFILE_ID,
          name: 'v0',
          engine: 'postgres',
          environment: 'production',
          allowWrites: false,
          allowCatastrophic: false,
          url: 'postgres://app@db.example:5432/v0',
          tls: { enabled: false }
        }
      ]
    },
    null,
    2
  )}\n`

const main = async (dir: string, start: number): Promise<void> => {
  const store = new ProfileStore(dir, new EncryptedFileSecretStore(dir, crashEncryptor))
  process.stdout.write('ready\n')
  for (let n = start + 1; ; n++) {
    await store.save({
      id: PROFILE_ID,
      name: `v${n}`,
      engine: 'postgres',
      url: `postgres://app:${passwordFor(n)}@db.example:5432/v${n}`,
      environment: 'production'
    })
    await writeFileAtomic(join(dir, 'plain.json'), plainDocument(n))
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, start] = process.argv.slice(2)
  main(dir ?? '', Number(start)).catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`)
    process.exit(1)
  })
}
