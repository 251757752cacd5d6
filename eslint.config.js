// ESLint: TypeScript rules plus the layer rules of ARCHITECTURE.md, so an upward import or a
// cycle fails `npm run lint` (and so `npm test` and CI) instead of slipping in silently.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// Who may not import whom. `target` files may not import anything under `from`.
// cli -> (ui, output, batch) -> (core, store, config, data); the emulator stands alone.
const layers = [
  { target: './src/!(cli)/**', from: './src/cli', message: 'nothing imports from src/cli' },
  // The launcher (src/bin.ts) is the one file that loads the entry point.
  { target: './src/!(main.ts|bin.ts)', from: './src/main.ts', message: 'nothing imports the entry point' },
  {
    target: './src/emulator',
    from: './src/!(emulator)/**',
    message: 'the emulator imports nothing from the rest of src',
  },
  { target: './src/!(cli|emulator)/**', from: './src/emulator', message: 'only the cli starts the emulator' },
  { target: './src/ui', from: './src/batch', message: 'ui does not import batch' },
  { target: './src/output', from: ['./src/ui', './src/batch'], message: 'output does not import ui or batch' },
  { target: './src/batch', from: './src/ui', message: 'batch does not import ui' },
  {
    target: ['./src/core', './src/store', './src/config', './src/data'],
    from: ['./src/ui', './src/output', './src/batch'],
    message: 'core, store, config and data are below ui, output and batch',
  },
  {
    target: './src/core',
    from: ['./src/store', './src/config', './src/data'],
    message: 'core imports nothing of store, config or data',
  },
  { target: './src/config', from: ['./src/data', './src/store'], message: 'config does not import data or store' },
  { target: './src/data', from: ['./src/config', './src/store'], message: 'data does not import config or store' },
  { target: './src/store', from: ['./src/config', './src/data'], message: 'store does not import config or data' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // The cycle rule parses the imported files too; it needs to know they are TypeScript.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layers }],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      'no-control-regex': 'off',
      // A variable read by closures before its one assignment cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true }],
      // Initial values read in finally or after a loop are flagged wrongly.
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly',
      },
    },
  },
  {
    // bin/rpv.cjs: CommonJS, so node starts it without its ES module loader.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
