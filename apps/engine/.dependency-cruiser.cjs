/**
 * The engine's borders, checked by src/borders.spec.ts (so in `npm test`) and
 * by `npx depcruise --config .dependency-cruiser.cjs src` from apps/engine.
 *
 * - No cycle between the folders of src/: each folder may import only
 *   folders "below" it.
 * - A domain folder sees another domain only through its public files: the
 *   Nest module, the exported service or repository, its public types
 *   (*.types.ts), its typed errors (*.errors.ts) and the ports it declares
 *   (*.ports.ts) and the shapes of its API (*.dto.ts). Schemas, workers,
 *   controllers and helpers stay inside.
 *   The shared kernel (api/, config/, database/, clock/, net/) is open to
 *   everyone; it imports no domain.
 */
const SRC = '^src/';
const SHARED = `${SRC}(api|config|database|clock|net)/`;
const PUBLIC = '[.](module|service|repository|types|errors|ports|dto)[.]ts$';
// decorators every controller uses, and the queue names and job options every producer uses
const PUBLIC_FILES = `${SRC}(auth/(identity|rate-limits)|effects/queues)[.]ts$`;

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'folders of src/ form no import cycle: move the shared type down, or let the lower folder declare a port',
      scope: 'folder',
      from: { path: `${SRC}[^/]+` },
      to: { circular: true },
    },
    {
      name: 'no-domain-internals',
      severity: 'error',
      comment: "import another domain only through its module, service, repository, *.types.ts, *.errors.ts, *.ports.ts or *.dto.ts",
      from: { path: `${SRC}([^/]+)/` },
      to: {
        path: `${SRC}[^/]+/`,
        pathNot: [`${SRC}$1/`, SHARED, PUBLIC, PUBLIC_FILES],
      },
    },
  ],
  options: {
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '[.]spec[.]ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    metrics: true,
  },
};
