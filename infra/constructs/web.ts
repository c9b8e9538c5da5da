import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ORIGIN_VERIFY_HEADER } from '../../adapters/origin-secret';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { WEB_CONTENT_SECURITY_POLICY } from '../../local/api/web-assets';
import { apiPathPatterns } from '../api-path-patterns';
import { webSource } from '../web-source';

/** A custom domain for the pages: its ACM certificate must be in us-east-1 (CloudFront's rule). */
export interface WebDomain {
  domainName: string;
  certificateArn: string;
}

export interface WebProps {
  /**
   * The host of the HTTP API the pages call, served under the same origin (its routes' paths):
   * the API's custom domain, or its execute-api host (ApiConstruct.originDomainName).
   */
  apiOriginDomainName: string;
  /** The stack's access-log bucket (SSE-S3, ACLs enabled): S3 and CloudFront standard logs. */
  accessLogs: s3.IBucket;
  domain?: WebDomain;
  /** A WAFv2 web ACL of scope CLOUDFRONT (created in us-east-1), by ARN. */
  webAclArn?: string;
  /** The value CloudFront adds to every API request (adapters/origin-secret.ts); the API refuses others. */
  originVerifySecret: secretsmanager.ISecret;
  /** Where the pages sign in: deployed as /auth-config.json (web/src/auth-config.ts). */
  signIn: WebSignIn;
}

export interface WebSignIn {
  /** The user pool's issuer, https://cognito-idp.<region>.amazonaws.com/<pool id>. */
  issuer: string;
  clientId: string;
  /** The hosted sign-in domain, https://<prefix>.auth.<region>.amazoncognito.com. */
  domainUrl: string;
}

/** The pages' CSP with the sign-in's origins allowed for fetch (discovery, token, keys). */
export function webContentSecurityPolicy(signIn: WebSignIn): string {
  const origin = (url: string) => url.replace(/^(https:\/\/[^/]+).*$/, '$1');
  return WEB_CONTENT_SECURITY_POLICY.replace(
    "connect-src 'self'",
    `connect-src 'self' ${origin(signIn.issuer)} ${signIn.domainUrl}`,
  );
}

/**
 * The web pages on AWS: web/dist (built by Vite at synth) in a private bucket that only this
 * distribution can read (origin access control), and the HTTP API as a second origin under the
 * same distribution, so the pages call the API same-origin exactly as they do locally. One
 * response-headers policy sends the CSP the local server sends, HSTS and the other security
 * headers on every answer, pages and API alike.
 */
export class WebConstruct extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly securityHeaders: cloudfront.ResponseHeadersPolicy;
  readonly deployments: s3deploy.BucketDeployment[];
  /** `https://` and the domain the pages are served at. */
  readonly url: string;
  /** Whether the pages have their own domain (and so TLS 1.2 at least; infra/nag.ts). */
  readonly hasCustomDomain: boolean;
  /** Whether a WAF web ACL protects the distribution (infra/nag.ts). */
  readonly hasWebAcl: boolean;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);

    // Built code and styles only, no personal data: SSE-S3 keeps CloudFront out of the data key.
    this.bucket = new s3.Bucket(this, 'Assets', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'web-assets/',
      // Every deploy overwrites index.html; old versions are only a rollback aid.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'crossclaim: the local server CSP, HSTS, nosniff, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: webContentSecurityPolicy(props.signIn),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    // The $default stage (or the custom domain's mapping) has no path prefix.
    const apiOrigin = new origins.HttpOrigin(props.apiOriginDomainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      // A dynamic reference ({{resolve:secretsmanager:…}}): the value is not in the template.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifySecret.secretValue.unsafeUnwrap() },
    });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      // No redirect: a POST redirected to https would lose its body; API clients use https.
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      // Every answer is per caller: never cached. With caching disabled the all-viewer origin
      // request policy forwards Authorization (the gateway's JWT authorizer needs it); the Host
      // header stays the API's own, or API Gateway would not know the request.
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.securityHeaders,
      compress: true,
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'crossclaim: web pages and HTTP API',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.securityHeaders,
        compress: true,
      },
      additionalBehaviors: Object.fromEntries(apiPathPatterns().map((pattern) => [pattern, apiBehavior])),
      // No error-page rewrites: the pages use hash routes, so the bucket is only ever asked for
      // /, /index.html and /assets/*; and a distribution-wide 403/404 → index.html would also
      // replace the API's own 403 and 404 answers with a page.
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // TLS 1.2 at least needs the custom domain's certificate: on the default *.cloudfront.net
      // certificate CloudFront fixes the security policy at TLSv1 (docs/deploy.md).
      ...(props.domain && {
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        sslSupportMethod: cloudfront.SSLMethod.SNI,
        domainNames: [props.domain.domainName],
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
      }),
      ...(props.webAclArn && { webAclId: props.webAclArn }),
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
    });

    // index.html is revalidated on every load (no-cache) so a deploy shows at once without an
    // invalidation; the hashed files under assets/ never change and are cached for a year. Old
    // hashed files are kept (no prune) so a page loaded before a deploy still finds its chunks.
    const source = webSource();
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [source],
      destinationBucket: this.bucket,
      exclude: ['index.html'],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    this.url = `https://${props.domain?.domainName ?? this.distribution.distributionDomainName}`;
    // Cognito's discovery document has no end_session_endpoint: its hosted logout is given here.
    const logoutUrl = `${props.signIn.domainUrl}/logout?client_id=${props.signIn.clientId}&logout_uri=${encodeURIComponent(`${this.url}/`)}`;
    const authConfig = s3deploy.Source.jsonData('auth-config.json', {
      authority: props.signIn.issuer,
      clientId: props.signIn.clientId,
      scope: 'openid profile',
      logoutUrl,
    });
    const pages = new s3deploy.BucketDeployment(this, 'DeployIndex', {
      sources: [source, authConfig],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['index.html', 'auth-config.json'],
      prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
    });
    // The new index.html names the new hashed files: they must be there first.
    pages.node.addDependency(assets);
    this.deployments = [assets, pages];

    this.hasCustomDomain = props.domain !== undefined;
    this.hasWebAcl = props.webAclArn !== undefined;
  }
}

/**
 * The one Lambda function behind every BucketDeployment of a stack: aws-cdk-lib makes it a
 * singleton at the stack's root (`Custom::CDKBucketDeployment<uuid>`), outside this construct.
 */
export function bucketDeploymentFunction(scope: IConstruct): IConstruct {
  const found = Stack.of(scope).node.children.find((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  if (!found) throw new Error('no BucketDeployment function in the stack');
  return found;
}
