/** Layer rules of STYLE.md: the domain knows no framework; libs never depend on apps. */

/** Files whose path matches `from` must not import those whose path matches `to` (regexps). */
const mayNotImport = (name, from, to, comment) => ({
  name,
  ...(comment === undefined ? {} : { comment }),
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    mayNotImport(
      'domain-is-pure',
      '/domain/',
      'node_modules/(@nestjs|mongoose|mongodb|kafkajs|bullmq|ioredis|express)',
      'domain/ holds decide/evolve, events and errors: no Nest, mongoose, kafkajs, bullmq or ioredis.',
    ),
    mayNotImport(
      'domain-does-not-reach-out',
      '/domain/',
      '/(application|infrastructure|interface)/',
    ),
    mayNotImport('application-does-not-know-the-edge', '/application/', '/interface/'),
    mayNotImport('libs-do-not-depend-on-apps', '^libs/', '^apps/'),
    {
      name: 'apps-are-independent',
      comment: 'Services share code only through libs/.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
