import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const electron = { group: ['electron', 'electron/*'], message: 'Only src/main and src/preload may import Electron; backend services must run in plain Node.' }
const node = {
  group: ['node:*', ...builtinModules.filter((name) => !name.startsWith('_'))],
  message: 'src/shared runs in every process, the sandboxed renderer included: no Node modules here.'
}

/** Which folder may import which, checked on the file an import resolves to (so `../../backend/x` is caught however it is spelled). */
const zone = (target, from, message, except) => ({ target: `./src/${target}`, from: `./src/${from}`, message, ...(except && { except }) })
const layers = [
  zone('renderer', 'backend', 'The renderer is sandboxed: reach the backend through window.exaone (bridge.ts), not by importing it.'),
  zone('renderer', 'main', 'The renderer is sandboxed: it cannot run Electron main-process code.'),
  zone('shared', 'backend', 'src/shared runs in every process: it may not import the backend.'),
  zone('shared', 'main', 'src/shared runs in every process: it may not import Electron main-process code.'),
  zone('backend', 'main', 'The backend runs in plain Node (CLI, harness, tests): it may not import src/main; main adapts it to Electron.'),
  zone('preload', '.', 'The preload is sandboxed and bundled on its own: it may import only electron and src/shared.', ['./shared', './preload'])
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.scratch*/**', '**/*.tmp.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }]
    }
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      // Imports name .ts and .tsx files without an extension, as TypeScript's bundler resolution allows.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json', '.node'] })]
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layers }]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [electron, { ...node, message: 'The renderer is sandboxed: reach the backend through bridge.ts.' }] }]
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, node] }] }
  },
  {
    files: ['src/backend/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron] }] }
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!electron$|\\.)', message: 'The preload is sandboxed and bundled on its own: it may import only electron and src/shared.' }] }
      ]
    }
  }
)
