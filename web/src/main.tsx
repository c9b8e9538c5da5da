import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthProvider } from 'react-oidc-context';
import { App } from './app';
import { authProviderProps, loadAuthConfig } from './auth-config';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  loadAuthConfig().then(
    (config) =>
      createRoot(root).render(
        <StrictMode>
          <AuthProvider {...authProviderProps(config)}>
            <App />
          </AuthProvider>
        </StrictMode>,
      ),
    (error: unknown) => {
      root.textContent = `无法读取登录配置 / The sign-in configuration cannot be read: ${String(error)}`;
    },
  );
}
