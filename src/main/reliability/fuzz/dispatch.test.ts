/**
 * S6 / R1: every RPC method's input through `dispatch`, 10,000 generated values per method (fixed seed).
 * Always an envelope, never a throw, no unhandled rejection; and no generated input can open a connection
 * to any host: the core has no profiles, `connections.test` gets only inputs that fail validation, and
 * every socket connect attempt in the process is counted (must stay 0).
 */
import { mkdtempSync } from 'node:fs'
import { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { saveConnectionInput } from '../../../shared/connection'
import { METHOD_NAMES, contract } from '../../../shared/contract'
import { ERROR_CODES } from '../../../shared/errors'
import { createCore, type Core } from '../../core/create-core'
import { MemorySecretStore } from '../../core/secrets'
import { trackProcessFailures } from '../../testing/own-servers'

const RUNS = 10_000

let core: Core
const tracker = trackProcessFailures()
const connectSpy = vi.spyOn(Socket.prototype, 'connect')
const logged: string[] = []

beforeAll(() => {
  core = createCore({
    dataDir: mkdtempSync(join(tmpdir(), 'rel-fuzz-dispatch-')),
    secrets: new MemorySecretStore(),
    host: 'serve',
    pollMs: 60_000
  })
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')))
})

afterAll(async () => {
  tracker.stop()
  vi.restoreAllMocks()
  await core.close()
})

/** Keys each method's schema knows, so generated objects reach past the first "unrecognized key" check. */
const KNOWN_KEYS = [
  'id',
  'connectionId',
  'name',
  'engine',
  'url',
  'environment',
  'allowWrites',
  'allowCatastrophic',
  'tls',
  'keepPassword',
  'text',
  'kind',
  'limit',
  'ticketId',
  'typed',
  'action',
  'target'
]
const nearValidValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('postgres', 'redis', 'mongo', 'production', 'auto', 'abc-123', '', 'redis://127.0.0.1:1'),
  fc.stringMatching(/^[a-z0-9-]{1,64}$/),
  fc.string({ unit: 'binary', maxLength: 300 })
)
const payload = fc.oneof(
  fc.jsonValue(),
  fc.anything({ maxDepth: 2 }),
  fc.dictionary(fc.constantFrom(...KNOWN_KEYS), nearValidValue, { maxKeys: 5 }),
  fc.constantFrom(
    null,
    undefined,
    [],
    '',
    0,
    { __proto__: { id: 'x' } },
    JSON.parse('{"__proto__":{"id":"x"}}')
  )
)

const isEnvelope = (r: unknown): boolean => {
  if (typeof r !== 'object' || r === null) return false
  const env = r as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } }
  if (env.ok === true) return 'value' in env
  return (
    env.ok === false &&
    (ERROR_CODES as readonly unknown[]).includes(env.error?.code) &&
    typeof env.error?.message === 'string'
  )
}

describe('fuzz: dispatch', () => {
  it('the surface under test is every contract method', () => {
    expect(METHOD_NAMES.length).toBeGreaterThanOrEqual(10)
  })

  for (const method of METHOD_NAMES) {
    it(`${method}: ${RUNS} generated inputs -> always an envelope, no throw, no connection`, async () => {
      // A valid connections.test input would dial the host it names: keep only inputs that fail validation.
      const arb =
        method === 'connections.test' || method === 'connections.save'
          ? payload.filter((p) => !saveConnectionInput.safeParse(p).success)
          : payload
      const codes = new Map<string, number>()
      await fc.assert(
        fc.asyncProperty(arb, async (input) => {
          const result = await core.dispatch(method, input)
          if (!isEnvelope(result)) return false
          const key = result.ok ? 'ok' : result.error.code
          codes.set(key, (codes.get(key) ?? 0) + 1)
          // Handler crashes would show as INTERNAL: none is allowed.
          return key !== 'INTERNAL'
        }),
        { seed: 0xd15a7c4 + METHOD_NAMES.indexOf(method), numRuns: RUNS }
      )
      expect(connectSpy).not.toHaveBeenCalled()
      expect(tracker.failures).toEqual([])
      // The inputs reached the schema, and the schema was the one in the contract.
      expect(contract[method]).toBeDefined()
      expect([...codes.keys()].length).toBeGreaterThan(0)
    }, 60_000)
  }

  it('unknown method names and non-string names are an UNKNOWN_METHOD envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')
        ),
        fc.jsonValue(),
        async (m, input) => {
          fc.pre(!(METHOD_NAMES as string[]).includes(m))
          const r = await core.dispatch(m, input)
          return !r.ok && r.error.code === 'UNKNOWN_METHOD' && r.error.message.length < 200
        }
      ),
      { seed: 0xd15a7c3, numRuns: RUNS }
    )
  })

  it('nothing was logged as an internal failure and no unhandled rejection happened', () => {
    expect(logged).toEqual([])
    expect(tracker.failures).toEqual([])
    expect(connectSpy).not.toHaveBeenCalled()
  })
})
