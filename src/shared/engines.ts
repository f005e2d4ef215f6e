/**
 * Plain constants the renderer may import at run time. Kept free of zod: zod probes `new Function`
 * when it loads, which the renderer's CSP (no unsafe-eval) reports as a violation.
 */
export const ENGINES = ['postgres', 'mongo', 'redis'] as const
export type EngineKind = (typeof ENGINES)[number]

export const ENVIRONMENTS = ['development', 'staging', 'production'] as const
export type Environment = (typeof ENVIRONMENTS)[number]
