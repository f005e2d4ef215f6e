/**
 * Limits both hosts and the renderer enforce, kept free of zod so that `dbconsole serve` can check a
 * request body before it has loaded the contract (serve listens first, then loads the core).
 */

/** Largest text accepted for analysis from any host: a 1,000-node plan is ~2 MB; 64 MB leaves room. */
export const MAX_ANALYZE_BYTES = 64 * 1024 * 1024
