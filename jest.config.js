// Jest 30 runs the Nest 12 ESM packages natively: NODE_OPTIONS=--experimental-vm-modules (see package.json).
// TEST_DB=pglite | postgres picks the database every test file talks to (test/support/test-db.ts).
//
// On Node 20, Jest cannot require() an ES module from a CommonJS one (Node itself can). One such
// pair is in our tree: @fastify/static (CJS, serves the Swagger UI) requires content-disposition 3 (ESM).
// That one file is compiled to CommonJS for the tests; production code runs the packages as published.
const ESM_REQUIRED_FROM_CJS = ['content-disposition'];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    [`node_modules/(${ESM_REQUIRED_FROM_CJS.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { useESM: false, tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_REQUIRED_FROM_CJS.join('|')})/)`],
  testTimeout: 60000,
  maxWorkers: 2,
};
