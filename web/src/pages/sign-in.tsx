import { useAuth } from 'react-oidc-context';
import { useI18n } from '../i18n-context';

/**
 * Signed out: the pages send people to the OpenID provider's own sign-in page (the local
 * provider's, or Cognito's hosted one) and back with a code; nothing here takes a password.
 */
export function SignInPage({ returnTo }: { returnTo: string }) {
  const { t } = useI18n();
  const auth = useAuth();
  return (
    <section className="card narrow">
      <h1>{t('signInTitle')}</h1>
      <p>{t('signInNote')}</p>
      {auth.error && (
        <p role="alert" className="error">
          {auth.error.message}
        </p>
      )}
      <button type="button" onClick={() => void auth.signinRedirect({ state: returnTo })}>
        {t('signInSubmit')}
      </button>
    </section>
  );
}

/** A page that needs a signed-in user, opened signed out: straight to the provider. */
export function RedirectToSignIn({ returnTo }: { returnTo: string }) {
  const { t } = useI18n();
  const auth = useAuth();
  if (!auth.isLoading && !auth.activeNavigator && !auth.error) void auth.signinRedirect({ state: returnTo });
  return (
    <p role="status" data-testid="redirecting">
      {t('signInRedirecting')}
    </p>
  );
}
