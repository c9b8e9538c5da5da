import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/**
 * Two esbuild plugins that keep zod from weighing 440 KB in every handler bundle
 * (bench/README.md, "Lambda bundle sizes"). Both change what gets bundled, never what the code does.
 */

/**
 * zod's `locales` namespace (every language's error messages, ~264 KB minified) is re-exported by
 * `zod/v4/classic/external.js` and `zod/v4/core/index.js`; esbuild keeps the whole namespace as
 * soon as `z.core` or the `z` namespace object is used. crossclaim writes its own messages and
 * uses zod's English ones otherwise (zod registers `en` itself, from `locales/en.js`), so zod's
 * import of its locale index resolves to a module carrying `en` only. `z.locales.en` still works;
 * any other locale is undefined, and `z.config(z.locales.xx())` would fail loudly, not silently.
 */
export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: args.importer, namespace: 'zod-english-only', pluginData: args.resolveDir }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: 'export { default as en } from "../locales/en.js";',
      resolveDir: args.pluginData as string,
      loader: 'js',
    }));
  },
};

/** `import { z } from 'zod';` on a line of its own, as the project writes it. */
const NAMED_Z_IMPORT = /^import \{ z \} from 'zod';$/m;
const CORE_TO_DOT_PATH = /\bz\.core\.toDotPath\b/g;

/**
 * `import { z } from 'zod'` binds zod's namespace through a re-export, which esbuild cannot tree
 * shake: every schema type, JSON Schema converter and the compiler (~90 KB) come along. The same
 * namespace imported as `import * as z from 'zod'` is shaken to what the module uses, and
 * `z.core.toDotPath` (a second namespace level, which also defeats shaking) is the same function
 * as `toDotPath` from `zod/v4/core`. This rewrites those two forms in the project's own files
 * while bundling; the binding is the same object's members, so behaviour does not change.
 * Making the same edit in the sources would make this plugin a no-op (and it can then go).
 */
export const zodNamespaceImports: Plugin = {
  name: 'zod-namespace-imports',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!NAMED_Z_IMPORT.test(source)) return undefined;
      return {
        contents: source
          .replace(
            NAMED_Z_IMPORT,
            "import * as z from 'zod'; import { toDotPath as __zodToDotPath } from 'zod/v4/core';",
          )
          .replace(CORE_TO_DOT_PATH, '__zodToDotPath'),
        loader: 'ts',
      };
    });
  },
};
