import { CfnOutput, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTE_LIST } from '../../functions/api-routes';
import type { ApiFunctionName } from '../../functions/catalog';
import { ROLES, TOKEN_CLAIMS } from '../../functions/shared/auth';

/** The API's own (regional) domain and its ACM certificate in the stack's region. */
export interface ApiDomain {
  domainName: string;
  certificateArn: string;
}

export interface ApiProps {
  functions: Record<ApiFunctionName, lambda.IFunction>;
  key: kms.IKey;
  logRetention: logs.RetentionDays;
  /** Puts a citizen's ID-number hash into their tokens (functions/pre-token-generation.ts). */
  preTokenGeneration: lambda.IFunction;
  /**
   * With it the default execute-api endpoint is switched off and CloudFront reaches the API
   * only by this name; without it, execute-api stays on (docs/security.md, "Only CloudFront").
   */
  domain?: ApiDomain;
}

/**
 * The HTTP API of functions/api-routes.ts behind a Cognito user pool. The gateway's JWT
 * authorizer proves a token genuine (an ID token of this pool's client); the handlers read the
 * role from `cognito:groups` and the clerk's region / hospital's code from the custom
 * attributes and decide what the caller may do (functions/shared/auth.ts, DESIGN §7).
 */
export class ApiConstruct extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly httpApi: apigwv2.HttpApi;
  readonly accessLogs: logs.LogGroup;
  /** The host CloudFront sends API requests to: the custom domain, or the execute-api host. */
  readonly originDomainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const customAttribute = (claim: string) => claim.replace(/^custom:/, '');

    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.NONE,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        [customAttribute(TOKEN_CLAIMS.region)]: new cognito.StringAttribute({
          minLen: 6,
          maxLen: 6,
          mutable: true,
        }),
        [customAttribute(TOKEN_CLAIMS.hospital)]: new cognito.StringAttribute({
          minLen: 1,
          maxLen: 32,
          mutable: true,
        }),
        // A citizen's identity, `sha256:` + 64 hex digits, set once when the citizen is registered
        // (the pre token generation trigger copies it into the tokens); never changes afterwards.
        [customAttribute(TOKEN_CLAIMS.idNumberHash)]: new cognito.StringAttribute({
          minLen: 71,
          maxLen: 71,
          mutable: false,
        }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // V2_0: the trigger may set claims of the access token as well as the ID token (Plus plan).
    this.userPool.addTrigger(
      cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      props.preTokenGeneration,
      cognito.LambdaVersion.V2_0,
    );
    for (const role of ROLES) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `crossclaim ${role}s`,
      });
    }
    this.client = this.userPool.addClient('Web', {
      authFlows: { userSrp: true },
      // The pages are a public client: no secret in them. They sign in at the pool's hosted
      // sign-in with the authorization-code flow (PKCE from oidc-client-ts); never implicit.
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE],
        // Replaced by the distribution's address once it exists (crossclaim-stack.ts).
        callbackUrls: ['https://localhost/'],
        logoutUrls: ['https://localhost/'],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      // The handlers read the role and scope from the ID token; nobody may change their own. The
      // ID-number hash is not readable here either: only the trigger puts it in a token.
      readAttributes: new cognito.ClientAttributes().withCustomAttributes(
        customAttribute(TOKEN_CLAIMS.region),
        customAttribute(TOKEN_CLAIMS.hospital),
      ),
      writeAttributes: new cognito.ClientAttributes(),
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.httpApi = new apigwv2.HttpApi(this, 'Http', {
      description: 'crossclaim: citizens file and follow claims, clerks review, hospitals push e-bills',
      createDefaultStage: false,
      // Only with a domain of its own: the API must stay reachable by some name for CloudFront.
      disableExecuteApiEndpoint: props.domain !== undefined,
      defaultAuthorizer: new HttpUserPoolAuthorizer('Cognito', this.userPool, {
        userPoolClients: [this.client],
        identitySource: ['$request.header.Authorization'],
      }),
    });
    const stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 500, burstLimit: 1000 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    for (const route of API_ROUTE_LIST) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(
          `${route.functionName}Integration`,
          props.functions[route.functionName],
        ),
      });
    }

    if (props.domain) {
      const domainName = new apigwv2.DomainName(this, 'Domain', {
        domainName: props.domain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
        securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
      });
      new apigwv2.ApiMapping(this, 'Mapping', { api: this.httpApi, domainName, stage });
      this.originDomainName = props.domain.domainName;
      new CfnOutput(this, 'ApiDomainTarget', {
        value: domainName.regionalDomainName,
        description: `the DNS alias/CNAME target for ${props.domain.domainName} (CloudFront's API origin)`,
      });
    } else {
      // The API's host from its endpoint (https://<id>.execute-api.<region>.<suffix>).
      this.originDomainName = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
      new CfnOutput(this, 'ApiUrl', { value: stage.url });
    }
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.client.userPoolClientId });
  }
}
