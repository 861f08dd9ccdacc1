/**
 * The workspace's dependency rules, checked by `.ci/run`: no cycles between modules, and SQL drivers only in the
 * storage packages (the read side never knows where the events live), in the bench's raw baselines and in tests.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'sql-only-in-storage',
      severity: 'error',
      comment: 'Only the storage adapters (and the bench baselines and tests) talk to a database driver.',
      from: {
        pathNot: [
          '^packages/(event-store|read-models)-(sqlite|postgres|kurrentdb)/',
          '^bench/',
          '^packages/testing/',
          '(^|/)test/',
        ],
      },
      to: { path: '(^|node_modules/)(pg|postgres|better-sqlite3|@kurrent/kurrentdb-client)($|/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
