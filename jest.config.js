/**
 * Tests by suffix (STYLE.md 9): *.unit.spec.ts are pure; *.int.spec.ts and *.e2e.spec.ts run
 * against real Kafka, MongoDB/FerretDB and Redis (KAFKA_BROKERS, MONGODB_URI, REDIS_URL).
 */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

/**
 * openid-client (the console's OIDC sign-in) and what it imports are ES modules only; Node runs
 * them from CommonJS (require of ES modules), jest needs them compiled like our own code.
 */
const ESM_ONLY = ['openid-client', 'oauth4webapi', 'jose'];
transform[`node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`] = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];

const moduleNameMapper = {
  '^@crm/calendar$': '<rootDir>/libs/calendar/src/index.ts',
  '^@crm/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@crm/event-store$': '<rootDir>/libs/event-store/src/index.ts',
  '^@crm/jobs$': '<rootDir>/libs/jobs/src/index.ts',
  '^@crm/messaging$': '<rootDir>/libs/messaging/src/index.ts',
  '^@crm/platform$': '<rootDir>/libs/platform/src/index.ts',
  '^@crm/projections$': '<rootDir>/libs/projections/src/index.ts',
  '^@crm/testing$': '<rootDir>/libs/testing/src/index.ts',
  '^@apps/(.*)$': '<rootDir>/apps/$1',
};

const project = (displayName, suffix, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/{apps,libs,test}/**/*.${suffix}.spec.ts`],
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  ...extra,
});

const withServices = {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 60_000,
};

module.exports = {
  testTimeout: 60_000,
  projects: [
    project('unit', 'unit'),
    project('integration', 'int', withServices),
    project('e2e', 'e2e', withServices),
  ],
};
