// Lint rules, including the layering rules that keep the design honest:
// renderer/ and shared/ never import electron/, the Electron-free backend
// never imports Electron, and eslint-rules/layering.js (features through
// their face, lower layers never importing upper ones).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layering from './eslint-rules/layering.js';

const noElectronDir = {
  patterns: [{ group: ['**/electron/**', '../electron/*', '../../electron/*'], message: 'renderer/ and shared/ must not import the main process (electron/). Put shared code in shared/.' }],
  paths: [{ name: 'electron', message: 'Only electron/app may import Electron.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-results/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', URL: 'readonly', NodeJS: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    plugins: { spindle: { rules: { layering } } },
    rules: { 'spindle/layering': 'error' },
  },
  {
    files: ['renderer/**', 'shared/**'],
    rules: { 'no-restricted-imports': ['error', noElectronDir] },
  },
  {
    files: ['electron/backend/**', 'electron/web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The backend is Electron-free: it runs in tests, the CLI and browser mode. Only electron/app may import Electron.' }],
          patterns: [{ group: ['**/electron/app/**', '../app/*', '../../app/*'], message: 'The backend must not depend on the Electron app layer.' }],
        },
      ],
    },
  },
);
