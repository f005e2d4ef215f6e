/**
 * Calls that can take seconds. The caller may name one with a `requestId` (their input schemas accept
 * it): progress then arrives as events and `requests.cancel` stops it. Zod-free, for the renderer.
 */
export const CANCELLABLE_METHODS = [
  'connections.test',
  'connections.connect',
  'diagnostics.run',
  'diagnostics.detail',
  'overview.run',
  'plan.explain',
  'redis.bigKeys',
  'pg.inspectRelation',
  'metrics.sample',
  'console.run'
] as const

export type CancellableMethod = (typeof CANCELLABLE_METHODS)[number]

export const isCancellable = (method: string): method is CancellableMethod =>
  (CANCELLABLE_METHODS as readonly string[]).includes(method)
