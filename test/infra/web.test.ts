import { App, Stack, type CfnResource, type CustomResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { API_ROUTE_LIST } from '../../functions/api-routes';
import { WEB_CONTENT_SECURITY_POLICY } from '../../local/api/web-assets';
import { apiPathPatterns } from '../../infra/api-path-patterns';
import { WebConstruct } from '../../infra/constructs/web';
import { arnOf, synthesizedStack } from './support';

const { stack, template } = synthesizedStack();
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);

interface CacheBehavior {
  PathPattern?: string;
  TargetOriginId: string;
  CachePolicyId: string;
  OriginRequestPolicyId?: string;
  ResponseHeadersPolicyId: unknown;
  ViewerProtocolPolicy: string;
  AllowedMethods: string[];
}
interface DistributionConfig {
  Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; S3OriginConfig?: unknown }[];
  DefaultCacheBehavior: CacheBehavior;
  CacheBehaviors: CacheBehavior[];
  DefaultRootObject: string;
  HttpVersion: string;
  Logging?: { Bucket: unknown; Prefix: string };
  ViewerCertificate?: { MinimumProtocolVersion: string; AcmCertificateArn: string };
  CustomErrorResponses?: unknown[];
}
const configOf = (t: Template): DistributionConfig => {
  const distributions = Object.values(t.findResources('AWS::CloudFront::Distribution'));
  expect(distributions).toHaveLength(1);
  return distributions[0]!.Properties.DistributionConfig as DistributionConfig;
};
const config = configOf(template);
const bucketId = logicalId(stack.web.bucket);
const headersPolicy = { Ref: logicalId(stack.web.securityHeaders) };

/** A route path with its parameters filled in, as a browser would ask for it. */
const concretePath = (path: string) => path.replace(/\{\w+\}/g, 'x1');
/** CloudFront path-pattern matching: `*` is any run of characters (including `/`). */
const matches = (pattern: string, path: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(path);

describe('infra: web pages bucket', () => {
  it('is private, encrypted, versioned, TLS-only and logs to the access-log bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(stack.data.accessLogs) },
        LogFilePrefix: 'web-assets/',
      },
    });
    expect(template.findResources('AWS::S3::Bucket')[bucketId]).toBeDefined();
  });

  it('is readable only by this distribution (OAC: cloudfront.amazonaws.com with its SourceArn), and only over TLS', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
    );
    expect(policies).toHaveLength(1);
    const statements = (policies[0]!.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [arnOf(bucketId), '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudfront::',
                  { Ref: 'AWS::AccountId' },
                  ':distribution/',
                  { Ref: logicalId(stack.web.distribution) },
                ],
              ],
            },
          },
        },
      },
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    // Nothing public: no ACL, no website hosting.
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId]!.Properties;
    expect(bucket.AccessControl).toBeUndefined();
    expect(bucket.WebsiteConfiguration).toBeUndefined();
  });

  it('gets the pages from two deployments: hashed assets cached for good, index.html revalidated, after them', () => {
    const deployments = template.findResources('Custom::CDKBucketDeployment');
    const byId = (deployment: IConstruct) =>
      deployments[logicalId(deployment.node.findChild('CustomResource') as CustomResource)]!;
    const [assets, index] = stack.web.deployments.map(byId);
    expect(assets!.Properties).toMatchObject({
      DestinationBucketName: { Ref: bucketId },
      Exclude: ['index.html'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(index!.Properties).toMatchObject({
      DestinationBucketName: { Ref: bucketId },
      Exclude: ['*'],
      Include: ['index.html', 'auth-config.json'],
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    expect(index!.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^WebDeployAssets/)]));
  });
});

