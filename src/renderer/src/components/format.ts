/** The one formatter lives in src/shared/format.ts, so that main's finding titles read as the screen does. */
export * from '../../../shared/format'
