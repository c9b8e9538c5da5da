import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/** The Vite config `npm run build:web` uses; the deployed pages are built with the same one. */
export const WEB_VITE_CONFIG = 'web/vite.config.ts';

/**
 * The web pages as a deployment source, built by Vite at synth into the asset's own folder (not
 * web/dist), so `npx cdk synth` on a fresh clone needs no prior `npm run build:web` and never
 * deploys a stale local build. Local bundling only: no Docker here. The hash is the output's (the
 * pages import nothing outside web/, but the output is what matters). When bundling is skipped
 * (tests: aws:cdk:bundling-stacks []), CDK stages nothing and hashes the construct's path instead.
 */
export function webSource(): s3deploy.ISource {
  return s3deploy.Source.asset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling below always succeeds or throws. CDK requires an image.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
      // Distinguishes this bundle from the handlers' in CDK's bundle cache (keyed by options).
      environment: { CROSSCLAIM_WEB_BUILD: WEB_VITE_CONFIG },
      local: {
        tryBundle(outputDir: string): boolean {
          // The Node running the synth (the project's pinned Node 22) and the project's own Vite.
          execFileSync(
            process.execPath,
            [
              join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
              'build',
              '--config',
              WEB_VITE_CONFIG,
              '--outDir',
              outputDir,
              '--emptyOutDir',
            ],
            { cwd: REPO_ROOT, stdio: 'inherit' },
          );
          return true;
        },
      },
    },
  });
}
