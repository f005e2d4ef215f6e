// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/** Import boundaries of ARCHITECTURE.md, enforced where lint can see them. */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })

export default tseslint.config(
  {
    ignores: [
      'out/**',
      '.tmp/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '**/fixtures/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Server data is rendered as text only.'
        },
        {
          selector: "AssignmentExpression[left.property.name='innerHTML']",
          message: 'Server data is rendered as text only.'
        }
      ]
    }
  },
  {
    files: ['src/shared/**'],
    rules: restrict([
      {
        group: ['../main/*', '../renderer/*', 'node:*', 'electron', 'pg', 'ioredis', 'mongodb'],
        message: 'src/shared imports nothing outside itself.'
      }
    ])
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        {
          group: ['electron', 'node:*', 'pg', 'mongodb', 'ioredis', '**/main/**'],
          message: 'The renderer talks to main only through the Api client.'
        },
        {
          group: [
            'zod',
            '**/shared/connection',
            '**/shared/contract',
            '**/shared/console',
            '**/shared/actions',
            '**/shared/pg-inspect'
          ],
          allowTypeImports: true,
          message:
            'Run-time imports from zod-backed modules pull zod into the renderer (its CSP forbids eval): use shared/engines, or import types only.'
        }
      ])
    }
  },
  {
    files: ['src/main/**'],
    ignores: [
      'src/main/index.ts',
      'src/main/window.ts',
      'src/main/transport/ipc.ts',
      'src/main/preload/**',
      'src/main/electron-*.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only index.ts, window.ts, electron-*.ts, transport/ipc.ts and preload/ import electron.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/main/diagnostics/**'],
    rules: restrict([
      {
        group: [
          'node:*',
          'pg',
          'ioredis',
          'mongodb',
          'electron',
          '../../core/*',
          '../core/*',
          '../../engines/*',
          '../engines/*',
          '../../transport/*'
        ],
        message: 'Diagnostics are pure: they import only src/shared and themselves.'
      }
    ])
  },
  {
    // The ground floor: support utilities know nothing of the core, the engines or the diagnostics.
    files: ['src/main/support/**'],
    ignores: ['src/main/support/**/*.test.ts'],
    rules: restrict([
      {
        group: ['electron', 'pg', 'ioredis', 'mongodb', '**/core/*', '**/engines/*', '**/diagnostics/*'],
        message: 'src/main/support imports only src/shared and itself.'
      }
    ])
  },
  {
    // Engines talk to servers; the core calls them, never the other way round.
    files: ['src/main/engines/**'],
    ignores: ['src/main/engines/**/*.test.ts'],
    rules: restrict([
      {
        group: ['electron', '**/core/*', '**/transport/*', '**/testing/*'],
        message: 'Engines import src/shared, src/main/support, src/main/diagnostics and themselves.'
      }
    ])
  },
  {
    // Tests of pure code may read their fixtures from disk; the code under test stays pure.
    files: ['src/main/diagnostics/**/*.test.ts'],
    rules: restrict([
      {
        group: ['pg', 'ioredis', 'mongodb', 'electron', '../../engines/*', '../engines/*'],
        message: 'Diagnostics tests use fixtures, not drivers.'
      }
    ])
  }
)
