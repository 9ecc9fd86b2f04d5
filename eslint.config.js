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
  { files: ['sidebar/**'], languageOptions: { globals: globals.browser } },
  { ignores: ['sidebar/**'], languageOptions: { globals: globals.node } },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
  prettier,
]);
