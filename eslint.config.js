// ESLint flat config: typescript-eslint `recommended` + `recommendedTypeChecked` (type-aware through the
// TypeScript project service: tsconfig.json for src/, scripts/, bench/, test/; admin/tsconfig.json for the dashboard),
// then eslint-config-prettier last, so that formatting is Prettier's alone (`npm run format:check`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // generated code: the Prisma client (npm postinstall) and the dashboard's API types (npm run openapi:types)
    ignores: ['src/generated/**', 'admin/src/api-types.ts', 'dist/**', 'coverage/**', 'test-artifacts/**', '.data/**', 'node_modules/**'],
  },
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'admin/src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // a leading underscore marks a binding left unused on purpose (a parameter an interface imposes, a field destructured away)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // supertest's `res.body` is `any`; every body the e2e tests read is checked against the OpenAPI document (test/support/contract.ts)
    files: ['test/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['admin/src/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    // plain JavaScript (scripts/prisma-generate.mjs, this file): no type information
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
