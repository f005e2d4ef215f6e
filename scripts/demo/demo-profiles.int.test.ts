/** A second `npm run demo` on the same data directory must not duplicate the demo's profiles (issue 19). */
import { describe, expect, it } from 'vitest'
import { useTestCore } from '../../src/main/testing/test-core'
import { DEMO_PROFILES, saveDemoProfiles } from './demo-profiles'

const { call } = useTestCore('demo-profiles')

describe('the demo profiles', () => {
  it('are registered once however often the demo runs, keeping the ones a user added', async () => {
    const mine = await call<{ id: string }>('connections.save', {
      name: 'my own',
      engine: 'redis',
      url: 'redis://127.0.0.1:6379',
      environment: 'development'
    })
    const first = await saveDemoProfiles(call)
    const second = await saveDemoProfiles(call)
    expect(second).toEqual(first)
    const listed = await call<{ id: string; name: string }[]>('connections.list', {})
    expect(listed.map((p) => p.name).sort()).toEqual(['my own', ...DEMO_PROFILES.map((p) => p.name)].sort())
    expect(listed.find((p) => p.name === 'my own')?.id).toBe(mine.id)
  })

  it('have names that differ within the first 12 characters (the sidebar truncates them)', () => {
    const prefixes = DEMO_PROFILES.map((p) => p.name.slice(0, 12))
    expect(new Set(prefixes).size).toBe(prefixes.length)
  })
})
