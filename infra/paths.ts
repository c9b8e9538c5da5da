import { fileURLToPath } from 'node:url';

/** The repository root: entries, policies/ and workflows/ are found from here, wherever cdk runs. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

/** The one state machine definition, deployed as it is (DESIGN §3). */
export const CLAIM_DEFINITION_FILE = `${REPO_ROOT}/workflows/claim.asl.json`;
