import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../support/fixtures';

describe('infra: a deployment without a web ACL is refused unless acknowledged', () => {
  it('stops the CDK app before synthesizing anything when no webAclArn is given', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', repoPath('infra/app.ts')], {
      cwd: repoPath('.'),
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({}), CDK_OUTDIR: '/nonexistent-crossclaim' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('no webAclArn');
    expect(run.stderr).toContain('acknowledgeNoWebAcl=true');
  }, 90_000);
});
