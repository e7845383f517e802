import { builtinModules } from 'node:module'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const electron = { group: ['electron', 'electron/*'], message: 'Only src/main and src/preload may import Electron; backend services must run in plain Node.' }
const node = {
  group: ['node:*', ...builtinModules.filter((name) => !name.startsWith('_'))],
  message: 'src/shared runs in every process, the sandboxed renderer included: no Node modules here.'
}

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
  }
)
