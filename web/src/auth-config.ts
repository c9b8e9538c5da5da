import type { AuthProviderProps } from 'react-oidc-context';

/**
 * Which OpenID provider the pages sign in with, read at start from /auth-config.json beside
 * index.html: the local runtime's API server answers it with its own provider (/oidc); on AWS the
 * CDK app deploys it with the Cognito user pool, its app client and the hosted sign-in domain.
 * The same build serves both.
 */
export interface AuthConfig {
  /** The issuer, whose /.well-known/openid-configuration the client reads. */
  authority: string;
  clientId: string;
  scope: string;
  /** Cognito's hosted logout (it has no end_session_endpoint in its discovery document). */
  logoutUrl?: string;
}

export async function loadAuthConfig(): Promise<AuthConfig> {
  const response = await fetch('/auth-config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`auth-config.json: ${response.status}`);
  return (await response.json()) as AuthConfig;
}

export function authProviderProps(config: AuthConfig): AuthProviderProps {
  const home = `${window.location.origin}/`;
  return {
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: home,
    post_logout_redirect_uri: home,
    response_type: 'code',
    scope: config.scope,
    // The code, state and PKCE verifier never outlive the tab.
    ...(config.logoutUrl && {
      metadataSeed: {
        end_session_endpoint: config.logoutUrl,
      },
    }),
    onSigninCallback: (user) => {
      // Back from the provider: drop ?code=&state= from the address, return to the page asked for.
      const hash = typeof user?.state === 'string' && user.state.startsWith('#/') ? user.state : '#/';
      window.history.replaceState({}, document.title, `/${hash}`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    },
  };
}
