import { App } from 'aws-cdk-lib';
import { CrossclaimStack } from './crossclaim-stack';
import { addComplianceChecks } from './nag';
import { VisitSourceKindSchema } from '../adapters/visits/visit-source';

/**
 * The CDK app: `npm run synth` (offline: no lookups, no account needed) and `npm run deploy`.
 * Settings come from context (`-c key=value` or cdk.json): hospitalApiUrl, bankApiUrl,
 * visitSource (home-region | hospitals: where GET /my/visits finds a citizen's visits),
 * hospitalAccounts (comma separated `<hospital code>=<account id>`), alarmEmail, stackName, and for the web pages webDomainName
 * with webCertificateArn (ACM, us-east-1) and webAclArn (WAFv2, CLOUDFRONT scope), and for the API
 * apiDomainName with apiCertificateArn (ACM, the stack's region). The account and region are
 * the CLI's (profile / environment), not fixed here: the template is environment-agnostic.
 */
const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The pages' domain needs both its name and its certificate; one alone is a mistake. */
function webDomain(domainName: string | undefined, certificateArn: string | undefined) {
  if (!domainName && !certificateArn) return {};
  if (!domainName || !certificateArn) throw new Error('set webDomainName and webCertificateArn together');
  return { webDomain: { domainName, certificateArn } };
}

/** The API's domain needs both its name and its (regional) certificate, like the pages'. */
function apiDomain(domainName: string | undefined, certificateArn: string | undefined) {
  if (!domainName && !certificateArn) return {};
  if (!domainName || !certificateArn) throw new Error('set apiDomainName and apiCertificateArn together');
  return { apiDomain: { domainName, certificateArn } };
}

/** `H33060200001=111122223333,…`: each hospital publishes from its own account, as itself only. */
function hospitalAccounts(value: string | undefined): { hospitalCode: string; accountId: string }[] {
  return (value ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const [hospitalCode = '', accountId = ''] = pair.split('=');
      if (!/^H\d{11}$/.test(hospitalCode) || !/^\d{12}$/.test(accountId))
        throw new Error(`hospitalAccounts: "${pair}" is not <hospital code>=<12-digit account id>`);
      return { hospitalCode, accountId };
    });
}

/**
 * Every call should pass CloudFront and its web ACL (WAF): a deployment without one is refused
 * unless the operator says so on purpose (`-c acknowledgeNoWebAcl=true`, e.g. a first test deploy).
 */
if (!context('webAclArn') && context('acknowledgeNoWebAcl') !== 'true') {
  throw new Error(
    'no webAclArn: the pages and the API would be served without a web ACL. Pass -c webAclArn=<WAFv2 ' +
      'CLOUDFRONT ACL ARN>, or -c acknowledgeNoWebAcl=true to deploy without one on purpose.',
  );
}

/**
 * And only through CloudFront: the HTTP API's execute-api endpoint is switched off when the API
 * has a domain of its own, which needs a name and a certificate the operator owns. Without one a
 * deployment is refused unless acknowledged (`-c acknowledgeExecuteApiEndpoint=true`): the
 * origin-verify header then still turns direct calls away (docs/security.md).
 */
if (!context('apiDomainName') && context('acknowledgeExecuteApiEndpoint') !== 'true') {
  throw new Error(
    'no apiDomainName: the API would stay reachable on its execute-api URL around the web ACL. Pass ' +
      '-c apiDomainName=<name> -c apiCertificateArn=<regional ACM ARN>, or -c acknowledgeExecuteApiEndpoint=true ' +
      'to keep execute-api on purpose.',
  );
}

const stack = new CrossclaimStack(app, context('stackName') ?? 'Crossclaim', {
  description: 'crossclaim: cross-province medical reimbursement (claims workflow, API, events)',
  hospitalApiUrl: context('hospitalApiUrl') ?? 'https://hospital-gateway.invalid',
  bankApiUrl: context('bankApiUrl') ?? 'https://bank-gateway.invalid',
  homeRegionApiUrl: context('homeRegionApiUrl') ?? 'https://home-region-gateway.invalid',
  visitSource: VisitSourceKindSchema.parse(context('visitSource') ?? 'home-region'),
  hospitalAccounts: hospitalAccounts(context('hospitalAccounts')),
  ...(context('alarmEmail') && { alarmEmail: context('alarmEmail') }),
  ...webDomain(context('webDomainName'), context('webCertificateArn')),
  ...(context('webAclArn') && { webAclArn: context('webAclArn') }),
  ...apiDomain(context('apiDomainName'), context('apiCertificateArn')),
});
addComplianceChecks(app, stack);

app.synth();
