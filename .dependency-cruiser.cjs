/** Layer rules of STYLE.md: the domain knows no framework; libs never depend on apps. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds decide/evolve, events and errors: no Nest, mongoose, kafkajs, bullmq or ioredis.',
      severity: 'error',
      from: { path: '/domain/' },
      to: { path: 'node_modules/(@nestjs|mongoose|mongodb|kafkajs|bullmq|ioredis|express)' },
    },
    {
      name: 'domain-does-not-reach-out',
      severity: 'error',
      from: { path: '/domain/' },
      to: { path: '/(application|infrastructure|interface)/' },
    },
    {
      name: 'application-does-not-know-the-edge',
      severity: 'error',
      from: { path: '/application/' },
      to: { path: '/interface/' },
    },
    {
      name: 'libs-do-not-depend-on-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
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
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
