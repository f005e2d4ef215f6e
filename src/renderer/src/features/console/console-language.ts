import type { EngineKind } from '../../../../shared/engines'

/** Monaco language and the empty-editor example per engine. */
export const CONSOLE_LANGUAGE: Record<EngineKind, { language: string; placeholder: string }> = {
  postgres: { language: 'sql', placeholder: 'select now();  -- Ctrl+Enter runs' },
  redis: { language: 'plaintext', placeholder: 'INFO memory   (one command; Ctrl+Enter runs)' },
  mongo: {
    language: 'json',
    placeholder:
      '{ "find": "orders", "filter": { "status": "open" }, "limit": 20 }   (a command document; Ctrl+Enter runs)'
  }
}
