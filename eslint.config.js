// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import local from './eslint-rules/import-boundaries.js';

export default defineConfig([
  globalIgnores(['dist/', 'coverage/', 'tmp/', 'data/', 'test-results/', 'docs/screenshots/', 'native/**/*.c']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  vue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { local },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // A leading underscore marks a parameter or binding kept for its position or to omit it from a rest.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'local/import-boundaries': 'error',
      // Prettier lays out attributes; this layout rule is not among those eslint-config-prettier turns off.
      'vue/first-attribute-linebreak': 'off',
    },
  },
  {
    files: ['**/*.vue'],
    // Outside vue-tsc, types exported by other .vue files resolve only through the `*.vue` shim,
    // so type-aware rules would see them as unresolved.
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, sourceType: 'module' },
    },
  },
  {
    files: ['**/*.vue', '**/*.ts'],
    // TypeScript reports undefined names itself, knowing the types this rule cannot see.
    rules: { 'no-undef': 'off' },
  },
  {
    // Tests and benchmarks read raw rows straight from the database and poke at results;
    // typing each probe would add noise, not safety. Product code keeps every rule.
    files: ['**/*.test.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      'no-useless-assignment': 'off',
    },
  },
  { files: ['sidebar/**'], languageOptions: { globals: globals.browser } },
  {
    files: ['sidebar/**/*.ts', 'sidebar/**/*.vue'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // A dynamic import hands the page zod's whole namespace object, every locale included
          // (≈300 KB more in the contracts chunk); the contracts import zod statically and shake.
          selector: 'ImportExpression[source.value=/^zod/]',
          message: "import('zod') bundles all of zod's locales: take the schema from a contract in @shared/api instead.",
        },
      ],
    },
  },
  { ignores: ['sidebar/**'], languageOptions: { globals: globals.node } },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
  prettier,
]);
