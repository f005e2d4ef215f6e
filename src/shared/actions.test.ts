import { describe, expect, it } from 'vitest'
import { challengeFor } from './actions'

describe('challengeFor', () => {
  it('asks to type the hidden characters of a target as the tokens the dialog shows', () => {
    expect(challengeFor('development', 'us\u202Ereso')).toBe('us[U+202E]reso')
    expect(challengeFor('production', 'pay\u200Bments')).toBe('production pay[U+200B]ments')
  })

  it('keeps a plain target name as it is', () => {
    expect(challengeFor('staging', 'public.orders')).toBe('public.orders')
  })
})