describe('infra: web distribution', () => {
  const apiOrigin = config.Origins.find((o) => o.OriginAccessControlId === undefined)!;
  const s3Origin = config.Origins.find((o) => o.OriginAccessControlId !== undefined)!;

  it('serves the bucket through origin access control, index.html at /, HTTP/2 and 3, https only', () => {
    expect(config.Origins).toHaveLength(2);
    expect(s3Origin.DomainName).toEqual({ 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] });
    expect(config.DefaultCacheBehavior).toMatchObject({
      TargetOriginId: s3Origin.Id,
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
      ResponseHeadersPolicyId: headersPolicy,
    });
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.HttpVersion).toBe('http2and3');
    // Hash routes need no fallback, and a rewrite would turn the API's 403/404 into a page.
    expect(config.CustomErrorResponses).toBeUndefined();
  });

  it('sends every route of functions/api-routes.ts to the HTTP API, uncached, with the caller headers', () => {
    expect(apiOrigin.DomainName).toEqual({
      'Fn::Select': [
        2,
        { 'Fn::Split': ['/', { 'Fn::GetAtt': [logicalId(stack.api.httpApi), 'ApiEndpoint'] }] },
      ],
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            Id: apiOrigin.Id,
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ]),
      }),
    });
    expect(config.CacheBehaviors.map((b) => b.PathPattern).sort()).toEqual(apiPathPatterns());
    for (const behavior of config.CacheBehaviors) {
      expect(behavior, behavior.PathPattern).toMatchObject({
        TargetOriginId: apiOrigin.Id,
        CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId:
          cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        ResponseHeadersPolicyId: headersPolicy,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'POST', 'DELETE']) as unknown,
      });
    }
    for (const route of API_ROUTE_LIST) {
      const path = concretePath(route.path);
      expect(
        config.CacheBehaviors.some((b) => matches(b.PathPattern!, path)),
        `${route.method} ${route.path} reaches the API`,
      ).toBe(true);
    }
    // The pages' own files stay on the bucket.
    for (const page of ['/', '/index.html', '/assets/index-abc123.js']) {
      expect(
        config.CacheBehaviors.some((b) => matches(b.PathPattern!, page)),
        page,
      ).toBe(false);
    }
  });

  it('sends the local server CSP, HSTS, nosniff, DENY framing and no referrer', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.anyValue(), Override: true },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63_072_000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        },
      }),
    });
  });

  it('logs every request to the access-log bucket', () => {
    expect(config.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [logicalId(stack.data.accessLogs), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });

  it('outputs the site URL', () => {
    template.hasOutput('WebUrl', {
      Value: {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.web.distribution), 'DomainName'] }]],
      },
    });
  });

  it('on the default *.cloudfront.net certificate sets no TLS policy (CloudFront fixes it; infra/nag.ts)', () => {
    expect(config.ViewerCertificate).toBeUndefined();
  });
});

describe('infra: sign-in on the hosted pages (Cognito hosted UI, code flow)', () => {
  const client = () => Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0]!.Properties;

  it('has a hosted sign-in domain on the user pool, and says where in the outputs', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    expect(Object.keys(template.findOutputs('SignInUrl'))).toHaveLength(1);
  });

  it('gives the pages an app client with the code flow only: no implicit flow, no client credentials, no secret', () => {
    const props = client();
    expect(props.AllowedOAuthFlows).toEqual(['code']);
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(props.GenerateSecret).toBe(false);
    expect(props.AllowedOAuthScopes).toEqual(['openid', 'profile']);
    expect(props.SupportedIdentityProviders).toEqual(['COGNITO']);
  });

  it('calls back to and logs out to the CloudFront distribution, nowhere else', () => {
    const props = client();
    const distribution = Object.keys(template.findResources('AWS::CloudFront::Distribution'))[0]!;
    for (const urls of [props.CallbackURLs, props.LogoutURLs]) {
      expect(urls).toHaveLength(1);
      expect(JSON.stringify(urls)).toContain(`"${distribution}","DomainName"`);
      expect(JSON.stringify(urls)).not.toContain('localhost');
    }
  });

  it('lets the pages fetch from the pool (discovery, keys) and its sign-in domain, besides their own origin', () => {
    const policy = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
    const csp = JSON.stringify(
      policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy,
    );
    expect(csp).toContain("connect-src 'self' https://cognito-idp.");
    expect(csp).toContain('.amazoncognito.com');
    expect(csp).toContain(WEB_CONTENT_SECURITY_POLICY.split('; connect-src')[0]);
  });
});

describe('infra: web distribution with its own domain', () => {
  // The construct alone in a small stack: quicker than a second synth of the whole app.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const small = new Stack(app, 'WebOnly');
  const certificateArn =
    'arn:aws:acm:us-east-1:111122223333:certificate/00000000-0000-0000-0000-000000000000';
  const webAclArn = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/crossclaim/00000000';
  const web = new WebConstruct(small, 'Web', {
    apiOriginDomainName: 'api.claims.example.cn',
    originVerifySecret: new secretsmanager.Secret(small, 'OriginVerify'),
    accessLogs: new s3.Bucket(small, 'Logs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }),
    domain: { domainName: 'claims.example.cn', certificateArn },
    webAclArn,
    signIn: {
      issuer: 'https://cognito-idp.cn-north-1.amazonaws.com/cn-north-1_Example',
      clientId: 'client0example',
      domainUrl: 'https://crossclaim-test.auth.cn-north-1.amazoncognito.com',
    },
  });
  const withDomain = configOf(Template.fromStack(small));

  it('serves TLS 1.2 at least (TLSv1.2_2021, SNI) with the certificate, behind the web ACL', () => {
    expect(withDomain.ViewerCertificate).toEqual({
      AcmCertificateArn: certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect((withDomain as unknown as { Aliases: string[] }).Aliases).toEqual(['claims.example.cn']);
    expect((withDomain as unknown as { WebACLId: string }).WebACLId).toBe(webAclArn);
    expect(web.url).toBe('https://claims.example.cn');
  });
});

describe('infra: api path patterns', () => {
  it('routes by the first segment: exact for one-segment routes, a wildcard below', () => {
    expect(apiPathPatterns([{ path: '/a' }, { path: '/a/{id}' }, { path: '/b/{x}/c' }])).toEqual([
      '/a',
      '/a/*',
      '/b/*',
    ]);
    expect(() => apiPathPatterns([{ path: '/{id}' }])).toThrow(/no fixed first segment/);
  });
});
