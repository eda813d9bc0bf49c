// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const configOnlyThroughTheSchema = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Read configuration through the validated config (libs/platform/src/config).',
};
// "Now" comes from the injected Clock (ADR 147), so tests and the bench can fix it. A real-time
// reading (an elapsed duration, a cache lifetime, a token's expiry, a lease) says why, on an
// `eslint-disable-next-line no-restricted-syntax -- <reason>` line; durations may use performance.now().
const nowMessage =
  'Read "now" from the injected Clock (CLOCK from @crm/platform; domain code takes `now` as a parameter). For real time (a duration, a cache lifetime), disable this line with the reason.';
const nowFromTheClock = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: nowMessage },
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: nowMessage },
  { selector: "CallExpression[callee.name='Date']", message: nowMessage },
];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', '.stack/**', '.stack-faults/**', '.cache/**', 'coverage/**', 'bench/results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../../*'], message: 'Use a path alias (@crm/…, @apps/…) instead of climbing directories.' },
            { group: ['@crm/*/src/*'], message: 'Import a lib through its public index only.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', configOnlyThroughTheSchema, ...nowFromTheClock],
    },
  },
  {
    // The browser's console pages read the user's own clock; the services' clock is theirs.
    files: ['apps/console/web/**'],
    rules: { 'no-restricted-syntax': ['error', configOnlyThroughTheSchema] },
  },
  {
    // The purchase and survey requests' "not in the future" check is part of a static schema, so
    // that a bad date is named in the same 400 as every other bad field; it reads the real time
    // (with CLOCK_STARTS_AT in the future, a purchase dated after the real time is refused here).
    // The survey and purchase deciders check the date again against the service clock.
    files: ['apps/customers/src/customer/interface/customers.requests.ts'],
    rules: { 'no-restricted-syntax': ['error', configOnlyThroughTheSchema] },
  },
  {
    // The places allowed to read the environment and the real time: config loading, scripts, and
    // test set-up.
    files: ['libs/platform/src/config/load-config.ts', 'libs/testing/**', 'scripts/**', 'test/**', 'apps/*/test/**', '**/*.spec.ts', 'bench/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly', URL: 'readonly', TextEncoder: 'readonly', setTimeout: 'readonly', fetch: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
