import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../support/fixtures';
import { synthesizedStack, synthesizeWith } from './support';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const API_DOMAIN = {
  domainName: 'api.claims.example.cn',
  certificateArn: 'arn:aws:acm:cn-north-1:111122223333:certificate/fake-0000',
};

const resourcesOf = (template: { toJSON(): unknown }) =>
  (template.toJSON() as { Resources: Resources }).Resources;
const ofType = (resources: Resources, type: string) =>
  Object.values(resources).filter((r) => r.Type === type);
const apiOriginOf = (resources: Resources) => {
  const distribution = ofType(resources, 'AWS::CloudFront::Distribution')[0]!;
  const origins = (distribution.Properties.DistributionConfig as { Origins: Record<string, unknown>[] })
    .Origins;
  return origins.filter((o) => o.CustomOriginConfig !== undefined);
};

describe('infra: the API reachable only through CloudFront once it has a domain of its own', () => {
  it('with apiDomain: execute-api is switched off, the domain (TLS 1.2, the given certificate) maps the stage, CloudFront calls that name', () => {
    const resources = resourcesOf(synthesizeWith({ apiDomain: API_DOMAIN }).template);
    const [api] = ofType(resources, 'AWS::ApiGatewayV2::Api');
    expect(api!.Properties.DisableExecuteApiEndpoint).toBe(true);
    const [domain] = ofType(resources, 'AWS::ApiGatewayV2::DomainName');
    expect(domain!.Properties.DomainName).toBe(API_DOMAIN.domainName);
    expect(domain!.Properties.DomainNameConfigurations).toEqual([
      expect.objectContaining({
        CertificateArn: API_DOMAIN.certificateArn,
        SecurityPolicy: 'TLS_1_2',
        EndpointType: 'REGIONAL',
      }),
    ]);
    const [mapping] = ofType(resources, 'AWS::ApiGatewayV2::ApiMapping');
    expect(mapping!.Properties.Stage).toEqual(expect.anything());
    const origins = apiOriginOf(resources);
    expect(origins).toHaveLength(1);
    expect(origins[0]!.DomainName).toBe(API_DOMAIN.domainName);
  }, 120_000);

  it('without it: execute-api stays on (the origin-verify header is then the only gate) and CloudFront calls the execute-api host', () => {
    const resources = resourcesOf(synthesizedStack().template);
    const [api] = ofType(resources, 'AWS::ApiGatewayV2::Api');
    expect(api!.Properties.DisableExecuteApiEndpoint).toBe(false);
    expect(ofType(resources, 'AWS::ApiGatewayV2::DomainName')).toHaveLength(0);
    expect(JSON.stringify(apiOriginOf(resources)[0]!.DomainName)).toContain('ApiEndpoint');
  }, 120_000);

  const runApp = (context: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', repoPath('infra/app.ts')], {
      cwd: repoPath('.'),
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify(context),
        CDK_OUTDIR: '/nonexistent-crossclaim',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('the CDK app refuses a deployment with a web ACL but no API domain unless acknowledged, and a half-given domain', () => {
    const webAcl = { webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/x/0000' };
    const missing = runApp(webAcl);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('no apiDomainName');
    expect(missing.stderr).toContain('acknowledgeExecuteApiEndpoint=true');
    const half = runApp({ ...webAcl, apiDomainName: API_DOMAIN.domainName });
    expect(half.status).not.toBe(0);
    expect(half.stderr).toContain('set apiDomainName and apiCertificateArn together');
  }, 150_000);
});
