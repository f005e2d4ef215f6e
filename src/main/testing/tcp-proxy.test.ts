import { createServer, connect, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startTcpProxy, type TcpProxy } from './tcp-proxy'

let echo: Server
let proxy: TcpProxy

const startEcho = async (): Promise<number> => {
  echo = createServer((s) => s.on('data', (d) => s.write(d)))
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r))
  const a = echo.address()
  return a && typeof a === 'object' ? a.port : 0
}

const roundTrip = (port: number, payload: string, waitMs = 500): Promise<string> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    let got = ''
    s.on('data', (d) => (got += d.toString()))
    s.on('error', () => resolve(`error:${got}`))
    s.on('close', () => resolve(got))
    s.write(payload)
    setTimeout(() => {
      s.destroy()
      resolve(got)
    }, waitMs)
  })

afterEach(async () => {
  await proxy.close()
  await new Promise<void>((r) => echo.close(() => r()))
})

describe('tcp proxy', () => {
  it('passes bytes both ways and records what reached the server', async () => {
    proxy = await startTcpProxy({ port: await startEcho() })
    expect(await roundTrip(proxy.port, 'PING', 200)).toBe('PING')
    expect(proxy.sentToServer().toString()).toBe('PING')
  })

  it('blackholes: nothing reaches the server and nothing comes back', async () => {
    proxy = await startTcpProxy({ port: await startEcho() })
    proxy.setMode({ kind: 'blackhole' })
    expect(await roundTrip(proxy.port, 'LOST', 200)).toBe('')
    expect(proxy.sentToServer().length).toBe(0)
  })

  it('delays each chunk by the given time', async () => {
    proxy = await startTcpProxy({ port: await startEcho() })
    proxy.setMode({ kind: 'delay', ms: 300 })
    expect(await roundTrip(proxy.port, 'SLOW', 150)).toBe('')
    proxy.setMode({ kind: 'delay', ms: 50 })
    expect(await roundTrip(proxy.port, 'FAST', 400)).toBe('FAST')
  })

  it('resets new connections in reset mode', async () => {
    proxy = await startTcpProxy({ port: await startEcho() })
    proxy.setMode({ kind: 'reset' })
    expect(await roundTrip(proxy.port, 'X', 300)).toMatch(/^(error:)?$/)
    expect(proxy.sentToServer().length).toBe(0)
  })
})
