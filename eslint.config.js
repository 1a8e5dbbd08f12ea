import tseslint from 'typescript-eslint';

// Lint that encodes the architecture: floating promises are errors (async socket handlers hide rejections),
// shared imports nothing from server or web, services import no transport.
export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'web/**', 'data/**', '.bench-dist/**', 'artifacts/**', '.tmp/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/test/**/*.ts', 'bench/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@ecc/server*', '@ecc/web*', '../../server/*', '../../web/*', 'express', 'socket.io', 'redis'] },
      ],
    },
  },
  {
    files: ['server/src/services/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['express', 'socket.io'] }] },
  },
);
