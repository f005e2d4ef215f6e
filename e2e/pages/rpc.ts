import type { APIRequestContext, Page } from '@playwright/test'

/** Calls the serve host directly (set-up and out-of-band changes); these requests are not the page's. */
export const rpc = async <T>(
  request: APIRequestContext,
  method: string,
  input: unknown,
  token = 'e2e-token'
): Promise<T> => {
  const response = await request.post(`http://127.0.0.1:${process.env.E2E_PORT ?? 4173}/rpc/${method}`, {
    headers: { Authorization: `Bearer ${token}` },
    data: input
  })
  const body = (await response.json()) as {
    ok: boolean
    value?: T
    error?: { code: string; message: string }
  }
  if (!body.ok) throw new Error(`${method}: ${body.error?.code} ${body.error?.message}`)
  return body.value as T
}

/** The contract methods the page calls from now on, in order, as the serve host receives them. */
export const recordPageCalls = (page: Page): string[] => {
  const methods: string[] = []
  page.on('request', (r) => {
    const method = /^\/rpc\/([\w.]+)$/.exec(new URL(r.url()).pathname)?.[1]
    if (method !== undefined) methods.push(method)
  })
  return methods
}

/** Only the calls that analyse text or plans, leaving out status polls and the like. */
export const analysisCalls = (methods: string[]): string[] =>
  methods.filter((m) => /^(analyze|plan|mongo)\./.test(m))
