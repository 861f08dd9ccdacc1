// ESLint for the whole workspace: JavaScript's and typescript-eslint's recommended rules, Vue's for the console.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**', 'services/console/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      // The compiler checks names (with the DOM and Node types); ESLint's own check does not know them.
      'no-undef': 'off',
      // A leading underscore says "left out on purpose" (a field dropped by destructuring, an unused parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  // Screens are routes, never tags in a template: one word names them.
  {
    files: ['services/console/src/views/*.vue', 'services/console/src/components/Chart.vue'],
    rules: { 'vue/multi-word-component-names': 'off' },
  },
  // Tests read JSON answers of any shape.
  { files: ['**/test/**', '**/*.test.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
