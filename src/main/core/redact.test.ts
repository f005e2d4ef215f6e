import { describe, expect, it } from 'vitest'
import { redact, registerSecret } from './redact'

describe('redact', () => {
  it('removes passwords from URLs of every engine and keeps the user', () => {
    expect(redact('connect postgres://app:pa55@db:5432/x failed')).toBe(
      'connect postgres://app:***@db:5432/x failed'
    )
    expect(redact('redis://:onlypass@h:6379')).toBe('redis://:***@h:6379')
    expect(redact('mongodb+srv://u:p%40ss@cluster0/x')).toBe('mongodb+srv://u:***@cluster0/x')
    expect(redact('mongodb://u@h1,h2')).toBe('mongodb://u@h1,h2')
  })

  it('masks key=value secrets', () => {
    expect(redact('password=hunter2 host=x')).toBe('password=*** host=x')
    expect(redact('Authorization: Bearer abc')).toBe('Authorization: *** abc')
  })

  it('masks any registered secret wherever it appears', () => {
    registerSecret('Zq9-sentinel')
    expect(redact('server said: user "x" password Zq9-sentinel is wrong')).toBe(
      'server said: user "x" password *** is wrong'
    )
  })

  it('ignores very short secrets rather than masking ordinary text', () => {
    registerSecret('ab')
    expect(redact('tables abound')).toBe('tables abound')
  })
})
